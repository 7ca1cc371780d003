//! Turning request bodies into validated patches / new users, collecting every bad field.

use serde_json::{Map, Value};

use crate::error::{ApiError, FieldErrors};
use crate::store::tokens::TokenInfo;
use crate::store::users::{NewUser, UserPatch};
use crate::validate;

fn put<T>(errors: &mut FieldErrors, field: &str, r: Result<T, String>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.insert(field.to_string(), Value::String(e));
            None
        }
    }
}

/// Which fields a body may change.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    /// `PUT me`: name, avatar, link, metadata, statusMessage, tags. Everything else is ignored
    /// (the official SDK sends uid, role, status, hasBlockedMe, … on every update).
    SelfService,
    /// Admin `PUT users/{uid}`: the above plus role, and `unset`.
    Admin,
}

/// Parses the editable fields of `body`.
///
/// `null` clears avatar, link, metadata, statusMessage and tags (like admin `unset`); an empty
/// statusMessage also clears it. `name: null` is an error (a user always has a name).
pub fn patch(body: &Map<String, Value>, editor: Editor) -> Result<UserPatch, ApiError> {
    let mut e = FieldErrors::new();
    let mut p = UserPatch::default();
    if let Some(v) = body.get("name") {
        p.name = put(&mut e, "name", validate::name(v));
    }
    // `null` clears a field on `PUT me`; the admin API clears with `unset` and refuses `null`.
    let null_clears = editor == Editor::SelfService;
    let clearable =
        |e: &mut FieldErrors, field: &str, f: &dyn Fn(&Value) -> Result<String, String>| -> Option<Option<String>> {
            match body.get(field) {
                None => None,
                Some(Value::Null) if null_clears => Some(None),
                Some(Value::Null) => {
                    e.insert(field.to_string(), "must not be null (use unset to remove it)".into());
                    None
                }
                Some(v) => put(e, field, f(v)).map(Some),
            }
        };
    p.avatar = clearable(&mut e, "avatar", &|v| validate::url("avatar", v));
    p.link = clearable(&mut e, "link", &|v| validate::url("link", v));
    p.metadata = clearable(&mut e, "metadata", &validate::metadata);
    p.status_message =
        clearable(&mut e, "statusMessage", &validate::status_message).map(|o| o.filter(|s| !s.is_empty()));
    p.tags = match body.get("tags") {
        None => None,
        Some(Value::Null) if null_clears => Some(None),
        Some(Value::Null) => {
            e.insert("tags".into(), "must not be null (use unset to remove it)".into());
            None
        }
        Some(v) => {
            put(&mut e, "tags", validate::tags(v))
                .map(|t| if t.is_empty() { None } else { serde_json::to_string(&t).ok() })
        }
    };
    if editor == Editor::Admin {
        if let Some(v) = body.get("role") {
            p.role = put(&mut e, "role", validate::role(v));
        }
        if let Some(v) = body.get("unset") {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    for item in items {
                        match item.as_str() {
                            Some("avatar") if p.avatar.as_ref().is_some_and(|a| a.is_some()) => {
                                e.insert("unset".into(), "avatar is both set and unset".into());
                            }
                            Some("link") if p.link.as_ref().is_some_and(|a| a.is_some()) => {
                                e.insert("unset".into(), "link is both set and unset".into());
                            }
                            Some("metadata") if p.metadata.as_ref().is_some_and(|a| a.is_some()) => {
                                e.insert("unset".into(), "metadata is both set and unset".into());
                            }
                            Some("avatar") => p.avatar = Some(None),
                            Some("link") => p.link = Some(None),
                            Some("metadata") => p.metadata = Some(None),
                            // Beyond the published enum (avatar, link, metadata): also statusMessage and tags.
                            Some("statusMessage") => p.status_message = Some(None),
                            Some("tags") => p.tags = Some(None),
                            _ => {
                                e.insert(
                                    "unset".into(),
                                    "items must be among avatar, link, metadata, statusMessage, tags".into(),
                                );
                            }
                        }
                    }
                }
                _ => {
                    e.insert("unset".into(), "must be an array".into());
                }
            }
        }
    }
    if let Some(Value::Null) = body.get("name") {
        e.insert("name".into(), "name cannot be removed".into());
    }
    if e.is_empty() {
        Ok(p)
    } else {
        Err(ApiError::invalid_fields(e))
    }
}

