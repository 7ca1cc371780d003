//! The `blocks` table: who blocked whom, and the `GET blockedusers` listing.

use rusqlite::{params, Connection};

use super::users::list_related;
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
    let relation = match direction {
        Direction::BlockedByMe => "EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = ?1 AND b.blocked = u.uid)",
        Direction::HasBlockedMe => "EXISTS(SELECT 1 FROM blocks b WHERE b.blocker = u.uid AND b.blocked = ?1)",
        Direction::Both => {
            "EXISTS(SELECT 1 FROM blocks b WHERE (b.blocker = ?1 AND b.blocked = u.uid) OR (b.blocker = u.uid AND b.blocked = ?1))"
        }
    };
    list_related(conn, uid, relation, search_key, page, per_page)
}
