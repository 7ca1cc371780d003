//! A session the store kept (pkg-template/store.js, with `setSessionPersistence("encrypted")`):
//! restored at `init` after a reload, or adopted when another tab of the origin signed in,
//! renewed its token, changed the profile, or ended it. The store reads after its own writes, so
//! what it hands over is the session of the origin's tabs (src/machine.rs).
//!
//! A session logged in with a token URL is kept without its token: taking it is a login through
//! the token URL (one `PUT me`, cancellable like any login) that keeps the session's id and
//! takes only the kept user. The same session this page already holds is updated in place, with
//! no request.

use crate::convert::prop;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::session;
use wasm_bindgen::{JsCast, JsValue};

/// The store's session `{ token?, user, provider?, sid }`, or none (`undefined`): another tab
/// ended it, so it ends here too (`onSessionEnded` hears `"logout-elsewhere"`). Taken at once,
/// unless its token was not kept: then the restore to await.
pub fn adopt(kept: JsValue) -> Option<(js_sys::Function, String, String)> {
    if kept.is_undefined() {
        session::with(|s| s.m.ended_elsewhere());
        return None;
    }
    let user = UserRecord::kept(prop(&kept, "user"));
    let (uid, sid) = (user.uid(), prop(&kept, "sid").as_string().unwrap_or_default());
    let provider: Option<js_sys::Function> = prop(&kept, "provider").dyn_into().ok();
    let token = prop(&kept, "token").as_string();
    session::with(|s| {
        let held = s.m.live().filter(|l| l.sid == sid && l.uid == uid).map(|l| l.token.clone());
        match (token.or(held), provider) {
            (Some(token), provider) => s.m.adopt(token, uid, user, provider, sid),
            (None, Some(provider)) => return Some((provider, sid, uid)),
            (None, None) => {}
        }
        None
    })
}

/// For the export: `undefined` once taken, or the promise of the restore, which never rejects
/// (a failed restore leaves the page signed out, with nobody to hand the error to).
pub fn adopt_js(kept: JsValue) -> JsValue {
    match adopt(kept) {
        Some((provider, sid, uid)) => crate::task::spawn(async move {
            let _ = crate::login::restore(provider, sid, uid).await;
            Ok(JsValue::UNDEFINED)
        })
        .into(),
        None => JsValue::UNDEFINED,
    }
}
