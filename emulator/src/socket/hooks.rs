//! Test routes (only with `--record-requests`, like `/__emulator/requests`):
//! `GET /__emulator/sockets` lists the open sockets (never a credential) and
//! `POST /__emulator/sockets/close {"uid"?, "code"?}` closes some, as a server drop would
//! (the grace period applies), so client tests can see a reconnection.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::hub::{Close, Hub, Target};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::validate;

pub fn router<S: Clone + Send + Sync + 'static>(hub: Arc<Hub>) -> Router<S> {
    Router::new()
        .route("/__emulator/sockets", get(list))
        .route("/__emulator/sockets/close", post(close))
        .with_state(hub)
}

async fn list(State(hub): State<Arc<Hub>>) -> Json<Value> {
    Json(json!({ "data": hub.list() }))
}

/// `uid`: that user's sockets (default: every socket, authenticated or not); `code`: 1000 or
/// 3000–4999 (default 4000) → `{"data":{"closed": N}}`.
async fn close(State(hub): State<Arc<Hub>>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let target = match body.get("uid") {
        None | Some(Value::Null) => Target::All,
        Some(v) => Target::Uid(validate::uid_value(v).map_err(|r| ApiError::invalid_field("uid", r))?),
    };
    let code = match body.get("code") {
        None | Some(Value::Null) => 4000,
        Some(v) => v
            .as_u64()
            .filter(|&c| c == 1000 || (3000..=4999).contains(&c))
            .ok_or_else(|| ApiError::invalid_field("code", "must be 1000 or 3000 to 4999"))? as u16,
    };
    let closed = hub.close(target, Close { code, reason: "closed by /__emulator/sockets/close" }, false).await;
    Ok(Json(json!({ "data": { "closed": closed } })))
}
