//! What `init` and `login` establish, in memory. The module writes no browser storage; with
//! persistence on, the facade's store keeps what `events::session_kept` hands it, encrypted
//! (pkg-template/store.js), and gives it back to `start` (src/restore.rs). A session ends here,
//! and only here, so the app hears of each end once (src/events.rs). Borrows of the state are
//! short and never held across an `.await`; every session carries an epoch, so an answer that arrives after a logout or a new login
//! cannot revive or overwrite the session it was not sent for.

use crate::envelope::ends_session;
use crate::error::{code, Error, Result};
use crate::events::{self, Ended};
use crate::http::{Client, Endpoint};
use crate::prelude::*;
use crate::rate;
use crate::record::UserRecord;
use crate::shared::Shared;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use js_sys::Function;

pub struct Session {
    pub client: Client,
    pub user: UserRecord,
    pub epoch: u64,
    /// Profile updates made in this session, and the number of the one whose answer `user` is.
    updates: u64,
    shown_update: u64,
    /// `login({ tokenProvider })`: asked again when the server says the token is gone.
    pub provider: Option<Function>,
    /// The provider's answer in flight, awaited by every call that failed on the old token
    /// (src/renewal.rs).
    pub renewal: Option<js_sys::Promise>,
}

/// A login in flight, shared by every caller that passes the same token. It belongs to the
/// `init` that was current when it started: `init` with another app id cancels it.
#[derive(Clone)]
pub struct PendingLogin {
    pub token: String,
    pub provider: Option<Function>,
    pub endpoint: Rc<Endpoint>,
    pub device_id: String,
    pub result: Shared<UserRecord>,
    /// Set by `logout` or by `init` with another app: the answer must not start a session.
    pub cancelled: Rc<Cell<bool>>,
}

/// What a `login` call does, decided in one look at the state.
pub enum LoginTicket {
    /// Already logged in with this token: no request.
    LoggedIn(UserRecord),
    /// A login with this token is in flight: wait for it.
    Join(PendingLogin),
    /// This call sends the login; it is now the pending one.
    Lead(PendingLogin),
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
    device_id: String,
    pub session: Option<Session>,
    pending_login: Option<PendingLogin>,
    // A few entries at a time: a Vec beats a map here, in code size too.
    pub pending_users: Vec<PendingUser>,
    pub cached_users: Vec<CachedUser>,
    /// The app's rate-limit window as the answers describe it.
    pub rate: rate::Window,
    epoch: u64,
}

/// The one state of the module. `Sync` only so that it can be a `static` without std's
/// `thread_local!`.
struct Global(RefCell<Option<State>>);
// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread; native builds
// (tests) never touch the state from two threads. A threaded wasm build must not compile.
unsafe impl Sync for Global {}
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!(
    "cometchat-wasm's state is single-threaded (`unsafe impl Sync for Global`): build without the atomics feature."
);
static STATE: Global = Global(RefCell::new(None));

pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    f(&mut state())
}

// Not generic, so the state's first-use initialisation is compiled once, not at every `with`.
#[inline(never)]
fn state() -> core::cell::RefMut<'static, State> {
    core::cell::RefMut::map(STATE.0.borrow_mut(), |s| s.get_or_insert_with(State::default))
}

/// What a call on behalf of the logged-in user needs.
#[derive(Clone)]
pub struct Current {
    pub client: Client,
    pub epoch: u64,
}

impl Current {
    /// `result` of a call made for this session, which ends if the server says its token or
    /// user is gone (and only if it is still this session).
    pub fn check<T>(&self, result: Result<T>) -> Result<T> {
        if let Err(e) = &result {
            if let Some(why) = ends_session(e) {
                with(|s| s.end_if(self.epoch, why, e));
            }
        }
        result
    }
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
    /// `init`: the endpoint and settings of the next calls. Another app id ends the session and
    /// cancels a login in flight (it belongs to the init that started it); the same app moves
    /// the session to the new host and timeout at once.
    pub fn configure(&mut self, endpoint: Endpoint, user_cache_ms: u32, new_device_id: impl FnOnce() -> String) {
        let other_app = self.endpoint.as_ref().is_some_and(|e| e.app_id != endpoint.app_id);
        if other_app {
            self.end(Ended::AppChanged, None);
            self.rate = rate::Window::default();
            if let Some(p) = self.pending_login.take() {
                p.cancelled.set(true);
            }
        }
        if other_app || self.device_id.is_empty() {
            self.device_id = new_device_id();
        }
        let endpoint = Rc::new(endpoint);
        if let Some(s) = self.session.as_mut() {
            s.client = Client::new(endpoint.clone(), s.client.token().to_owned(), s.epoch);
        }
        self.endpoint = Some(endpoint);
        self.user_cache_ms = user_cache_ms;
        self.cached_users.clear();
    }

