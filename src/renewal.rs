//! `login({ tokenProvider })` or `login({ tokenUrl })`: the app's backend mints tokens on request,
//! so a token the server revoked is replaced without the app noticing. This wraps the transport
//! (src/http.rs knows nothing of it): a session's request that finds its token revoked is sent
//! once more with the new one. The renewal is a login that keeps its session (src/lead.rs): the
//! provider is asked once per revoked token whatever the number of calls that failed on it, never
//! once the session is over, and its token is installed only once `GET me` says it is the same
//! user's; another user's (the user switched accounts in another tab) ends the session instead.

use crate::envelope::{ends_session, Body};
use crate::error::{Error, Result};
use crate::http::{Client, Method};
use crate::lead::lead;
use crate::machine::{because, Ended, Renew};
use crate::prelude::*;
use crate::record::UserRecord;
use crate::session;
use crate::shared::Shared;
use core::future::Future;
use core::pin::Pin;
use js_sys::Function;

/// `client.send(…)`, and for a session's request that finds its token revoked, once more with the
/// token that replaces it; the failure says why when none could. Boxed: every endpoint awaits
/// it, and its state machine (the whole renewal) is then compiled once, not once per endpoint.
pub fn send<'a>(
    client: &'a Client,
    method: Method,
    path: &'a str,
    body: Option<String>,
) -> Pin<Box<dyn Future<Output = Result<Body>> + 'a>> {
    Box::pin(async move {
        let e = match client.send(method, path, body.clone()).await {
            Err(e) if client.epoch() != 0 && ends_session(&e) == Some(Ended::TokenRevoked) => e,
            result => return result,
        };
        match renewed(client.epoch(), client.token(), &e).await {
            Ok(client) => client.send(method, path, body).await,
            Err(Some(why)) => Err(because(&e, &why)),
            Err(None) => Err(e),
        }
    })
}

enum Go {
    /// Read the session's token now: replaced meanwhile, or not renewable (then it is `revoked`).
    Now,
    Wait(Shared<UserRecord>),
    Lead(u64, Function),
}

/// A client with the token that replaces `revoked` in session `epoch`. `Err(None)`: the session
/// is over or has no provider (the call fails as it did); `Err(Some(e))`: the renewal failed.
async fn renewed(epoch: u64, revoked: &str, cause: &Error) -> Result<Client, Option<Error>> {
    let shared = Shared::default();
    let go = session::with(|s| match s.m.renew(epoch, revoked, cause) {
        Renew::Use(_) | Renew::Over => Go::Now,
        // The lead set `s.login` in the borrow that made its decision: a joiner finds it.
        Renew::Join(_) => s.login.as_ref().map_or(Go::Now, |(_, r)| Go::Wait(r.clone())),
        Renew::Lead(id, provider) => {
            s.login = Some((id, shared.clone()));
            Go::Lead(id, provider)
        }
    });
    match go {
        Go::Now => {}
        Go::Wait(renewal) => drop(renewal.wait().await.map_err(Some)?),
        Go::Lead(id, provider) => {
            let result = shared.run(lead(id, None, Some(provider), true)).await;
            session::with(|s| s.login = s.login.take().filter(|(i, _)| *i != id));
            result.map_err(Some)?;
        }
    }
    // The session's token now, if it is still the session.
    let (token, endpoint) = session::with(|s| (s.m.live_of(epoch).map(|l| l.token.clone()), s.endpoint.clone()));
    match (token, endpoint) {
        (Some(token), Some(endpoint)) if token != revoked => Ok(Client::new(endpoint, token, epoch)),
        _ => Err(None),
    }
}
