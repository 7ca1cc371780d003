//! The session flows: `login(authToken)` or `login({ tokenProvider })` (coalesced,
//! cancellable, auth keys refused), `getLoggedinUser()` and `logout()`, and what they tell the
//! login listeners. The state they change is `session`'s, through its methods.

use crate::convert::{self, is_plain_bag, prop};
use crate::error::{code, Error, Result};
use crate::events;
use crate::http::Client;
use crate::lead::{lead, logout_device};
use crate::machine::{cancelled, Ticket};
use crate::prelude::*;
use crate::provider::checked_token;
use crate::record::UserRecord;
use crate::session::{self, endpoint};
use crate::shared::Shared;
use crate::user::User;
use wasm_bindgen::JsCast;

/// `login(authToken)`, `login({ authToken })` or `login({ tokenProvider })`. The same token
/// again while logged in makes no request; concurrent logins with one token share one request.
/// Cancellable from its first moment (src/machine.rs): a `logout()` while the provider is asked
/// makes it reject `LOGIN_CANCELLED`, and the provider's token is sent nowhere.
pub async fn login(credential: wasm_bindgen::JsValue, auth_key: wasm_bindgen::JsValue) -> Result<User> {
    let (token, provider) = match credential_arg(&credential, &auth_key)? {
        Credential::Token(token) => (Some(token), None),
        Credential::Provider(provider) => (None, Some(provider)),
    };
    let shared = Shared::default();
    let go = session::with(|s| {
        Ok(match s.m.login(token.as_deref(), provider.clone(), None)? {
            Ticket::LoggedIn(user) => Go::Done(user),
            // The lead set `s.login` in the borrow that made its ticket: a joiner finds it.
            Ticket::Join(_) => Go::Wait(s.login.as_ref().map(|(_, r)| r.clone()).ok_or_else(cancelled)?),
            Ticket::Lead(id, _) => {
                s.login = Some((id, shared.clone()));
                Go::Lead(id)
            }
        })
    })?;
    let id = match go {
        Go::Done(user) => return Ok(User::from_record(user)),
        Go::Wait(joined) => return joined.wait().await.map(User::from_record),
        Go::Lead(id) => id,
    };
    let result = shared.run(lead(id, token, provider, false)).await;
    session::with(|s| s.login = s.login.take().filter(|(i, _)| *i != id));
    // The listeners hear of each login once, from the call that led it.
    match &result {
        Ok(user) => events::login_success(User::from_record(user.clone()).into()),
        Err(e) => events::login_failure(e),
    }
    result.map(User::from_record)
}

enum Go {
    Done(UserRecord),
    Wait(Shared<UserRecord>),
    Lead(u64),
}

/// The restore of kept session `sid` of `uid`, whose token was not kept (a token URL's): a
/// login through the provider that keeps the session's id, cancellable as any login, that takes
/// only the kept user (the app's user may have changed since).
pub async fn restore(provider: js_sys::Function, sid: String, uid: String) -> Result<()> {
    match session::with(|s| s.m.login(None, Some(provider), Some((sid, uid))))? {
        Ticket::Lead(id, provider) => lead(id, None, provider, false).await.map(drop),
        _ => Ok(()),
    }
}

enum Credential {
    Token(String),
    Provider(js_sys::Function),
}

fn credential_arg(credential: &wasm_bindgen::JsValue, auth_key: &wasm_bindgen::JsValue) -> Result<Credential> {
    let refuse = || {
        Error::new(
            code::AUTH_KEY_NOT_SUPPORTED,
            "cometchat-wasm never handles auth keys: create the user and mint an auth token on your backend (REST API), then call login(authToken).",
        )
    };
    if !auth_key.is_undefined() {
        return Err(refuse());
    }
    if !is_plain_bag(credential) {
        return checked_token(credential).map(Credential::Token);
    }
    // `{ uid, authKey }`, `{ username, apiKey }`, `{ restApiKey }`…: any key-like or uid-like
    // field means an auth-key login was meant (js/runtime.js `keyLike`: the keys stay in JS). No
    // key name is spelled out, so none appears anywhere in the shipped files.
    if convert::key_like(credential) {
        return Err(refuse());
    }
    let provider = prop(credential, "tokenProvider");
    if provider.is_undefined() {
        return checked_token(&prop(credential, "authToken")).map(Credential::Token);
    }
    let invalid = |why| Error::new(code::INVALID_TOKEN_PROVIDER, why);
    if !prop(credential, "authToken").is_undefined() {
        return Err(invalid("login takes a token or a tokenProvider, not both."));
    }
    provider
        .dyn_into()
        .map(Credential::Provider)
        .map_err(|_| invalid("tokenProvider must be a function returning a Promise of an auth token."))
}

/// The session's `User`, or `None`; no request.
pub fn get_loggedin_user() -> Result<Option<User>> {
    endpoint()?;
    Ok(session::with(|s| s.m.live().map(|l| l.user.clone())).map(User::from_record))
}

/// `logout()`: the local session ends at once, whatever the server says; a login still in
/// flight is cancelled (it rejects with `LOGIN_CANCELLED`, and logs its device out if the server
/// had accepted it).
pub async fn logout() -> Result<()> {
    endpoint()?;
    let (ended, endpoint) = session::with(|s| (s.m.logout(), s.endpoint.clone()));
    let Some(live) = ended else { return Err(Error::not_logged_in()) };
    let result = match (live, endpoint) {
        (Some(token), Some(endpoint)) => logout_device(&Client::new(endpoint, token, 0)).await,
        _ => Ok(()),
    };
    events::logout_done(&result);
    result
}
