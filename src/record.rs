//! `UserRecord`: a user as a plain JS object in the wire's camelCase shape — what the server sent,
//! unknown fields included, credentials removed. Getters read it without copying strings into
//! wasm and back; edits make an edited copy, so one record can be shared by the session and any
//! number of `User`s without one seeing another's changes.

use crate::convert::{self, is_plain_bag};
use alloc::vec::Vec;
use core::cell::OnceCell;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

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

/// Fields of the logged-in user's answer that are credentials, not profile: never kept.
const SECRETS: [&str; 5] = ["authToken", "jwt", "wsChannel", "fat", "settings"];

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
    /// are type-checked, credentials removed; the object is taken over, not copied.
    pub fn from_wire(data: JsValue) -> Result<Self, NotAUser> {
        if !is_plain_bag(&data) {
            return Err(NotAUser);
        }
        let record = UserRecord(data.unchecked_into());
        let ok = |field, check: fn(&JsValue) -> bool| record.value(field).is_none_or(|v| check(&v));
        let typed = record.get(Field::Uid).is_string()
            && [Field::Name, Field::Avatar, Field::Link, Field::Role, Field::Status, Field::StatusMessage]
                .into_iter()
                .all(|f| ok(f, JsValue::is_string))
            && [Field::LastActiveAt, Field::DeactivatedAt].into_iter().all(|f| ok(f, |v| v.as_f64().is_some()))
            && [Field::HasBlockedMe, Field::BlockedByMe].into_iter().all(|f| ok(f, |v| v.as_bool().is_some()))
            && ok(Field::Tags, convert::is_string_array);
        if !typed {
            return Err(NotAUser);
        }
        for secret in SECRETS {
            Reflect::delete_property(&record.0, &secret.into()).ok();
        }
        Ok(record)
    }

    /// The field as stored (`undefined` when absent).
    pub fn get(&self, field: Field) -> JsValue {
        read(&self.0, field)
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
