//! What `init` and `login` establish, in memory only: nothing is ever written to browser
//! storage. Borrows of the state are short and never held across an `.await`; every
//! session carries an epoch, so an answer that arrives after a logout or a new login
//! cannot revive or overwrite the session it was not sent for.

use crate::error::{Error, Result};
use crate::http::{Client, Endpoint};
use crate::prelude::*;
use crate::record::UserRecord;
use crate::shared::Shared;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

pub struct Session {
    pub client: Client,
    pub user: UserRecord,
    pub epoch: u64,
    /// Profile updates made in this session, and the number of the one whose answer `user` is.
    updates: u64,
    shown_update: u64,
}

/// A login in flight, shared by every caller that passes the same token.
pub struct PendingLogin {
    pub token: String,
    pub result: Shared<UserRecord>,
    /// Set by `logout`: the answer must not start a session.
    pub cancelled: Rc<Cell<bool>>,
}

/// A `getUser` in flight, shared by concurrent calls for the same uid in the same session.
pub struct PendingUser {
    pub epoch: u64,
    /// Lower-cased: CometChat looks uids up case-insensitively.
    pub uid: String,
    pub result: Shared<UserRecord>,
}

/// A user answered from memory until `expires` (ms since the epoch); only with `userCacheTtl`.
pub struct CachedUser {
    pub epoch: u64,
    pub uid: String,
    pub expires: f64,
    pub user: UserRecord,
}

#[derive(Default)]
pub struct State {
    pub endpoint: Option<Rc<Endpoint>>,
    pub user_cache_ms: u32,
    pub device_id: String,
    pub session: Option<Session>,
    pub pending_login: Option<PendingLogin>,
    // A few entries at a time: a Vec beats a map here, in code size too.
    pub pending_users: Vec<PendingUser>,
    pub cached_users: Vec<CachedUser>,
    epoch: u64,
}

/// The one state of the module. `Sync` only so that it can be a `static` without std's
/// `thread_local!`.
struct Global(RefCell<Option<State>>);
// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread; native builds
// (tests) never touch the state from two threads.
unsafe impl Sync for Global {}
static STATE: Global = Global(RefCell::new(None));

pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    f(STATE.0.borrow_mut().get_or_insert_with(State::default))
}

/// What a call on behalf of the logged-in user needs.
#[derive(Clone)]
pub struct Current {
    pub client: Client,
    pub epoch: u64,
}

pub fn endpoint() -> Result<Rc<Endpoint>> {
    with(|s| s.endpoint.clone()).ok_or_else(Error::not_initialized)
}

pub fn current() -> Result<Current> {
    endpoint()?;
    with(|s| {
        let session = s.session.as_ref().ok_or_else(Error::not_logged_in)?;
        Ok(Current { client: session.client.clone(), epoch: session.epoch })
    })
}

impl State {
    pub fn begin(&mut self, client: Client, user: UserRecord) {
        self.epoch += 1;
        self.cached_users.clear();
        self.session = Some(Session { client, user, epoch: self.epoch, updates: 0, shown_update: 0 });
    }

    pub fn end(&mut self) {
        self.epoch += 1;
        self.cached_users.clear();
        self.session = None;
    }

    /// A cached copy of `uid` for the session `epoch`, if still fresh at `now`.
    pub fn cached_user(&mut self, epoch: u64, uid: &str, now: f64) -> Option<UserRecord> {
        self.cached_users.retain(|c| c.expires > now);
        self.cached_users.iter().find(|c| c.epoch == epoch && c.uid == uid).map(|c| c.user.clone())
    }

    pub fn cache_user(&mut self, epoch: u64, uid: String, now: f64, user: UserRecord) {
        if self.user_cache_ms == 0 || self.session.as_ref().is_none_or(|s| s.epoch != epoch) {
            return;
        }
        self.cached_users.retain(|c| c.uid != uid);
        self.cached_users.push(CachedUser { epoch, uid, expires: now + f64::from(self.user_cache_ms), user });
    }

    /// Ends the session only if it is still the one identified by `epoch`.
    pub fn end_if(&mut self, epoch: u64) {
        if self.session.as_ref().is_some_and(|s| s.epoch == epoch) {
            self.end();
        }
    }

    /// Numbers a profile update of the session `epoch` in the order the calls were made.
    pub fn next_update(&mut self, epoch: u64) -> u64 {
        self.session.as_mut().filter(|s| s.epoch == epoch).map_or(0, |s| {
            s.updates += 1;
            s.updates
        })
    }

    /// Keeps update number `update`'s answer as the session's user if the session is still the
    /// one identified by `epoch` and no later-made update's answer is kept already: with two
    /// overlapping updates, the last one made wins, whichever answer arrives last.
    /// Also forgets cached users: the profile they may include just changed.
    pub fn store_update(&mut self, epoch: u64, update: u64, user: UserRecord) {
        self.cached_users.clear();
        if let Some(s) = self.session.as_mut().filter(|s| s.epoch == epoch && update > s.shown_update) {
            s.shown_update = update;
            s.user = user;
        }
    }
}
