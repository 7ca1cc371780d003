//! What the session tells the app: the login listeners' four events and `onSessionEnded`.
//! The listeners live in js/runtime.js (the facade registers them before the module loads);
//! this is the module's side, which says when and why. The session store (persistence) hears
//! of each change of the session too.

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `kind`: the number of the event (`LOGIN_SUCCESS`…`SESSION_ENDED`, js/runtime.js `EVENTS`).
    fn emit(kind: u32, arg: JsValue, error: JsValue);
    /// The session as it now stands, for the store when persistence is on (pkg-template/store.js).
    fn keep(token: &str, user: &JsValue, provider: Option<js_sys::Function>);
    /// Whether a store is in use (persistence on): else the token is not copied out for nothing.
    fn keeping() -> bool;
    /// Exported for the browser suites (one registry: the module's own copy of runtime.js).
    #[wasm_bindgen(js_name = addLoginListener, catch)]
    pub fn add_login_listener(id: &JsValue, listener: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = removeLoginListener, catch)]
    pub fn remove_login_listener(id: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = onSessionEnded, catch)]
    pub fn on_session_ended(listener: &JsValue) -> Result<js_sys::Function, JsValue>;
}

// The events, numbered as js/runtime.js `EVENTS` names them.
const LOGIN_SUCCESS: u32 = 0;
const LOGIN_FAILURE: u32 = 1;
const LOGOUT_SUCCESS: u32 = 2;
const LOGOUT_FAILURE: u32 = 3;
const SESSION_ENDED: u32 = 4;

/// Why a session ended (Part A, "Session lifecycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `logout()` on this page.
    Logout,
    /// The server no longer knows the token, and no token provider could replace it.
    TokenRevoked,
    /// The logged-in user was deleted or deactivated.
    UserGone,
    /// `init` with another app id.
    AppChanged,
    /// Another tab of the origin logged out or lost the session (persistence shares it).
    LogoutElsewhere,
}

impl Ended {
    pub fn reason(self) -> &'static str {
        match self {
            Ended::Logout => "logout",
            Ended::TokenRevoked => "token-revoked",
            Ended::UserGone => "user-gone",
            Ended::AppChanged => "app-changed",
            Ended::LogoutElsewhere => "logout-elsewhere",
        }
    }
}

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
pub fn session_kept(token: &str, user: &JsValue, provider: Option<&js_sys::Function>) {
    if keeping() {
        keep(token, user, provider.cloned());
    }
}

/// `{ reason, error? }` to every `onSessionEnded` listener.
pub fn session_ended(why: Ended, e: Option<&Error>) {
    emit(SESSION_ENDED, why.reason().into(), error(e));
}
