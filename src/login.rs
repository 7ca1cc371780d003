//! The session flows: `login(authToken)` or `login({ tokenProvider })` (coalesced,
//! cancellable, auth keys refused), `getLoggedinUser()` and `logout()`, and what they tell the
//! login listeners. The state they change is `session`'s, through its methods.

use crate::api;
use crate::convert::{self, is_plain_bag, prop, units_past};
use crate::envelope::ends_session;
use crate::error::{code, Error, Result};
use crate::events;
use crate::http::Client;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::renewal;
use crate::session::{self, endpoint, LoginTicket, PendingLogin};
use crate::text;
use crate::user::User;
use crate::validate;
use wasm_bindgen::JsCast;

/// `login(authToken)`, `login({ authToken })` or `login({ tokenProvider })`. The same token
/// again while logged in makes no request; concurrent logins with one token share one request.
pub async fn login(credential: wasm_bindgen::JsValue, auth_key: wasm_bindgen::JsValue) -> Result<User> {
    let (token, provider) = match credential_arg(&credential, &auth_key)? {
        Credential::Token(token) => (token, None),
        Credential::Provider(provider) => {
            let token = renewal::ask_provider(&provider, endpoint()?.timeout_ms).await;
            (token.inspect_err(events::login_failure)?, Some(provider))
        }
    };
    let (pending, leads) = match session::with(|s| s.login_ticket(&token, provider))? {
        LoginTicket::LoggedIn(user) => return Ok(User::from_record(user)),
        LoginTicket::Join(pending) => (pending, false),
        LoginTicket::Lead(pending) => (pending, true),
    };
    let result = if leads { pending.result.run(register(pending.clone())).await } else { pending.result.wait().await };
    let result = if pending.cancelled.get() {
        Err(Error::new(code::LOGIN_CANCELLED, "logout() or init() of another app ended this login."))
    } else {
        result
    };
    // The listeners hear of each login once, from the call that sent it.
    match &result {
        Ok(user) if leads => events::login_success(User::from_record(user.clone()).into()),
        Err(e) if leads => events::login_failure(e),
        _ => {}
    }
    result.map(User::from_record)
}

/// `PUT me` for the login that leads; the session starts only if nothing cancelled it meanwhile.
async fn register(pending: PendingLogin) -> Result<UserRecord> {
    let client = Client::new(pending.endpoint.clone(), pending.token.clone(), 0);
    let result = api::login(&client, &pending.device_id).await;
    session::with(|s| s.finish_login(&pending, &result));
    result
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
    // field means an auth-key login was meant. No key name is spelled out here, so none
    // appears anywhere in the shipped files.
    let key_like = |k: String| {
        let k = k.to_ascii_lowercase();
        text::find(&k, "key").is_some() || k == "uid" || k == "username"
    };
    if convert::entries(credential).into_iter().any(|(k, _)| key_like(k)) {
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

/// An auth token as the login takes it: a string within the token rules.
pub(crate) fn checked_token(token: &wasm_bindgen::JsValue) -> Result<String> {
    let missing = || Error::new(code::MISSING_PARAMETERS, "login needs the user's auth token: login(authToken).");
    // Blank means missing; a token longer than any valid one (perhaps cut) is invalid, not blank.
    let token = convert::string_prefix(token, units_past(validate::AUTH_TOKEN_MAX))
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
            result = result.and(server_logout(&Client::new(p.endpoint.clone(), p.token.clone(), 0)).await);
        }
    }
    events::logout_done(&result);
    result
}

/// `DELETE me`; a token the server no longer knows is as good as logged out.
async fn server_logout(client: &Client) -> Result<()> {
    match api::logout(client).await {
        Err(e) if ends_session(&e).is_none() => Err(e),
        _ => Ok(()),
    }
}
