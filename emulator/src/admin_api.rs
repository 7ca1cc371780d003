//! The admin REST API (header `apiKey`), following CometChat's published OpenAPI file
//! (a copy is in `emulator/contract/cometchat-users-admin.openapi.json`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{header, AdminAuth};
use crate::client_api::{block_many, path_uid};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, RawQuery};
use crate::fields::{self, Editor};
use crate::friends_api;
use crate::lists;
use crate::model::success;
use crate::socket::hub::{self, Target};
use crate::state::SharedState;
use crate::store::{blocks, tokens, users};
use crate::validate;

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/users", post(create_user).get(list_users).put(reactivate).delete(deactivate))
        .route("/users/{uid}", get(get_user).put(update_user).delete(delete_user))
        .route("/users/{uid}/auth_tokens", post(create_token).get(list_tokens).delete(flush_tokens))
        .route("/users/{uid}/auth_tokens/{token}", get(get_token).put(update_token).delete(delete_token))
        .route("/users/{uid}/blockedusers", post(block).get(list_blocked).delete(unblock))
        .with_state(state.clone())
        .merge(friends_api::router(state))
}

/// A token in a path: opaque, but bounded.
fn path_token(raw: &str) -> ApiResult<String> {
    if raw.is_empty() || raw.chars().count() > 300 {
        return Err(ApiError::invalid_field("authToken", "must be 1 to 300 characters"));
    }
    Ok(raw.to_string())
}

async fn create_user(_: AdminAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let (new, with_token) = fields::new_user(&body)?;
    let (user, token) = st
        .db
        .write(move |tx| {
            users::insert(tx, &new)?;
            let token =
                if with_token { Some(tokens::create(tx, &new.uid, &tokens::TokenInfo::default())?) } else { None };
            Ok((users::require(tx, &new.uid, None)?, token))
        })
        .await?;
    let token = token.map(|t| t.auth_token);
    Ok(Json(json!({ "data": user.out(true, token.as_deref()) })))
}

async fn list_users(_: AdminAuth, State(st): State<SharedState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let (filter, with_tags) = lists::user_filter(&q, true)?;
    let (page, per_page) = (filter.page, filter.per_page);
    let (total, rows) = st.db.read(move |c| users::list(c, &filter, None)).await?;
    let data: Vec<_> = rows.iter().map(|u| u.out(with_tags, None)).collect();
    Ok(Json(json!(lists::envelope(data, total, page, per_page))))
}

/// `onBehalfOf` (optional header): compute hasBlockedMe / blockedByMe relative to that uid.
fn on_behalf_of(headers: &HeaderMap) -> ApiResult<Option<String>> {
    match header(headers, "onbehalfof") {
        None => Ok(None),
        Some(raw) => validate::uid(raw).map(Some).map_err(|r| ApiError::invalid_field("onBehalfOf", r)),
    }
}

async fn get_user(
    _: AdminAuth,
    State(st): State<SharedState>,
    headers: HeaderMap,
    PathParams(raw): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let caller = on_behalf_of(&headers)?;
    let user = st.db.read(move |c| users::require(c, &uid, caller.as_deref())).await?;
    Ok(Json(json!({ "data": user.out(true, None) })))
}

async fn update_user(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let patch = fields::patch(&body, Editor::Admin)?;
    let user = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            users::update(tx, &uid, &patch)?;
            users::require(tx, &uid, None)
        })
        .await?;
    Ok(Json(json!({ "data": user.out(true, None) })))
}

/// Always a hard delete (with its tokens and blocks); `permanent` is accepted and validated.
async fn delete_user(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    fields::opt_bool(&body, "permanent")?;
    let u = uid.clone();
    let deleted = st.db.write(move |tx| users::delete(tx, &u)).await?;
    if !deleted {
        return Err(ApiError::UidNotFound(uid));
    }
    st.hub.close(Target::Uid(uid.clone()), hub::USER_DELETED, true).await;
    Ok(Json(json!(success(format!("User with {uid} has been deleted successfully.")))))
}

/// `DELETE /users {"uidsToDeactivate":[…]}` → `{"deactivatedUids":[…]}` (unknown uids are skipped).
async fn deactivate(_: AdminAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let uids = fields::uid_list(&body, "uidsToDeactivate")?;
    let done = st.db.write(move |tx| users::deactivate(tx, &uids)).await?;
    for uid in &done {
        st.hub.close(Target::Uid(uid.clone()), hub::USER_DEACTIVATED, true).await;
    }
    Ok(Json(json!({ "data": { "deactivatedUids": done } })))
}

