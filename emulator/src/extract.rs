//! Request extractors whose every rejection is the JSON error envelope
//! (axum's own rejections are plain text).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldErrors};

pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON object body. An empty body counts as `{}` (the SDK sends `Content-Type: application/json`
/// on every method, with or without a body). A non-empty body must be declared as JSON.
pub struct JsonBody(pub Map<String, Value>);

fn is_json_content_type(ct: &str) -> bool {
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().map(str::to_string).unwrap_or_default());
        let bytes = Bytes::from_request(req, state).await.map_err(|rej| {
            if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(BODY_LIMIT)
            } else {
                ApiError::bad_request("The request body could not be read.")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Map::new()));
        }
        match content_type {
            Some(ct) if is_json_content_type(&ct) => {}
            _ => return Err(ApiError::bad_request("The Content-Type of a request body must be application/json.")),
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(m)) => Ok(JsonBody(m)),
            Ok(_) => Err(ApiError::bad_request("The request body must be a JSON object.")),
            Err(e) => Err(ApiError::bad_request(format!("Malformed JSON in the request body: {e}."))),
        }
    }
}

/// Path parameters, percent-decoded by axum; a rejection becomes a JSON 400.
pub struct PathParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(PathParams(v)),
            Err(_) => Err(ApiError::bad_request("Invalid path parameter.")),
        }
    }
}

/// Percent-decodes once. `+` stays `+`: clients encode a space as `%20` (`encodeURIComponent`),
/// and a keyword such as `a+b` must not turn into `a b`.
fn decode(raw: &str) -> Option<String> {
    percent_decode_str(raw).decode_utf8().ok().map(|c| c.into_owned())
}

/// The raw query string, split by hand: list parameters (`tags`, `roles`, `uids`, `searchIn`) are
/// split on `,` **before** percent-decoding each element, so `tags=t%2C2` is the one tag `t,2`.
#[derive(Debug, Default)]
pub struct RawQuery {
    pairs: Vec<(String, String)>,
    undecodable: Vec<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for RawQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RawQuery::parse(parts.uri.query()))
    }
}

impl RawQuery {
    pub fn parse(q: Option<&str>) -> Self {
        let mut out = RawQuery::default();
        for part in q.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            match decode(k) {
                Some(k) => out.pairs.push((k, v.to_string())),
                None => out.undecodable.push(k.to_string()),
            }
        }
        out
    }

    fn raw(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Decoded single value (the last occurrence wins). Undecodable → field error.
    pub fn string(&self, key: &str, errors: &mut FieldErrors) -> Option<String> {
        let raw = self.raw(key)?;
        match decode(raw) {
            Some(s) => Some(s),
            None => {
                errors.insert(key.into(), "must be valid UTF-8 after percent-decoding".into());
                None
            }
        }
    }

    /// Comma-separated list, each element decoded once; empty elements dropped.
    pub fn list(&self, key: &str, errors: &mut FieldErrors) -> Option<Vec<String>> {
        let raw = self.raw(key)?;
        let mut out = Vec::new();
        for el in raw.split(',') {
            match decode(el) {
                Some(s) if !s.trim().is_empty() => out.push(s),
                Some(_) => {}
                None => {
                    errors.insert(key.into(), "must be valid UTF-8 after percent-decoding".into());
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Integer within `[min, max]`; absent → `default`.
    pub fn int(&self, key: &str, default: i64, min: i64, max: i64, errors: &mut FieldErrors) -> i64 {
        let Some(s) = self.string(key, errors) else { return default };
        match s.trim().parse::<i64>() {
            Ok(n) if n >= min && n <= max => n,
            _ => {
                errors.insert(key.into(), format!("must be an integer from {min} to {max}").into());
                default
            }
        }
    }

    /// `1`/`true` or `0`/`false`; absent → false; anything else (even empty) → field error.
    pub fn flag(&self, key: &str, errors: &mut FieldErrors) -> bool {
        let Some(s) = self.string(key, errors) else { return false };
        match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" => true,
            "0" | "false" => false,
            _ => {
                errors.insert(key.into(), "must be 1, 0, true or false".into());
                false
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }
}
