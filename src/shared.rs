//! One request, any number of callers: used to coalesce concurrent logins with one token and
//! concurrent `getUser` calls for one uid. The first caller drives the request itself (no task
//! is spawned); a caller that joins while it is in flight waits on a JS promise made only then.
//! Each caller gets its own copy of the answer.

use crate::error::{code, Error, Result};
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `[promise, resolve]`: a promise and the function that settles it.
    fn deferred() -> js_sys::Array;
}

struct Inner<T> {
    result: RefCell<Option<Result<T>>>,
    /// `resolve` functions of the promises that joiners await.
    waiters: RefCell<Vec<js_sys::Function>>,
}

pub struct Shared<T>(Rc<Inner<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(Rc::new(Inner { result: RefCell::new(None), waiters: RefCell::new(Vec::new()) }))
    }
}

impl<T: Clone> Shared<T> {
    /// For the first caller: runs `work`, hands its result to everyone who joined, returns it.
    pub async fn run(&self, work: impl Future<Output = Result<T>>) -> Result<T> {
        let result = work.await;
        *self.0.result.borrow_mut() = Some(result.clone());
        for resolve in self.0.waiters.take() {
            resolve.call0(&JsValue::UNDEFINED).ok();
        }
        result
    }

    /// For a caller that joins: the first caller's result, once it has one.
    pub async fn wait(&self) -> Result<T> {
        let settled = self.0.result.borrow().clone();
        if let Some(result) = settled {
            return result;
        }
        let pair = deferred();
        self.0.waiters.borrow_mut().push(pair.get(1).unchecked_into());
        JsFuture::from(js_sys::Promise::from(pair.get(0))).await.ok();
        let result = self.0.result.borrow().clone();
        result.unwrap_or_else(|| Err(Error::new(code::FAILED_TO_FETCH, "The shared request ended without a result.")))
    }
}