/// `PUT /users {"uidsToActivate":[…]}` → `{"reactivatedUids":[…]}`. The published response sample
/// names the key `nonDeactivatedUids`; both keys are sent, with the same list.
async fn reactivate(_: AdminAuth, State(st): State<SharedState>, JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let uids = fields::uid_list(&body, "uidsToActivate")?;
    let done = st.db.write(move |tx| users::reactivate(tx, &uids)).await?;
    Ok(Json(json!({ "data": { "reactivatedUids": done, "nonDeactivatedUids": done } })))
}

// ------------------------------------------------------------------ auth tokens

/// Returns the user's latest token, or a new one when there is none or `force` is true.
/// The official SDK's `login(uid, authKey)` posts its device info here; it is stored on the token.
async fn create_token(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let force = fields::opt_bool(&body, "force")?;
    let info = fields::token_info(&body)?;
    let token = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            if !force {
                if let Some(t) = tokens::latest(tx, &uid)? {
                    return Ok(t);
                }
            }
            tokens::create(tx, &uid, &info)
        })
        .await?;
    Ok(Json(json!({ "data": token })))
}

async fn list_tokens(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    q: RawQuery,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let mut e = crate::error::FieldErrors::new();
    let (page, per_page) = lists::paging(&q, lists::ADMIN_PER_PAGE_MAX, &mut e);
    if !e.is_empty() {
        return Err(ApiError::invalid_fields(e));
    }
    let (total, rows) = st
        .db
        .read(move |c| {
            if !users::exists(c, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            tokens::list(c, &uid, page, per_page)
        })
        .await?;
    Ok(Json(json!(lists::envelope(rows, total, page, per_page))))
}

async fn flush_tokens(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let u = uid.clone();
    st.db
        .write(move |tx| {
            if !users::exists(tx, &u)? {
                return Err(ApiError::UidNotFound(u));
            }
            tokens::flush(tx, &u)
        })
        .await?;
    st.hub.close(Target::Uid(uid.clone()), hub::TOKEN_REVOKED, true).await;
    Ok(Json(json!(success(format!("Cleared Auth Tokens successfully for uid {uid}.")))))
}

fn token_params(raw: (String, String)) -> ApiResult<(String, String)> {
    Ok((path_uid(&raw.0)?, path_token(&raw.1)?))
}

async fn get_token(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<(String, String)>,
) -> ApiResult<Json<Value>> {
    let (uid, token) = token_params(raw)?;
    let t = st
        .db
        .read(move |c| {
            if !users::exists(c, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            tokens::get(c, &uid, &token)?.ok_or(ApiError::AdminAuthTokenNotFound(uid))
        })
        .await?;
    Ok(Json(json!({ "data": t })))
}

async fn update_token(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (uid, token) = token_params(raw)?;
    let info = fields::token_info(&body)?;
    let t = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            if !tokens::update(tx, &uid, &token, &info)? {
                return Err(ApiError::AdminAuthTokenNotFound(uid));
            }
            tokens::get(tx, &uid, &token)?.ok_or(ApiError::AdminAuthTokenNotFound(uid))
        })
        .await?;
    Ok(Json(json!({ "data": t })))
}

async fn delete_token(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<(String, String)>,
) -> ApiResult<Json<Value>> {
    let (uid, token) = token_params(raw)?;
    let u = uid.clone();
    let token = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &u)? {
                return Err(ApiError::UidNotFound(u));
            }
            if !tokens::delete(tx, &u, &token)? {
                return Err(ApiError::AdminAuthTokenNotFound(u));
            }
            Ok(token)
        })
        .await?;
    st.hub.close(Target::Token(token), hub::TOKEN_REVOKED, true).await;
    // The published sample answers "User with … has been deleted" here (a copy-paste slip); the
    // emulator says what happened.
    Ok(Json(json!(success(format!("The auth token of the user with UID {uid} has been deleted successfully.")))))
}

// ------------------------------------------------------------------ blocked users

async fn block(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    set_blocked(&st, &raw, &body, true).await
}

async fn unblock(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    set_blocked(&st, &raw, &body, false).await
}

/// Block or unblock `blockedUids` on behalf of the uid in the path.
async fn set_blocked(
    st: &SharedState,
    raw: &str,
    body: &serde_json::Map<String, Value>,
    block: bool,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(raw)?;
    let uids = fields::uid_list(body, "blockedUids")?;
    Ok(Json(json!({ "data": block_many(st, uid, uids, block).await? })))
}

async fn list_blocked(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    q: RawQuery,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let bq = lists::blocked_query(&q, lists::ADMIN_PER_PAGE_MAX)?;
    let (page, per_page) = (bq.page, bq.per_page);
    lists::related_users(&st, uid, page, per_page, move |c, uid| {
        blocks::list(c, uid, bq.direction, bq.search_key.as_deref(), bq.page, bq.per_page)
    })
    .await
}
