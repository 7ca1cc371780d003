//! `/demo/*` (only with `--seed demo`): `POST /demo/login`, `POST /demo/token` and
//! `GET /demo/token?uid=…`, standing in for an app's own backend, which mint auth tokens for any
//! user. They answer only the emulator's own origin: a request whose `Origin`
//! is another site's, or that the browser marks `Sec-Fetch-Site: cross-site`/`same-site`, gets a
//! 403, and no CORS header is ever sent here, so another website can neither call them nor read
//! the answer. Requests without `Origin` (curl, test scripts) are served.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::extract::{JsonBody, RawQuery};
use crate::state::SharedState;
use crate::store::{tokens, users};

/// The origins that count as the emulator itself: its public base, plus the other loopback
/// spellings (`localhost`, `127.0.0.1`, `[::1]`) of the same scheme and port when it is on loopback.
#[derive(Debug, Clone)]
pub struct OwnOrigin {
    scheme: String,
    hosts: Vec<String>,
    port: Option<u16>,
}

const LOOPBACK: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

impl OwnOrigin {
    pub fn new(public_base: &str) -> Self {
        match url::Url::parse(public_base) {
            Ok(u) => {
                let host = u.host_str().unwrap_or("").to_ascii_lowercase();
                let mut hosts = vec![host.clone()];
                if LOOPBACK.contains(&host.as_str()) {
                    hosts.extend(LOOPBACK.iter().map(|h| h.to_string()));
                }
                OwnOrigin { scheme: u.scheme().to_string(), hosts, port: u.port_or_known_default() }
            }
            // Unreachable with the bases the server builds; an empty set refuses every Origin.
            Err(_) => OwnOrigin { scheme: String::new(), hosts: Vec::new(), port: None },
        }
    }

    /// Whether a serialized `Origin` (`scheme://host[:port]`) is this emulator.
    pub fn matches(&self, origin: &str) -> bool {
        let Ok(u) = url::Url::parse(origin) else { return false };
        let host = u.host_str().unwrap_or("").to_ascii_lowercase();
        u.scheme() == self.scheme
            && u.port_or_known_default() == self.port
            && self.hosts.contains(&host)
            && u.path() == "/"
            && u.query().is_none()
            && u.username().is_empty()
    }

    /// `Err` when a browser says the request comes from another site or origin.
    fn check(&self, headers: &HeaderMap) -> ApiResult<()> {
        if let Some(origin) = headers.get("origin") {
            let own = origin.to_str().is_ok_and(|o| self.matches(o));
            if !own {
                return Err(ApiError::ForbiddenOrigin);
            }
        }
        match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase).as_deref() {
            Some("cross-site") | Some("same-site") => Err(ApiError::ForbiddenOrigin),
            _ => Ok(()),
        }
    }
}

async fn same_origin_only(State(own): State<Arc<OwnOrigin>>, req: Request, next: Next) -> Response {
    match own.check(req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn method_not_allowed(req: Request) -> Response {
    ApiError::MethodNotAllowed { method: req.method().to_string(), path: req.uri().path().to_string() }.into_response()
}

/// The demo routes, guarded; the caller must not wrap them in the CORS layer.
pub fn router(state: SharedState) -> Router {
    let own = Arc::new(OwnOrigin::new(&state.public_base));
    Router::new()
        .route("/demo/login", post(login).fallback(method_not_allowed))
        .route("/demo/token", post(token).get(token_url).fallback(method_not_allowed))
        .with_state(state)
        .layer(middleware::from_fn_with_state(own, same_origin_only))
}

fn body_uid(body: &serde_json::Map<String, Value>) -> ApiResult<String> {
    match body.get("uid") {
        Some(v) => crate::validate::uid_value(v).map_err(|r| ApiError::invalid_field("uid", r)),
        None => Err(ApiError::invalid_field("uid", "uid is required")),
    }
}

/// `{"uid"}` → `{"data":{"authToken","uid"}}` (the user's latest token, or a new one).
async fn login(State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let uid = body_uid(&body)?;
    let token = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            match tokens::latest(tx, &uid)? {
                Some(t) => Ok(t),
                None => tokens::create(tx, &uid, &tokens::TokenInfo::default()),
            }
        })
        .await?;
    Ok(Json(json!({ "data": { "authToken": token.auth_token, "uid": token.uid } })))
}

/// `{"uid"}` → `{"authToken"}`: a **new** token on every call, as an app's backend would mint one
/// for the client's token provider (`login({ tokenProvider })`).
async fn token(State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    mint(st, body_uid(&body)?).await
}

/// `GET /demo/token?uid=…` → `{"authToken"}`, never cached: a **new** token on every call, for
/// the package's `login({ tokenUrl })`, which asks the URL itself with a plain same-origin GET (in
/// worker mode, from the worker). Same origin rules as the POST; `uid` is required.
async fn token_url(State(st): State<SharedState>, q: RawQuery) -> ApiResult<Response> {
    let mut errors = FieldErrors::new();
    let uid = match q.string("uid", &mut errors) {
        Some(uid) => crate::validate::uid_value(&Value::String(uid)).map_err(|r| ApiError::invalid_field("uid", r))?,
        None if errors.is_empty() => return Err(ApiError::invalid_field("uid", "uid is required")),
        None => return Err(ApiError::invalid_fields(errors)),
    };
    let mut res = mint(st, uid).await?.into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn mint(st: SharedState, uid: String) -> ApiResult<Json<Value>> {
    let token = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            tokens::create(tx, &uid, &tokens::TokenInfo::default())
        })
        .await?;
    Ok(Json(json!({ "authToken": token.auth_token })))
}
