//! The calls: convert arguments, check them before anything is sent, delegate to `api`, keep
//! `session` in step. Each is a Rust `async fn` (what the browser suites call) with a thin JS
//! export at the end of this file. Exports that take a borrowed `User` read it synchronously
//! and only then start the request, so a setter or `free()` during the call is harmless.

use crate::api;
use crate::convert::{self, is_plain_bag, prop, units_past};
use crate::envelope::ends_session;
use crate::error::{code, Error, Result};
use crate::http::{Client, Endpoint};
use crate::patch::ProfilePatch;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::session::{self, current, endpoint, PendingLogin, PendingUser};
use crate::settings::AppSettings;
use crate::shared::Shared;
use crate::text;
use crate::user::{patch_from_object, uid_arg, User};
use crate::validate;
use alloc::rc::Rc;
use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// `init(appId, settings?)` → `Promise<true>`. Makes no request. Calling it again with
/// another app id ends the current session.
#[wasm_bindgen(skip_jsdoc)]
pub fn init(app_id: JsValue, settings: JsValue) -> js_sys::Promise {
    let result = (|| {
        let app_id =
            app_id.as_string().ok_or_else(|| Error::new(code::INVALID_APP_ID, "The app id must be a string."))?;
        let resolved = AppSettings::from_js(&settings).resolve(&app_id)?;
        let resource = ["WEB-", &text::replace(env!("CARGO_PKG_VERSION"), ".", "_"), "-", &random_id()].concat();
        let endpoint =
            Endpoint { app_id: app_id.clone(), base: resolved.base, timeout_ms: resolved.timeout_ms, resource };
        session::with(|s| {
            let other_app = s.endpoint.as_ref().is_some_and(|e| e.app_id != app_id);
            if other_app {
                s.end();
            }
            if other_app || s.device_id.is_empty() {
                s.device_id = [app_id.as_str(), "_", &random_id()].concat();
            }
            s.endpoint = Some(Rc::new(endpoint));
            s.user_cache_ms = resolved.user_cache_ms;
            s.cached_users.clear();
        });
        Ok(JsValue::TRUE)
    })();
    settled(result)
}

/// `login(authToken)` or `login({ authToken })` → `Promise<User>`. Auth keys are refused.
pub async fn login(credential: JsValue, auth_key: JsValue) -> Result<User, Error> {
    let token = token_arg(&credential, &auth_key)?;
    let endpoint = endpoint()?;
    let cached = session::with(|s| s.session.as_ref().filter(|x| x.client.token == token).map(|x| x.user.clone()));
    if let Some(user) = cached {
        return Ok(User::from_record(user));
    }
    let joined = session::with(|s| match &s.pending_login {
        Some(p) if p.token == token => Ok(Some((p.result.clone(), p.cancelled.clone()))),
        Some(_) => Err(Error::new(code::LOGIN_IN_PROGRESS, "Another login is in progress; wait for it to end.")),
        None => Ok(None),
    })?;
    let (result, cancelled) = match joined {
        Some((shared, cancelled)) => (shared.wait().await, cancelled),
        None => {
            let (shared, cancelled) = (Shared::default(), Rc::new(Cell::new(false)));
            let pending = PendingLogin { token: token.clone(), result: shared.clone(), cancelled: cancelled.clone() };
            let device_id = session::with(|s| {
                s.pending_login = Some(pending);
                s.device_id.clone()
            });
            (shared.run(start_login(Client::new(endpoint, token), device_id, cancelled.clone())).await, cancelled)
        }
    };
    if cancelled.get() {
        return Err(Error::new(code::LOGIN_CANCELLED, "logout() was called while this login was in flight."));
    }
    result.map(User::from_record)
}

async fn start_login(client: Client, device_id: String, cancelled: Rc<Cell<bool>>) -> Result<UserRecord> {
    let result = api::login(&client, &device_id).await;
    // A cancelled login is no longer the pending one (logout took it; another may have started).
    if !cancelled.get() {
        session::with(|s| {
            s.pending_login = None;
            if let Ok(user) = &result {
                s.begin(client, user.clone());
            }
        });
    }
    result
}

