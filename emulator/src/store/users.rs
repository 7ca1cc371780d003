//! The `users` table: profiles, presence, deactivation, and the `GET users` listing.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::query::{in_list, like_pattern, offset, Match};
use crate::error::{ApiError, ApiResult};
use crate::model::{now, UserRow};

const USER_COLS: &str = "u.uid, u.name, u.avatar, u.link, u.role, u.metadata, u.status, u.status_message, \
     u.last_active_at, u.tags, u.deactivated_at, u.created_at, u.updated_at";

/// A folded `LIKE` pattern bound as the next `?` (uids are stored lower-cased already).
const UID_MATCHES: &str = "u.uid LIKE ? ESCAPE '\\'";
const NAME_MATCHES: &str = "fold(u.name) LIKE ? ESCAPE '\\'";
/// The default order, and the tie-break of the others.
const BY_NAME: &str = "fold(u.name) ASC, u.uid ASC";

/// Block flags relative to the caller bound as `?1`.
const BLOCK_COLS: &str = "EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = u.uid AND b.blocked = ?1), \
     EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = ?1 AND b.blocked = u.uid)";

fn user_from_row(r: &rusqlite::Row<'_>, with_blocks: bool) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        uid: r.get(0)?,
        name: r.get(1)?,
        avatar: r.get(2)?,
        link: r.get(3)?,
        role: r.get(4)?,
        metadata: r.get(5)?,
        status: r.get(6)?,
        status_message: r.get(7)?,
        last_active_at: r.get(8)?,
        tags: r.get(9)?,
        deactivated_at: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        blocks: if with_blocks { Some((r.get(13)?, r.get(14)?)) } else { None },
    })
}

/// `caller`: compute hasBlockedMe / blockedByMe relative to this uid.
pub fn by_uid(conn: &Connection, uid: &str, caller: Option<&str>) -> ApiResult<Option<UserRow>> {
    let row = match caller {
        Some(c) => conn
            .prepare_cached(&format!("SELECT {USER_COLS}, {BLOCK_COLS} FROM users u WHERE u.uid = ?2"))?
            .query_row(params![c, uid], |r| user_from_row(r, true))
            .optional()?,
        None => conn
            .prepare_cached(&format!("SELECT {USER_COLS} FROM users u WHERE u.uid = ?1"))?
            .query_row([uid], |r| user_from_row(r, false))
            .optional()?,
    };
    Ok(row)
}

pub fn require(conn: &Connection, uid: &str, caller: Option<&str>) -> ApiResult<UserRow> {
    by_uid(conn, uid, caller)?.ok_or_else(|| ApiError::UidNotFound(uid.to_string()))
}

pub fn exists(conn: &Connection, uid: &str) -> ApiResult<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM users WHERE uid = ?1")?.query_row([uid], |_| Ok(())).optional()?.is_some())
}

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub uid: String,
    pub name: String,
    pub avatar: Option<String>,
    pub link: Option<String>,
    pub role: Option<String>,
    pub metadata: Option<String>,
    pub status_message: Option<String>,
    pub tags: Option<String>,
    pub status: Option<String>,
}

pub fn insert(conn: &Connection, u: &NewUser) -> ApiResult<()> {
    if exists(conn, &u.uid)? {
        return Err(ApiError::UidAlreadyExists(u.uid.clone()));
    }
    conn.prepare_cached(
        "INSERT INTO users (uid, name, avatar, link, role, metadata, status, status_message, tags, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        u.uid,
        u.name,
        u.avatar,
        u.link,
        u.role.as_deref().unwrap_or("default"),
        u.metadata,
        u.status.as_deref().unwrap_or("offline"),
        u.status_message,
        u.tags,
        now()
    ])?;
    // A new user never inherits the tombstones of a deleted one with the same uid.
    conn.prepare_cached("DELETE FROM deleted_tokens WHERE uid = ?1")?.execute([&u.uid])?;
    Ok(())
}

/// `None` = leave as is, `Some(None)` = clear, `Some(Some(v))` = set.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub name: Option<String>,
    pub avatar: Option<Option<String>>,
    pub link: Option<Option<String>>,
    pub role: Option<String>,
    pub metadata: Option<Option<String>>,
    pub status_message: Option<Option<String>>,
    pub tags: Option<Option<String>>,
}

impl UserPatch {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.avatar.is_none()
            && self.link.is_none()
            && self.role.is_none()
            && self.metadata.is_none()
            && self.status_message.is_none()
            && self.tags.is_none()
    }
}

