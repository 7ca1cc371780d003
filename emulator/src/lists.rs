//! Query parameters of list endpoints (Part B §6.8/§6.9 for the client, the OpenAPI file for admin).

use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::extract::RawQuery;
use crate::model::{ListEnvelope, Meta, Pagination, UserRow};
use crate::state::SharedState;
use crate::store::users;
use crate::store::blocks::Direction;
use crate::store::query::Match;
use crate::store::users::{Deactivated, SortBy, UserFilter};

pub const CLIENT_PER_PAGE_MAX: i64 = 100;
pub const ADMIN_PER_PAGE_MAX: i64 = 1000;
pub const DEFAULT_PER_PAGE: i64 = 100;
/// Items one list parameter (`roles`, `tags`, `uids`, `searchIn`) may carry: each becomes a
/// bound SQL parameter, so the count is bounded like a page.
pub const LIST_PARAM_MAX: usize = 100;

/// A comma-separated list parameter, refused (naming it) past [`LIST_PARAM_MAX`] items.
fn capped_list(q: &RawQuery, key: &str, e: &mut FieldErrors) -> Option<Vec<String>> {
    let list = q.list(key, e)?;
    if list.len() > LIST_PARAM_MAX {
        e.insert(key.into(), format!("{key} must have at most {LIST_PARAM_MAX} items").into());
        return None;
    }
    Some(list)
}

/// `per_page` (client spelling) or `perPage` (admin spelling); `0` means the default.
pub fn paging(q: &RawQuery, max: i64, e: &mut FieldErrors) -> (i64, i64) {
    let key = if q.has("perPage") { "perPage" } else { "per_page" };
    let mut per_page = q.int(key, DEFAULT_PER_PAGE, 0, max, e);
    if per_page == 0 {
        per_page = DEFAULT_PER_PAGE.min(max);
    }
    let page = q.int("page", 1, 1, i64::MAX, e);
    (page, per_page)
}

pub fn user_filter(q: &RawQuery, admin: bool) -> Result<(UserFilter, bool), ApiError> {
    let mut e = FieldErrors::new();
    let (page, per_page) = paging(q, if admin { ADMIN_PER_PAGE_MAX } else { CLIENT_PER_PAGE_MAX }, &mut e);
    // The client SDKs document a keyword "matching" users; the admin OpenAPI file says "LIKE%".
    let search_match = if admin { Match::Prefix } else { Match::Substring };
    let mut f =
        UserFilter { page, per_page, search_match, search_in_uid: true, search_in_name: true, ..Default::default() };
    f.search_key = keyword(q, &mut e);
    if let Some(list) = capped_list(q, "searchIn", &mut e) {
        if !list.is_empty() {
            f.search_in_uid = false;
            f.search_in_name = false;
            for s in list {
                match s.trim().to_ascii_lowercase().as_str() {
                    "uid" => f.search_in_uid = true,
                    "name" => f.search_in_name = true,
                    _ => {
                        e.insert("searchIn".into(), "items must be uid or name".into());
                    }
                }
            }
        }
    }
    if let Some(s) = q.string("status", &mut e) {
        match s.trim().to_ascii_lowercase().as_str() {
            "available" | "online" => f.status = Some("available".into()),
            "offline" => f.status = Some("offline".into()),
            "" => {}
            _ => {
                e.insert("status".into(), "must be available or offline".into());
            }
        }
    }
    let mut roles = capped_list(q, "roles", &mut e).unwrap_or_default();
    if let Some(r) = q.string("role", &mut e).filter(|r| !r.is_empty()) {
        roles.push(r);
    }
    f.roles = roles;
    f.tags = capped_list(q, "tags", &mut e).unwrap_or_default();
    f.uids = capped_list(q, "uids", &mut e).unwrap_or_default();
    f.hide_blocked = q.flag("hideBlockedUsers", &mut e);
    // Relative to the caller: the admin API has none, and its OpenAPI file has no such parameter.
    f.friends_only = !admin && q.flag("friendsOnly", &mut e);
    let with_tags = q.flag("withTags", &mut e);
    if let Some(s) = q.string("sortBy", &mut e) {
        match s.trim().to_ascii_lowercase().as_str() {
            "name" | "" => f.sort_by = SortBy::Name,
            "status" => f.sort_by = SortBy::Status,
            _ => {
                e.insert("sortBy".into(), "must be name or status".into());
            }
        }
    }
    if let Some(s) = q.string("sortOrder", &mut e) {
        match s.trim().to_ascii_lowercase().as_str() {
            "asc" | "" => f.desc = false,
            "desc" => f.desc = true,
            _ => {
                e.insert("sortOrder".into(), "must be asc or desc".into());
            }
        }
    }
    if admin {
        let only = q.flag("onlyDeactivated", &mut e);
        let with = q.flag("withDeactivated", &mut e);
        f.deactivated = if only {
            Deactivated::Only
        } else if with {
            Deactivated::Include
        } else {
            Deactivated::Exclude
        };
        let _count = q.flag("count", &mut e); // accepted; the total is always in meta.pagination
    }
    if e.is_empty() {
        Ok((f, with_tags))
    } else {
        Err(ApiError::invalid_fields(e))
    }
}