fn token_arg(credential: &JsValue, auth_key: &JsValue) -> Result<String> {
    let refuse = || {
        Error::new(
            code::AUTH_KEY_NOT_SUPPORTED,
            "cometchat-wasm never handles auth keys: create the user and mint an auth token on your backend (REST API), then call login(authToken).",
        )
    };
    let missing = || Error::new(code::MISSING_PARAMETERS, "login needs the user's auth token: login(authToken).");
    if !auth_key.is_undefined() {
        return Err(refuse());
    }
    let token = if is_plain_bag(credential) {
        // `{ uid, authKey }`, `{ username, apiKey }`, `{ restApiKey }`…: any key-like or
        // uid-like field means an auth-key login was meant. No key name is spelled out here,
        // so none appears anywhere in the shipped files.
        let key_like = |k: String| {
            let k = k.to_ascii_lowercase();
            text::find(&k, "key").is_some() || k == "uid" || k == "username"
        };
        if convert::keys(credential).into_iter().any(key_like) {
            return Err(refuse());
        }
        prop(credential, "authToken")
    } else {
        credential.clone()
    };
    // Blank means missing; a token longer than any valid one (perhaps cut) is invalid, not blank.
    let token = convert::string_prefix(&token, units_past(validate::AUTH_TOKEN_MAX))
        .filter(|t| t.len() > validate::AUTH_TOKEN_MAX || !t.trim().is_empty())
        .ok_or_else(missing)?;
    validate::auth_token(&token)?;
    Ok(token)
}

/// `getLoggedinUser()`: the session's `User` or `undefined` (the facade makes it a promise of
/// `User | null`, as the official SDK's); no request.
#[wasm_bindgen(js_name = getLoggedinUser, skip_jsdoc)]
pub fn get_loggedin_user() -> Result<Option<User>, Error> {
    endpoint()?;
    Ok(session::with(|s| s.session.as_ref().map(|x| User::from_record(x.user.clone()))))
}

/// `getUser(uid | { uid })` → `Promise<User>`. Concurrent calls for one uid share one request
/// (each caller gets its own `User`); with `userCacheTtl`, a fresh copy is answered from memory.
pub async fn get_user(uid: JsValue) -> Result<User, Error> {
    let uid = if is_plain_bag(&uid) { uid_arg(&prop(&uid, "uid")) } else { uid_arg(&uid) }?;
    let me = current()?;
    let key = uid.to_ascii_lowercase();
    let now = js_sys::Date::now();
    let (cached, pending) = session::with(|s| {
        let cached = s.cached_user(me.epoch, &key, now);
        let pending = s.pending_users.iter().find(|p| p.epoch == me.epoch && p.uid == key).map(|p| p.result.clone());
        (cached, pending)
    });
    if let Some(user) = cached {
        return Ok(User::from_record(user));
    }
    let record = match pending {
        Some(shared) => shared.wait().await,
        None => {
            let shared = Shared::default();
            let entry = PendingUser { epoch: me.epoch, uid: key.clone(), result: shared.clone() };
            session::with(|s| s.pending_users.push(entry));
            shared.run(fetch_user(me.clone(), uid, key)).await
        }
    };
    let record = on_session(&me, record)?;
    Ok(User::from_record(record))
}

async fn fetch_user(me: session::Current, uid: String, key: String) -> Result<UserRecord> {
    let result = api::get_user(&me.client, &uid).await;
    session::with(|s| {
        s.pending_users.retain(|p| !(p.epoch == me.epoch && p.uid == key));
        if let Ok(user) = &result {
            s.cache_user(me.epoch, key, js_sys::Date::now(), user.clone());
        }
    });
    result
}

