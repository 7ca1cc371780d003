//! A session the store kept (pkg-template/store.js, with `setSessionPersistence("encrypted")`)
//! taken as the store has it, with no request: restored at `init` after a reload, or adopted
//! when another tab of the origin signed in, renewed its token, changed the profile, or ended it.

use crate::convert::prop;
use crate::record::UserRecord;
use crate::session;
use wasm_bindgen::{JsCast, JsValue};

/// The store's session `{ token, user, provider? }`, or none (`undefined`) when another tab
/// ended it: then it ends here too (`onSessionEnded` hears `"logout-elsewhere"`). The store's
/// record is authenticated (AES-GCM) and holds what a login here checked, so it is taken as is.
pub fn adopt(kept: &JsValue) {
    session::with(|s| match prop(kept, "token").as_string() {
        Some(token) => s.start(token, UserRecord::kept(prop(kept, "user")), prop(kept, "provider").dyn_into().ok()),
        None => s.end_elsewhere(),
    })
}
