//! The session flows: `login(authToken)` (coalesced, cancellable, auth keys refused),
//! `getLoggedinUser()` and `logout()`. The state they change is `session`'s, through its methods.

use crate::api;
use crate::convert::{self, is_plain_bag, prop, units_past};
use crate::envelope::ends_session;
use crate::error::{code, Error, Result};
use crate::http::Client;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::session::{self, endpoint, LoginTicket, PendingLogin};
use crate::text;
use crate::user::User;
use crate::validate;

/// `login(authToken)` or `login({ authToken })`. The same token again while logged in makes no
/// request; concurrent logins with one token share one request.
pub async fn login(credential: wasm_bindgen::JsValue, auth_key: wasm_bindgen::JsValue) -> Result<User> {
    let token = token_arg(&credential, &auth_key)?;
    let (pending, leads) = match session::with(|s| s.login_ticket(&token))? {
        LoginTicket::LoggedIn(user) => return Ok(User::from_record(user)),
        LoginTicket::Join(pending) => (pending, false),
        LoginTicket::Lead(pending) => (pending, true),
    };
    let result = if leads {
        pending.result.run(register(pending.clone())).await
    } else {
        pending.result.wait().await
    };
    if pending.cancelled.get() {
        return Err(Error::new(code::LOGIN_CANCELLED, "logout() or init() of another app ended this login."));
    }
    result.map(User::from_record)
}

/// `PUT me` for the login that leads; the session starts only if nothing cancelled it meanwhile.
async fn register(pending: PendingLogin) -> Result<UserRecord> {
    let client = Client::new(pending.endpoint.clone(), pending.token.clone());
    let result = api::login(&client, &pending.device_id).await;
    session::with(|s| s.finish_login(&pending, &result));
    result
}

fn token_arg(credential: &wasm_bindgen::JsValue, auth_key: &wasm_bindgen::JsValue) -> Result<String> {
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
        .filter(|t| t.len() > validate::AUTH_TOKEN_MAX || !cometchat_rules::is_blank(t))
        .ok_or_else(missing)?;
    validate::auth_token(&token)?;
    Ok(token)
}

/// The session's `User`, or `None`; no request.
pub fn get_loggedin_user() -> Result<Option<User>> {
    endpoint()?;
    Ok(session::with(|s| s.session.as_ref().map(|x| User::from_record(x.user.clone()))))
}

/// `logout()`: the local session ends at once, whatever the server says; a login still in
/// flight is cancelled (it rejects with `LOGIN_CANCELLED`), and if the server had accepted it,
/// that device is logged out too.
pub async fn logout() -> Result<()> {
    endpoint()?;
    let (me, pending) = session::with(|s| s.end_for_logout());
    if me.is_none() && pending.is_none() {
        return Err(Error::not_logged_in());
    }
    let mut result = Ok(());
    if let Some(client) = me {
        result = server_logout(&client).await;
    }
    if let Some(p) = pending {
        if p.result.wait().await.is_ok() {
            result = result.and(server_logout(&Client::new(p.endpoint.clone(), p.token.clone())).await);
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