/// `updateCurrentUserDetails`: sends the patch for the logged-in user, whatever uid it came with.
pub async fn update_current_user_details(patch: Result<ProfilePatch>) -> Result<User> {
    let patch = patch?;
    if patch.is_empty() {
        return Err(Error::new(
            code::MISSING_PARAMETERS,
            "Nothing to update: set at least one of name, avatar, link, metadata, statusMessage or tags.",
        ));
    }
    let me = current()?;
    let update = session::with(|s| s.next_update(me.epoch));
    let record = on_session(&me, api::update_me(&me.client, &patch).await)?;
    session::with(|s| s.store_update(me.epoch, update, record.clone()));
    Ok(User::from_record(record))
}

/// `logout()` → `Promise<void>`. The local session ends at once, whatever the server says; a
/// login still in flight is cancelled (it rejects with `LOGIN_CANCELLED`), and if the server
/// had accepted it, that device is logged out too.
pub async fn logout() -> Result<(), Error> {
    let endpoint = endpoint()?;
    let (me, pending) = session::with(|s| {
        let me = s.session.as_ref().map(|x| x.client.clone());
        s.end();
        (me, s.pending_login.take())
    });
    if me.is_none() && pending.is_none() {
        return Err(Error::not_logged_in());
    }
    let mut result = Ok(());
    if let Some(client) = me {
        result = server_logout(&client).await;
    }
    if let Some(p) = pending {
        p.cancelled.set(true);
        if p.result.wait().await.is_ok() {
            result = result.and(server_logout(&Client::new(endpoint, p.token)).await);
        }
    }
    result
}

/// `DELETE me`; a token the server no longer knows is as good as logged out.
async fn server_logout(client: &Client) -> Result<()> {
    match api::logout(client).await {
        Err(e) if !ends_session(&e) => Err(e),
        _ => Ok(()),
    }
}

/// Ends the session the call was made for when the server says its token is gone.
fn on_session<T>(me: &session::Current, result: Result<T>) -> Result<T> {
    if let Err(e) = &result {
        if ends_session(e) {
            session::with(|s| s.end_if(me.epoch));
        }
    }
    result
}

// The JS exports. Every async one goes through `promise`, so the future-to-promise machinery is
// compiled once for a boxed future rather than once per call (~2 KB of wasm each).

fn promise<T: Into<JsValue>>(work: impl Future<Output = Result<T>> + 'static) -> js_sys::Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> =
        Box::pin(async move { work.await.map(Into::into).map_err(Into::into) });
    future_to_promise(boxed)
}

#[wasm_bindgen(js_name = login, skip_jsdoc)]
pub fn login_js(credential: JsValue, auth_key: JsValue) -> js_sys::Promise {
    promise(login(credential, auth_key))
}

#[wasm_bindgen(js_name = getUser, skip_jsdoc)]
pub fn get_user_js(uid: JsValue) -> js_sys::Promise {
    promise(get_user(uid))
}

/// `updateCurrentUserDetails(user)` for a `User`: sends what its setters changed.
#[wasm_bindgen(js_name = updateCurrentUserDetailsFromUser, skip_jsdoc)]
pub fn update_current_user_details_from_user(user: &User) -> js_sys::Promise {
    promise(update_current_user_details(Ok(user.patch.clone())))
}

/// `updateCurrentUserDetails({ name, … })` for a plain object.
#[wasm_bindgen(js_name = updateCurrentUserDetailsFromObject, skip_jsdoc)]
pub fn update_current_user_details_from_object(fields: JsValue) -> js_sys::Promise {
    promise(update_current_user_details(patch_from_object(&fields)))
}

#[wasm_bindgen(js_name = logout, skip_jsdoc)]
pub fn logout_js() -> js_sys::Promise {
    promise(async { logout().await.map(|()| JsValue::UNDEFINED) })
}

fn settled(result: Result<JsValue>) -> js_sys::Promise {
    match result {
        Ok(v) => js_sys::Promise::resolve(&v),
        Err(e) => js_sys::Promise::reject(&e.into()),
    }
}

/// 128 random bits as hex. Identifies a page session and a device; not a secret.
fn random_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..32).map(|_| HEX[(js_sys::Math::random() * 16.0) as usize & 15] as char).collect()
}
