//! `--rate-limit N`: at most N client-API requests per minute for the app (the emulator serves
//! one app), in a **fixed window** that opens with the first request counted and lasts a minute;
//! the next request after it opens a new one. Every client-API answer carries `X-Rate-Limit`,
//! `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (epoch seconds when the window ends); past
//! the limit the answer is `429 ERR_TOO_MANY_REQUESTS` with `Retry-After` (seconds), as CometChat
//! documents. Refused requests do not count. Not counted, and without the headers: CORS
//! preflights (`OPTIONS`), the admin API (an `apiKey` header), and everything outside `/v3*`.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::API_KEY;
use crate::error::ApiError;
use crate::model::now;

pub const LIMIT: HeaderName = HeaderName::from_static("x-rate-limit");
pub const REMAINING: HeaderName = HeaderName::from_static("x-rate-limit-remaining");
pub const RESET: HeaderName = HeaderName::from_static("x-rate-limit-reset");
pub const RETRY_AFTER: HeaderName = HeaderName::from_static("retry-after");

/// What the browser must be allowed to read (`Access-Control-Expose-Headers`).
pub const EXPOSED: [HeaderName; 4] = [LIMIT, REMAINING, RESET, RETRY_AFTER];

pub struct RateLimiter {
    limit: u32,
    window_secs: i64,
    /// `(window start, requests counted in it)`, epoch seconds.
    window: Mutex<(i64, u32)>,
}

/// The verdict on one request, with what its answer says.
struct Verdict {
    allowed: bool,
    remaining: u32,
    reset: i64,
}

impl RateLimiter {
    pub fn new(limit: u32, window_secs: u64) -> Self {
        RateLimiter { limit, window_secs: window_secs.max(1) as i64, window: Mutex::new((i64::MIN, 0)) }
    }

    fn take(&self, at: i64) -> Verdict {
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if at >= w.0.saturating_add(self.window_secs) {
            *w = (at, 0);
        }
        let allowed = w.1 < self.limit;
        if allowed {
            w.1 += 1;
        }
        Verdict { allowed, remaining: self.limit - w.1, reset: w.0 + self.window_secs }
    }
}

fn counts(req: &Request) -> bool {
    req.method() != Method::OPTIONS && !req.headers().contains_key(API_KEY)
}

fn set(headers: &mut HeaderMap, name: HeaderName, value: i64) {
    headers.insert(name, HeaderValue::from(value));
}

/// The middleware, around the `/v3.0` and `/v3` services only.
pub async fn limit(State(limiter): State<Arc<RateLimiter>>, req: Request, next: Next) -> Response {
    if !counts(&req) {
        return next.run(req).await;
    }
    let at = now();
    let v = limiter.take(at);
    let mut res = if v.allowed {
        next.run(req).await
    } else {
        let retry_after = (v.reset - at).max(1);
        let mut res = ApiError::TooManyRequests(retry_after).into_response();
        set(res.headers_mut(), RETRY_AFTER, retry_after);
        res
    };
    let h = res.headers_mut();
    set(h, LIMIT, i64::from(limiter.limit));
    set(h, REMAINING, i64::from(v.remaining));
    set(h, RESET, v.reset);
    res
}
