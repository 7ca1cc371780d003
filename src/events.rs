//! What the session tells the app: the login listeners' four events and `onSessionEnded`.
//! The listeners live in js/runtime.js (the facade registers them before the module loads);
//! this is the module's side, which says when and why. The session store (persistence) hears
//! of each change of the session too.

use crate::error::Error;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `kind`: the number of the event (`LOGIN_SUCCESS`…`LOGOUT_FAILURE`, js/runtime.js `EVENTS`).
    fn emit(kind: u32, arg: JsValue, error: JsValue);
    /// The session as it now stands, for the store when persistence is on (pkg-template/store.js):
    /// `sid` names it across tabs, `first` says it is new (src/machine.rs `store_admits`).
    fn keep(token: &str, user: &JsValue, provider: Option<js_sys::Function>, sid: &str, first: bool);
    /// Session `sid` of `app` ended: the store forgets it (unless it ended elsewhere), then the
    /// `onSessionEnded` listeners hear `reason`.
    fn ended(reason: &str, error: JsValue, app: &str, sid: &str);
    /// Whether a store is in use (persistence on): else the token is not copied out for nothing.
    fn keeping() -> bool;
    /// The store reads again what it holds, and the module takes it (src/machine.rs `Reread`).
    pub fn reread();
    /// The real-time socket is to serve session `epoch` of `app` now, or none (`undefined`);
    /// `base`: the client API's URL, the one host its credential may go to (with CometChat's own
    /// socket hosts); `sid`: the session's id across tabs, which share one socket.
    #[wasm_bindgen(js_name = socket)]
    fn socket_js(epoch: Option<f64>, base: &str, app: &str, sid: Option<String>);
    /// Exported for the browser suites (one registry: the module's own copy of runtime.js).
    #[wasm_bindgen(js_name = addLoginListener, catch)]
    pub fn add_login_listener(id: &JsValue, listener: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = removeLoginListener, catch)]
    pub fn remove_login_listener(id: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = onSessionEnded, catch)]
    pub fn on_session_ended(listener: &JsValue) -> Result<js_sys::Function, JsValue>;
}

// The events, numbered as js/runtime.js `EVENTS` names them (src/boundary.rs checks it).
pub(crate) const LOGIN_SUCCESS: u32 = 0;
pub(crate) const LOGIN_FAILURE: u32 = 1;
pub(crate) const LOGOUT_SUCCESS: u32 = 2;
pub(crate) const LOGOUT_FAILURE: u32 = 3;

pub use crate::machine::Ended;

fn error(e: Option<&Error>) -> JsValue {
    e.map_or(JsValue::UNDEFINED, |e| e.clone().into())
}

pub fn login_success(user: JsValue) {
    emit(LOGIN_SUCCESS, user, JsValue::UNDEFINED);
}

pub fn login_failure(e: &Error) {
    emit(LOGIN_FAILURE, JsValue::UNDEFINED, error(Some(e)));
}

pub fn logout_done(result: &Result<(), Error>) {
    let kind = if result.is_ok() { LOGOUT_SUCCESS } else { LOGOUT_FAILURE };
    emit(kind, JsValue::UNDEFINED, error(result.as_ref().err()));
}

/// The session's token, user or token provider changed (a login, a renewed token, a profile
/// update): the store, if any, keeps it encrypted and tells the other tabs.
pub fn session_kept(token: &str, user: &JsValue, provider: Option<&js_sys::Function>, sid: &str, first: bool) {
    if keeping() {
        keep(token, user, provider.cloned(), sid, first);
    }
}

pub fn socket(epoch: Option<u64>, base: &str, app: &str, sid: Option<String>) {
    socket_js(epoch.map(|e| e as f64), base, app, sid);
}

/// `{ reason, error? }` to every `onSessionEnded` listener, once the store forgot the session.
pub fn session_ended(why: Ended, e: Option<&Error>, app: &str, sid: &str) {
    ended(why.reason(), error(e), app, sid);
}
