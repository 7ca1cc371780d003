//! `UserRecord`: a CometChat user as Rust data, read from and written to the wire's camelCase
//! JSON shape. Unknown fields from the server are kept and come back out in `toJSON()`;
//! credentials the server returns with the logged-in user never enter a record.

use crate::convert::{self, prop, set};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserRecord {
    pub uid: String,
    pub name: Option<String>,
    pub avatar: Option<String>,
    pub link: Option<String>,
    pub role: Option<String>,
    /// A JSON object, as JSON text (its size is what the 5 KB rule measures).
    pub metadata: Option<String>,
    pub status: Option<String>,
    pub status_message: Option<String>,
    pub last_active_at: Option<f64>,
    pub tags: Option<Vec<String>>,
    pub has_blocked_me: bool,
    pub blocked_by_me: bool,
    pub deactivated_at: Option<f64>,
    /// Fields this version does not know, as JSON text of an object, kept as the server sent them.
    pub extra: Option<String>,
}

/// Keys read into typed fields, and credentials that are never kept.
const KNOWN: [&str; 13] = [
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
const SECRETS: [&str; 5] = ["authToken", "jwt", "wsChannel", "fat", "settings"];

/// The server's data did not have the shape of a user.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotAUser;

impl UserRecord {
    pub fn new(uid: String) -> Self {
        UserRecord { uid, ..Default::default() }
    }

    /// CometChat's SDK reports presence as `online` / `offline`; the wire says `available` etc.
    pub fn presence(&self) -> &'static str {
        match self.status.as_deref() {
            None | Some("") | Some("offline") => "offline",
            Some(_) => "online",
        }
    }

    /// A user from the server's `data` (already `JSON.parse`d, so plain data).
    pub fn from_wire(data: &JsValue) -> Result<Self, NotAUser> {
        if !convert::is_plain_bag(data) {
            return Err(NotAUser);
        }
        let absent = |v: &JsValue| v.is_undefined() || v.is_null();
        let text = |key: &str| {
            let v = prop(data, key);
            if absent(&v) {
                Ok(None)
            } else {
                v.as_string().map(Some).ok_or(NotAUser)
            }
        };
        let number = |key: &str| {
            let v = prop(data, key);
            if absent(&v) {
                Ok(None)
            } else {
                v.as_f64().map(Some).ok_or(NotAUser)
            }
        };
        let flag = |key: &str| {
            let v = prop(data, key);
            if absent(&v) {
                Ok(false)
            } else {
                v.as_bool().ok_or(NotAUser)
            }
        };
        let metadata = prop(data, "metadata");
        let tags = prop(data, "tags");
        let extra = Object::new();
        for key in Object::keys(&Object::from(data.clone())).iter() {
            let name = key.as_string().unwrap_or_default();
            if !KNOWN.contains(&name.as_str()) && !SECRETS.contains(&name.as_str()) {
                let _ = Reflect::set(&extra, &key, &prop(data, &name));
            }
        }
        Ok(UserRecord {
            uid: text("uid")?.ok_or(NotAUser)?,
            name: text("name")?,
            avatar: text("avatar")?,
            link: text("link")?,
            role: text("role")?,
            metadata: if absent(&metadata) { None } else { Some(convert::stringify(&metadata)) },
            status: text("status")?,
            status_message: text("statusMessage")?,
            last_active_at: number("lastActiveAt")?,
            tags: if absent(&tags) { None } else { Some(convert::strings(&tags).ok_or(NotAUser)?) },
            has_blocked_me: flag("hasBlockedMe")?,
            blocked_by_me: flag("blockedByMe")?,
            deactivated_at: number("deactivatedAt")?,
            extra: if Object::keys(&extra).length() == 0 { None } else { Some(convert::stringify(&extra)) },
        })
    }

    /// The record as `toJSON()` shows it: camelCase keys, only fields that are set, presence
    /// normalised like `getStatus()`, then the server's extra fields.
    pub fn to_js(&self) -> JsValue {
        let out = Object::new();
        set(&out, "uid", &self.uid.as_str().into());
        let texts = [("name", &self.name), ("avatar", &self.avatar), ("link", &self.link), ("role", &self.role)];
        for (key, v) in texts {
            if let Some(v) = v {
                set(&out, key, &v.as_str().into());
            }
        }
        if let Some(m) = self.metadata.as_deref().and_then(convert::parse) {
            set(&out, "metadata", &m);
        }
        set(&out, "status", &self.presence().into());
        if let Some(v) = &self.status_message {
            set(&out, "statusMessage", &v.as_str().into());
        }
        for (key, v) in [("lastActiveAt", self.last_active_at), ("deactivatedAt", self.deactivated_at)] {
            if let Some(v) = v {
                set(&out, key, &v.into());
            }
        }
        if let Some(tags) = &self.tags {
            set(&out, "tags", &convert::string_array(tags));
        }
        set(&out, "hasBlockedMe", &self.has_blocked_me.into());
        set(&out, "blockedByMe", &self.blocked_by_me.into());
        if let Some(extra) = self.extra.as_deref().and_then(convert::parse) {
            for key in Object::keys(&Object::from(extra.clone())).iter() {
                let _ = Reflect::set(&out, &key, &Reflect::get(&extra, &key).unwrap_or(JsValue::UNDEFINED));
            }
        }
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_mapping() {
        for (wire, shown) in [("available", "online"), ("busy", "online"), ("offline", "offline"), ("", "offline")] {
            let r = UserRecord { status: Some(wire.into()), ..UserRecord::new("u".into()) };
            assert_eq!(r.presence(), shown);
        }
        assert_eq!(UserRecord::new("u".into()).presence(), "offline");
    }
}
