//! The session of one page as a state machine in plain Rust: events in (init, a login asked, a
//! provider's or the server's answer, a logout, a renewal, another tab's message), decisions and
//! effects out, no I/O and no JS, after matrix-sdk-crypto's sans-I/O `OlmMachine`. The wasm edge
//! (src/session.rs) holds one, feeds it what happened and carries out its effects after the state
//! is released, so page code that an effect runs (a listener, the store) may call the package
//! again. `U` is a user record and `P` a token provider: JS values in the module, plain values
//! in the tests, which drive every interleaving natively (`model` below, across simulated tabs).
//!
//! The rules it holds (Part A, "Trust under concurrency…"):
//! - a login is cancellable from its first moment, its provider wait included; a cancelled
//!   login's token goes nowhere, and an `init` for another app or host cancels it too;
//! - a renewed token replaces a revoked one only once the server confirmed it is the same
//!   user's; another user's token ends the session. A renewal is a login that keeps its session
//!   (one login in flight at a time, one lead for all: src/lead.rs), as is the restore of a
//!   session kept without its token;
//! - each session has an id (`sid`) shared by the tabs that share it; a tab reads the store after
//!   its own writes have committed and takes what it holds: the same session is updated in place
//!   (calls in flight go on), another one replaces it, none ends it;
//! - `"app-changed"` names the old app, whose record goes and whose tabs hear of it;
//! - the real-time socket (presence), if the app wants one, serves the session in force and
//!   nothing else: a new session reconnects it, an ended one closes it (Part A, "Presence").

use crate::error::{code, Error};
use crate::prelude::*;

/// Why a session ended (Part A, "Session lifecycle").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `logout()` on this page.
    Logout,
    /// The server no longer knows the token, and no token provider could replace it.
    TokenRevoked,
    /// The logged-in user was deleted or deactivated.
    UserGone,
    /// `init` with another app id.
    AppChanged,
    /// Another tab of the origin logged out or lost the session (persistence shares it).
    LogoutElsewhere,
}

impl Ended {
    pub fn reason(self) -> &'static str {
        match self {
            Ended::Logout => "logout",
            Ended::TokenRevoked => "token-revoked",
            Ended::UserGone => "user-gone",
            Ended::AppChanged => "app-changed",
            Ended::LogoutElsewhere => "logout-elsewhere",
        }
    }
}

/// Where one `init` sends requests: the app and its client API host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub app: String,
    pub host: String,
}

/// What the edge does once the state is released.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The session `sid` of `app` ended: `onSessionEnded` hears it once; unless it ended
    /// elsewhere, the store forgets `app`'s record of `sid` and tells that app's other tabs.
    Ended { why: Ended, app: String, sid: String, error: Option<Error> },
    /// The session started (`first`) or changed (token, user): the store, if any, keeps it.
    Kept { first: bool },
    /// The store, read while this page's own login was in flight, held a session kept without
    /// its token (a restore, which had to wait); that login ended without a session: the store
    /// is read again, and what it holds now is taken.
    Reread,
    /// The real-time socket now serves session `epoch`, or none: it (re)connects for that one
    /// with that session's credential, or closes.
    Socket(Option<u64>),
}

/// The session in force.
pub struct Live<U, P> {
    pub token: String,
    pub uid: String,
    pub user: U,
    pub provider: Option<P>,
    /// This page's number for the session: a call made for it acts only while it is in force.
    pub epoch: u64,
    /// The session's id across tabs (random, not a secret).
    pub sid: String,
    pub app: String,
    /// Profile updates made, and the number of the one whose answer `user` is.
    updates: u64,
    shown_update: u64,
}

/// What a login in flight is for.
#[derive(Debug, Clone, PartialEq)]
enum Purpose {
    /// `login()`: a new session.
    Login,
    /// The kept session `sid` of `uid`, whose token was not kept (a token URL's).
    Restore { sid: String, uid: String },
    /// A token to replace `revoked` in session `epoch`, of the same user; `cause`: the failure of
    /// the call that found it revoked, which the session ends with if the renewal fails.
    Renew { epoch: u64, revoked: String, cause: Error },
}

