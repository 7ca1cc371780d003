//! The transport: a `Client` (one token's requests) builds CometChat's headers once and sends
//! each request with one call into `js/runtime.js` (`fetch` with a deadline that really aborts),
//! then reads the envelope. Not gloo-net: gloo-net 0.7 builds two `Request`s, a `URL` and a
//! `URLSearchParams` per call and reads bodies only as text or through serde, which measured as
//! most of this package's per-call cost (bench/RESULTS.md).

use crate::convert::prop;
use crate::envelope::{self, Body};
use crate::error::{code, Error, Result};
use crate::prelude::*;
use crate::rate::{Headers, Window};
use crate::task::Awaited;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// Identifies this client to CometChat (`sdk` header).
pub const SDK: &str = concat!("cometchat-wasm@", env!("CARGO_PKG_VERSION"));

/// An HTTP method, as js/runtime.js numbers them (`METHODS`): no method name crosses per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get = 0,
    Put = 1,
    Post = 2,
    Delete = 3,
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    fn request(url: &str, method: u8, headers: &Object, body: Option<String>, timeout_ms: f64) -> js_sys::Promise;
    /// `[headers, headers with Content-Type: application/json]`, as object literals: no setter
    /// of the page's (`Object.prototype.authToken`) ever sees the token.
    fn headers(app_id: &str, token: &str, sdk: &str, resource: &str) -> Array;
    fn sleep(ms: f64) -> js_sys::Promise;
    /// The monotonic clock (ms) of the rate-limit window: waits never jump with the wall clock.
    fn now() -> f64;
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
    /// The session this client serves, or 0 (a login's own request): only a session's
    /// requests renew a revoked token.
    epoch: u64,
    headers: Object,
    json_headers: Object,
}

/// Never prints the token (nor the headers that hold it).
impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.0.endpoint)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(endpoint: Rc<Endpoint>, token: String, epoch: u64) -> Client {
        let both = headers(&endpoint.app_id, &token, SDK, &endpoint.resource);
        let (headers, json_headers) = (both.get(0).unchecked_into(), both.get(1).unchecked_into());
        Client(Rc::new(Inner { endpoint, token, epoch, headers, json_headers }))
    }

    pub fn token(&self) -> &str {
        &self.0.token
    }

    pub fn epoch(&self) -> u64 {
        self.0.epoch
    }

    /// Whether this client is session `epoch`'s with `token`, on `endpoint`.
    pub fn serves(&self, endpoint: &Rc<Endpoint>, epoch: u64, token: &str) -> bool {
        Rc::ptr_eq(&self.0.endpoint, endpoint) && self.0.epoch == epoch && self.0.token == token
    }

    /// `method path` with an optional JSON body: the answer's body (with `data`), or the error
    /// with the token redacted from it. Transport only: a revoked token is src/renewal.rs's to
    /// replace. Boxed: renewal awaits it twice, and its state machine is then compiled once.
    pub fn send<'a>(
        &'a self,
        method: Method,
        path: &'a str,
        body: Option<String>,
    ) -> Pin<Box<dyn Future<Output = Result<Body>> + 'a>> {
        Box::pin(async move {
            let inner = &self.0;
            let deadline = rate_gate(inner.endpoint.timeout_ms).await?;
            let headers = if body.is_some() { &inner.json_headers } else { &inner.headers };
            let url = [inner.endpoint.base.as_str(), path].concat();
            match Awaited::new(&request(&url, method as u8, headers, body, deadline)).await {
                Ok(answer) => read(answer.unchecked_into(), &inner.token),
                Err(e) => Err(failure(&e)),
            }
        })
    }
}

/// The app's rate-limit window as the answers describe it: the transport's own state (reset by
/// `init` with another app), never borrowed across a call into JS.
struct RateWindow(RefCell<Window>);
// SAFETY: one thread, as for the session's state (src/session.rs).
unsafe impl Sync for RateWindow {}
static RATE: RateWindow = RateWindow(RefCell::new(Window::DEFAULT));

pub fn rate<R>(f: impl FnOnce(&mut Window) -> R) -> R {
    f(&mut RATE.0.borrow_mut())
}

/// Nothing is sent into a rate-limit window known to be spent: waits for it within the request
/// deadline (and resolves what is left of the deadline), else refuses at once.
async fn rate_gate(timeout_ms: u32) -> Result<f64> {
    let mut deadline = f64::from(timeout_ms);
    loop {
        let now = now(); // the page's to redefine: read before the window is borrowed
        let wait = rate(|w| w.take(now));
        if wait <= 0.0 {
            return Ok(deadline);
        }
        if wait >= deadline {
            return Err(Error {
                retry_after: Some(wait as u32),
                ..Error::new(
                    code::ERR_TOO_MANY_REQUESTS,
                    "The app's rate limit is spent until after this call's deadline; nothing was sent.",
                )
            });
        }
        Awaited::new(&sleep(wait)).await.ok();
        deadline -= wait;
    }
}

/// Why `request` did not read an answer (js/runtime.js `REDIRECT`, `TOO_LARGE`; src/boundary.rs
/// checks they agree).
pub(crate) const REDIRECT: f64 = 1.0;
pub(crate) const TOO_LARGE: f64 = 2.0;

/// `request`'s fresh `[status, body, refused, ...rate]` array, read in place (js/runtime.js:
/// `refused` is 1 for a redirect, 2 for a body too large; `rate` is there only when the server
/// sent a rate window, or on a 429: its headers, then the answer's `Date`).
#[inline(never)]
fn read(answer: Array, token: &str) -> Result<Body> {
    let number = |i| answer.get(i).as_f64().unwrap_or(f64::NAN);
    let status = number(0) as u16;
    let refused = number(2);
    if refused == REDIRECT {
        return Err(Error::new(
            code::REDIRECT_REFUSED,
            "A redirect was refused: the token goes to the configured host only.",
        ));
    }
    let rate = if answer.length() > 3 {
        // Without the server's Date, an absolute reset is read against this client's wall clock.
        let date = Some(number(7)).filter(|d| d.is_finite()).unwrap_or_else(js_sys::Date::now);
        Headers { limit: number(3), remaining: number(4), reset: number(5), retry_after: number(6), date }
    } else {
        Headers { limit: f64::NAN, remaining: f64::NAN, reset: f64::NAN, retry_after: f64::NAN, date: f64::NAN }
    };
    let now = now();
    let retry_after = self::rate(|w| {
        w.observe(rate, status == 429, now);
        w.wait(now)
    });
    let result = if refused == TOO_LARGE {
        Err(Error::invalid_response("it is too large").with_status(status))
    } else {
        envelope::parse(status, Some(answer.get(1)).filter(|j| !j.is_undefined()), token)
    };
    result.map_err(|e| Error { retry_after: (status == 429).then_some(retry_after as u32), ..e })
}

/// A rejected request: our own deadline, or the network.
fn failure(e: &JsValue) -> Error {
    if prop(e, "name").as_string().as_deref() == Some("TimeoutError") {
        Error::new(code::REQUEST_TIMEOUT, "CometChat did not answer before the request timeout (setRequestTimeout).")
    } else {
        Error::new(code::FAILED_TO_FETCH, "The request could not reach CometChat (network, CORS or TLS failure).")
    }
}
