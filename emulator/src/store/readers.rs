//! Reader threads: each owns one read connection and runs read jobs from a shared queue, so
//! SQLite work (and any wait for SQLite's locks) happens off tokio's async workers.
//!
//! Why not `spawn_blocking` per read: on the 2-core bench it cost 20-35% of the requests/s of
//! inline reads (README, Performance) — under load tokio grows the blocking pool to one thread per
//! in-flight read, and those threads then queue on the few connections. A fixed set of threads
//! draining one queue keeps each connection on one thread, and a busy thread takes the next job
//! without sleeping; it measured faster than the inline reads it replaces.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::oneshot;

use crate::error::{ApiError, ApiResult};

type Job = Box<dyn FnOnce(&Connection) + Send>;

pub struct Readers {
    jobs: Sender<Job>,
}

impl Readers {
    /// One thread per connection. The threads end when the `Readers` is dropped.
    pub fn start(connections: Vec<Arc<Mutex<Connection>>>) -> std::io::Result<Readers> {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for (i, conn) in connections.into_iter().enumerate() {
            let queue = queue.clone();
            std::thread::Builder::new().name(format!("sqlite-reader-{i}")).spawn(move || run(&queue, &conn))?;
        }
        Ok(Readers { jobs })
    }

    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
    {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move |c| {
            let _ = done.send(f(c));
        });
        self.jobs.send(job).map_err(|_| ApiError::Internal("reader threads are gone".into()))?;
        // A job that panicked dropped `done` without sending: a 500, and the thread lives on.
        result.await.map_err(|_| ApiError::Internal("read job failed".into()))?
    }
}

fn run(queue: &Mutex<Receiver<Job>>, conn: &Mutex<Connection>) {
    loop {
        let job = match queue.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(job) => job,
            Err(_) => return, // every sender is gone: the database was dropped
        };
        // The connection's lock is uncontended for a file database (one connection per thread);
        // an in-memory database shares its single connection with the writer.
        let guard = conn.lock().unwrap_or_else(|e| e.into_inner());
        let _ = catch_unwind(AssertUnwindSafe(|| job(&guard)));
    }
}
