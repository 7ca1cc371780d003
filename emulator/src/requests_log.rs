//! `--record-requests` (tests only): an in-memory log of every request received — method, path,
//! query, header NAMES (never values) and the status — served at `GET /__emulator/requests` and
//! cleared by `DELETE /__emulator/requests`. Those two routes are not themselves recorded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

use crate::state::SharedState;

/// Oldest entries are dropped beyond this many.
const CAPACITY: usize = 10_000;
pub const PREFIX: &str = "/__emulator/";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub header_names: Vec<String>,
    pub status: u16,
}

#[derive(Default)]
pub struct Recorder {
    entries: Mutex<VecDeque<Entry>>,
}

impl Recorder {
    fn push(&self, e: Entry) {
        let mut q = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if q.len() >= CAPACITY {
            q.pop_front();
        }
        q.push_back(e);
    }

    pub fn snapshot(&self) -> Vec<Entry> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

pub async fn record(State(st): State<SharedState>, req: Request, next: Next) -> Response {
    let Some(rec) = st.recorder.clone() else { return next.run(req).await };
    if req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let mut header_names: Vec<String> = req.headers().keys().map(|k| k.as_str().to_ascii_lowercase()).collect();
    header_names.sort();
    header_names.dedup();
    let res = next.run(req).await;
    rec.push(Entry { method, path, query, header_names, status: res.status().as_u16() });
    res
}

pub async fn list(State(st): State<SharedState>) -> Json<Value> {
    let data = st.recorder.as_ref().map(|r| r.snapshot()).unwrap_or_default();
    Json(json!({ "data": data }))
}

pub async fn clear(State(st): State<SharedState>) -> Json<Value> {
    if let Some(r) = &st.recorder {
        r.clear();
    }
    Json(json!({ "data": { "success": true, "message": "Request log cleared." } }))
}

pub fn new_recorder() -> Arc<Recorder> {
    Arc::new(Recorder::default())
}
