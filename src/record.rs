//! `UserRecord`: a user as a plain JS object in the wire's camelCase shape — what the server sent,
//! unknown fields included, credentials removed. It stays in JS: the `User`s made from it
//! (js/runtime.js) read it there, and never change it in place, so one record can be shared by
//! the session and any number of `User`s.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `data` as a record if it is a user: an object with a string `uid` whose known fields, when
    /// present, have their JSON types (text fields strings, `lastActiveAt`/`deactivatedAt`
    /// numbers, the block flags booleans, `tags` strings); a copy without the credentials it may
    /// carry (`authToken`, `jwt`, `wsChannel`, `fat`, `settings`). Else `undefined`.
    #[wasm_bindgen(js_name = userData)]
    fn user_data(data: JsValue) -> JsValue;
}

/// The server's data did not have the shape of a user.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotAUser;

#[derive(Debug, Clone)]
pub struct UserRecord(JsValue);

impl UserRecord {
    /// A user from the server's `data` (parsed by the browser, so plain data): the known fields
    /// are type-checked and credentials removed, in one call to `js/runtime.js`; the object is
    /// taken over, copied only when it carries credentials.
    pub fn from_wire(data: JsValue) -> Result<Self, NotAUser> {
        let record = user_data(data);
        if record.is_undefined() {
            return Err(NotAUser);
        }
        Ok(UserRecord(record))
    }

    /// A record this module checked before: the session store's (src/restore.rs).
    pub fn kept(data: JsValue) -> Self {
        UserRecord(data)
    }

    /// The user's uid (a string: `from_wire` checked it), at most a valid uid's length and one
    /// unit past, so a server's enormous uid is never copied whole and never equals a real one.
    pub fn uid(&self) -> String {
        let uid = crate::convert::prop(&self.0, "uid");
        crate::convert::string_prefix(&uid, crate::convert::units_past(cometchat_rules::UID_MAX)).unwrap_or_default()
    }

    /// The record itself, as JS sees it.
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }
}
