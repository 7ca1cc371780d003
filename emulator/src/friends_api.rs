//! The admin friends routes, `POST/GET/DELETE /users/{uid}/friends`, as CometChat's REST reference
//! documents them. Friendship is mutual; every uid of a body gets its own result, so an unknown
//! uid fails alone and the call as a whole succeeds.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::auth::AdminAuth;
use crate::client_api::path_uid;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, PathParams, RawQuery};
use crate::fields;
use crate::lists;
use crate::state::SharedState;
use crate::store::{friends, users};

/// CometChat: "Maximum of 25 users can be passed in the accepted array."
pub const FRIENDS_PER_CALL: usize = 25;

pub fn router(state: SharedState) -> Router {
    Router::new().route("/users/{uid}/friends", post(add).get(list).delete(remove)).with_state(state)
}

fn done(message: String) -> Value {
    json!({ "success": true, "message": message })
}

fn failed(code: &str, message: String) -> Value {
    json!({ "success": false, "code": code, "message": message })
}

/// `{"accepted":[uids], "addToConversations"?}` → `{"data":{"accepted":{"<uid>":{success, …}}}}`.
async fn add(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let others = fields::uid_list_max(&body, "accepted", FRIENDS_PER_CALL)?;
    fields::opt_bool(&body, "addToConversations")?; // accepted; the emulator has no conversations
    let accepted = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            let mut out = Map::new();
            for other in others {
                let entry = if other == uid {
                    failed("ERR_CANNOT_FORM_SELF_RELATION", "A user cannot be their own friend.".into())
                } else if !users::exists(tx, &other)? {
                    failed("ERR_UID_NOT_FOUND", ApiError::UidNotFound(other.clone()).to_string())
                } else if friends::add(tx, &uid, &other)? {
                    done("Created relationship with status accepted.".into())
                } else {
                    failed("ERR_ALREADY_FRIEND", format!("The users {uid} and {other} are already friends."))
                };
                out.insert(other, entry);
            }
            Ok(out)
        })
        .await?;
    Ok(Json(json!({ "data": { "accepted": accepted } })))
}

/// `{"friends":[uids]}` → `{"data":{"success":true,"message",…,"friends":{"<uid>":{success, …}}}}`.
/// CometChat's published answer is only the success message; the per-uid map is the emulator's.
async fn remove(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let others = fields::uid_list_max(&body, "friends", FRIENDS_PER_CALL)?;
    let results = st
        .db
        .write(move |tx| {
            if !users::exists(tx, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            let mut out = Map::new();
            for other in others {
                let entry = if !users::exists(tx, &other)? {
                    failed("ERR_UID_NOT_FOUND", ApiError::UidNotFound(other.clone()).to_string())
                } else if friends::remove(tx, &uid, &other)? {
                    done(format!("The users {uid} and {other} are no longer friends."))
                } else {
                    failed("ERR_NOT_A_FRIEND", format!("The users {uid} and {other} are not friends."))
                };
                out.insert(other, entry);
            }
            Ok(out)
        })
        .await?;
    Ok(Json(json!({ "data": {
        "success": true,
        "message": "Deleted the friend relations successfully.",
        "friends": results,
    } })))
}

/// A page of the user's friends (`perPage`/`per_page`, `page`, `searchKey`), each with the block
/// flags relative to that user.
async fn list(
    _: AdminAuth,
    State(st): State<SharedState>,
    PathParams(raw): PathParams<String>,
    q: RawQuery,
) -> ApiResult<Json<Value>> {
    let uid = path_uid(&raw)?;
    let rq = lists::related_query(&q, lists::ADMIN_PER_PAGE_MAX)?;
    let (page, per_page) = (rq.page, rq.per_page);
    lists::related_users(&st, uid, page, per_page, move |c, uid| {
        friends::list(c, uid, rq.search_key.as_deref(), rq.page, rq.per_page)
    })
    .await
}
