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
/// given, so they are built once per token, not per request.
#[derive(Debug, Clone)]
pub struct Client {
    pub endpoint: Rc<Endpoint>,
    pub token: String,
    headers: Object,
    json_headers: Object,
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
        Client { endpoint, token, headers, json_headers }
    }

    /// `method path` with an optional JSON body; the envelope's `data`, or the error with the
    /// token redacted from it.
    pub async fn send(&self, method: &str, path: &str, body: Option<String>) -> Result<JsValue> {
        let headers = if body.is_some() { &self.json_headers } else { &self.headers };
        let url = [self.endpoint.base.as_str(), path].concat();
        let answer = JsFuture::from(request(&url, method, headers, body, self.endpoint.timeout_ms)).await;
        let result = match answer {
            Ok(pair) => {
                // `request` resolves a fresh `[status, body]` array: read it in place.
                let pair: Array = pair.unchecked_into();
                let status = pair.get(0).as_f64().unwrap_or(0.0) as u16;
                let json = Some(pair.get(1)).filter(|j| !j.is_undefined());
                envelope::parse(status, json)
            }
            Err(e) => Err(failure(&e)),
        };
        result.map_err(|e| envelope::redact(e, &self.token))
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
