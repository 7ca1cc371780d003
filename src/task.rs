//! Runs the calls' futures: each exported call is a task whose promise this module settles, and
//! a task waiting on a JS promise is polled again from that promise's callback, in the same
//! microtask. Not wasm-bindgen-futures: it makes two `Closure`s (each registered with a
//! `FinalizationRegistry`) per awaited promise and one per call, and polls each wake-up in a
//! microtask of its own: replacing it took the wasm side of a stubbed `getUser` from 60 µs to
//! 38 µs (README, "Measured departures"). Here a call crosses into JS to make its promise, to
//! watch each promise it awaits, and to settle; nothing is allocated in JS per call but the
//! promises and their callbacks.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// A new promise for task `id`, settled by `settle(id, …)`.
    fn pending(id: u32) -> js_sys::Promise;
    fn settle(id: u32, ok: bool, value: JsValue);
    /// Calls `woke(slot, ok, value)` once `promise` settles.
    fn watch(promise: &js_sys::Promise, slot: u32);
    #[wasm_bindgen(js_name = setWoke)]
    fn set_woke(woke: &JsValue);
}

/// A call's work, boxed once (src/exports.rs `promise`).
pub type Work = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

struct Task {
    id: u32,
    /// `None` once finished (a late wake-up then does nothing).
    work: RefCell<Option<Work>>,
    queued: Cell<bool>,
    /// Whether JS holds a promise for it (made when the first poll did not finish it) …
    promised: Cell<bool>,
    /// … else where its result waits for `promise` to hand it back.
    done: RefCell<Option<Result<JsValue, JsValue>>>,
}

/// What a promise being awaited settled with, and who waits for it.
#[derive(Default)]
struct Slot {
    result: RefCell<Option<Result<JsValue, JsValue>>>,
    waker: RefCell<Option<Waker>>,
}

struct Runtime {
    next_id: Cell<u32>,
    /// The promises being awaited, by number: a handful at a time, so a list.
    slots: RefCell<Vec<(u32, Rc<Slot>)>>,
    ready: RefCell<Vec<Rc<Task>>>,
    running: Cell<bool>,
    woke_installed: Cell<bool>,
}

struct Global(Runtime);
// SAFETY: wasm32-unknown-unknown without atomics has one thread (as for the session state).
unsafe impl Sync for Global {}
static RUNTIME: Global = Global(Runtime {
    next_id: Cell::new(0),
    slots: RefCell::new(Vec::new()),
    ready: RefCell::new(Vec::new()),
    running: Cell::new(false),
    woke_installed: Cell::new(false),
});

fn runtime() -> &'static Runtime {
    &RUNTIME.0
}

fn next_id() -> u32 {
    let rt = runtime();
    let id = rt.next_id.get().wrapping_add(1);
    rt.next_id.set(id);
    id
}

/// The promise of a call's future: its value or its error, as JS. Every async export goes through
/// here, so the task machinery is compiled once for a boxed future rather than once per call.
pub fn spawn<T: Into<JsValue>>(work: impl Future<Output = crate::error::Result<T>> + 'static) -> js_sys::Promise {
    promise(Box::pin(async move { work.await.map(Into::into).map_err(Into::into) }))
}

/// The promise of a call. `work` is polled at once, so a call refused before any request is
/// settled here with no promise kept in JS; then again whenever what it awaits settles.
pub fn promise(work: Work) -> js_sys::Promise {
    let task = Rc::new(Task {
        id: next_id(),
        work: RefCell::new(Some(work)),
        queued: Cell::new(false),
        promised: Cell::new(false),
        done: RefCell::new(None),
    });
    wake(task.clone());
    let done = task.done.borrow_mut().take();
    match done {
        Some(Ok(v)) => js_sys::Promise::resolve(&v),
        Some(Err(e)) => js_sys::Promise::reject(&e),
        // Waiting, or queued behind the task being polled (a call made from inside a poll).
        None => {
            task.promised.set(true);
            pending(task.id)
        }
    }
}

