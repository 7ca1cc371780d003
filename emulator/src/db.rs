//! SQLite storage: connections, schema/migrations and every query.
//!
//! One writer connection (behind a mutex, used from `spawn_blocking`, one IMMEDIATE transaction
//! per write) and a few reader connections used inline: reads are point lookups of a few
//! microseconds and never hold a lock across an `.await`. WAL mode lets readers run while the
//! writer commits. `--memory` uses one connection for everything (an in-memory database cannot be
//! shared between connections without shared-cache table locks).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{ApiError, ApiResult};
use crate::model::{now, TokenOut, UserRow};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    uid            TEXT PRIMARY KEY,          -- lower-cased
    name           TEXT NOT NULL,
    avatar         TEXT,
    link           TEXT,
    role           TEXT NOT NULL DEFAULT 'default',
    metadata       TEXT,                      -- JSON object
    status         TEXT NOT NULL DEFAULT 'offline',
    status_message TEXT,
    last_active_at INTEGER,
    tags           TEXT,                      -- JSON array of strings
    deactivated_at INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER
);
CREATE TABLE IF NOT EXISTS auth_tokens (
    token      TEXT PRIMARY KEY,
    uid        TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER,
    platform   TEXT,
    device_id  TEXT,
    user_agent TEXT,
    app_info   TEXT                           -- JSON object
);
CREATE INDEX IF NOT EXISTS auth_tokens_uid ON auth_tokens(uid, created_at);
CREATE TABLE IF NOT EXISTS blocks (
    blocker    TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    blocked    TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker, blocked)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blocks_blocked ON blocks(blocked, blocker);
";

#[derive(Debug, Clone)]
pub enum Location {
    Memory,
    File(PathBuf),
}

pub struct Db {
    writer: Arc<Mutex<Connection>>,
    readers: Vec<Arc<Mutex<Connection>>>,
    next: AtomicUsize,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave a half-written row (the transaction rolls back
    // on drop), so a poisoned connection is still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn configure(conn: &Connection, file: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    if file {
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        // In WAL mode NORMAL never loses a committed transaction when the process dies
        // (only on an OS crash / power loss).
        conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    }
    conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < SCHEMA_VERSION {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA_V1)?;
        tx.execute_batch(&format!("PRAGMA user_version={SCHEMA_VERSION}"))?;
        tx.commit()?;
    }
    Ok(())
}

impl Db {
    pub fn open(location: &Location, readers: usize) -> rusqlite::Result<Db> {
        match location {
            Location::Memory => {
                let mut conn = Connection::open_in_memory()?;
                configure(&conn, false)?;
                migrate(&mut conn)?;
                let writer = Arc::new(Mutex::new(conn));
                Ok(Db { readers: vec![writer.clone()], writer, next: AtomicUsize::new(0) })
            }
            Location::File(path) => {
                let mut conn = Connection::open(path)?;
                configure(&conn, true)?;
                migrate(&mut conn)?;
                let mut rs = Vec::new();
                for _ in 0..readers.max(1) {
                    let r = Connection::open_with_flags(
                        path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX
                            | rusqlite::OpenFlags::SQLITE_OPEN_URI,
                    )?;
                    configure(&r, false)?;
                    rs.push(Arc::new(Mutex::new(r)));
                }
                Ok(Db { writer: Arc::new(Mutex::new(conn)), readers: rs, next: AtomicUsize::new(0) })
            }
        }
    }

