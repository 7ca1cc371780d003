//! The transport: one call of the global `fetch` (pages and workers alike) with CometChat's
//! headers, a deadline that really aborts the request (`AbortSignal.timeout`), and the envelope.
//!
//! Straight to `fetch(url, init)` rather than through gloo-net: gloo-net 0.7 builds two
//! `Request`s, a `URL` and a `URLSearchParams` for every call and can read a body only as text or
//! through serde; measured, that was most of this package's per-call cost (bench/RESULTS.md).

use crate::convert::{prop, set};
use crate::envelope;
use crate::error::{code, Error, Result};
use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, RequestCredentials, RequestInit, Response};

/// Identifies this client to CometChat (`sdk` header).
pub const SDK: &str = concat!("cometchat-wasm@", env!("CARGO_PKG_VERSION"));

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch(url: &str, init: &RequestInit) -> js_sys::Promise;
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

pub struct Call<'a> {
    pub method: &'static str,
    /// Relative to the base, path segments already encoded.
    pub path: &'a str,
    pub token: Option<&'a str>,
    pub body: Option<String>,
}

pub async fn send(ep: &Endpoint, call: Call<'_>) -> Result<JsValue> {
    let token = call.token.unwrap_or_default();
    send_inner(ep, call).await.map_err(|e| envelope::redact(e, token))
}

/// How a rejected `fetch` or body read is reported: our own deadline, or the network.
fn failure(e: &JsValue) -> Error {
    if prop(e, "name").as_string().as_deref() == Some("TimeoutError") {
        Error::new(code::REQUEST_TIMEOUT, "CometChat did not answer before the request timeout (setRequestTimeout).")
    } else {
        Error::new(code::FAILED_TO_FETCH, "The request could not reach CometChat (network, CORS or TLS failure).")
    }
}

async fn send_inner(ep: &Endpoint, call: Call<'_>) -> Result<JsValue> {
    let headers = Object::new();
    set(&headers, "appId", &ep.app_id.as_str().into());
    set(&headers, "Accept", &"application/json".into());
    set(&headers, "sdk", &SDK.into());
    set(&headers, "resource", &ep.resource.as_str().into());
    if let Some(token) = call.token {
        set(&headers, "authToken", &token.into());
    }
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(ep.timeout_ms)));
    if let Some(body) = call.body {
        set(&headers, "Content-Type", &"application/json".into());
        init.set_body(&body.into());
    }
    init.set_headers(&headers);

    let url = [ep.base.as_str(), call.path].concat();
    let resp: Response = JsFuture::from(fetch(&url, &init)).await.map_err(|e| failure(&e))?.unchecked_into();
    let status = resp.status();
    // The browser parses the body; a body that is not JSON rejects with a SyntaxError.
    let json = match resp.json() {
        Ok(body) => JsFuture::from(body).await,
        Err(e) => Err(e),
    };
    let json = match json {
        Ok(json) => Some(json),
        Err(e) if prop(&e, "name").as_string().as_deref() == Some("SyntaxError") => None,
        Err(e) => return Err(failure(&e)),
    };
    envelope::parse(status, json)
}
