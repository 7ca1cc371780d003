//! The open sockets and the presence they imply. A user is online from their first authenticated
//! socket and offline once their last one is gone and a grace period has passed with none back
//! (a reload closes one socket and opens another). Each change is written to the user's REST
//! `status`/`lastActiveAt` and pushed, as the §4.1 frame with the same timestamp, to every other
//! authenticated socket whose subscription matches.
//!
//! Changes are applied one at a time (`order`), so every socket sees them in the order REST does;
//! the registry itself sits behind a plain mutex that is never held across an await.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

use super::frames::{self, Auth, Subscription};
use crate::model::{now, UserRow};
use crate::store::{friends, jwts, users, Db};

/// The bounds of the socket; tests shorten the times.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a user with no socket left stays online (a reload reconnects within it).
    pub grace: Duration,
    /// A socket that has not authenticated by then is closed.
    pub auth_timeout: Duration,
    /// A socket silent this long (no frame at all) is closed: the SDK pings every 15 s.
    pub idle_timeout: Duration,
    /// The largest message a client may send.
    pub max_frame: usize,
    /// Authenticated sockets per user; one more is refused at auth.
    pub per_user: usize,
    /// Sockets in all, authenticated or not; one more is refused at the upgrade.
    pub total: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            grace: Duration::from_millis(2000),
            auth_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(35),
            max_frame: 64 * 1024,
            per_user: 16,
            total: 1000,
        }
    }
}

/// Frames waiting for one socket; a socket this far behind is closed as too slow.
const QUEUE: usize = 256;

/// How and why the emulator closes a socket (the close code and reason the client receives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Close {
    pub code: u16,
    pub reason: &'static str,
}

pub const AUTH_FAILED: Close = Close { code: 4001, reason: "auth failed" };
pub const AUTH_TIMEOUT: Close = Close { code: 4002, reason: "not authenticated in time" };
pub const LOGGED_OUT: Close = Close { code: 4003, reason: "logged out" };
pub const TOKEN_REVOKED: Close = Close { code: 4003, reason: "auth token revoked" };
pub const USER_DEACTIVATED: Close = Close { code: 4003, reason: "user deactivated" };
pub const USER_DELETED: Close = Close { code: 4003, reason: "user deleted" };
pub const IDLE_TIMEOUT: Close = Close { code: 4004, reason: "no frame in time" };
pub const TOO_SLOW: Close = Close { code: 4008, reason: "too slow to read its frames" };
pub const TOO_MANY_FOR_USER: Close = Close { code: 4029, reason: "too many sockets for this user" };
pub const TOO_BIG: Close = Close { code: 1009, reason: "frame too large" };
pub const SHUTDOWN: Close = Close { code: 1001, reason: "server shutting down" };
pub const INTERNAL: Close = Close { code: 1011, reason: "internal error" };

/// Why an auth frame was refused: the `code` and `message` of the auth reply, then the close.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
    pub close: Close,
}

const fn refused(message: &'static str) -> Refusal {
    Refusal { code: "401", message, close: AUTH_FAILED }
}

/// Which sockets a close applies to.
#[derive(Debug, Clone)]
pub enum Target {
    All,
    Uid(String),
    Token(String),
}

struct Authed {
    uid: String,
    token: String,
    device_id: String,
    subscription: Subscription,
    roles: Vec<String>,
}

struct Entry {
    frames: mpsc::Sender<Utf8Bytes>,
    close: Option<oneshot::Sender<Close>>,
    user: Option<Authed>,
}

impl Entry {
    fn matches(&self, target: &Target) -> bool {
        match (target, &self.user) {
            (Target::All, _) => true,
            (Target::Uid(uid), Some(a)) => &a.uid == uid,
            (Target::Token(token), Some(a)) => &a.token == token,
            _ => false,
        }
    }

    /// Asks the socket's task to close; false when it was asked already.
    fn close(&mut self, why: Close) -> bool {
        match self.close.take() {
            Some(tx) => {
                let _ = tx.send(why);
                true
            }
            None => false,
        }
    }
}

