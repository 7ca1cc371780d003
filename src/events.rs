//! What the session tells the app: the login listeners' four events and `onSessionEnded`.
//! The listeners live in js/runtime.js (the facade registers them before the module loads);
//! this is the module's side, which says when and why.

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    fn emit(kind: &str, arg: JsValue, error: JsValue);
    /// Exported for the browser suites (one registry: the module's own copy of runtime.js).
    #[wasm_bindgen(js_name = addLoginListener, catch)]
    pub fn add_login_listener(id: &JsValue, listener: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = removeLoginListener, catch)]
    pub fn remove_login_listener(id: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = onSessionEnded, catch)]
    pub fn on_session_ended(listener: &JsValue) -> Result<js_sys::Function, JsValue>;
}

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
}

impl Ended {
    pub fn reason(self) -> &'static str {
        match self {
            Ended::Logout => "logout",
            Ended::TokenRevoked => "token-revoked",
            Ended::UserGone => "user-gone",
            Ended::AppChanged => "app-changed",
        }
    }
}

fn error(e: Option<&Error>) -> JsValue {
    e.map_or(JsValue::UNDEFINED, |e| e.clone().into())
}

pub fn login_success(user: JsValue) {
    emit("loginSuccess", user, JsValue::UNDEFINED);
}

pub fn login_failure(e: &Error) {
    emit("loginFailure", JsValue::UNDEFINED, error(Some(e)));
}

pub fn logout_done(result: &Result<(), Error>) {
    let kind = if result.is_ok() { "logoutSuccess" } else { "logoutFailure" };
    emit(kind, JsValue::UNDEFINED, error(result.as_ref().err()));
}

/// `{ reason, error? }` to every `onSessionEnded` listener.
pub fn session_ended(why: Ended, e: Option<&Error>) {
    emit("sessionEnded", why.reason().into(), error(e));
}
