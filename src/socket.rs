//! The module's side of the real-time socket (presence), beside the session it serves (which
//! src/machine.rs decides and src/session.rs tells, `Effect::Socket`): that session's `GET me`
//! and `GET settings`, which carry the socket's credential (`jwt`) and host, and the user
//! cache's refresh. The socket itself is pkg-template/presence.js, loaded only when a
//! subscription or `connect()` asks for it. The credential stays in the realm of the module (the
//! worker, in worker mode).

use crate::error::Result;
use crate::http::Method;
use crate::prelude::*;
use crate::renewal;
use crate::session::{self, current};
use wasm_bindgen::prelude::*;

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