/// One user's presence.
#[derive(Default)]
struct Presence {
    /// Authenticated sockets.
    live: usize,
    online: bool,
    /// Set from the registry's counter at every socket change of the user: a grace period ends
    /// in "offline" only if nothing happened since it began.
    epoch: u64,
    /// The session id of the socket that changed the presence last (the offline frame's deviceId).
    device_id: String,
    /// The user and their friends as last pushed, for the offline frame of a user deleted since.
    last: Option<(UserRow, Vec<String>)>,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    /// Counts every socket change, across users and across a user's entry being dropped and
    /// made again, so that an old grace timer never matches a later change.
    changes: u64,
    sockets: HashMap<u64, Entry>,
    users: HashMap<String, Presence>,
    shutting_down: bool,
}

impl Registry {
    fn change(&mut self) -> u64 {
        self.changes += 1;
        self.changes
    }

    /// Removes a socket; `Some(uid)` when it was its user's last one while online.
    fn remove(&mut self, id: u64) -> Option<String> {
        let a = self.sockets.remove(&id)?.user?;
        let epoch = self.change();
        let p = self.users.get_mut(&a.uid)?;
        p.live = p.live.saturating_sub(1);
        p.epoch = epoch;
        if p.live > 0 {
            return None;
        }
        p.device_id = a.device_id;
        if p.online {
            Some(a.uid)
        } else {
            self.users.remove(&a.uid);
            None
        }
    }
}

/// What `GET /__emulator/sockets` shows of a socket (never its credential).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SocketInfo {
    pub uid: Option<String>,
    pub device_id: Option<String>,
    pub subscription: Option<&'static str>,
    pub roles: Vec<String>,
    pub authenticated: bool,
}

pub struct Hub {
    db: Arc<Db>,
    app_id: String,
    pub limits: Limits,
    reg: Mutex<Registry>,
    order: tokio::sync::Mutex<()>,
}

/// A socket's place in the hub, held by its connection task: the frames to send, the close the
/// hub asks for. Dropping it (the task ended, or the upgrade failed) removes the socket.
pub struct Slot {
    pub id: u64,
    pub frames: mpsc::Receiver<Utf8Bytes>,
    pub close: oneshot::Receiver<Close>,
    hub: Arc<Hub>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (hub, id) = (self.hub.clone(), self.id);
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move { hub.closed(id).await });
        }
    }
}

impl Hub {
    pub fn new(db: Arc<Db>, app_id: String, limits: Limits) -> Self {
        Hub { db, app_id, limits, reg: Mutex::new(Registry::default()), order: tokio::sync::Mutex::new(()) }
    }

    fn reg(&self) -> MutexGuard<'_, Registry> {
        // Nothing panics while holding it; a poisoned registry is still consistent.
        self.reg.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new socket; `None` past the total cap or while shutting down.
    pub fn open(self: &Arc<Self>) -> Option<Slot> {
        let mut reg = self.reg();
        if reg.shutting_down || reg.sockets.len() >= self.limits.total {
            return None;
        }
        reg.next_id += 1;
        let id = reg.next_id;
        let (frames_tx, frames) = mpsc::channel(QUEUE);
        let (close_tx, close) = oneshot::channel();
        reg.sockets.insert(id, Entry { frames: frames_tx, close: Some(close_tx), user: None });
        Some(Slot { id, frames, close, hub: self.clone() })
    }

