//! CometChat's response envelope (Part A, "Envelope"): success is a 2xx status *and* a JSON
//! body with `data`; everything else becomes an `Error` with a stable code. Every malformed
//! answer a server could give is covered by the browser suite (tests/envelope.rs).

use crate::convert::{self, prop};
use crate::error::{code, Error, Result};
use crate::events::Ended;
use crate::server_text::{self, bounded, units_to_copy, CODE_MAX, DETAILS_MAX, MESSAGE_MAX};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An answer's JSON body, checked to be an object: parsed by the browser, so its fields are
    /// plain data, read by property access (no key string crosses into JS).
    #[derive(Debug, Clone)]
    pub type Body;
    #[wasm_bindgen(method, getter)]
    pub fn data(this: &Body) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn error(this: &Body) -> JsValue;
}

/// The body of a successful answer (its `data` is there; lists also carry `meta`). `json` is
/// the body as the browser parsed it; `None` when it was empty or not JSON. `token`
/// is the one the request carried: servers quote it back in messages ("The auth token … does
/// not exist"), and it must never reach an exception.
pub fn parse(status: u16, json: Option<JsValue>, token: &str) -> Result<Body> {
    let invalid = |why: &str| Error::invalid_response(why).with_status(status);
    let json = json.ok_or_else(|| invalid("the body is empty or not JSON"))?;
    if !convert::is_plain_bag(&json) {
        return Err(invalid("the body is not a JSON object"));
    }
    let json: Body = json.unchecked_into();
    let error = json.error();
    if !error.is_undefined() && !error.is_null() {
        // Only a bounded prefix of each is copied into wasm, whose memory never shrinks.
        let text = |v: &JsValue, max| {
            let units = units_to_copy(max, token);
            let cut = v.dyn_ref::<js_sys::JsString>().is_some_and(|s| s.length() > units);
            convert::string_prefix(v, units).map(|s| bounded(&s, max, token, cut))
        };
        let code = text(&prop(&error, "code"), CODE_MAX).ok_or_else(|| invalid("the error has no code"))?;
        let message = text(&prop(&error, "message"), MESSAGE_MAX).filter(|m| !m.is_empty());
        let message = message.unwrap_or_else(|| ["The server refused the request (", &code, ")."].concat());
        let details = prop(&error, "details");
        let details = if details.is_undefined() || details.is_null() {
            None
        } else {
            convert::string_prefix(&convert::json(&details), units_to_copy(DETAILS_MAX, token))
                .filter(|d| d.len() <= DETAILS_MAX)
                .map(|d| server_text::redact(&d, token))
        };
        return Err(Error { code, message, details, status: Some(status), retry_after: None });
    }
    if json.data().is_undefined() || !(200..300).contains(&status) {
        return Err(invalid("it has neither data nor error"));
    }
    Ok(json)
}

/// Whether this error of a session's request means the session is over, and why: the server
/// no longer knows its token, or (on a 401) its user.
pub fn ends_session(e: &Error) -> Option<Ended> {
    match e.code.as_str() {
        code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND => Some(Ended::TokenRevoked),
        code::ERR_UID_NOT_FOUND | code::ERR_USER_DEACTIVATED if e.status == Some(401) => Some(Ended::UserGone),
        _ => None,
    }
}