/// Polls every task that is ready, in the order they became so, until none is.
fn run() {
    let rt = runtime();
    rt.running.set(true);
    loop {
        let ready = core::mem::take(&mut *rt.ready.borrow_mut());
        if ready.is_empty() {
            break;
        }
        for task in ready {
            poll(&task);
        }
    }
    rt.running.set(false);
}

fn poll(task: &Rc<Task>) {
    task.queued.set(false);
    let waker = waker(task);
    let mut work = task.work.borrow_mut();
    let Some(future) = work.as_mut() else { return };
    let Poll::Ready(result) = future.as_mut().poll(&mut Context::from_waker(&waker)) else { return };
    *work = None;
    drop(work);
    if !task.promised.get() {
        *task.done.borrow_mut() = Some(result);
        return;
    }
    match result {
        Ok(v) => settle(task.id, true, v),
        Err(e) => settle(task.id, false, e),
    }
}

fn wake(task: Rc<Task>) {
    if task.queued.replace(true) {
        return;
    }
    let rt = runtime();
    rt.ready.borrow_mut().push(task);
    if !rt.running.get() {
        run();
    }
}

fn waker(task: &Rc<Task>) -> Waker {
    unsafe fn clone(ptr: *const ()) -> RawWaker {
        // SAFETY: `ptr` came from `Rc::into_raw` below and that reference is still held.
        unsafe { Rc::increment_strong_count(ptr as *const Task) };
        RawWaker::new(ptr, &VTABLE)
    }
    unsafe fn wake_owned(ptr: *const ()) {
        // SAFETY: as above; this consumes the waker's reference.
        wake(unsafe { Rc::from_raw(ptr as *const Task) })
    }
    unsafe fn wake_by_ref(ptr: *const ()) {
        // SAFETY: as above; the waker keeps its reference.
        unsafe { Rc::increment_strong_count(ptr as *const Task) };
        wake(unsafe { Rc::from_raw(ptr as *const Task) })
    }
    unsafe fn drop_waker(ptr: *const ()) {
        // SAFETY: as above; this releases the waker's reference.
        drop(unsafe { Rc::from_raw(ptr as *const Task) })
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake_owned, wake_by_ref, drop_waker);
    let ptr = Rc::into_raw(task.clone()) as *const ();
    // SAFETY: the vtable's functions uphold the `RawWaker` contract for an `Rc<Task>`.
    unsafe { Waker::from_raw(RawWaker::new(ptr, &VTABLE)) }
}

/// A JS promise awaited by a task.
pub struct Awaited(Rc<Slot>);

impl Awaited {
    pub fn new(promise: &js_sys::Promise) -> Awaited {
        let rt = runtime();
        if !rt.woke_installed.replace(true) {
            let woke = Closure::<dyn Fn(u32, bool, JsValue)>::new(woke);
            set_woke(&woke.into_js_value());
        }
        let id = next_id();
        let slot = Rc::new(Slot::default());
        rt.slots.borrow_mut().push((id, slot.clone()));
        watch(promise, id);
        Awaited(slot)
    }
}

impl Future for Awaited {
    type Output = Result<JsValue, JsValue>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.0.result.borrow_mut().take() {
            Some(result) => Poll::Ready(result),
            None => {
                *self.0.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// From JS (runtime.js `watch`): promise `slot` settled.
fn woke(slot: u32, ok: bool, value: JsValue) {
    let found = {
        let mut slots = runtime().slots.borrow_mut();
        slots.iter().position(|(id, _)| *id == slot).map(|i| slots.swap_remove(i).1)
    };
    let Some(found) = found else { return };
    *found.result.borrow_mut() = Some(if ok { Ok(value) } else { Err(value) });
    let waker = found.waker.borrow_mut().take();
    if let Some(waker) = waker {
        waker.wake();
    }
}
