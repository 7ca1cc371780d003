//! The `friends` table: mutual friendships (stored in both directions), and the friends listing.

use rusqlite::{params, Connection};

use super::users::list_related;
use crate::error::ApiResult;
use crate::model::{now, UserRow};

/// Makes `a` and `b` friends; false when they already were.
pub fn add(conn: &Connection, a: &str, b: &str) -> ApiResult<bool> {
    let n = conn
        .prepare_cached("INSERT OR IGNORE INTO friends (uid, friend, created_at) VALUES (?1, ?2, ?3), (?2, ?1, ?3)")?
        .execute(params![a, b, now()])?;
    Ok(n > 0)
}

/// Ends the friendship of `a` and `b`; false when they were not friends.
pub fn remove(conn: &Connection, a: &str, b: &str) -> ApiResult<bool> {
    let n = conn
        .prepare_cached("DELETE FROM friends WHERE (uid = ?1 AND friend = ?2) OR (uid = ?2 AND friend = ?1)")?
        .execute([a, b])?;
    Ok(n > 0)
}

/// The uids of the friends of `uid` (presence fan-out to `FRIENDS` subscribers).
pub fn uids(conn: &Connection, uid: &str) -> ApiResult<Vec<String>> {
    let rows = conn
        .prepare_cached("SELECT friend FROM friends WHERE uid = ?1")?
        .query_map([uid], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// The friends of `uid`, with block flags relative to `uid`.
pub fn list(
    conn: &Connection,
    uid: &str,
    search_key: Option<&str>,
    page: i64,
    per_page: i64,
) -> ApiResult<(i64, Vec<UserRow>)> {
    let relation = "EXISTS(SELECT 1 FROM friends fr WHERE fr.uid = ?1 AND fr.friend = u.uid)";
    list_related(conn, uid, relation, search_key, page, per_page)
}
