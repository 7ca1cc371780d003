//! The whole HTTP surface: `/v3.0` and `/v3` (client or admin API, chosen by the credential
//! header), `/avatars`, `/demo`, `/__emulator` (the health route always, the rest for tests), the static web app, the socket's upgrade (`/` and
//! `/ws…`), and the layers around them.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer};

use crate::auth::{API_KEY, AUTH_TOKEN};
use crate::error::ApiError;
use crate::extract::BODY_LIMIT;
use crate::rate_limit::{self, RateLimiter};
use crate::requests_log::Recorder;
use crate::socket::{hooks, upgrade};
use crate::state::SharedState;
use crate::{admin_api, avatar, client_api, demo, health, redact, requests_log};

pub struct RouteOptions {
    pub static_dir: Option<PathBuf>,
    pub cors_origins: Vec<String>,
    pub demo: bool,
    /// `--record-requests`: the log, served at `/__emulator/requests` and fed by a layer.
    pub recorder: Option<Arc<Recorder>>,
    /// `--rate-limit`: the client API's limiter.
    pub rate_limit: Option<Arc<RateLimiter>>,
}

const GET: &[Method] = &[Method::GET];
const GET_PUT_DELETE: &[Method] = &[Method::GET, Method::PUT, Method::DELETE];
const GET_POST_DELETE: &[Method] = &[Method::GET, Method::POST, Method::DELETE];
const POST: &[Method] = &[Method::POST];
const ALL4: &[Method] = &[Method::GET, Method::POST, Method::PUT, Method::DELETE];

/// Methods of the client API at this path (relative to the version prefix), if it is one.
fn client_methods(segs: &[&str]) -> Option<&'static [Method]> {
    match segs {
        ["me"] => Some(GET_PUT_DELETE),
        ["users"] => Some(GET),
        ["users", u] if !u.is_empty() => Some(GET),
        ["blockedusers"] => Some(GET_POST_DELETE),
        ["user_sessions"] => Some(POST),
        ["settings"] => Some(GET),
        _ => None,
    }
}

fn admin_methods(segs: &[&str]) -> Option<&'static [Method]> {
    match segs {
        ["users"] => Some(ALL4),
        ["users", u] if !u.is_empty() => Some(GET_PUT_DELETE),
        ["users", u, "auth_tokens"] if !u.is_empty() => Some(GET_POST_DELETE),
        ["users", u, "auth_tokens", t] if !u.is_empty() && !t.is_empty() => Some(GET_PUT_DELETE),
        ["users", u, "blockedusers"] if !u.is_empty() => Some(GET_POST_DELETE),
        ["users", u, "friends"] if !u.is_empty() => Some(GET_POST_DELETE),
        _ => None,
    }
}

fn allows(methods: Option<&'static [Method]>, m: &Method) -> bool {
    let m = if m == Method::HEAD { &Method::GET } else { m };
    methods.is_some_and(|ms| ms.contains(m))
}

/// Chooses the API by the credential header: `authToken` → client, `apiKey` → admin, both → 400.
async fn dispatch(client: Router, admin: Router, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let segs: Vec<&str> = path.strip_prefix('/').unwrap_or(&path).split('/').collect();
    let c = client_methods(&segs);
    let a = admin_methods(&segs);
    let method = req.method().clone();
    let (c_ok, a_ok) = (allows(c, &method), allows(a, &method));
    let has_token = req.headers().contains_key(AUTH_TOKEN);
    let has_key = req.headers().contains_key(API_KEY);
    let unknown = || {
        if c.is_some() || a.is_some() {
            ApiError::MethodNotAllowed { method: method.to_string(), path: path.clone() }.into_response()
        } else {
            ApiError::NotFound(path.clone()).into_response()
        }
    };
    match (has_token, has_key) {
        (true, true) => ApiError::bad_request(
            "Send either the authToken header (client API) or the apiKey header (admin API), not both.",
        )
        .into_response(),
        (true, false) if c_ok => client.oneshot(req).await.into_response(),
        (false, true) if a_ok => admin.oneshot(req).await.into_response(),
        (true, false) | (false, false) if a_ok && !c_ok => ApiError::ApiKeyNotFound.into_response(),
        (false, true) | (false, false) if c_ok => ApiError::AuthTokenNotFound.into_response(),
        _ => unknown(),
    }
}

async fn not_found(req: Request) -> Response {
    ApiError::NotFound(req.uri().path().to_string()).into_response()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("handler panicked".into()).into_response()
}

/// One log line per request: method, path (never the query; its token masked by
/// [`redact::path`]), status, latency. No header values.
async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = redact::path(req.uri().path()).into_owned();
    let start = Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        target: "cometchat_emulator::access",
        "{} {} {} {:.3}ms",
        method,
        path,
        res.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    res
}

pub const PREFLIGHT_MAX_AGE_SECS: u64 = 600;