/// Apply a patch; the caller has checked that the user exists.
pub fn update(conn: &Connection, uid: &str, p: &UserPatch) -> ApiResult<()> {
    if p.is_empty() {
        return Ok(());
    }
    let mut sets: Vec<&str> = Vec::new();
    let mut vals: Vec<rusqlite::types::Value> = Vec::new();
    fn opt(v: &Option<String>) -> rusqlite::types::Value {
        match v {
            Some(s) => rusqlite::types::Value::Text(s.clone()),
            None => rusqlite::types::Value::Null,
        }
    }
    if let Some(n) = &p.name {
        sets.push("name = ?");
        vals.push(rusqlite::types::Value::Text(n.clone()));
    }
    if let Some(v) = &p.avatar {
        sets.push("avatar = ?");
        vals.push(opt(v));
    }
    if let Some(v) = &p.link {
        sets.push("link = ?");
        vals.push(opt(v));
    }
    if let Some(r) = &p.role {
        sets.push("role = ?");
        vals.push(rusqlite::types::Value::Text(r.clone()));
    }
    if let Some(v) = &p.metadata {
        sets.push("metadata = ?");
        vals.push(opt(v));
    }
    if let Some(v) = &p.status_message {
        sets.push("status_message = ?");
        vals.push(opt(v));
    }
    if let Some(v) = &p.tags {
        sets.push("tags = ?");
        vals.push(opt(v));
    }
    sets.push("updated_at = ?");
    vals.push(rusqlite::types::Value::Integer(now()));
    vals.push(rusqlite::types::Value::Text(uid.to_string()));
    let sql = format!("UPDATE users SET {} WHERE uid = ?", sets.join(", "));
    conn.execute(&sql, params_from_iter(vals))?;
    Ok(())
}

/// Presence from the sockets: `status` and `lastActiveAt = at` exactly, the timestamp of the
/// presence frame pushed with it, so that REST and the push agree.
pub fn set_presence(conn: &Connection, uid: &str, status: &str, at: i64) -> ApiResult<()> {
    conn.prepare_cached("UPDATE users SET status = ?2, last_active_at = ?3 WHERE uid = ?1")?
        .execute(params![uid, status, at])?;
    Ok(())
}

/// Record activity; never moves lastActiveAt backwards.
pub fn touch_last_active(conn: &Connection, uid: &str, at: i64) -> ApiResult<()> {
    conn.prepare_cached(
        "UPDATE users SET last_active_at = ?2 WHERE uid = ?1 AND (last_active_at IS NULL OR last_active_at < ?2)",
    )?
    .execute(params![uid, at])?;
    Ok(())
}

/// Deletes the user (its tokens, blocks and friendships cascade), keeping a tombstone of each of
/// its tokens in `deleted_tokens`. Run it in a transaction, so both happen or neither.
pub fn delete(conn: &Connection, uid: &str) -> ApiResult<bool> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO deleted_tokens (token, uid) SELECT token, uid FROM auth_tokens WHERE uid = ?1",
    )?
    .execute([uid])?;
    Ok(conn.prepare_cached("DELETE FROM users WHERE uid = ?1")?.execute([uid])? > 0)
}

/// Deactivates the existing, active users among `uids`; returns the uids that are deactivated now.
pub fn deactivate(conn: &Connection, uids: &[String]) -> ApiResult<Vec<String>> {
    let t = now();
    let mut out = Vec::new();
    for uid in uids {
        let n = conn
            .prepare_cached(
                "UPDATE users SET deactivated_at = COALESCE(deactivated_at, ?2), status = 'offline' WHERE uid = ?1",
            )?
            .execute(params![uid, t])?;
        if n > 0 {
            out.push(uid.clone());
        }
    }
    Ok(out)
}

