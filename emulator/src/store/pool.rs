//! The connections: one writer connection (behind a mutex, used from `spawn_blocking`, one
//! IMMEDIATE transaction per write) and a few read-only connections, each owned by a reader
//! thread (`readers.rs`). No SQLite call runs on an async worker. WAL mode lets readers run while
//! the writer commits. `--memory` uses one connection for everything (an in-memory database
//! cannot be shared between connections without shared-cache table locks), read by one thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::query::fold;
use super::readers::Readers;
use super::schema::migrate;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone)]
pub enum Location {
    Memory,
    File(PathBuf),
}

type Shared = Arc<Mutex<Connection>>;

pub struct Db {
    writer: Shared,
    readers: Readers,
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
    conn.create_scalar_function("fold", 1, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|s| fold(&s)))
    })?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl Db {
    /// Opens (creating and migrating) the database and starts `readers` reader threads (one for
    /// an in-memory database).
    pub fn open(location: &Location, readers: usize) -> Result<Db, String> {
        Self::connect(location, readers).map_err(|e| e.to_string()).and_then(|(writer, read_conns)| {
            let readers = Readers::start(read_conns).map_err(|e| format!("reader threads: {e}"))?;
            Ok(Db { writer, readers })
        })
    }

    /// The writer connection and the read connections.
    fn connect(location: &Location, readers: usize) -> rusqlite::Result<(Shared, Vec<Shared>)> {
        Ok(match location {
            Location::Memory => {
                let mut conn = Connection::open_in_memory()?;
                configure(&conn, false)?;
                migrate(&mut conn)?;
                let writer = Arc::new(Mutex::new(conn));
                (writer.clone(), vec![writer])
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
                (Arc::new(Mutex::new(conn)), rs)
            }
        })
    }

    /// Run a read on a reader thread (never on an async worker).
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
    {
        self.readers.read(f).await
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
