//! The database runs its reads on reader threads, never on tokio's async workers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cometchat_emulator::error::ApiError;
use cometchat_emulator::store::{Db, Location};

fn select_one(c: &rusqlite::Connection) -> Result<i64, ApiError> {
    Ok(c.query_row("SELECT 1", [], |r| r.get(0))?)
}

/// On a single-threaded runtime, a read waiting for the database (here: for the in-memory
/// database's one connection, held by a slow write) must leave the only async worker free.
#[tokio::test(flavor = "current_thread")]
async fn a_waiting_read_does_not_block_the_async_worker() {
    let db = Arc::new(Db::open(&Location::Memory, 1).expect("open"));
    let w = db.clone();
    let write = tokio::spawn(async move {
        w.write(|_| {
            std::thread::sleep(Duration::from_millis(600));
            Ok(())
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await; // the write holds the connection now
    let r = db.clone();
    let read = tokio::spawn(async move { r.read(select_one).await });
    tokio::task::yield_now().await; // the read task has started and is waiting
    let start = Instant::now();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(start.elapsed() < Duration::from_millis(300), "the worker was blocked for {:?}", start.elapsed());
    assert!(!read.is_finished(), "the read waits for the write");
    assert_eq!(read.await.ok().and_then(Result::ok), Some(1));
    assert!(write.await.is_ok_and(|r| r.is_ok()));
}

#[tokio::test]
async fn a_panicking_read_is_an_error_and_the_reader_lives_on() {
    let dir = tempfile::tempdir().expect("dir");
    for location in [Location::Memory, Location::File(dir.path().join("p.db"))] {
        let db = Arc::new(Db::open(&location, 1).expect("open"));
        let got = db.read(|_| -> Result<i64, ApiError> { panic!("boom") }).await;
        assert!(matches!(got, Err(ApiError::Internal(_))), "{got:?}");
        assert_eq!(db.read(select_one).await.ok(), Some(1), "{location:?}: the one reader thread survived");
    }
}

#[tokio::test]
async fn file_reads_run_in_parallel_with_a_write() {
    let dir = tempfile::tempdir().expect("dir");
    let db = Arc::new(Db::open(&Location::File(dir.path().join("w.db")), 2).expect("open"));
    let w = db.clone();
    let write = tokio::spawn(async move {
        w.write(|_| {
            std::thread::sleep(Duration::from_millis(500));
            Ok(())
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    assert_eq!(db.read(select_one).await.ok(), Some(1));
    assert!(start.elapsed() < Duration::from_millis(300), "WAL: a read does not wait for the writer");
    assert!(write.await.is_ok_and(|r| r.is_ok()));
}

#[tokio::test]
async fn a_version_1_database_gains_the_later_tables_and_keeps_its_users() {
    use cometchat_emulator::store::users::{self, NewUser};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.db");
    {
        let db = Arc::new(Db::open(&Location::File(path.clone()), 1).expect("open"));
        let new = NewUser { uid: "old".into(), name: "Old User".into(), ..Default::default() };
        db.write(move |tx| users::insert(tx, &new)).await.expect("insert");
    }
    {
        // What a database written before friends, deleted_tokens and jwts existed looks like.
        let c = rusqlite::Connection::open(&path).expect("raw open");
        c.execute_batch("DROP TABLE friends; DROP TABLE deleted_tokens; DROP TABLE jwts; PRAGMA user_version=1;")
            .expect("downgrade");
    }
    let db = Arc::new(Db::open(&Location::File(path), 1).expect("reopen"));
    let (version, friends, tombstones, jwts, name) = db
        .read(|c| {
            let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let f: i64 = c.query_row("SELECT COUNT(*) FROM friends", [], |r| r.get(0))?;
            let d: i64 = c.query_row("SELECT COUNT(*) FROM deleted_tokens", [], |r| r.get(0))?;
            let j: i64 = c.query_row("SELECT COUNT(*) FROM jwts", [], |r| r.get(0))?;
            let n = users::require(c, "old", None)?.name;
            Ok((v, f, d, j, n))
        })
        .await
        .expect("read");
    assert_eq!((version, friends, tombstones, jwts, name.as_str()), (4, 0, 0, 0, "Old User"));
}
