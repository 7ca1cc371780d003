//! The one lead of every login the session machine (src/machine.rs) lets go: a `login()`, the
//! restore of a session kept without its token, and the renewal of a revoked token. Each takes
//! its token (given, or its provider's), lets the machine decide whether it may still be sent,
//! sends one request that says whose it is (`PUT me` registering the device for a login or a
//! restore, `GET me` for a renewal) and hands the answer to the machine, which starts, restores
//! or renews the session, or refuses. Nothing here decides: the machine does, natively tested.

use crate::envelope::ends_session;
use crate::error::{Error, Result};
use crate::http::{Client, Method};
use crate::json;
use crate::machine::{cancelled, Step};
use crate::prelude::*;
use crate::provider::ask_provider;
use crate::record::UserRecord;
use crate::session::{self, endpoint};
use core::future::Future;
use core::pin::Pin;
use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// A page can redefine it as anything: only a string is sent.
    #[wasm_bindgen(js_name = userAgent)]
    fn user_agent() -> JsValue;
}

/// Login `id` (a renewal if `renewal`): its session's user, or why not. Boxed: `login`,
/// `restore` and the renewal await it, and its state machine is then compiled once.
pub fn lead(
    id: u64,
    token: Option<String>,
    provider: Option<Function>,
    renewal: bool,
) -> Pin<Box<dyn Future<Output = Result<UserRecord>>>> {
    Box::pin(async move {
        let token = match (token, provider) {
            (Some(token), _) => token,
            (None, Some(provider)) => match ask_provider(&provider, endpoint()?.timeout_ms).await {
                Ok(token) => token,
                Err(e) => return Err(if session::with(|s| s.m.failed(id, e.clone(), true)) { e } else { cancelled() }),
            },
            (None, None) => return Err(cancelled()),
        };
        // Read before the state is borrowed: they call page code (`navigator.userAgent`).
        let (user_agent, sid) = (user_agent().as_string(), crate::init::random_id());
        let (step, endpoint, device_id) =
            session::with(|s| (s.m.token_for(id, token), s.endpoint.clone(), s.device_id.clone()));
        let (token, endpoint) = match (step, endpoint) {
            (Step::Send(token), Some(endpoint)) => (token, endpoint),
            (Step::LoggedIn(user), _) => return Ok(user),
            (Step::Stop(e), _) => return Err(e),
            (Step::Send(_), None) => return Err(cancelled()),
        };
        let client = Client::new(endpoint, token, 0);
        let sent = if renewal {
            client.send(Method::Get, "me", None)
        } else {
            client.send(Method::Put, "me", Some(device(&device_id, user_agent.as_deref())))
        };
        let answer = sent.await.and_then(|body| {
            UserRecord::from_wire(body.data()).map_err(|_| Error::invalid_response("its data is not a user"))
        });
        let user = match answer {
            Ok(user) => user,
            Err(e) => {
                // A token the server refuses is no good; a network failure says nothing of it.
                session::with(|s| s.m.failed(id, e.clone(), ends_session(&e).is_some()));
                return Err(e);
            }
        };
        let taken = session::with(|s| s.m.logged_in(id, user.uid(), user.clone(), sid));
        if let Err(e) = taken {
            // Cancelled while the server answered, or not the user a restore expects: the device
            // it registered is logged out there. (A renewal registered none.)
            if !renewal {
                let _ = logout_device(&client).await;
            }
            return Err(e);
        }
        Ok(user)
    })
}

/// `PUT me`'s device registration, as the official SDK sends it.
fn device(device_id: &str, user_agent: Option<&str>) -> String {
    let mut app_info =
        json::Object::new().text("version", concat!("v", env!("CARGO_PKG_VERSION"))).text("apiVersion", "v3.0");
    if let Some(user_agent) = user_agent {
        app_info = app_info.text("userAgent", user_agent);
    }
    json::Object::new().text("platform", "WEB").text("deviceId", device_id).raw("appInfo", &app_info.finish()).finish()
}

/// `DELETE me`; a token the server no longer knows is as good as logged out.
pub async fn logout_device(client: &Client) -> Result<()> {
    match client.send(Method::Delete, "me", None).await {
        Err(e) if ends_session(&e).is_none() => Err(e),
        _ => Ok(()),
    }
}
