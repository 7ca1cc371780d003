//! The `auth_tokens` table: tokens shaped like CometChat's, with the device info of a login.

use rusqlite::{params, Connection, OptionalExtension};

use super::query::offset;
use crate::error::{ApiError, ApiResult};
use crate::model::{now, TokenOut};

/// Whose a client token is, and whether that user can still use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOwner {
    Active(String),
    Deactivated(String),
    /// The token belonged to a user that was deleted since (a tombstone in `deleted_tokens`).
    Deleted(String),
}

/// Resolves a token to its user; `None` for a token never issued or revoked.
pub fn owner(conn: &Connection, token: &str) -> ApiResult<Option<TokenOwner>> {
    let live: Option<(String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT u.uid, u.deactivated_at FROM auth_tokens t JOIN users u ON u.uid = t.uid WHERE t.token = ?1",
        )?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((uid, deactivated_at)) = live {
        return Ok(Some(if deactivated_at.is_some() { TokenOwner::Deactivated(uid) } else { TokenOwner::Active(uid) }));
    }
    let gone: Option<String> = conn
        .prepare_cached("SELECT uid FROM deleted_tokens WHERE token = ?1")?
        .query_row([token], |r| r.get(0))
        .optional()?;
    Ok(gone.map(TokenOwner::Deleted))
}

fn new_token_string(uid: &str) -> String {
    let bytes: [u8; 20] = rand::random();
    let mut s = String::with_capacity(uid.len() + 1 + 10 + 40);
    s.push_str(uid);
    s.push('_');
    // Like CometChat's: <uid>_<unix seconds><random hex>.
    s.push_str(&now().to_string());
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[derive(Debug, Clone, Default)]
pub struct TokenInfo {
    pub platform: Option<String>,
    pub device_id: Option<String>,
    pub user_agent: Option<String>,
    /// Serialized JSON object.
    pub app_info: Option<String>,
}

const TOKEN_COLS: &str = "uid, token, created_at, updated_at, platform, user_agent, app_info";

fn token_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenOut> {
    let app_info: Option<String> = r.get(6)?;
    Ok(TokenOut {
        uid: r.get(0)?,
        auth_token: r.get(1)?,
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        platform: r.get(4)?,
        user_agent: r.get(5)?,
        app_info: app_info.and_then(|s| serde_json::value::RawValue::from_string(s).ok()),
    })
}

pub fn create(conn: &Connection, uid: &str, info: &TokenInfo) -> ApiResult<TokenOut> {
    let token = new_token_string(uid);
    conn.prepare_cached(
        "INSERT INTO auth_tokens (token, uid, created_at, platform, device_id, user_agent, app_info) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![token, uid, now(), info.platform, info.device_id, info.user_agent, info.app_info])?;
    get(conn, uid, &token)?.ok_or_else(|| ApiError::Internal("token vanished".into()))
}

/// Stores a token chosen by the caller (a `--seed` fixture's) for `uid`; false when that token
/// string already belongs to another user. Already `uid`'s: true, unchanged.
pub fn insert_given(conn: &Connection, uid: &str, token: &str) -> ApiResult<bool> {
    conn.prepare_cached("INSERT OR IGNORE INTO auth_tokens (token, uid, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![token, uid, now()])?;
    let owner: Option<String> = conn
        .prepare_cached("SELECT uid FROM auth_tokens WHERE token = ?1")?
        .query_row([token], |r| r.get(0))
        .optional()?;
    Ok(owner.as_deref() == Some(uid))
}

pub fn latest(conn: &Connection, uid: &str) -> ApiResult<Option<TokenOut>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLS} FROM auth_tokens WHERE uid = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1"
        ))?
        .query_row([uid], token_from_row)
        .optional()?)
}

pub fn get(conn: &Connection, uid: &str, token: &str) -> ApiResult<Option<TokenOut>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TOKEN_COLS} FROM auth_tokens WHERE uid = ?1 AND token = ?2"))?
        .query_row([uid, token], token_from_row)
        .optional()?)
}

pub fn list(conn: &Connection, uid: &str, page: i64, per_page: i64) -> ApiResult<(i64, Vec<TokenOut>)> {
    let total: i64 =
        conn.prepare_cached("SELECT COUNT(*) FROM auth_tokens WHERE uid = ?1")?.query_row([uid], |r| r.get(0))?;
    let Some(off) = offset(page, per_page) else { return Ok((total, Vec::new())) };
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLS} FROM auth_tokens WHERE uid = ?1 ORDER BY created_at ASC, rowid ASC LIMIT ?2 OFFSET ?3"
        ))?
        .query_map(params![uid, per_page, off], token_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((total, rows))
}

/// Updates device info of a token (only the given fields); false when the token is not there.
pub fn update(conn: &Connection, uid: &str, token: &str, info: &TokenInfo) -> ApiResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE auth_tokens SET platform = COALESCE(?3, platform), device_id = COALESCE(?4, device_id),
             user_agent = COALESCE(?5, user_agent), app_info = COALESCE(?6, app_info), updated_at = ?7
             WHERE uid = ?1 AND token = ?2",
        )?
        .execute(params![uid, token, info.platform, info.device_id, info.user_agent, info.app_info, now()])?;
    Ok(n > 0)
}

pub fn delete(conn: &Connection, uid: &str, token: &str) -> ApiResult<bool> {
    Ok(conn.prepare_cached("DELETE FROM auth_tokens WHERE uid = ?1 AND token = ?2")?.execute([uid, token])? > 0)
}

pub fn flush(conn: &Connection, uid: &str) -> ApiResult<usize> {
    Ok(conn.prepare_cached("DELETE FROM auth_tokens WHERE uid = ?1")?.execute([uid])?)
}
