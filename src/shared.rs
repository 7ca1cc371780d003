//! One request, any number of callers: used to coalesce concurrent logins with one token and
//! concurrent `getUser` calls for one uid. The first caller drives the request itself (no task
//! is spawned); a caller that joins while it is in flight is woken when it ends (src/task.rs polls
//! it right after the first caller's task, in the same microtask). Each caller gets its own copy
//! of the answer.

use crate::error::Result;
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::{poll_fn, Future};
use core::task::{Poll, Waker};

struct Inner<T> {
    result: RefCell<Option<Result<T>>>,
    /// The tasks of the callers that joined.
    waiters: RefCell<Vec<Waker>>,
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
        self.0.waiters.take().into_iter().for_each(Waker::wake);
        result
    }

    /// For a caller that joins: the first caller's result, once it has one.
    pub async fn wait(&self) -> Result<T> {
        poll_fn(|cx| match self.0.result.borrow().clone() {
            Some(result) => Poll::Ready(result),
            None => {
                self.0.waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}