    /// Checks an auth frame and, when it is good, makes the socket its user's (online if it is the
    /// first). The credential is read while changes are held back, so that a token revoked at
    /// the same time either fails here or finds this socket to close.
    pub async fn authenticate(self: &Arc<Self>, id: u64, auth: Auth) -> Result<(), Refusal> {
        let _order = self.order.lock().await;
        if auth.app_id != self.app_id {
            return Err(refused("The appId is not this app's."));
        }
        let jwt = auth.jwt.clone();
        let owner = match self.db.read(move |c| jwts::owner(c, &jwt)).await {
            Ok(owner) => owner,
            Err(e) => {
                tracing::warn!(error = %e, "could not check a socket's jwt");
                return Err(Refusal { code: "500", message: "The jwt could not be checked.", close: INTERNAL });
            }
        };
        let Some(owner) = owner else {
            return Err(refused("The jwt is unknown or revoked, or its user is deactivated or deleted."));
        };
        if owner.uid != auth.sender {
            return Err(refused("The jwt is not the sender's."));
        }
        let first = {
            let mut reg = self.reg();
            let live = reg.users.get(&owner.uid).map_or(0, |p| p.live);
            if live >= self.limits.per_user {
                return Err(Refusal {
                    code: "429",
                    message: "Too many sockets are open for this user.",
                    close: TOO_MANY_FOR_USER,
                });
            }
            let Some(entry) = reg.sockets.get_mut(&id) else {
                return Err(Refusal { code: "410", message: "The socket is closed.", close: SHUTDOWN });
            };
            entry.user = Some(Authed {
                uid: owner.uid.clone(),
                token: owner.token,
                device_id: auth.device_id.clone(),
                subscription: auth.subscription,
                roles: auth.roles,
            });
            let epoch = reg.change();
            let p = reg.users.entry(owner.uid.clone()).or_default();
            p.live += 1;
            p.epoch = epoch;
            let first = !p.online;
            if first {
                p.online = true;
                p.device_id = auth.device_id;
            }
            first
        };
        if first {
            self.announce(&owner.uid, true).await;
        }
        Ok(())
    }