    /// Run a read inline on a free reader connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        let n = self.readers.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Some(r) = self.readers.get((start + i) % n) {
                if let Ok(guard) = r.try_lock() {
                    return f(&guard);
                }
            }
        }
        match self.readers.get(start % n.max(1)) {
            Some(r) => f(&lock(r)),
            None => Err(ApiError::Internal("no reader connection".into())),
        }
    }

    /// Run `f` in one IMMEDIATE transaction on the writer, off the async workers.
    /// Commits when `f` returns Ok, rolls back otherwise.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> ApiResult<T> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.write_blocking(f))
            .await
            .map_err(|e| ApiError::Internal(format!("write task: {e}")))?
    }

    pub fn write_blocking<T>(&self, f: impl FnOnce(&Transaction<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

// ---------------------------------------------------------------- meta

pub fn get_meta(conn: &Connection, key: &str) -> ApiResult<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> ApiResult<()> {
    conn.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

// ---------------------------------------------------------------- users

const USER_COLS: &str = "u.uid, u.name, u.avatar, u.link, u.role, u.metadata, u.status, u.status_message, \
     u.last_active_at, u.tags, u.deactivated_at, u.created_at, u.updated_at";

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
pub fn user_by_uid(conn: &Connection, uid: &str, caller: Option<&str>) -> ApiResult<Option<UserRow>> {
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

pub fn require_user(conn: &Connection, uid: &str, caller: Option<&str>) -> ApiResult<UserRow> {
    user_by_uid(conn, uid, caller)?.ok_or_else(|| ApiError::UidNotFound(uid.to_string()))
}

pub fn user_exists(conn: &Connection, uid: &str) -> ApiResult<bool> {
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

pub fn insert_user(conn: &Connection, u: &NewUser) -> ApiResult<()> {
    if user_exists(conn, &u.uid)? {
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
pub fn update_user(conn: &Connection, uid: &str, p: &UserPatch) -> ApiResult<()> {
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

pub fn set_status(conn: &Connection, uid: &str, status: &str) -> ApiResult<()> {
    conn.prepare_cached(
        "UPDATE users SET status = ?2, last_active_at = MAX(COALESCE(last_active_at, 0), ?3) WHERE uid = ?1",
    )?
    .execute(params![uid, status, now()])?;
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

pub fn delete_user(conn: &Connection, uid: &str) -> ApiResult<bool> {
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
    pub search_in_uid: bool,
    pub search_in_name: bool,
    pub status: Option<String>,
    pub roles: Vec<String>,
    pub tags: Vec<String>,
    pub uids: Vec<String>,
    pub hide_blocked: bool,
    pub friends_only: bool,
    pub deactivated: Deactivated,
    pub sort_by: SortBy,
    pub desc: bool,
    pub page: i64,
    pub per_page: i64,
}

/// `LIKE` pattern for "starts with", with `\` as the escape character.
fn prefix_pattern(s: &str) -> String {
    let mut p = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

fn in_list(col: &str, n: usize) -> String {
    format!("{col} IN ({})", vec!["?"; n].join(", "))
}

/// Page offset, or None when the page lies beyond anything SQLite can address.
fn offset(page: i64, per_page: i64) -> Option<i64> {
    page.checked_sub(1)?.checked_mul(per_page)
}

/// Lists users. `caller` (client API) is excluded from the list and receives block flags.
pub fn list_users(conn: &Connection, f: &UserFilter, caller: Option<&str>) -> ApiResult<(i64, Vec<UserRow>)> {
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
        let pat = prefix_pattern(k);
        let mut ors = Vec::new();
        if f.search_in_uid {
            ors.push("u.uid LIKE ? ESCAPE '\\'");
            vals.push(V::Text(pat.clone()));
        }
        if f.search_in_name {
            ors.push("u.name LIKE ? ESCAPE '\\'");
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
    if f.friends_only {
        // The emulator has no friends graph: nobody is a friend.
        wh.push("0".into());
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
        SortBy::Name => format!("u.name COLLATE NOCASE {dir}, u.uid {dir}"),
        SortBy::Status => format!("u.status {dir}, u.name COLLATE NOCASE ASC, u.uid ASC"),
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

// ---------------------------------------------------------------- auth tokens

/// Resolves a token to its user: `(uid, deactivated_at)`.
pub fn token_owner(conn: &Connection, token: &str) -> ApiResult<Option<(String, Option<i64>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT u.uid, u.deactivated_at FROM auth_tokens t JOIN users u ON u.uid = t.uid WHERE t.token = ?1",
        )?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn new_token_string(uid: &str) -> String {
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

pub fn create_token(conn: &Connection, uid: &str, info: &TokenInfo) -> ApiResult<TokenOut> {
    let token = new_token_string(uid);
    conn.prepare_cached(
        "INSERT INTO auth_tokens (token, uid, created_at, platform, device_id, user_agent, app_info) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![token, uid, now(), info.platform, info.device_id, info.user_agent, info.app_info])?;
    get_token(conn, uid, &token)?.ok_or_else(|| ApiError::Internal("token vanished".into()))
}

pub fn latest_token(conn: &Connection, uid: &str) -> ApiResult<Option<TokenOut>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLS} FROM auth_tokens WHERE uid = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1"
        ))?
        .query_row([uid], token_from_row)
        .optional()?)
}

pub fn get_token(conn: &Connection, uid: &str, token: &str) -> ApiResult<Option<TokenOut>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TOKEN_COLS} FROM auth_tokens WHERE uid = ?1 AND token = ?2"))?
        .query_row([uid, token], token_from_row)
        .optional()?)
}

pub fn list_tokens(conn: &Connection, uid: &str, page: i64, per_page: i64) -> ApiResult<(i64, Vec<TokenOut>)> {
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
pub fn update_token(conn: &Connection, uid: &str, token: &str, info: &TokenInfo) -> ApiResult<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE auth_tokens SET platform = COALESCE(?3, platform), device_id = COALESCE(?4, device_id),
             user_agent = COALESCE(?5, user_agent), app_info = COALESCE(?6, app_info), updated_at = ?7
             WHERE uid = ?1 AND token = ?2",
        )?
        .execute(params![uid, token, info.platform, info.device_id, info.user_agent, info.app_info, now()])?;
    Ok(n > 0)
}

pub fn delete_token(conn: &Connection, uid: &str, token: &str) -> ApiResult<bool> {
    Ok(conn.prepare_cached("DELETE FROM auth_tokens WHERE uid = ?1 AND token = ?2")?.execute([uid, token])? > 0)
}

pub fn flush_tokens(conn: &Connection, uid: &str) -> ApiResult<usize> {
    Ok(conn.prepare_cached("DELETE FROM auth_tokens WHERE uid = ?1")?.execute([uid])?)
}

// ---------------------------------------------------------------- blocks

pub fn block(conn: &Connection, blocker: &str, blocked: &str) -> ApiResult<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO blocks (blocker, blocked, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![blocker, blocked, now()])?;
    Ok(())
}

pub fn unblock(conn: &Connection, blocker: &str, blocked: &str) -> ApiResult<bool> {
    Ok(conn.prepare_cached("DELETE FROM blocks WHERE blocker = ?1 AND blocked = ?2")?.execute([blocker, blocked])? > 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    BlockedByMe,
    HasBlockedMe,
    Both,
}

/// Users related to `uid` by a block in `direction`, with flags relative to `uid`.
pub fn list_blocked(
    conn: &Connection,
    uid: &str,
    direction: Direction,
    search_key: Option<&str>,
    page: i64,
    per_page: i64,
) -> ApiResult<(i64, Vec<UserRow>)> {
    use rusqlite::types::Value as V;
    let rel = match direction {
        Direction::BlockedByMe => "EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = ?1 AND b.blocked = u.uid)",
        Direction::HasBlockedMe => "EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = u.uid AND b.blocked = ?1)",
        Direction::Both => {
            "EXISTS(SELECT 1 FROM blocks b WHERE (b.blocker = ?1 AND b.blocked = u.uid) OR (b.blocker = u.uid AND b.blocked = ?1))"
        }
    };
    let mut vals = vec![V::Text(uid.to_string())];
    let mut where_sql = format!("WHERE {rel}");
    if let Some(k) = search_key {
        where_sql.push_str(" AND (u.uid LIKE ?2 ESCAPE '\\' OR u.name LIKE ?2 ESCAPE '\\')");
        vals.push(V::Text(prefix_pattern(k)));
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM users u {where_sql}"))?
        .query_row(params_from_iter(vals.iter()), |r| r.get(0))?;
    let Some(off) = offset(page, per_page) else { return Ok((total, Vec::new())) };
    let n = vals.len();
    vals.push(V::Integer(per_page));
    vals.push(V::Integer(off));
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {USER_COLS}, {BLOCK_COLS} FROM users u {where_sql} ORDER BY u.name COLLATE NOCASE, u.uid LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        ))?
        .query_map(params_from_iter(vals.iter()), |r| user_from_row(r, true))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((total, rows))
}
