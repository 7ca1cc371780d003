//! The `blocks` table: who blocked whom, and the `GET blockedusers` listing.

use rusqlite::{params, params_from_iter, Connection};

use super::query::{offset, prefix_pattern};
use super::users::{user_from_row, BLOCK_COLS, USER_COLS};
use crate::error::ApiResult;
use crate::model::{now, UserRow};

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
pub fn list(
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
