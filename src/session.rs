//! The module's one state: the session machine (src/machine.rs) and what the wasm edge keeps
//! beside it (the endpoint, the session's client, the requests shared by several callers, the
//! user cache, the rate window). Every change goes through `with`, which releases the state
//! before it carries out the machine's effects (the listeners, the store): page code never runs
//! while the state is borrowed, so it may call the package again (re-entrancy is safe by
//! construction, not by care at each call site). Nothing inside `with` calls page code: times
//! and JS reads are taken before.

use crate::envelope::ends_session;
use crate::error::{Error, Result};
use crate::events;
use crate::http::{Client, Endpoint};
use crate::machine::{Effect, Machine};
use crate::prelude::*;
use crate::record::UserRecord;
use crate::shared::Shared;
use alloc::rc::Rc;
use core::cell::RefCell;
use js_sys::Function;

pub type SessionMachine = Machine<UserRecord, Function>;

/// A `getUser` in flight, shared by concurrent calls for the same uid in the same session.
pub struct PendingUser {
    pub epoch: u64,
    /// Lower-cased: CometChat looks uids up case-insensitively.
    pub uid: String,
    pub result: Shared<UserRecord>,
}

/// A user answered from memory until `expires` (ms, monotonic); only with `userCacheTtl`.
pub struct CachedUser {
    pub epoch: u64,
    pub uid: String,
    pub expires: f64,
    pub user: UserRecord,
}

#[derive(Default)]
pub struct State {
    pub m: SessionMachine,
    pub endpoint: Option<Rc<Endpoint>>,
    pub user_cache_ms: u32,
    pub device_id: String,
    /// The client of the session in force (made outside the borrow: it builds JS objects).
    client: Option<Client>,
    /// The login in flight, for the callers that join it.
    pub login: Option<(u64, Shared<UserRecord>)>,
    /// The renewal of a revoked token under way, for the calls that failed on it.
    pub renewal: Option<(u64, Shared<String>)>,

    // A few entries at a time: a Vec beats a map here, in code size too.
    pub pending_users: Vec<PendingUser>,
    pub cached_users: Vec<CachedUser>,
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

/// Runs `f` on the state, then, with the state released, what the machine decided to tell the
/// app and the store.
pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> R {
    let (r, effects) = {
        let mut s = state();
        (f(&mut s), s.take_effects())
    };
    if !effects.is_empty() {
        run(effects);
    }
    r
}

// Not generic (nor is `take_effects`): compiled once, not at each of `with`'s instantiations.
#[inline(never)]
fn run(effects: Vec<Effect>) {
    for e in effects {
        match e {
            Effect::Ended { why, app, sid, error } => events::session_ended(why, error.as_ref(), &app, &sid),
            Effect::Kept { first } => keep(first),
            Effect::Reread => events::reread(),
            Effect::Socket(epoch) => serve(epoch),
        }
    }
}

/// Tells the real-time socket (pkg-template/presence.js, if loaded) the session it is to serve,
/// or none, with where its credential may go and the session's id across tabs.
fn serve(epoch: Option<u64>) {
    let (endpoint, sid) = with(|s| (s.endpoint.clone(), s.m.live().map(|l| l.sid.clone())));
    if let Some(e) = endpoint {
        events::socket(epoch, &e.base, &e.app_id, sid);
    }
}

/// Hands the session as it now stands to the store, if persistence is on (`first`: a new
/// session, or persistence turned on while signed in).
pub fn keep(first: bool) {
    let kept = with(|s| s.m.live().map(|l| (l.token.clone(), l.user.clone(), l.provider.clone(), l.sid.clone())));
    if let Some((token, user, provider, sid)) = kept {
        events::session_kept(&token, user.as_js(), provider.as_ref(), &sid, first);
    }
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
                with(|s| s.m.end_if(self.epoch, why, e));
            }
        }
        result
    }
}

pub fn endpoint() -> Result<Rc<Endpoint>> {
    with(|s| s.endpoint.clone()).ok_or_else(Error::not_initialized)
}

/// The session in force and its client, made on first use after each change of token or host.
pub fn current() -> Result<Current> {
    let (endpoint, found) = with(|s| {
        let endpoint = s.endpoint.clone().ok_or_else(Error::not_initialized)?;
        let live = s.m.live().ok_or_else(Error::not_logged_in)?;
        let cached = s.client.clone().filter(|c| c.serves(&endpoint, live.epoch, &live.token));
        Ok((endpoint, cached.ok_or_else(|| (live.token.clone(), live.epoch))))
    })?;
    match found {
        Ok(client) => Ok(Current { epoch: client.epoch(), client }),
        Err((token, epoch)) => {
            let client = Client::new(endpoint, token, epoch);
            with(|s| {
                if s.m.live_of(epoch).is_some_and(|l| l.token == client.token()) {
                    s.client = Some(client.clone());
                }
            });
            Ok(Current { client, epoch })
        }
    }
}

impl State {
    /// The machine's effects; what belonged to a session that ended goes with it.
    #[inline(never)]
    fn take_effects(&mut self) -> Vec<Effect> {
        let effects = self.m.take_effects();
        if effects.iter().any(|e| matches!(e, Effect::Ended { .. })) {
            self.cached_users.clear();
            self.client = None;
        }
        effects
    }

    /// A cached copy of `uid` for the session `epoch`, if still fresh at `now`.
    pub fn cached_user(&mut self, epoch: u64, uid: &str, now: f64) -> Option<UserRecord> {
        self.cached_users.retain(|c| c.expires > now);
        self.cached_users.iter().find(|c| c.epoch == epoch && c.uid == uid).map(|c| c.user.clone())
    }

    pub fn cache_user(&mut self, epoch: u64, uid: String, now: f64, user: UserRecord) {
        if self.user_cache_ms == 0 || self.m.live_of(epoch).is_none() {
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

    /// Keeps update number `update`'s answer as the session's user (src/machine.rs `updated`);
    /// cached users go too: the profile they may include just changed.
    pub fn store_update(&mut self, epoch: u64, update: u64, user: UserRecord) {
        self.cached_users.clear();
        self.m.updated(epoch, update, user);
    }
}