    pub fn login_ticket(&mut self, token: &str, provider: Option<Function>) -> Result<LoginTicket> {
        let endpoint = self.endpoint.clone().ok_or_else(Error::not_initialized)?;
        if let Some(s) = self.session.as_ref().filter(|s| s.client.token() == token) {
            return Ok(LoginTicket::LoggedIn(s.user.clone()));
        }
        match &self.pending_login {
            Some(p) if p.token == token => Ok(LoginTicket::Join(p.clone())),
            Some(_) => Err(Error::new(code::LOGIN_IN_PROGRESS, "Another login is in progress; wait for it to end.")),
            None => {
                let p = PendingLogin {
                    token: token.to_owned(),
                    provider,
                    endpoint,
                    device_id: self.device_id.clone(),
                    result: Shared::default(),
                    cancelled: Rc::new(Cell::new(false)),
                };
                self.pending_login = Some(p.clone());
                Ok(LoginTicket::Lead(p))
            }
        }
    }

    /// The answer to the pending login `p`: the session starts, on the endpoint current now,
    /// unless `logout` or another app's `init` cancelled the login meanwhile.
    pub fn finish_login(&mut self, p: &PendingLogin, result: &Result<UserRecord>) {
        if p.cancelled.get() {
            return; // no longer the pending one: another login may have started since
        }
        self.pending_login = None;
        if let Ok(user) = result {
            self.start(p.token.clone(), user.clone(), p.provider.clone());
            self.kept();
        }
    }

    /// A new session, on the endpoint current now: a login's, or one the store kept (restored at
    /// `init`, or saved by another tab after a login, a renewed token or a profile update),
    /// taken as it is, with no request.
    pub fn start(&mut self, token: String, user: UserRecord, provider: Option<Function>) {
        if let Some(endpoint) = self.endpoint.clone() {
            self.epoch += 1;
            self.cached_users.clear();
            let epoch = self.epoch;
            let client = Client::new(endpoint, token, epoch);
            self.session = Some(Session { client, user, epoch, updates: 0, shown_update: 0, provider, renewal: None });
        }
    }

    /// Tells the store (if persistence is on) how the session now stands.
    pub fn kept(&self) {
        if let Some(s) = &self.session {
            events::session_kept(s.client.token(), s.user.as_js(), s.provider.as_ref());
        }
    }

    /// Another tab ended the session they shared: it ends here too, with no request.
    pub fn end_elsewhere(&mut self) {
        self.end(Ended::LogoutElsewhere, None);
    }

    /// `logout`: ends the session and cancels a login in flight; returns both, for the server.
    pub fn end_for_logout(&mut self) -> (Option<Client>, Option<PendingLogin>) {
        let client = self.session.as_ref().map(|s| s.client.clone());
        self.end(Ended::Logout, None);
        let pending = self.pending_login.take();
        if let Some(p) = &pending {
            p.cancelled.set(true);
        }
        (client, pending)
    }

    /// Ends the session, if there is one, telling the app why (once: the session is gone).
    fn end(&mut self, why: Ended, error: Option<&Error>) {
        self.epoch += 1;
        self.cached_users.clear();
        if self.session.take().is_some() {
            events::session_ended(why, error);
        }
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

    /// Forgets what is known of these users (cached answers, requests in flight), so the next
    /// `getUser` of each asks the server.
    pub fn forget_users(&mut self, uids: &[String]) {
        let listed = |uid: &str| uids.iter().any(|u| u.eq_ignore_ascii_case(uid));
        self.cached_users.retain(|c| !listed(&c.uid));
        self.pending_users.retain(|p| !listed(&p.uid));
    }

    /// Ends the session only if it is still the one identified by `epoch`.
    pub fn end_if(&mut self, epoch: u64, why: Ended, error: &Error) {
        if self.session.as_ref().is_some_and(|s| s.epoch == epoch) {
            self.end(why, Some(error));
        }
    }

    /// The session `epoch`, if it is still the current one.
    pub fn session_of(&mut self, epoch: u64) -> Option<&mut Session> {
        self.session.as_mut().filter(|s| s.epoch == epoch)
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
            self.kept();
        }
    }
}