    /// A socket is gone (its task ended). Its user goes offline after the grace period if it was
    /// their last.
    async fn closed(self: &Arc<Self>, id: u64) {
        let _order = self.order.lock().await;
        let last = self.reg().remove(id);
        let Some(uid) = last else { return };
        let epoch = self.reg().users.get(&uid).map_or(0, |p| p.epoch);
        if self.limits.grace.is_zero() {
            self.offline(&uid).await;
            return;
        }
        let (hub, grace) = (self.clone(), self.limits.grace);
        tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            let _order = hub.order.lock().await;
            let still = hub.reg().users.get(&uid).is_some_and(|p| p.epoch == epoch && p.live == 0 && p.online);
            if still {
                hub.offline(&uid).await;
            }
        });
    }

    /// Closes the matching sockets with `why`; returns how many were not closing already. `now`:
    /// the sockets leave at once and their users go offline without a grace period (a logout, a
    /// revoked token, a deactivated or deleted user: no reload will follow); otherwise they leave
    /// as a dropped socket does.
    pub async fn close(self: &Arc<Self>, target: Target, why: Close, now: bool) -> usize {
        let _order = self.order.lock().await;
        self.close_held(&target, why, now).await
    }

    async fn close_held(self: &Arc<Self>, target: &Target, why: Close, now: bool) -> usize {
        let (n, offline) = {
            let mut reg = self.reg();
            let ids: Vec<u64> = reg.sockets.iter().filter(|(_, e)| e.matches(target)).map(|(id, _)| *id).collect();
            let (mut n, mut offline) = (0, Vec::new());
            for id in &ids {
                if reg.sockets.get_mut(id).is_some_and(|e| e.close(why)) {
                    n += 1;
                }
                if now {
                    offline.extend(reg.remove(*id));
                }
            }
            (n, offline)
        };
        for uid in offline {
            self.offline(&uid).await;
        }
        n
    }

    /// `DELETE me`: closes the sockets of that token at once; a user left with no socket is
    /// offline now, also when a status "available" came from elsewhere (the seed, an earlier run).
    pub async fn logout(self: &Arc<Self>, uid: &str, token: &str) {
        let _order = self.order.lock().await;
        self.close_held(&Target::Token(token.to_string()), LOGGED_OUT, true).await;
        let left = self.reg().users.get(uid).map(|p| p.live);
        match left {
            Some(0) => {
                // Only a grace period was left (this device's socket dropped before the logout).
                {
                    let mut reg = self.reg();
                    let epoch = reg.change();
                    if let Some(p) = reg.users.get_mut(uid) {
                        p.epoch = epoch;
                    }
                }
                self.offline(uid).await;
                return;
            }
            Some(_) => return, // still online through another token's socket
            None => {}
        }
        let u = uid.to_string();
        match self.db.read(move |c| users::by_uid(c, &u, None)).await {
            Ok(Some(user)) if user.status != "offline" => self.announce(uid, false).await,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not read a user's status at logout"),
        }
    }

    /// Closes every socket (the server stops); no presence change is recorded.
    pub fn shutdown(&self) {
        let mut reg = self.reg();
        reg.shutting_down = true;
        for e in reg.sockets.values_mut() {
            e.close(SHUTDOWN);
        }
    }

    /// The sockets, oldest first.
    pub fn list(&self) -> Vec<SocketInfo> {
        let reg = self.reg();
        let mut ids: Vec<&u64> = reg.sockets.keys().collect();
        ids.sort();
        ids.into_iter()
            .map(|id| match &reg.sockets[id].user {
                Some(a) => SocketInfo {
                    uid: Some(a.uid.clone()),
                    device_id: Some(a.device_id.clone()),
                    subscription: Some(a.subscription.as_str()),
                    roles: a.roles.clone(),
                    authenticated: true,
                },
                None => SocketInfo {
                    uid: None,
                    device_id: None,
                    subscription: None,
                    roles: Vec::new(),
                    authenticated: false,
                },
            })
            .collect()
    }

    /// Marks `uid` offline (the caller holds `order`).
    async fn offline(self: &Arc<Self>, uid: &str) {
        if let Some(p) = self.reg().users.get_mut(uid) {
            p.online = false;
        }
        self.announce(uid, false).await;
        let mut reg = self.reg();
        if reg.users.get(uid).is_some_and(|p| p.live == 0 && !p.online) {
            reg.users.remove(uid);
        }
    }

    /// Writes the change to REST and pushes it (the caller holds `order`).
    async fn announce(self: &Arc<Self>, uid: &str, online: bool) {
        let ts = now();
        let status = if online { "available" } else { "offline" };
        let u = uid.to_string();
        let written = self
            .db
            .write(move |tx| {
                users::set_presence(tx, &u, status, ts)?;
                match users::by_uid(tx, &u, None)? {
                    Some(user) => Ok(Some((user, friends::uids(tx, &u)?))),
                    None => Ok(None),
                }
            })
            .await;
        let (user, friends, device_id) = {
            let mut reg = self.reg();
            let p = reg.users.get_mut(uid);
            let device_id = p.as_ref().map(|p| p.device_id.clone()).unwrap_or_default();
            match (written, p) {
                (Ok(Some((user, friends))), p) => {
                    if let Some(p) = p {
                        p.last = Some((user.clone(), friends.clone()));
                    }
                    (user, friends, device_id)
                }
                // Deleted since: the offline frame carries the user as last pushed.
                (Ok(None), Some(Presence { last: Some((user, friends)), .. })) => {
                    let mut user = user.clone();
                    user.status = status.to_string();
                    user.last_active_at = Some(ts);
                    (user, friends.clone(), device_id)
                }
                (Ok(None), _) => return,
                (Err(e), _) => {
                    tracing::warn!(error = %e, "could not record a presence change");
                    return;
                }
            }
        };
        let frame = Utf8Bytes::from(frames::presence(&self.app_id, &device_id, online, ts, user.out(true, None)));
        self.fan_out(&user, &friends, frame);
    }

    /// Queues the frame on every other authenticated socket whose subscription covers `user`.
    fn fan_out(&self, user: &UserRow, friends: &[String], frame: Utf8Bytes) {
        let friends: HashSet<&str> = friends.iter().map(String::as_str).collect();
        let mut reg = self.reg();
        let mut slow = Vec::new();
        for (id, e) in reg.sockets.iter() {
            let Some(a) = &e.user else { continue };
            let wanted = a.uid != user.uid
                && match a.subscription {
                    Subscription::AllUsers => true,
                    Subscription::Roles => a.roles.contains(&user.role),
                    Subscription::Friends => friends.contains(a.uid.as_str()),
                    Subscription::None => false,
                };
            if wanted && matches!(e.frames.try_send(frame.clone()), Err(mpsc::error::TrySendError::Full(_))) {
                slow.push(*id);
            }
        }
        for id in slow {
            if let Some(e) = reg.sockets.get_mut(&id) {
                e.close(TOO_SLOW);
            }
        }
    }
}