pub struct BlockedQuery {
    pub direction: Direction,
    pub search_key: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

pub fn blocked_query(q: &RawQuery, max: i64) -> Result<BlockedQuery, ApiError> {
    let mut e = FieldErrors::new();
    let (page, per_page) = paging(q, max, &mut e);
    let direction = match q.string("direction", &mut e).as_deref().map(str::trim) {
        None | Some("") | Some("blockedByMe") => Direction::BlockedByMe,
        Some("hasBlockedMe") => Direction::HasBlockedMe,
        Some("both") => Direction::Both,
        Some(_) => {
            e.insert("direction".into(), "must be both, blockedByMe or hasBlockedMe".into());
            Direction::BlockedByMe
        }
    };
    let search_key = keyword(q, &mut e);
    if e.is_empty() {
        Ok(BlockedQuery { direction, search_key, page, per_page })
    } else {
        Err(ApiError::invalid_fields(e))
    }
}

/// `searchKey`, trimmed; blank means no search.
fn keyword(q: &RawQuery, e: &mut FieldErrors) -> Option<String> {
    q.string("searchKey", e).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A page of a list related to one user (admin `GET users/{uid}/friends`): paging and `searchKey`.
pub struct RelatedQuery {
    pub search_key: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

pub fn related_query(q: &RawQuery, max: i64) -> Result<RelatedQuery, ApiError> {
    let mut e = FieldErrors::new();
    let (page, per_page) = paging(q, max, &mut e);
    let search_key = keyword(q, &mut e);
    if e.is_empty() {
        Ok(RelatedQuery { search_key, page, per_page })
    } else {
        Err(ApiError::invalid_fields(e))
    }
}

pub fn envelope<T: serde::Serialize>(data: Vec<T>, total: i64, page: i64, per_page: i64) -> ListEnvelope<T> {
    let count = data.len() as i64;
    ListEnvelope { data, meta: Meta { pagination: Pagination::new(total, count, per_page, page) } }
}

/// A page of the users related to `uid` (its friends, the users it blocked or who blocked it),
/// as the admin API lists them: `ERR_UID_NOT_FOUND` for an unknown uid, tags included, and
/// `meta.pagination`. `read` gives the total and the page's rows.
pub async fn related_users<F>(st: &SharedState, uid: String, page: i64, per_page: i64, read: F) -> ApiResult<Json<Value>>
where
    F: FnOnce(&Connection, &str) -> ApiResult<(i64, Vec<UserRow>)> + Send + 'static,
{
    let (total, rows) = st
        .db
        .read(move |c| {
            if !users::exists(c, &uid)? {
                return Err(ApiError::UidNotFound(uid));
            }
            read(c, &uid)
        })
        .await?;
    let data: Vec<_> = rows.iter().map(|u| u.out(true, None)).collect();
    Ok(Json(json!(envelope(data, total, page, per_page))))
}
