//! The client REST API (header `authToken`), as the official SDK and cometchat-wasm speak it.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::auth::ClientAuth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, RawQuery};
use crate::fields::{self, Editor};
use crate::lists;
use crate::model::{json_response, success, DataEnvelope, SuccessMessage, UserOut, UserRow};
use crate::settings;
use crate::state::SharedState;
use crate::store::{blocks, jwts, tokens, users};
use crate::validate;
use axum::response::Response;

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/me", put(put_me).get(get_me).delete(delete_me))
        .route("/users", get(list_users))
        .route("/users/{uid}", get(get_user))
        .route("/blockedusers", get(list_blocked).post(block).delete(unblock))
        .route("/user_sessions", post(user_sessions))
        .route("/settings", get(get_settings))
        .with_state(state)
}

/// The body of `PUT me` is a login / device registration when it carries any of these.
const LOGIN_KEYS: [&str; 3] = ["platform", "deviceId", "appInfo"];

/// `me` with its credentials: `authToken` always, `jwt` (the socket's credential) on login and
/// `GET me`, `settings` on login.
#[derive(Serialize)]
struct Me<'a> {
    #[serde(flatten)]
    user: UserOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jwt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<Value>,
}

fn me_response(user: &UserRow, token: &str, jwt: Option<&str>, settings: Option<Value>) -> Response {
    json_response(&DataEnvelope { data: Me { user: user.out(true, Some(token)), jwt, settings } })
}

/// The settings for this request: the emulator's address as the client reached it.
fn settings_for(st: &SharedState, headers: &HeaderMap) -> Value {
    settings::for_request(headers.get(header::HOST).and_then(|v| v.to_str().ok()), &st.public_base)
}

/// `GET settings` → `{"data": settings}` (the SDK fetches them when login brought none).
async fn get_settings(_auth: ClientAuth, State(st): State<SharedState>, headers: HeaderMap) -> Json<Value> {
    Json(json!({ "data": settings_for(&st, &headers) }))
}

/// Login (a body with device info) or a profile update. A login no longer sets the status: a
/// user is online while they have an authenticated socket (wire-protocol Part A, "Presence").
async fn put_me(
    auth: ClientAuth,
    State(st): State<SharedState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let uid = auth.uid.clone();
    let token = auth.token.clone();
    if LOGIN_KEYS.iter().any(|k| body.contains_key(*k)) {
        let info = fields::token_info(&body)?;
        let (user, jwt) = st
            .db
            .write(move |tx| {
                tokens::update(tx, &uid, &token, &info)?;
                let jwt = jwts::issue(tx, &token)?.ok_or(ApiError::AuthTokenNotFound)?;
                Ok((users::require(tx, &uid, Some(&uid))?, jwt))
            })
            .await?;
        return Ok(me_response(&user, &auth.token, Some(&jwt), Some(settings_for(&st, &headers))));
    }
    let user = {
        // Profile update: only self-editable fields; uid/role/status/… in the body are ignored.
        let patch = fields::patch(&body, Editor::SelfService)?;
        st.db
            .write(move |tx| {
                users::update(tx, &uid, &patch)?;
                users::require(tx, &uid, Some(&uid))
            })
            .await?
    };
    Ok(me_response(&user, &auth.token, None, None))
}

/// `GET me`, also the SDK's JWT refresh: the user with the token's JWT (issued now if the token
/// never logged in).
async fn get_me(auth: ClientAuth, State(st): State<SharedState>) -> ApiResult<Response> {
    let (uid, token) = (auth.uid.clone(), auth.token.clone());
    let (user, jwt) =
        st.db.read(move |c| Ok((users::require(c, &uid, Some(&uid))?, jwts::of_token(c, &token)?))).await?;
    let jwt = match jwt {
        Some(jwt) => jwt,
        None => {
            let token = auth.token.clone();
            st.db.write(move |tx| jwts::issue(tx, &token)).await?.ok_or(ApiError::AuthTokenNotFound)?
        }
    };
    Ok(me_response(&user, &auth.token, Some(&jwt), None))
}

/// Logout: the sockets opened with this token are closed (4003) and, with no socket left, the
/// user is offline at once. The token (and its JWT) stay valid until the backend deletes it, as on
/// CometChat.
async fn delete_me(auth: ClientAuth, State(st): State<SharedState>) -> ApiResult<Json<DataEnvelope<SuccessMessage>>> {
    st.hub.logout(&auth.uid, &auth.token).await;
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
