//! CometChat's response envelope (Part A, "Envelope"): success is a 2xx status *and* a JSON
//! body with `data`; everything else becomes an `Error` with a stable code. Every malformed
//! answer a server could give is covered by the browser suite (tests/envelope.rs).

use crate::convert::{self, prop};
use crate::error::{code, Error, Result};
use crate::text;
use wasm_bindgen::JsValue;

/// `json` is the body as the browser parsed it; `None` when it was empty or not JSON.
pub fn parse(status: u16, json: Option<JsValue>) -> Result<JsValue> {
    let invalid = |why: &str| Error::invalid_response(why).with_status(status);
    let json = json.ok_or_else(|| invalid("the body is empty or not JSON"))?;
    if !convert::is_plain_bag(&json) {
        return Err(invalid("the body is not a JSON object"));
    }
    let error = prop(&json, "error");
    if !error.is_undefined() && !error.is_null() {
        let code = prop(&error, "code").as_string().ok_or_else(|| invalid("the error has no code"))?;
        let message = prop(&error, "message").as_string().filter(|m| !m.is_empty());
        let message = message.unwrap_or_else(|| ["The server refused the request (", &code, ")."].concat());
        let details = prop(&error, "details");
        let details = (!details.is_undefined() && !details.is_null()).then(|| convert::stringify(&details));
        return Err(Error { code, message, details, status: Some(status) });
    }
    let data = prop(&json, "data");
    if data.is_undefined() || !(200..300).contains(&status) {
        return Err(invalid("it has neither data nor error"));
    }
    Ok(data)
}

/// Servers quote the token back in some messages ("The auth token … does not exist");
/// a token must never reach an error message or its details.
pub fn redact(mut e: Error, token: &str) -> Error {
    const MASK: &str = "[redacted]";
    if !token.is_empty() {
        e.message = text::replace(&e.message, token, MASK);
        // Details are JSON text, and a token (visible ASCII, no quote or backslash
        // unescaped in JSON) reads the same inside it.
        e.details = e.details.map(|d| text::replace(&d, token, MASK));
    }
    e
}

/// Whether this error means the session's token is no longer valid.
pub fn ends_session(e: &Error) -> bool {
    e.code == code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted_from_message_and_details() {
        let e = Error {
            code: code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND.into(),
            message: "The auth token u1_abc does not exist.".into(),
            details: Some(r#"{"token":"u1_abc","list":["x u1_abc y"],"n":1}"#.into()),
            status: Some(401),
        };
        let r = redact(e, "u1_abc");
        assert_eq!(r.message, "The auth token [redacted] does not exist.");
        assert_eq!(r.details.as_deref(), Some(r#"{"token":"[redacted]","list":["x [redacted] y"],"n":1}"#));
        assert!(ends_session(&r));
        assert_eq!(redact(Error::not_logged_in(), "").message, Error::not_logged_in().message);
    }
}
