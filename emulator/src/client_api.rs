//! The client REST API (header `authToken`), as the official SDK and cometchat-wasm speak it.

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::auth::ClientAuth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, RawQuery};
use crate::fields::{self, Editor};
use crate::lists;
use crate::model::{json_response, success, DataEnvelope, SuccessMessage, UserRow};
use crate::state::SharedState;
use crate::store::{blocks, tokens, users};
use crate::validate;
use axum::response::Response;

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/me", put(put_me).get(get_me).delete(delete_me))
        .route("/users", get(list_users))
        .route("/users/{uid}", get(get_user))
        .route("/blockedusers", get(list_blocked).post(block).delete(unblock))
        .route("/user_sessions", post(user_sessions))
        .with_state(state)
}

/// The body of `PUT me` is a login / device registration when it carries any of these.
const LOGIN_KEYS: [&str; 3] = ["platform", "deviceId", "appInfo"];

fn me_response(user: &UserRow, token: &str) -> Response {
    json_response(&DataEnvelope { data: user.out(true, Some(token)) })
}

async fn put_me(auth: ClientAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Response> {
    let uid = auth.uid.clone();
    let token = auth.token.clone();
    let user = if LOGIN_KEYS.iter().any(|k| body.contains_key(*k)) {
        let info = fields::token_info(&body)?;
        st.db
            .write(move |tx| {
                tokens::update(tx, &uid, &token, &info)?;
                users::set_status(tx, &uid, "available")?;
                users::require(tx, &uid, Some(&uid))
            })
            .await?
    } else {
        // Profile update: only self-editable fields; uid/role/status/… in the body are ignored.
        let patch = fields::patch(&body, Editor::SelfService)?;
        st.db
            .write(move |tx| {
                users::update(tx, &uid, &patch)?;
                users::require(tx, &uid, Some(&uid))
            })
            .await?
    };
    Ok(me_response(&user, &auth.token))
}

async fn get_me(auth: ClientAuth, State(st): State<SharedState>) -> ApiResult<Response> {
    let uid = auth.uid.clone();
    let user = st.db.read(move |c| users::require(c, &uid, Some(&uid))).await?;
    Ok(me_response(&user, &auth.token))
}

/// Logout: status `offline`. The token stays valid until the backend deletes it, as on CometChat.
async fn delete_me(auth: ClientAuth, State(st): State<SharedState>) -> ApiResult<Json<DataEnvelope<SuccessMessage>>> {
    let uid = auth.uid.clone();
    st.db.write(move |tx| users::set_status(tx, &uid, "offline")).await?;
    Ok(Json(success(format!("The user with UID {} has been logged out successfully.", auth.uid))))
}

pub fn path_uid(raw: &str) -> ApiResult<String> {
    validate::uid(raw).map_err(|r| ApiError::invalid_field("uid", r))
}

async fn get_user(
    auth: ClientAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
) -> ApiResult<Response> {
    let uid = path_uid(&raw)?;
    let user = st.db.read(move |c| users::require(c, &uid, Some(&auth.uid))).await?;
    Ok(json_response(&DataEnvelope { data: user.out(true, None) }))
}

async fn list_users(auth: ClientAuth, State(st): State<SharedState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let (filter, with_tags) = lists::user_filter(&q, false)?;
    let (page, per_page) = (filter.page, filter.per_page);
    let (total, rows) = st.db.read(move |c| users::list(c, &filter, Some(&auth.uid))).await?;
    let data: Vec<_> = rows.iter().map(|u| u.out(with_tags, None)).collect();
    Ok(Json(json!(lists::envelope(data, total, page, per_page))))
}

async fn list_blocked(auth: ClientAuth, State(st): State<SharedState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let bq = lists::blocked_query(&q, lists::CLIENT_PER_PAGE_MAX)?;
    let (page, per_page) = (bq.page, bq.per_page);
    let (total, rows) = st
        .db
        .read(move |c| blocks::list(c, &auth.uid, bq.direction, bq.search_key.as_deref(), bq.page, bq.per_page))
        .await?;
    let data: Vec<_> = rows.iter().map(|u| u.out(true, None)).collect();
    Ok(Json(json!(lists::envelope(data, total, page, per_page))))
}

/// Blocks (`block = true`) or unblocks each uid on behalf of `actor`, in one transaction.
/// The result maps each uid to `{success, message}` (the real per-uid shape is unverified).
pub async fn block_many(
    st: &SharedState,
    actor: String,
    uids: Vec<String>,
    block: bool,
) -> ApiResult<Map<String, Value>> {
    st.db
        .write(move |tx| {
            if !users::exists(tx, &actor)? {
                return Err(ApiError::UidNotFound(actor.clone()));
            }
            let mut out = Map::new();
            for uid in uids {
                let entry = if uid == actor {
                    json!({"success": false, "code": "ERR_BAD_REQUEST", "message": "A user cannot block or unblock themselves."})
                } else if !users::exists(tx, &uid)? {
                    json!({"success": false, "code": "ERR_UID_NOT_FOUND", "message": ApiError::UidNotFound(uid.clone()).to_string()})
                } else if block {
                    blocks::block(tx, &actor, &uid)?;
                    json!({"success": true, "message": format!("The user with UID {actor} has blocked user with UID {uid} successfully.")})
                } else {
                    blocks::unblock(tx, &actor, &uid)?;
                    json!({"success": true, "message": format!("The user with UID {actor} has unblocked user with UID {uid} successfully.")})
                };
                out.insert(uid, entry);
            }
            Ok(out)
        })
        .await
}

async fn block(auth: ClientAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let uids = fields::uid_list(&body, "blockedUids")?;
    let data = block_many(&st, auth.uid, uids, true).await?;
    Ok(Json(json!({ "data": data })))
}

async fn unblock(auth: ClientAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let uids = fields::uid_list(&body, "blockedUids")?;
    let data = block_many(&st, auth.uid, uids, false).await?;
    Ok(Json(json!({ "data": data })))
}

/// Telemetry: accepted, stored nowhere; echoes the sent `sessionId` or makes one up.
async fn user_sessions(_auth: ClientAuth, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let session_id = match body.get("sessionId") {
        Some(Value::String(s)) if !s.is_empty() && s.chars().count() <= 256 => s.clone(),
        None | Some(Value::Null) => random_hex(32),
        Some(_) => return Err(ApiError::invalid_field("sessionId", "must be a string of 1 to 256 characters")),
    };
    Ok(Json(json!({ "data": { "sessionId": session_id } })))
}

pub fn random_hex(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes * 2);
    for _ in 0..bytes {
        let b: u8 = rand::random();
        s.push_str(&format!("{b:02x}"));
    }
    s
}