/// API answers are per caller and change at any time: a browser's HTTP cache must never store
/// them (`cache: "default"` on the client then still sends every request, while the preflight,
/// cached by `Access-Control-Max-Age`, is paid once per 10 minutes).
async fn no_store(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH, Method::OPTIONS])
        // Mirror whatever the browser asks for (appid, authtoken, apikey, content-type, resource,
        // sdk, …): names are case-insensitive and the emulator has no header it must refuse.
        .allow_headers(AllowHeaders::mirror_request())
        // A browser reuses a preflight this long (Chromium caps it at 7200 s); wire-protocol Part A.
        .max_age(Duration::from_secs(PREFLIGHT_MAX_AGE_SECS))
        // So that a page can read the rate-limit headers of `--rate-limit`.
        .expose_headers(rate_limit::EXPOSED);
    if origins.is_empty() {
        layer.allow_origin(Any)
    } else {
        let list: Vec<HeaderValue> =
            origins.iter().filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()).collect();
        layer.allow_origin(AllowOrigin::list(list))
    }
}

/// The Content-Security-Policy of the static web app's pages and files (`--static`): its own
/// scripts (no inline script, no eval), the wasm compile (`'wasm-unsafe-eval'`), workers and
/// requests to this origin only, no inline style, no plugin, no `<base>`, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; \
connect-src 'self'; img-src 'self' data: https:; style-src 'self'; object-src 'none'; base-uri 'none'; \
frame-ancestors 'none'";

/// [`CSP`], with the emulator's own http origin added to `img-src` (the seeded avatars are absolute
/// URLs on it, which a page opened as `localhost` rather than `127.0.0.1` would see as another
/// origin); an https base is covered by `https:` already.
pub fn content_security_policy(public_base: &str) -> String {
    match url::Url::parse(public_base) {
        Ok(u) if u.scheme() == "http" => CSP.replacen(
            "img-src 'self' data: https:",
            &format!("img-src 'self' data: https: {}", u.origin().ascii_serialization()),
            1,
        ),
        _ => CSP.to_string(),
    }
}

pub fn build(state: SharedState, opts: &RouteOptions) -> Router {
    let client = client_api::router(state.clone());
    let admin = admin_api::router(state.clone());
    let api = tower::service_fn(move |req: Request| {
        let (c, a) = (client.clone(), admin.clone());
        async move { Ok::<_, Infallible>(dispatch(c, a, req).await) }
    });
    let mut api = Router::new().fallback_service(api);
    if let Some(limiter) = &opts.rate_limit {
        api = api.layer(middleware::from_fn_with_state(limiter.clone(), rate_limit::limit));
    }
    let api = api.layer(middleware::from_fn(no_store));

    let mut app = Router::new()
        .nest_service("/v3.0", api.clone())
        .nest_service("/v3", api)
        .route("/avatars/{file}", get(avatar::serve))
        .merge(health::router());
    if let Some(rec) = &opts.recorder {
        app = app.merge(requests_log::router(rec.clone())).merge(hooks::router(state.hub.clone()));
    }
    app = match &opts.static_dir {
        Some(dir) => {
            // Unknown app routes (`/profile`) get index.html, as a single-page app expects; a
            // missing file (`/assets/x.js`) gets a 404 rather than HTML posing as a script.
            let index = tower_http::services::ServeFile::new(dir.join("index.html"));
            let spa = tower::service_fn(move |req: Request| {
                let index = index.clone();
                async move {
                    let file_like = req.uri().path().rsplit('/').next().is_some_and(|last| last.contains('.'));
                    if file_like {
                        return Ok::<_, Infallible>(not_found(req).await);
                    }
                    Ok(index.oneshot(req).await.map(IntoResponse::into_response).unwrap_or_else(|e| match e {}))
                }
            });
            let csp = HeaderValue::from_str(&content_security_policy(&state.public_base))
                .unwrap_or(HeaderValue::from_static(CSP));
            let files = tower_http::services::ServeDir::new(dir).fallback(spa).map_response(move |mut res| {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp.clone());
                res
            });
            app.fallback_service(files)
        }
        None => app.fallback(not_found),
    };
    let mut app =
        app.with_state(state.clone()).layer(CatchPanicLayer::custom(panic_response)).layer(cors(&opts.cors_origins));
    if opts.demo {
        // Merged after the CORS layer so that /demo/* never carries CORS headers.
        app = app.merge(demo::router(state.clone()).layer(CatchPanicLayer::custom(panic_response)));
    }
    // The socket's upgrades are taken before the REST routes, the static app and CORS (any Origin
    // may open it), inside the access log and the request log (which see the 101).
    let app = app
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), upgrade::route))
        .layer(middleware::from_fn(access_log));
    match &opts.recorder {
        // Outermost, so the log also sees what the CORS layer answers itself (preflights).
        Some(rec) => app.layer(middleware::from_fn_with_state(rec.clone(), requests_log::record)),
        None => app,
    }
}
