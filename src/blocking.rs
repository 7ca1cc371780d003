//! `blockUsers(uids)` / `unblockUsers(uids)`: 1 to 25 valid uids, checked before anything is
//! sent; resolves `{ [uid]: "success" | "fail" }`, the official shape. The next `getUser` of
//! each uid asks the server again, so it shows the new `blockedByMe`.

use crate::convert::{self, prop, set, units_past};
use crate::error::{code, Error, Result};
use crate::http::Method;
use crate::json;
use crate::prelude::*;
use crate::session::{self, current};
use crate::validate;
use js_sys::Object;
use wasm_bindgen::JsValue;

/// At most this many uids per call (Part A).
pub const BLOCK_MAX: usize = 25;

fn uid_list(uids: &JsValue, what: &str) -> Result<Vec<String>> {
    // One item past the maximum is enough to refuse the list.
    let list = convert::strings(uids, BLOCK_MAX as u32 + 1, units_past(validate::UID_MAX)).ok_or_else(|| {
        let code = if crate::convert::is_array_value(uids) { code::INVALID_UID } else { code::INVALID_USER_LIST };
        Error::new(code, [what, ": an array of uids."].concat())
    })?;
    if list.is_empty() {
        return Err(Error::new(code::EMPTY_USERS_LIST, [what, ": no uid."].concat()));
    }
    if list.len() > BLOCK_MAX {
        return Err(Error::new(code::INVALID_USER_LIST, [what, ": at most 25 uids a call."].concat()));
    }
    list.iter().try_for_each(|uid| validate::uid(uid))?;
    Ok(list)
}

/// `POST blockedusers` (block) or `DELETE blockedusers` (unblock) with `{"blockedUids":[…]}`.
pub async fn block(uids: JsValue, block: bool) -> Result<JsValue> {
    let what = if block { "blockUsers" } else { "unblockUsers" };
    let uids = uid_list(&uids, what)?;
    let me = current()?;
    let payload = json::Object::new().texts("blockedUids", &uids).finish();
    let method = if block { Method::Post } else { Method::Delete };
    let body = me.check(crate::renewal::send(&me.client, method, "blockedusers", Some(payload)).await)?;
    session::with(|s| s.forget_users(&uids));
    // The server keys its per-uid results by uid, lower-cased as CometChat stores them.
    let data = body.data();
    let results = Object::new();
    for uid in &uids {
        let mut result = prop(&data, uid);
        if result.is_undefined() {
            result = prop(&data, &uid.to_ascii_lowercase());
        }
        let ok = prop(&result, "success").as_bool() == Some(true);
        set(&results, uid, &(if ok { "success" } else { "fail" }).into());
    }
    Ok(results.into())
}