/// The login in flight: waiting for its token (`None`: its provider is asked) or for the server.
/// One at a time: a renewal is a login that keeps its session.
struct Login<P> {
    id: u64,
    token: Option<String>,
    provider: Option<P>,
    purpose: Purpose,
}

/// What a `login` call does, decided in one look at the state.
#[derive(Debug, PartialEq)]
pub enum Ticket<U, P> {
    /// Already logged in with this token: no request.
    LoggedIn(U),
    /// A login with this token is in flight (number `.0`): wait for it.
    Join(u64),
    /// This call leads login number `.0`, asking provider `.1` if it has no token.
    Lead(u64, Option<P>),
}

/// The next step of a login, once its token is known.
#[derive(Debug, PartialEq)]
pub enum Step<U> {
    /// Send it to the server (the login's, or `GET me` for a renewal).
    Send(String),
    /// The provider answered the session's own token: nothing to send.
    LoggedIn(U),
    /// It ends here, with this failure: cancelled, or a renewal given the revoked token again.
    Stop(Error),
}

/// What a call that failed on a revoked token does.
#[derive(Debug, PartialEq)]
pub enum Renew<P> {
    /// The token was replaced meanwhile: send again with this one.
    Use(String),
    /// Another call is renewing it (login `.0`): wait for that.
    Join(u64),
    /// This call leads renewal `.0`, asking provider `.1`.
    Lead(u64, P),
    /// The session is over, has no provider, or a login is under way: the call fails as it did.
    Over,
}

pub fn cancelled() -> Error {
    Error::new(code::LOGIN_CANCELLED, "logout() or init() of another app or host ended this login.")
}

fn provider_failed(why: &str) -> Error {
    Error::new(code::TOKEN_PROVIDER_FAILED, ["The token provider failed: ", why].concat())
}

/// `cause`, saying also `why` it stands: a call that failed on a revoked token whose renewal
/// failed too keeps its code (`AUTH_ERR_AUTH_TOKEN_NOT_FOUND`) and tells why.
pub fn because(cause: &Error, why: &Error) -> Error {
    Error { message: [cause.message.as_str(), " ", &why.message].concat(), ..cause.clone() }
}

pub struct Machine<U, P> {
    target: Option<Target>,
    live: Option<Live<U, P>>,
    login: Option<Login<P>>,
    /// The store's session `sid` kept without its token, read while this page's own login was
    /// in flight: the store is read again if that login ends without a session.
    waiting: Option<String>,
    /// The session the real-time socket was last told to serve.
    serving: Option<u64>,
    epoch: u64,
    logins: u64,
    effects: Vec<Effect>,
}

impl<U, P> Default for Machine<U, P> {
    fn default() -> Self {
        Machine {
            target: None,
            live: None,
            login: None,
            waiting: None,
            serving: None,
            epoch: 0,
            logins: 0,
            effects: Vec::new(),
        }
    }
}

impl<U: Clone, P: Clone> Machine<U, P> {
    pub fn target(&self) -> Option<&Target> {
        self.target.as_ref()
    }

    pub fn live(&self) -> Option<&Live<U, P>> {
        self.live.as_ref()
    }

    /// The session `epoch`, if it is still the one in force.
    pub fn live_of(&self, epoch: u64) -> Option<&Live<U, P>> {
        self.live.as_ref().filter(|l| l.epoch == epoch)
    }

