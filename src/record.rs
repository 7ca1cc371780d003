//! `UserRecord`: a user as a plain JS object in the wire's camelCase shape — what the server sent,
//! unknown fields included, credentials removed. Getters read it without copying strings into
//! wasm and back; edits make an edited copy, so one record can be shared by the session and any
//! number of `User`s without one seeing another's changes.

use crate::convert;
use alloc::vec::Vec;
use core::cell::OnceCell;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field {
    Uid,
    Name,
    Avatar,
    Link,
    Role,
    Metadata,
    Status,
    StatusMessage,
    LastActiveAt,
    Tags,
    HasBlockedMe,
    BlockedByMe,
    DeactivatedAt,
}

const NAMES: [&str; 13] = [
    "uid",
    "name",
    "avatar",
    "link",
    "role",
    "metadata",
    "status",
    "statusMessage",
    "lastActiveAt",
    "tags",
    "hasBlockedMe",
    "blockedByMe",
    "deactivatedAt",
];

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// Whether `data` is a user: an object with a string `uid` whose known fields, when present,
    /// have their JSON types (text fields strings, `lastActiveAt`/`deactivatedAt` numbers, the
    /// block flags booleans, `tags` strings). If so, deletes the credentials it may carry
    /// (`authToken`, `jwt`, `wsChannel`, `fat`, `settings`).
    #[wasm_bindgen(js_name = userData)]
    fn user_data(data: &JsValue) -> bool;
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get` without a catch: for records only, which are plain data (parsed JSON or
    /// structured clones), so reading them cannot throw. js-sys's catching variant allocates a
    /// closure and an `arguments` object per read (measured: the top cost of a 100-user page).
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn plain_get(target: &Object, key: &JsValue) -> JsValue;
}

/// Property names as JS strings, made once: a string passed into JS on every read costs more
/// than the read itself.
struct Keys(OnceCell<Vec<JsValue>>);
// SAFETY: as for the session state: one thread.
unsafe impl Sync for Keys {}
static KEYS: Keys = Keys(OnceCell::new());

fn with_key<R>(field: Field, f: impl FnOnce(&JsValue) -> R) -> R {
    let keys = KEYS.0.get_or_init(|| NAMES.iter().map(|n| JsValue::from_str(n)).collect());
    f(keys.get(field as usize).unwrap_or(&JsValue::UNDEFINED))
}

/// `obj[field]` with the cached key: `undefined` when absent, when `obj` is not an object, or
/// when reading it throws.
pub fn read(obj: &JsValue, field: Field) -> JsValue {
    with_key(field, |k| convert::get(obj, k))
}

/// CometChat's SDK reports presence as `online` / `offline`; the wire says `available` etc.
pub fn presence(status: Option<&str>) -> &'static str {
    match status {
        None | Some("") | Some("offline") => "offline",
        Some(_) => "online",
    }
}

/// The server's data did not have the shape of a user.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotAUser;

#[derive(Debug, Clone)]
pub struct UserRecord(Object);

impl UserRecord {
    pub fn new(uid: &str) -> Self {
        let record = UserRecord(Object::new());
        with_key(Field::Uid, |k| Reflect::set(&record.0, k, &uid.into())).ok();
        record
    }

    /// A user from the server's `data` (parsed by the browser, so plain data): the known fields
    /// are type-checked and credentials removed, in one call to `js/runtime.js` (a list page
    /// checks 100 of these: one crossing each instead of twenty); the object is taken over, not
    /// copied.
    pub fn from_wire(data: JsValue) -> Result<Self, NotAUser> {
        if !user_data(&data) {
            return Err(NotAUser);
        }
        Ok(UserRecord(data.unchecked_into()))
    }

    /// The record itself, as JS sees it.
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }

    /// The field as stored (`undefined` when absent).
    pub fn get(&self, field: Field) -> JsValue {
        with_key(field, |k| plain_get(&self.0, k))
    }

    /// The field, `None` when absent or `null`.
    pub fn value(&self, field: Field) -> Option<JsValue> {
        Some(self.get(field)).filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// Compared in JS: the server's status string is never copied into wasm.
    pub fn presence(&self) -> &'static str {
        let status = self.get(Field::Status);
        let offline = !status.is_string() || status == "" || status == "offline";
        presence(if offline { None } else { Some("online") })
    }

    /// A copy with `field` set to `value`.
    pub fn with(&self, field: Field, value: &JsValue) -> UserRecord {
        let copy: Object = convert::deep_copy(&self.0).unchecked_into();
        with_key(field, |k| Reflect::set(&copy, k, value)).ok();
        UserRecord(copy)
    }

    /// The record as `toJSON()` shows it: a copy, presence normalised like `getStatus()`, the
    /// blocked flags always present (as `getHasBlockedMe()` / `getBlockedByMe()` report them).
    pub fn to_js(&self) -> JsValue {
        let shown = self.with(Field::Status, &self.presence().into());
        for flag in [Field::HasBlockedMe, Field::BlockedByMe] {
            let value = shown.get(flag).as_bool().unwrap_or(false);
            with_key(flag, |k| Reflect::set(&shown.0, k, &value.into())).ok();
        }
        shown.0.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_mapping() {
        for (wire, shown) in [(Some("available"), "online"), (Some("busy"), "online"), (Some("offline"), "offline")] {
            assert_eq!(presence(wire), shown);
        }
        assert_eq!(presence(Some("")), "offline");
        assert_eq!(presence(None), "offline");
    }

    #[test]
    fn field_names_line_up() {
        assert_eq!(NAMES[Field::StatusMessage as usize], "statusMessage");
        assert_eq!(NAMES[Field::DeactivatedAt as usize], "deactivatedAt");
    }
}
