//! The schema and its migrations, versioned with `PRAGMA user_version`.

use rusqlite::{Connection, TransactionBehavior};

/// Each step brings a database from the version before it to its own; a new database runs all.
const STEPS: [(i64, &str); 4] = [(1, SCHEMA_V1), (2, SCHEMA_V2), (3, SCHEMA_V3), (4, SCHEMA_V4)];

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

/// Friendship is mutual: each one is stored in both directions, so "friends of X" is one lookup.
const SCHEMA_V2: &str = "
CREATE TABLE IF NOT EXISTS friends (
    uid        TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    friend     TEXT NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (uid, friend)
) WITHOUT ROWID;
";

/// Tombstones of the tokens of deleted users, so the client API can tell "your user was deleted"
/// from "your token was revoked". Written with the delete; cleared when the uid is created again.
const SCHEMA_V3: &str = "
CREATE TABLE IF NOT EXISTS deleted_tokens (
    token TEXT PRIMARY KEY,
    uid   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deleted_tokens_uid ON deleted_tokens(uid);
";

/// The socket credential (`data.jwt` of `PUT me` / `GET me`): one random JWT per auth token, kept
/// across restarts so a client's cached JWT still works after the emulator restarts, and gone with
/// its token (deleted, flushed, or the user deleted) by the cascade.
const SCHEMA_V4: &str = "
CREATE TABLE IF NOT EXISTS jwts (
    token TEXT PRIMARY KEY REFERENCES auth_tokens(token) ON DELETE CASCADE,
    jwt   TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
";

/// Runs the missing steps, each in its own transaction with the version it reaches.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (to, sql) in STEPS.iter().filter(|(to, _)| *to > version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version={to}"))?;
        tx.commit()?;
    }
    Ok(())
}
