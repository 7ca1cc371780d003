//! `GET /__emulator/health`: what a CI script or a container health check polls until the
//! emulator answers. 200 once the database answers a query, 503 if it does not; always JSON.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::error::ApiError;
use crate::state::SharedState;

pub const PATH: &str = "/__emulator/health";

/// The route, for the app's router (its state is given there).
pub fn router() -> Router<SharedState> {
    Router::new().route(PATH, get(health).fallback(method_not_allowed))
}

async fn health(State(st): State<SharedState>) -> Response {
    let db = st.db.read(|c| Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)).await;
    let body = json!({
        "status": if db.is_ok() { "ok" } else { "unavailable" },
        "appId": st.app_id,
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if db.is_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}

async fn method_not_allowed(req: Request) -> Response {
    ApiError::MethodNotAllowed { method: req.method().to_string(), path: req.uri().path().to_string() }.into_response()
}
