//! The user flows: `getUser` (coalesced per uid, optionally cached) and
//! `updateCurrentUserDetails` (numbered, so the last one made wins in the session).

use crate::api;
use crate::convert::{is_plain_bag, prop};
use crate::error::{code, Error, Result};
use crate::patch::ProfilePatch;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::session::{self, current, Current, PendingUser};
use crate::shared::Shared;
use crate::user::{uid_arg, User};
use wasm_bindgen::JsValue;

/// `getUser(uid | { uid })`. Concurrent calls for one uid share one request (each caller gets
/// its own `User`); with `userCacheTtl`, a fresh copy is answered from memory.
pub async fn get_user(uid: JsValue) -> Result<User> {
    let uid = if is_plain_bag(&uid) { uid_arg(&prop(&uid, "uid")) } else { uid_arg(&uid) }?;
    let me = current()?;
    let key = uid.to_ascii_lowercase();
    let now = js_sys::Date::now();
    let (cached, pending) = session::with(|s| {
        let cached = s.cached_user(me.epoch, &key, now);
        let pending = s.pending_users.iter().find(|p| p.epoch == me.epoch && p.uid == key).map(|p| p.result.clone());
        (cached, pending)
    });
    if let Some(user) = cached {
        return Ok(User::from_record(user));
    }
    let record = match pending {
        Some(shared) => shared.wait().await,
        None => {
            let shared = Shared::default();
            let entry = PendingUser { epoch: me.epoch, uid: key.clone(), result: shared.clone() };
            session::with(|s| s.pending_users.push(entry));
            shared.run(fetch_user(me.clone(), uid, key)).await
        }
    };
    let record = me.check(record)?;
    Ok(User::from_record(record))
}

async fn fetch_user(me: Current, uid: String, key: String) -> Result<UserRecord> {
    let result = api::get_user(&me.client, &uid).await;
    let now = js_sys::Date::now(); // the page's to redefine: read before the state is borrowed
    session::with(|s| {
        s.pending_users.retain(|p| !(p.epoch == me.epoch && p.uid == key));
        if let (Ok(user), true) = (&result, s.user_cache_ms > 0) {
            s.cache_user(me.epoch, key, now, user.clone());
        }
    });
    result
}

/// `updateCurrentUserDetails`: sends the patch for the logged-in user, whatever uid it came with.
pub async fn update_current_user_details(patch: Result<ProfilePatch>) -> Result<User> {
    let patch = patch?;
    if patch.is_empty() {
        return Err(Error::new(
            code::MISSING_PARAMETERS,
            "Nothing to update: set at least one of name, avatar, link, metadata, statusMessage or tags.",
        ));
    }
    let me = current()?;
    let update = session::with(|s| s.m.next_update(me.epoch));
    let record = me.check(api::update_me(&me.client, &patch).await)?;
    session::with(|s| s.store_update(me.epoch, update, record.clone()));
    Ok(User::from_record(record))
}
