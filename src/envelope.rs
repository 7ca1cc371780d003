//! CometChat's response envelope (Part A, "Envelope"): success is a 2xx status *and* a JSON
//! body with `data`; everything else becomes an `Error` with a stable code. Pure, so every
//! malformed answer a server could give is covered by native tests.

use crate::error::{code, Error, Result};
use serde_json::Value;

pub fn parse(status: u16, body: &str) -> Result<Value> {
    let json: Value = serde_json::from_str(body)
        .map_err(|_| Error::invalid_response(if body.trim().is_empty() { "the body is empty" } else { "the body is not JSON" }).with_status(status))?;
    let Value::Object(mut top) = json else {
        return Err(Error::invalid_response("the body is not a JSON object").with_status(status));
    };
    if let Some(Value::Object(mut e)) = top.remove("error") {
        if let Some(Value::String(code)) = e.remove("code") {
            let message = match e.remove("message") {
                Some(Value::String(m)) if !m.is_empty() => m,
                _ => format!("The server refused the request ({code})."),
            };
            let details = e.remove("details").filter(|d| !d.is_null());
            return Err(Error { code, message, details, status: Some(status) });
        }
        return Err(Error::invalid_response("the error has no code").with_status(status));
    }
    match top.remove("data") {
        Some(data) if (200..300).contains(&status) => Ok(data),
        _ => Err(Error::invalid_response("it has neither data nor error").with_status(status)),
    }
}

/// Servers quote the token back in some messages ("The auth token … does not exist");
/// a token must never reach an error message or its details.
pub fn redact(mut e: Error, token: &str) -> Error {
    const MASK: &str = "[redacted]";
    if token.is_empty() {
        return e;
    }
    e.message = e.message.replace(token, MASK);
    if let Some(d) = e.details.as_mut() {
        redact_value(d, token, MASK);
    }
    e
}

fn redact_value(v: &mut Value, token: &str, mask: &str) {
    match v {
        Value::String(s) if s.contains(token) => *s = s.replace(token, mask),
        Value::Array(items) => items.iter_mut().for_each(|i| redact_value(i, token, mask)),
        Value::Object(map) => map.values_mut().for_each(|i| redact_value(i, token, mask)),
        _ => {}
    }
}

/// Whether this error means the session's token is no longer valid.
pub fn ends_session(e: &Error) -> bool {
    e.code == code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_needs_2xx_and_data() {
        assert_eq!(parse(200, r#"{"data":{"uid":"a"}}"#).unwrap(), json!({"uid":"a"}));
        assert_eq!(parse(204, r#"{"data":[]}"#).unwrap(), json!([]));
        let e = parse(404, r#"{"data":{"uid":"a"}}"#).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), (code::INVALID_RESPONSE, Some(404)));
    }

    #[test]
    fn server_errors_pass_through_with_status() {
        let e = parse(404, r#"{"error":{"code":"ERR_UID_NOT_FOUND","message":"The UID x does not exist.","devMessage":"d"}}"#).unwrap_err();
        assert_eq!(e, Error { code: "ERR_UID_NOT_FOUND".into(), message: "The UID x does not exist.".into(), details: None, status: Some(404) });
        let e = parse(400, r#"{"error":{"code":"ERR_BAD_REQUEST","message":"","details":{"name":["too long"]}}}"#).unwrap_err();
        assert_eq!(e.details, Some(json!({"name":["too long"]})));
        assert!(e.message.contains("ERR_BAD_REQUEST"));
        // An error body wins even with a 200, as in the official SDK.
        assert_eq!(parse(200, r#"{"error":{"code":"X"}}"#).unwrap_err().code, "X");
    }

    #[test]
    fn malformed_answers_are_invalid_response() {
        for (status, body) in [
            (200, ""),
            (200, "<html>oops</html>"),
            (502, "Bad Gateway"),
            (200, "[1,2]"),
            (200, "null"),
            (200, "{}"),
            (200, r#"{"meta":{}}"#),
            (500, r#"{"error":"boom"}"#),
            (500, r#"{"error":{"code":7}}"#),
            (200, r#"{"data":{"uid":"a"}"#),
        ] {
            let e = parse(status, body).unwrap_err();
            assert_eq!((e.code.as_str(), e.status), (code::INVALID_RESPONSE, Some(status)), "{body:?}");
        }
    }

    #[test]
    fn tokens_are_redacted_everywhere() {
        let e = Error {
            code: code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND.into(),
            message: "The auth token u1_abc does not exist.".into(),
            details: Some(json!({"token": "u1_abc", "list": ["x u1_abc y"], "n": 1})),
            status: Some(401),
        };
        let r = redact(e, "u1_abc");
        assert_eq!(r.message, "The auth token [redacted] does not exist.");
        assert_eq!(r.details, Some(json!({"token": "[redacted]", "list": ["x [redacted] y"], "n": 1})));
        assert!(ends_session(&r));
    }
}
