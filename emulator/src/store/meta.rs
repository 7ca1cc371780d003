//! The `meta` table: settings kept across restarts (app id, API key).

use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiResult;

pub fn get(conn: &Connection, key: &str) -> ApiResult<Option<String>> {
    Ok(conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> ApiResult<()> {
    conn.prepare_cached(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}