    /// The effects to carry out, in order; the edge takes them once the state is released. A
    /// restore that waited for this page's login goes once no login is in flight; the socket
    /// hears of any change of the session it is to serve (one rule, whatever changed it).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        if self.login.is_none() && self.waiting.take().is_some() {
            self.effects.push(Effect::Reread);
        }
        let serve = self.live.as_ref().map(|l| l.epoch);
        if serve != self.serving {
            self.serving = serve;
            self.effects.push(Effect::Socket(serve));
        }
        core::mem::take(&mut self.effects)
    }

    /// `init`. Another app ends the session (its record is the old app's); another app or host
    /// cancels a login in flight, whose token must reach no host but the one it was meant for.
    /// The same app on another host moves the session there. True if the app changed.
    pub fn configure(&mut self, target: Target) -> bool {
        let (other_app, other_host) = match &self.target {
            Some(t) => (t.app != target.app, t.host != target.host),
            None => (false, false),
        };
        if other_app {
            self.end(Ended::AppChanged, None);
            self.waiting = None;
        }
        if other_app || other_host {
            self.login = None;
        }
        self.target = Some(target);
        other_app
    }

    /// A `login` with `token`, or with a `provider` to ask for one; `restore`: the kept session
    /// `(sid, uid)` whose token was not kept, which goes as a login does.
    pub fn login(
        &mut self,
        token: Option<&str>,
        provider: Option<P>,
        restore: Option<(String, String)>,
    ) -> Result<Ticket<U, P>, Error> {
        if self.target.is_none() {
            return Err(Error::not_initialized());
        }
        if let (Some(live), Some(token)) = (&self.live, token) {
            if live.token == token {
                return Ok(Ticket::LoggedIn(live.user.clone()));
            }
        }
        if let Some(l) = &self.login {
            let id = l.id;
            return match (&l.token, token, restore) {
                (Some(a), Some(b), _) if a == b && l.purpose == Purpose::Login => Ok(Ticket::Join(id)),
                // The store's session, read during this page's own login or restore: taken
                // once that ends without a session (a login that starts one replaces it).
                (_, _, Some((sid, _))) if !matches!(l.purpose, Purpose::Renew { .. }) => {
                    self.waiting = Some(sid);
                    Ok(Ticket::Join(id))
                }
                _ => Err(Error::new(code::LOGIN_IN_PROGRESS, "Another login is in progress; wait for it to end.")),
            };
        }
        let purpose = restore.map_or(Purpose::Login, |(sid, uid)| Purpose::Restore { sid, uid });
        Ok(Ticket::Lead(self.begin(token.map(ToOwned::to_owned), provider.clone(), purpose), provider))
    }

    fn begin(&mut self, token: Option<String>, provider: Option<P>, purpose: Purpose) -> u64 {
        self.logins += 1;
        self.login = Some(Login { id: self.logins, token, provider, purpose });
        self.logins
    }

    /// A call of session `epoch` failed on `revoked` (with `cause`).
    pub fn renew(&mut self, epoch: u64, revoked: &str, cause: &Error) -> Renew<P> {
        let Some(live) = self.live_of(epoch) else { return Renew::Over };
        if live.token != revoked {
            return Renew::Use(live.token.clone());
        }
        let Some(provider) = live.provider.clone() else { return Renew::Over };
        match &self.login {
            Some(l) if matches!(&l.purpose, Purpose::Renew { epoch: e, .. } if *e == epoch) => Renew::Join(l.id),
            Some(_) => Renew::Over,
            None => {
                let purpose = Purpose::Renew { epoch, revoked: revoked.into(), cause: cause.clone() };
                Renew::Lead(self.begin(None, Some(provider.clone()), purpose), provider)
            }
        }
    }

    /// The next step of login `id` once its token is known (at once, or from its provider).
    pub fn token_for(&mut self, id: u64, token: String) -> Step<U> {
        let Some(login) = self.login.as_mut().filter(|l| l.id == id) else { return Step::Stop(cancelled()) };
        match &login.purpose {
            Purpose::Renew { revoked, .. } if *revoked == token => {
                let e = provider_failed("it returned the revoked token again.");
                self.failed(id, e.clone(), true);
                return Step::Stop(e);
            }
            Purpose::Renew { .. } => {}
            _ => {
                if let Some(live) = self.live.as_ref().filter(|l| l.token == token) {
                    self.login = None;
                    return Step::LoggedIn(live.user.clone());
                }
            }
        }
        login.token = Some(token.clone());
        Step::Send(token)
    }

    /// Login `id` failed (its provider, or its request: `ends`, the token is no good): it ends,
    /// and a renewal that cannot go on ends its session. False if it was cancelled already.
    pub fn failed(&mut self, id: u64, error: Error, ends: bool) -> bool {
        let Some(login) = self.login.take_if(|l| l.id == id) else { return false };
        match login.purpose {
            Purpose::Renew { epoch, cause, .. } if ends && self.live_of(epoch).is_some() => {
                self.end(Ended::TokenRevoked, Some(because(&cause, &error)))
            }
            Purpose::Restore { sid, .. } if ends => self.unrestorable(&sid),
            _ => {}
        }
        true
    }

    /// The store's session `sid` replaced this page's and cannot be taken here (its token URL
    /// answers no token of its user): this page's own session is over too.
    fn unrestorable(&mut self, sid: &str) {
        if self.live.as_ref().is_some_and(|l| l.sid != sid) {
            self.end(Ended::LogoutElsewhere, None);
        }
    }

    /// The server says login `id`'s token is `uid`'s, with `user`: a login starts its session as
    /// `sid`, a restore its kept one (if the user is the kept one), a renewal installs the token
    /// (if the user is the session's; another user's ends the session and nothing is done as
    /// them). `Err`: nothing was taken (the login was cancelled, or the user is not the one).
    pub fn logged_in(&mut self, id: u64, uid: String, user: U, sid: String) -> Result<(), Error> {
        let login = self.login.take_if(|l| l.id == id).ok_or_else(cancelled)?;
        let token = login.token.ok_or_else(cancelled)?;
        let other = || provider_failed("its token is another user's; nothing was done as them.");
        let (sid, first) = match login.purpose {
            Purpose::Login => (sid, true),
            Purpose::Restore { sid, uid: kept } => {
                if kept != uid {
                    self.unrestorable(&sid);
                    return Err(other());
                }
                (sid, false)
            }
            Purpose::Renew { epoch, revoked, cause } => {
                let live = self.live.as_mut().filter(|l| l.epoch == epoch).ok_or_else(cancelled)?;
                if live.token != revoked {
                    return Ok(()); // another tab's renewal came first: this token goes unused
                }
                if live.uid != uid {
                    self.end(Ended::TokenRevoked, Some(because(&cause, &other())));
                    return Err(other());
                }
                live.token = token;
                self.effects.push(Effect::Kept { first: false });
                return Ok(());
            }
        };
        let app = self.target.as_ref().map(|t| t.app.clone()).unwrap_or_default();
        self.epoch += 1;
        self.waiting = None;
        let live = Live {
            token,
            uid,
            user,
            provider: login.provider,
            epoch: self.epoch,
            sid,
            app,
            updates: 0,
            shown_update: 0,
        };
        self.live = Some(live);
        self.effects.push(Effect::Kept { first });
        Ok(())
    }

    /// `logout()`: the session ends here at once and the login in flight is cancelled (its
    /// lead logs out the device if the server had accepted it). The session that ends in the
    /// store is the one this page was restoring, if any: its own was replaced there already.
    /// Returns the session's token to log out on the server, if there was a session; `None`:
    /// nothing to log out of.
    pub fn logout(&mut self) -> Option<Option<String>> {
        let token = self.live.as_ref().map(|l| l.token.clone());
        let restoring = match (self.waiting.take(), self.login.take()) {
            (Some(sid), _) | (None, Some(Login { purpose: Purpose::Restore { sid, .. }, .. })) => Some(sid),
            (None, None) if token.is_none() => return None,
            _ => None,
        };
        self.end(Ended::Logout, None);
        // The store's session is the one this page was restoring, if any (its own was replaced
        // there): that one ends in the store and in the other tabs.
        if let (Some(sid), Some(t)) = (restoring, &self.target) {
            let app = t.app.clone();
            match (token.is_some(), self.effects.last_mut()) {
                (true, Some(Effect::Ended { sid: ended, .. })) => *ended = sid,
                _ => self.effects.push(Effect::Ended { why: Ended::Logout, app, sid, error: None }),
            }
        }
        Some(token)
    }

    /// Ends the session `epoch` (if still in force) because the server said so.
    pub fn end_if(&mut self, epoch: u64, why: Ended, error: &Error) {
        if self.live_of(epoch).is_some() {
            self.end(why, Some(error.clone()));
        }
    }

    fn end(&mut self, why: Ended, error: Option<Error>) {
        self.epoch += 1;
        if let Some(live) = self.live.take() {
            self.effects.push(Effect::Ended { why, app: live.app, sid: live.sid, error });
        }
    }

    /// Another tab kept session `sid` (the store's record): the same session is updated in
    /// place, so this page's calls in flight go on; another one replaces it.
    pub fn adopt(&mut self, token: String, uid: String, user: U, provider: Option<P>, sid: String) {
        let Some(app) = self.target.as_ref().map(|t| t.app.clone()) else { return };
        self.superseded();
        match self.live.as_mut() {
            Some(live) if live.sid == sid && live.uid == uid => {
                live.token = token;
                live.user = user;
                live.provider = provider.or(live.provider.take());
            }
            _ => {
                self.epoch += 1;
                self.live =
                    Some(Live { token, uid, user, provider, epoch: self.epoch, sid, app, updates: 0, shown_update: 0 });
            }
        }
    }

    /// The store holds no session (read after this page's own writes, so any session of this
    /// page that it does not hold was ended or replaced by another tab): it ends here too.
    pub fn ended_elsewhere(&mut self) {
        self.superseded();
        self.end(Ended::LogoutElsewhere, None);
    }

    /// The store was read again: a restore in flight, or waiting, was of an older record, and
    /// its failure must not end what was just taken (its lead logs its device out, cancelled).
    fn superseded(&mut self) {
        self.waiting = None;
        self.login.take_if(|l| matches!(l.purpose, Purpose::Restore { .. }));
    }

    /// Numbers a profile update of the session `epoch` in the order the calls were made.
    pub fn next_update(&mut self, epoch: u64) -> u64 {
        self.live.as_mut().filter(|l| l.epoch == epoch).map_or(0, |l| {
            l.updates += 1;
            l.updates
        })
    }

    /// Keeps update number `update`'s answer as the session's user if the session is still
    /// `epoch` and no later-made update's answer is kept already: the last one made wins.
    pub fn updated(&mut self, epoch: u64, update: u64, user: U) {
        if let Some(l) = self.live.as_mut().filter(|l| l.epoch == epoch && update > l.shown_update) {
            l.shown_update = update;
            l.user = user;
            self.effects.push(Effect::Kept { first: false });
        }
    }
}

/// The store's rule (pkg-template/store.js asks it in its write's transaction): a session's
/// first save replaces whatever is stored (the later login wins); a later save or a drop of
/// session `sid` applies only while the stored record is that session's, so a logout elsewhere
/// is never undone by a save that commits after it. A write refused is followed by a read: the
/// page takes what the store holds. A read waits behind the page's own queued writes, and is
/// skipped while one is queued (that write reads or tells the others when it commits). The
/// model test below checks that with this rule every tab ends on the store's session.
pub fn store_admits(stored_sid: Option<&str>, sid: &str, first: bool) -> bool {
    first || stored_sid == Some(sid)
}

// Native only: proptest is a native dev-dependency (the browser suites cover the JS edge).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
