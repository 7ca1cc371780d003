//! `login({ tokenProvider })`: the app's backend mints tokens on request, so a token the server
//! revoked is replaced without the app noticing. The provider is asked once per revoked token,
//! whatever the number of calls that failed on it; the calls are sent again with the new token.
//! It is never asked once the session is over (`logout`, or a session the server ended).

use crate::error::{code, Error, Result};
use crate::http::Client;
use crate::prelude::*;
use crate::session;
use crate::task::Awaited;
use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    fn ask(provider: &Function, ms: f64) -> js_sys::Promise;
}

fn failed(why: &str) -> Error {
    Error::new(code::TOKEN_PROVIDER_FAILED, ["The token provider failed: ", why].concat())
}

/// The provider's token, within `timeout_ms`; never the provider's own error text (it could
/// quote a token).
pub async fn ask_provider(provider: &Function, timeout_ms: u32) -> Result<String> {
    answer(Awaited::new(&ask(provider, f64::from(timeout_ms))).await)
}

/// What the provider's promise settled to, as a checked token or a typed error.
fn answer(settled: Result<JsValue, JsValue>) -> Result<String> {
    match settled {
        Ok(token) => crate::login::checked_token(&token).map_err(|_| failed("its answer is not an auth token.")),
        Err(e) if crate::convert::prop(&e, "name").as_string().as_deref() == Some("TimeoutError") => {
            Err(failed("it did not answer within the request timeout (setRequestTimeout)."))
        }
        Err(_) => Err(failed("it threw or rejected.")),
    }
}

/// A client with a token that replaces `revoked` in session `epoch`: one renewed already, or
/// the provider's next one. Every call that failed on `revoked` awaits the same JS promise, so
/// the provider is asked once. `Err(None)`: the session is over or has no provider.
pub async fn renewed(epoch: u64, revoked: &str) -> Result<Client, Option<Error>> {
    let asked = session::with(|s| {
        let timeout_ms = s.endpoint.as_ref()?.timeout_ms;
        let session = s.session_of(epoch)?;
        if session.client.token() != revoked {
            return Some(Ok(session.client.clone()));
        }
        let provider = session.provider.as_ref()?;
        Some(Err(session.renewal.get_or_insert_with(|| ask(provider, f64::from(timeout_ms))).clone()))
    });
    let asked = match asked.ok_or(None)? {
        Ok(client) => return Ok(client),
        Err(asked) => asked,
    };
    let token = answer(Awaited::new(&asked).await);
    session::with(|s| {
        let endpoint = s.endpoint.clone().ok_or(None)?;
        // Logged out meanwhile: the new token is dropped unused.
        let session = s.session_of(epoch).ok_or(None)?;
        if session.client.token() == revoked {
            // The first call back installs the new token; the others find it installed.
            session.renewal = None;
            let token = token.map_err(Some)?;
            if token == revoked {
                return Err(Some(failed("it returned the revoked token again.")));
            }
            session.client = Client::new(endpoint, token, epoch);
            let client = session.client.clone();
            s.kept();
            return Ok(client);
        }
        Ok(session.client.clone())
    })
}
