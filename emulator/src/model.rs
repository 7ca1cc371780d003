//! Wire shapes: the User JSON, auth tokens, list envelopes.

use serde::Serialize;
use serde_json::value::RawValue;

/// A user row as stored, plus the caller-relative block flags.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub uid: String,
    pub name: String,
    pub avatar: Option<String>,
    pub link: Option<String>,
    pub role: String,
    /// Serialized JSON object.
    pub metadata: Option<String>,
    pub status: String,
    pub status_message: Option<String>,
    pub last_active_at: Option<i64>,
    /// Serialized JSON array of strings.
    pub tags: Option<String>,
    pub deactivated_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    /// `Some((has_blocked_me, blocked_by_me))` when computed for a caller.
    pub blocks: Option<(bool, bool)>,
}

/// User JSON (camelCase). Optional fields are omitted when unset.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserOut<'a> {
    pub uid: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
    pub role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Box<RawValue>>,
    pub status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_active_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_blocked_me: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by_me: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<i64>,
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    /// Only on `PUT me` / `GET me` (and admin create with `withAuthToken`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_token: Option<&'a str>,
}

fn raw(s: &Option<String>) -> Option<Box<RawValue>> {
    s.as_ref().and_then(|s| RawValue::from_string(s.clone()).ok())
}

impl UserRow {
    /// `with_tags`: include `tags` (always on single-user responses, on lists only with `withTags`).
    pub fn out<'a>(&'a self, with_tags: bool, auth_token: Option<&'a str>) -> UserOut<'a> {
        UserOut {
            uid: &self.uid,
            name: &self.name,
            avatar: self.avatar.as_deref(),
            link: self.link.as_deref(),
            role: &self.role,
            metadata: raw(&self.metadata),
            status: &self.status,
            status_message: self.status_message.as_deref(),
            last_active_at: self.last_active_at,
            tags: if with_tags { raw(&self.tags) } else { None },
            has_blocked_me: self.blocks.map(|b| b.0),
            blocked_by_me: self.blocks.map(|b| b.1),
            deactivated_at: self.deactivated_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            auth_token,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenOut {
    pub uid: String,
    pub auth_token: String,
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_info: Option<Box<RawValue>>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Pagination {
    pub total: i64,
    pub count: i64,
    pub per_page: i64,
    pub current_page: i64,
    pub total_pages: i64,
}

impl Pagination {
    pub fn new(total: i64, count: i64, per_page: i64, current_page: i64) -> Self {
        let total_pages = if per_page > 0 { (total + per_page - 1) / per_page } else { 0 };
        Pagination { total, count, per_page, current_page, total_pages }
    }
}

#[derive(Serialize)]
pub struct Meta {
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct ListEnvelope<T: Serialize> {
    pub data: Vec<T>,
    pub meta: Meta,
}

#[derive(Serialize)]
pub struct DataEnvelope<T: Serialize> {
    pub data: T,
}

#[derive(Serialize)]
pub struct SuccessMessage {
    pub success: bool,
    pub message: String,
}

pub fn success(message: impl Into<String>) -> DataEnvelope<SuccessMessage> {
    DataEnvelope { data: SuccessMessage { success: true, message: message.into() } }
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Serializes straight to a JSON response (no intermediate `serde_json::Value`).
pub fn json_response<T: Serialize>(value: &T) -> axum::response::Response {
    use axum::response::IntoResponse;
    match serde_json::to_vec(value) {
        Ok(bytes) => ([(axum::http::header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => crate::error::ApiError::Internal(format!("serialize: {e}")).into_response(),
    }
}