pub fn reactivate(conn: &Connection, uids: &[String]) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for uid in uids {
        let n = conn.prepare_cached("UPDATE users SET deactivated_at = NULL WHERE uid = ?1")?.execute([uid])?;
        if n > 0 {
            out.push(uid.clone());
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deactivated {
    #[default]
    Exclude,
    Include,
    Only,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Name,
    Status,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub search_key: Option<String>,
    pub search_match: Match,
    pub search_in_uid: bool,
    pub search_in_name: bool,
    pub status: Option<String>,
    pub roles: Vec<String>,
    pub tags: Vec<String>,
    pub uids: Vec<String>,
    pub hide_blocked: bool,
    /// Only the caller's friends (client API).
    pub friends_only: bool,
    pub deactivated: Deactivated,
    pub sort_by: SortBy,
    pub desc: bool,
    pub page: i64,
    pub per_page: i64,
}

/// Lists users. `caller` (client API) is excluded from the list and receives block flags.
pub fn list(conn: &Connection, f: &UserFilter, caller: Option<&str>) -> ApiResult<(i64, Vec<UserRow>)> {
    use rusqlite::types::Value as V;
    // ?1 is the caller (for BLOCK_COLS). SQLite numbers a bare `?` after the largest number seen so
    // far, so ?1 must appear before any bare `?`: the WHERE clause always starts with it.
    let mut wh: Vec<String> = vec!["?1 IS NOT NULL".into()];
    let mut vals: Vec<V> = vec![V::Text(caller.unwrap_or("").to_string())];
    if caller.is_some() {
        wh.push("u.uid <> ?1".into());
    }
    match f.deactivated {
        Deactivated::Exclude => wh.push("u.deactivated_at IS NULL".into()),
        Deactivated::Only => wh.push("u.deactivated_at IS NOT NULL".into()),
        Deactivated::Include => {}
    }
    if let Some(k) = &f.search_key {
        let pat = like_pattern(k, f.search_match);
        let mut ors = Vec::new();
        if f.search_in_uid {
            ors.push(UID_MATCHES);
            vals.push(V::Text(pat.clone()));
        }
        if f.search_in_name {
            ors.push(NAME_MATCHES);
            vals.push(V::Text(pat));
        }
        if !ors.is_empty() {
            wh.push(format!("({})", ors.join(" OR ")));
        }
    }
    if let Some(s) = &f.status {
        wh.push("u.status = ?".into());
        vals.push(V::Text(s.clone()));
    }
    if !f.roles.is_empty() {
        wh.push(in_list("u.role", f.roles.len()));
        vals.extend(f.roles.iter().map(|r| V::Text(r.clone())));
    }
    if !f.uids.is_empty() {
        wh.push(in_list("u.uid", f.uids.len()));
        vals.extend(f.uids.iter().map(|r| V::Text(r.to_ascii_lowercase())));
    }
    if !f.tags.is_empty() {
        wh.push(format!("EXISTS(SELECT 1 FROM json_each(u.tags) j WHERE {})", in_list("j.value", f.tags.len())));
        vals.extend(f.tags.iter().map(|t| V::Text(t.clone())));
    }
    if f.hide_blocked && caller.is_some() {
        wh.push(
            "NOT EXISTS(SELECT 1 FROM blocks b WHERE (b.blocker = ?1 AND b.blocked = u.uid) OR (b.blocker = u.uid AND b.blocked = ?1))"
                .into(),
        );
    }
    if f.friends_only && caller.is_some() {
        wh.push("EXISTS(SELECT 1 FROM friends fr WHERE fr.uid = ?1 AND fr.friend = u.uid)".into());
    }
    let where_sql = format!("WHERE {}", wh.join(" AND "));
    let count_sql = format!("SELECT COUNT(*) FROM users u {where_sql}");
    let total: i64 = conn.prepare_cached(&count_sql)?.query_row(params_from_iter(vals.iter()), |r| r.get(0))?;

    let Some(off) = offset(f.page, f.per_page) else { return Ok((total, Vec::new())) };
    if off >= total {
        return Ok((total, Vec::new()));
    }
    let dir = if f.desc { "DESC" } else { "ASC" };
    let order = match f.sort_by {
        // uid last: names repeat, and pages must not overlap or skip.
        SortBy::Name => format!("fold(u.name) {dir}, u.uid {dir}"),
        SortBy::Status => format!("u.status {dir}, {BY_NAME}"),
    };
    let sql = format!("SELECT {USER_COLS}, {BLOCK_COLS} FROM users u {where_sql} ORDER BY {order} LIMIT ? OFFSET ?");
    vals.push(V::Integer(f.per_page));
    vals.push(V::Integer(off));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(vals.iter()), |r| user_from_row(r, true))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let rows = if caller.is_some() {
        rows
    } else {
        rows.into_iter()
            .map(|mut u| {
                u.blocks = None;
                u
            })
            .collect()
    };
    Ok((total, rows))
}

/// A page of the users related to `uid` by `relation` (SQL over `u` with `uid` bound as `?1`),
/// optionally searched in uid and name, with block flags relative to `uid`: blocked users, friends.
pub(super) fn list_related(
    conn: &Connection,
    uid: &str,
    relation: &str,
    search_key: Option<&str>,
    page: i64,
    per_page: i64,
) -> ApiResult<(i64, Vec<UserRow>)> {
    use rusqlite::types::Value as V;
    let mut vals = vec![V::Text(uid.to_string())];
    let mut where_sql = format!("WHERE {relation}");
    if let Some(k) = search_key {
        where_sql.push_str(&format!(" AND ({UID_MATCHES} OR {NAME_MATCHES})"));
        let pat = like_pattern(k, Match::Substring);
        vals.push(V::Text(pat.clone()));
        vals.push(V::Text(pat));
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM users u {where_sql}"))?
        .query_row(params_from_iter(vals.iter()), |r| r.get(0))?;
    let Some(off) = offset(page, per_page) else { return Ok((total, Vec::new())) };
    if off >= total {
        return Ok((total, Vec::new()));
    }
    vals.push(V::Integer(per_page));
    vals.push(V::Integer(off));
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {USER_COLS}, {BLOCK_COLS} FROM users u {where_sql} ORDER BY {BY_NAME} LIMIT ? OFFSET ?"
        ))?
        .query_map(params_from_iter(vals.iter()), |r| user_from_row(r, true))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((total, rows))
}
