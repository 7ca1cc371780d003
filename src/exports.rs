//! The JS exports: thin shims that convert and delegate to the flows (`init`, `login`,
//! `users`). Exports that take a borrowed `User` read it synchronously and only then start the
//! request, so a setter or `free()` during the call is harmless.

use crate::error::{Error, Result};
use crate::prelude::*;
use crate::task::spawn;
use crate::user::{patch_from_object, User};
use crate::{blocking, init as setup, login as session_flows, users};
use wasm_bindgen::prelude::*;

/// `init(appId, settings?)` → `Promise<true>`.
#[wasm_bindgen(skip_jsdoc)]
pub fn init(app_id: JsValue, settings: JsValue) -> js_sys::Promise {
    match setup::init(&app_id, &settings) {
        Ok(()) => js_sys::Promise::resolve(&JsValue::TRUE),
        Err(e) => js_sys::Promise::reject(&e.into()),
    }
}

/// `login(authToken)` or `login({ authToken })` → `Promise<User>`.
#[wasm_bindgen(js_name = login, skip_jsdoc)]
pub fn login(credential: JsValue, auth_key: JsValue) -> js_sys::Promise {
    spawn(session_flows::login(credential, auth_key))
}

/// The session's `User` or `undefined` (the facade makes it a promise of `User | null`).
#[wasm_bindgen(js_name = getLoggedinUser, skip_jsdoc)]
pub fn get_loggedin_user() -> Result<Option<User>, Error> {
    session_flows::get_loggedin_user()
}

#[wasm_bindgen(js_name = logout, skip_jsdoc)]
pub fn logout() -> js_sys::Promise {
    spawn(async { session_flows::logout().await.map(|()| JsValue::UNDEFINED) })
}

#[wasm_bindgen(js_name = getUser, skip_jsdoc)]
pub fn get_user(uid: JsValue) -> js_sys::Promise {
    spawn(users::get_user(uid))
}

/// `updateCurrentUserDetails({ name, … })` for a plain object; for a `User`, the facade passes
/// the fields its setters set (js/runtime.js `userChanges`).
#[wasm_bindgen(js_name = updateCurrentUserDetailsFromObject, skip_jsdoc)]
pub fn update_current_user_details_from_object(fields: JsValue) -> js_sys::Promise {
    spawn(users::update_current_user_details(patch_from_object(&fields)))
}

/// `blockUsers(uids)` → `Promise<{ [uid]: "success" | "fail" }>`.
#[wasm_bindgen(js_name = blockUsers, skip_jsdoc)]
pub fn block_users(uids: JsValue) -> js_sys::Promise {
    spawn(blocking::block(uids, true))
}

/// `unblockUsers(uids)` → `Promise<{ [uid]: "success" | "fail" }>`.
#[wasm_bindgen(js_name = unblockUsers, skip_jsdoc)]
pub fn unblock_users(uids: JsValue) -> js_sys::Promise {
    spawn(blocking::block(uids, false))
}

/// `adoptSession({ token?, user, provider?, sid })`: the session the store kept
/// (pkg-template/store.js); `adoptSession()`: the store holds none. `undefined` once taken, or
/// the promise of a restore through the token URL.
#[wasm_bindgen(js_name = adoptSession, skip_jsdoc)]
pub fn adopt_session(kept: JsValue) -> JsValue {
    crate::restore::adopt_js(kept)
}

/// Hands the live session to the store as a new one (persistence turned on by an `init`
/// while signed in).
#[wasm_bindgen(js_name = keepSession, skip_jsdoc)]
pub fn keep_session() {
    crate::session::keep(true)
}

/// The store's rule for a write of session `sid` over the record of `stored` (src/machine.rs).
#[wasm_bindgen(js_name = storeAdmits, skip_jsdoc)]
pub fn store_admits(stored: Option<String>, sid: &str, first: bool) -> bool {
    crate::machine::store_admits(stored.as_deref(), sid, first)
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = rateLimit)]
    fn rate_limit(limit: u32, remaining: u32, reset_at: f64) -> JsValue;
}

/// `getRateLimit()` → `{ limit, remaining, resetAt }` (resetAt in ms since the epoch) once an
/// answer carried the rate-limit headers, else `null`.
#[wasm_bindgen(js_name = getRateLimit, skip_jsdoc)]
pub fn get_rate_limit() -> JsValue {
    crate::http::rate(|w| w.shown()).map_or(JsValue::NULL, |(limit, remaining, at)| rate_limit(limit, remaining, at))
}
