//! `--record-requests` (tests only): an in-memory log of every request received — method, path
//! and query (tokens masked by [`crate::redact`]), header NAMES (never values), the top-level key
//! NAMES of a JSON object body (never values) and the status — served at
//! `GET /__emulator/requests` and cleared by `DELETE /__emulator/requests`. Those two routes are
//! not themselves recorded. The middleware is the outermost layer, so it also sees what the CORS
//! layer answers itself (preflights).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use bytes::BytesMut;
use http_body_util::BodyExt;
use serde::de::IgnoredAny;
use serde::Serialize;
use serde_json::{json, Value};

use crate::extract::BODY_LIMIT;
use crate::redact;

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
    /// Sorted top-level keys of a JSON object body; `None` (null) without one.
    pub body_fields: Option<Vec<String>>,
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

/// The middleware; `routes` installs it outermost, and only with `--record-requests`.
pub async fn record(State(rec): State<Arc<Recorder>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let path = redact::path(req.uri().path()).into_owned();
    let query = req.uri().query().map(|q| redact::query(q).into_owned());
    let mut header_names: Vec<String> = req.headers().keys().map(|k| k.as_str().to_ascii_lowercase()).collect();
    header_names.sort();
    header_names.dedup();
    let (parts, body) = req.into_parts();
    let bytes = buffer(body).await;
    let body_fields = field_names(&bytes);
    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    rec.push(Entry { method, path, query, header_names, body_fields, status: res.status().as_u16() });
    res
}

/// Reads the body, keeping at most `BODY_LIMIT + 1` bytes: enough for the handlers to answer a
/// larger body with the same 413 as without the log, and a bound on what is held.
async fn buffer(mut body: Body) -> Bytes {
    let mut buf = BytesMut::new();
    while buf.len() <= BODY_LIMIT {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    buf.extend_from_slice(&data);
                }
            }
            // A read error leaves a short body; the handler's own reading then fails as before.
            Some(Err(_)) | None => break,
        }
    }
    buf.truncate(BODY_LIMIT + 1);
    buf.freeze()
}

/// The sorted top-level key names of a JSON object (values are skipped, never kept).
fn field_names(bytes: &[u8]) -> Option<Vec<String>> {
    if bytes.len() > BODY_LIMIT {
        return None;
    }
    serde_json::from_slice::<BTreeMap<String, IgnoredAny>>(bytes).ok().map(|m| m.into_keys().collect())
}

async fn list(State(rec): State<Arc<Recorder>>) -> Json<Value> {
    Json(json!({ "data": rec.snapshot() }))
}

async fn clear(State(rec): State<Arc<Recorder>>) -> Json<Value> {
    rec.clear();
    Json(json!({ "data": { "success": true, "message": "Request log cleared." } }))
}

/// `GET`/`DELETE /__emulator/requests`.
pub fn router<S: Clone + Send + Sync + 'static>(rec: Arc<Recorder>) -> Router<S> {
    Router::new().route("/__emulator/requests", get(list).delete(clear)).with_state(rec)
}
