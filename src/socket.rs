//! The module's side of the real-time socket (presence): the session it serves (src/machine.rs
//! decides, `Effect::Socket`) and that session's `GET me` and `GET settings`, which carry the
//! socket's credential (`jwt`) and host. The socket itself is pkg-template/presence.js, loaded
//! only when a subscription or `connect()` asks for it, so an app that never does carries next
//! to none of it. The credential stays in the realm of the module (the worker, in worker mode).

use crate::error::Result;
use crate::http::Method;
use crate::prelude::*;
use crate::renewal;
use crate::session::{self, current};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The socket is to serve session `epoch` of `app` now, or none (`undefined`); `base`: the
    /// client API's URL, the one host the credential may go to (with CometChat's socket hosts);
    /// `sid`: the session's id across tabs, which share one socket (presence.js).
    fn socket(epoch: Option<f64>, base: &str, app: &str, sid: Option<String>);
}

pub fn serve(epoch: Option<u64>) {
    let (endpoint, sid) = session::with(|s| (s.endpoint.clone(), s.m.live().map(|l| l.sid.clone())));
    if let Some(e) = endpoint {
        socket(epoch.map(|e| e as f64), &e.base, &e.app_id, sid);
    }
}

/// `sessionGet(settings)`: `data` of the session's `GET me` (with its `jwt`) or, `settings`,
/// `GET settings`, as any call of the session sends it (a revoked token is renewed, or ends the
/// session).
#[wasm_bindgen(js_name = sessionGet, skip_jsdoc)]
pub fn session_get(settings: bool) -> js_sys::Promise {
    crate::task::promise(Box::pin(async move { get(settings).await.map_err(JsValue::from) }))
}

async fn get(settings: bool) -> Result<JsValue> {
    let me = current()?;
    let path = if settings { "settings" } else { "me" };
    Ok(me.check(renewal::send(&me.client, Method::Get, path, None).await)?.data())
}

/// `forgetUser(uid)`: a presence event said the user changed, so a `getUser` answered from
/// memory would be staler than the event the app was just given: the next one asks the server.
#[wasm_bindgen(js_name = forgetUser, skip_jsdoc)]
pub fn forget_user(uid: String) {
    session::with(|s| s.forget_users(&[uid]));
}
