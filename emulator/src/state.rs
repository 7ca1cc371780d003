//! Shared server state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::now;
use crate::socket::hub::Hub;
use crate::store::{users, Db};

pub struct AppState {
    pub db: Arc<Db>,
    pub app_id: String,
    pub api_key: String,
    /// `http(s)://host:port` as clients reach this server (used for avatar URLs).
    pub public_base: String,
    /// The open sockets and the presence they imply.
    pub hub: Arc<Hub>,
    /// uid → the last second written to `users.last_active_at`.
    activity: Mutex<HashMap<String, i64>>,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(db: Arc<Db>, app_id: String, api_key: String, public_base: String, hub: Arc<Hub>) -> Self {
        AppState { db, app_id, api_key, public_base, hub, activity: Mutex::new(HashMap::new()) }
    }

    /// Records `lastActiveAt = now` for `uid`, writing at most once per second per user so the
    /// read hot path does not take the write lock on every request.
    pub async fn touch(&self, uid: &str) {
        let t = now();
        {
            let mut map = self.activity.lock().unwrap_or_else(|e| e.into_inner());
            match map.get(uid) {
                Some(&last) if last >= t => return,
                _ => {
                    if map.len() > 100_000 {
                        map.clear();
                    }
                    map.insert(uid.to_string(), t);
                }
            }
        }
        let owned = uid.to_string();
        if let Err(e) = self.db.write(move |tx| users::touch_last_active(tx, &owned, t)).await {
            tracing::warn!(error = %e, "could not record lastActiveAt");
        }
    }
}
