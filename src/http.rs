//! The transport: one `fetch` per call through gloo-net (the global `fetch`, so it works in
//! pages and workers alike), CometChat's headers, a deadline that really aborts the request,
//! and the envelope.

use crate::envelope;
use crate::error::{code, Error, Result};
use gloo_net::http::{Method, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestCache, RequestCredentials};

/// Identifies this client to CometChat (`sdk` header).
pub const SDK: &str = concat!("cometchat-wasm@", env!("CARGO_PKG_VERSION"));

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
    pub method: Method,
    /// Relative to the base, path segments already encoded.
    pub path: &'a str,
    pub token: Option<&'a str>,
    pub body: Option<String>,
}

pub async fn send(ep: &Endpoint, call: Call<'_>) -> Result<JsValue> {
    let token = call.token.unwrap_or_default();
    send_inner(ep, call).await.map_err(|e| envelope::redact(e, token))
}

async fn send_inner(ep: &Endpoint, call: Call<'_>) -> Result<JsValue> {
    let fetch_failed =
        || Error::new(code::FAILED_TO_FETCH, "The request could not reach CometChat (network, CORS or TLS failure).");
    let controller = AbortController::new().map_err(|_| fetch_failed())?;
    let signal = controller.signal();
    let timed_out = Rc::new(Cell::new(false));
    // Dropping the Timeout cancels it; it lives until the body has been read.
    let _deadline = {
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(ep.timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let mut req = RequestBuilder::new(&[ep.base.as_str(), call.path].concat())
        .method(call.method)
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::Omit)
        .abort_signal(Some(&signal))
        .header("appId", &ep.app_id)
        .header("Accept", "application/json")
        .header("sdk", SDK)
        .header("resource", &ep.resource);
    if let Some(token) = call.token {
        req = req.header("authToken", token);
    }
    let req = match call.body {
        Some(body) => req.header("Content-Type", "application/json").body(body),
        None => req.build(),
    }
    .map_err(|_| fetch_failed())?;

    let failure = |timed_out: &Cell<bool>| {
        if timed_out.get() {
            Error::new(
                code::REQUEST_TIMEOUT,
                "CometChat did not answer before the request timeout (AppSettingsBuilder.setRequestTimeout).",
            )
        } else {
            fetch_failed()
        }
    };
    let resp = req.send().await.map_err(|_| failure(&timed_out))?;
    let status = resp.status();
    let text = resp.text().await.map_err(|_| failure(&timed_out))?;
    envelope::parse(status, &text)
}
