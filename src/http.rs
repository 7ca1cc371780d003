//! The transport: a `Client` (one token's requests) builds CometChat's headers once and sends
//! each request with one call into `js/runtime.js` (`fetch` with a deadline that really aborts),
//! then reads the envelope. Not gloo-net: gloo-net 0.7 builds two `Request`s, a `URL` and a
//! `URLSearchParams` per call and reads bodies only as text or through serde, which measured as
//! most of this package's per-call cost (bench/RESULTS.md).

use crate::convert::{prop, set};
use crate::envelope;
use crate::error::{code, Error, Result};
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Identifies this client to CometChat (`sdk` header).
pub const SDK: &str = concat!("cometchat-wasm@", env!("CARGO_PKG_VERSION"));

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    fn request(url: &str, method: &str, headers: &Object, body: Option<String>, timeout_ms: u32) -> js_sys::Promise;
}

/// What every request of one `init` shares.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub app_id: String,
    /// Client API base URL, ending in `/`.
    pub base: String,
    pub timeout_ms: u32,
    /// `resource` header: this page's session id.
    pub resource: String,
}

/// Requests on behalf of one auth token. `fetch` does not change the header objects it is
/// given, so they are built once per token, not per request; every call of a session shares
/// them (a clone is a reference count).
#[derive(Clone)]
pub struct Client(Rc<Inner>);

struct Inner {
    endpoint: Rc<Endpoint>,
    token: String,
    headers: Object,
    json_headers: Object,
}

/// Never prints the token (nor the headers that hold it).
impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client").field("endpoint", &self.0.endpoint).field("token", &"[redacted]").finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(endpoint: Rc<Endpoint>, token: String) -> Client {
        let headers = Object::new();
        set(&headers, "appId", &endpoint.app_id.as_str().into());
        set(&headers, "authToken", &token.as_str().into());
        set(&headers, "Accept", &"application/json".into());
        set(&headers, "sdk", &SDK.into());
        set(&headers, "resource", &endpoint.resource.as_str().into());
        let json_headers = Object::assign(&Object::new(), &headers);
        set(&json_headers, "Content-Type", &"application/json".into());
        Client(Rc::new(Inner { endpoint, token, headers, json_headers }))
    }

    pub fn token(&self) -> &str {
        &self.0.token
    }

    /// `method path` with an optional JSON body: the answer's body (with `data`), or the error
    /// with the token redacted from it.
    pub async fn send(&self, method: &str, path: &str, body: Option<String>) -> Result<JsValue> {
        let inner = &self.0;
        let headers = if body.is_some() { &inner.json_headers } else { &inner.headers };
        let url = [inner.endpoint.base.as_str(), path].concat();
        let answer = JsFuture::from(request(&url, method, headers, body, inner.endpoint.timeout_ms)).await;
        match answer {
            Ok(answer) => {
                // `request` resolves a fresh `[status, body, refused]` array: read it in place.
                let answer: Array = answer.unchecked_into();
                let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
                match answer.get(2).as_string().as_deref() {
                    Some("redirect") => Err(Error::new(
                        code::REDIRECT_REFUSED,
                        "A redirect was refused: the token goes to the configured host only.",
                    )),
                    Some(_) => Err(Error::invalid_response("it is too large").with_status(status)),
                    None => envelope::parse(status, Some(answer.get(1)).filter(|j| !j.is_undefined()), &inner.token),
                }
            }
            Err(e) => Err(failure(&e)),
        }
    }
}

/// A rejected request: our own deadline, or the network.
fn failure(e: &JsValue) -> Error {
    if prop(e, "name").as_string().as_deref() == Some("TimeoutError") {
        Error::new(code::REQUEST_TIMEOUT, "CometChat did not answer before the request timeout (setRequestTimeout).")
    } else {
        Error::new(code::FAILED_TO_FETCH, "The request could not reach CometChat (network, CORS or TLS failure).")
    }
}
