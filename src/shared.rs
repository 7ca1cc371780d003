//! A result many callers can await: one request, any number of waiters, each of which gets
//! its own copy of the answer. Used to coalesce concurrent logins with one token and concurrent
//! `getUser` calls for one uid.

use crate::error::{code, Error, Result};
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

pub struct Shared<T> {
    slot: Rc<RefCell<Option<Result<T>>>>,
    /// Settles when `slot` is filled; JS promises can be awaited any number of times.
    done: js_sys::Promise,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared { slot: self.slot.clone(), done: self.done.clone() }
    }
}

impl<T: Clone + 'static> Shared<T> {
    pub fn spawn(work: impl Future<Output = Result<T>> + 'static) -> Self {
        let slot = Rc::new(RefCell::new(None));
        let filled = slot.clone();
        let done: core::pin::Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(async move {
            let result = work.await;
            *filled.borrow_mut() = Some(result);
            Ok(JsValue::UNDEFINED)
        });
        let done = future_to_promise(done);
        Shared { slot, done }
    }

    pub async fn wait(&self) -> Result<T> {
        let _ = JsFuture::from(self.done.clone()).await;
        let result = self.slot.borrow().clone();
        result.unwrap_or_else(|| Err(Error::new(code::FAILED_TO_FETCH, "The shared request ended without a result.")))
    }
}