/// Admin create: uid and name required, the rest optional; `null` is refused like any wrong type.
pub fn new_user(body: &Map<String, Value>) -> Result<(NewUser, bool), ApiError> {
    let mut e = FieldErrors::new();
    let uid = match body.get("uid") {
        None | Some(Value::Null) => {
            e.insert("uid".into(), "uid is required".into());
            None
        }
        Some(v) => put(&mut e, "uid", validate::uid_value(v)),
    };
    let name = match body.get("name") {
        None | Some(Value::Null) => {
            e.insert("name".into(), "name is required".into());
            None
        }
        Some(v) => put(&mut e, "name", validate::name(v)),
    };
    let get = |k: &str| body.get(k);
    let avatar = get("avatar").and_then(|v| put(&mut e, "avatar", validate::url("avatar", v)));
    let link = get("link").and_then(|v| put(&mut e, "link", validate::url("link", v)));
    let role = get("role").and_then(|v| put(&mut e, "role", validate::role(v)));
    let metadata = get("metadata").and_then(|v| put(&mut e, "metadata", validate::metadata(v)));
    let status_message = get("statusMessage")
        .and_then(|v| put(&mut e, "statusMessage", validate::status_message(v)))
        .filter(|s| !s.is_empty());
    let tags = get("tags")
        .and_then(|v| put(&mut e, "tags", validate::tags(v)))
        .filter(|t| !t.is_empty())
        .and_then(|t| serde_json::to_string(&t).ok());
    let with_token =
        get("withAuthToken").and_then(|v| put(&mut e, "withAuthToken", validate::boolean(v))).unwrap_or(false);
    match (uid, name) {
        (Some(uid), Some(name)) if e.is_empty() => {
            Ok((NewUser { uid, name, avatar, link, role, metadata, status_message, tags, status: None }, with_token))
        }
        _ => Err(ApiError::invalid_fields(e)),
    }
}

/// Device information from a login body (`platform`, `deviceId`, `appInfo{userAgent,…}`) or from an
/// admin token update (`platform`, `userAgent`, `appInfo`).
pub fn token_info(body: &Map<String, Value>) -> Result<TokenInfo, ApiError> {
    let mut e = FieldErrors::new();
    let get = |k: &str| body.get(k);
    let platform = get("platform").and_then(|v| put(&mut e, "platform", validate::short_string("platform", v, 100)));
    let device_id = get("deviceId").and_then(|v| put(&mut e, "deviceId", validate::short_string("deviceId", v, 300)));
    let mut user_agent =
        get("userAgent").and_then(|v| put(&mut e, "userAgent", validate::short_string("userAgent", v, 1000)));
    let app_info = match get("appInfo") {
        None => None,
        Some(Value::Object(m)) => {
            if user_agent.is_none() {
                user_agent = m.get("userAgent").and_then(Value::as_str).map(|s| s.chars().take(1000).collect());
            }
            serde_json::to_string(m).ok()
        }
        Some(_) => {
            e.insert("appInfo".into(), "appInfo must be a JSON object".into());
            None
        }
    };
    if e.is_empty() {
        Ok(TokenInfo { platform, device_id, user_agent, app_info })
    } else {
        Err(ApiError::invalid_fields(e))
    }
}

/// A required list of uids under `field`.
pub fn uid_list(body: &Map<String, Value>, field: &str) -> Result<Vec<String>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Err(ApiError::invalid_field(field, format!("{field} is required"))),
        Some(v) => validate::uid_list(v).map_err(|r| ApiError::invalid_field(field, r)),
    }
}

/// A required list of uids under `field`, of at most `max` (after de-duplication).
pub fn uid_list_max(body: &Map<String, Value>, field: &str, max: usize) -> Result<Vec<String>, ApiError> {
    let uids = uid_list(body, field)?;
    if uids.len() > max {
        return Err(ApiError::invalid_field(field, format!("must contain at most {max} uids")));
    }
    Ok(uids)
}

/// An optional boolean field (`null` is not a boolean).
pub fn opt_bool(body: &Map<String, Value>, field: &str) -> Result<bool, ApiError> {
    match body.get(field) {
        None => Ok(false),
        Some(v) => validate::boolean(v).map_err(|r| ApiError::invalid_field(field, r)),
    }
}
