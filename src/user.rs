//! The JS `User` class: CometChat-style getters and setters over a `UserRecord`, plus the
//! `ProfilePatch` of what the setters changed, which is what `updateCurrentUserDetails` sends.

use crate::convert::{self, is_plain_bag, prop, units_past};
use crate::error::{code, Error, Result};
use crate::patch::ProfilePatch;
use crate::prelude::*;
use crate::record::{self, Field, UserRecord};
use crate::validate;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct User {
    pub(crate) record: UserRecord,
    pub(crate) patch: ProfilePatch,
}

/// The fields a `User` has setters for. All but the role are the user's own to edit (and sent by
/// `updateCurrentUserDetails`); the role is the backend's to assign and only ever set locally.
#[derive(Clone, Copy)]
enum Editable {
    Name,
    Avatar,
    Link,
    Metadata,
    StatusMessage,
    Tags,
    Role,
}

/// The self-editable fields, in the order a bag's fields are checked.
const SELF_EDITABLE: [Editable; 6] =
    [Editable::Name, Editable::Avatar, Editable::Link, Editable::Metadata, Editable::StatusMessage, Editable::Tags];

impl Editable {
    fn field(self) -> Field {
        match self {
            Editable::Name => Field::Name,
            Editable::Avatar => Field::Avatar,
            Editable::Link => Field::Link,
            Editable::Metadata => Field::Metadata,
            Editable::StatusMessage => Field::StatusMessage,
            Editable::Tags => Field::Tags,
            Editable::Role => Field::Role,
        }
    }
}

impl User {
    /// A user as the server described it: nothing edited yet.
    pub(crate) fn from_record(record: UserRecord) -> User {
        User { record, patch: ProfilePatch::default() }
    }

    /// One setter, shared by all of them so their checks are compiled once: on a valid value the
    /// record takes it and the patch notes it; on an invalid one nothing changes.
    fn set(&mut self, field: Editable, value: JsValue) -> Result<()> {
        let stored = edit(&mut self.patch, field, value)?;
        self.record = self.record.with(field.field(), &stored);
        Ok(())
    }

    /// An optional text field as JS sees it: the string, or `undefined`.
    fn text(&self, field: Field) -> JsValue {
        self.record.value(field).unwrap_or(JsValue::UNDEFINED)
    }
}

/// Checks `value` for `field` and notes it in `patch` (role excepted: it is never sent).
/// Returns what a record stores: the value, or for metadata and tags a private copy.
fn edit(patch: &mut ProfilePatch, field: Editable, value: JsValue) -> Result<JsValue> {
    // Strings are copied only as far as their rule needs (`convert::string_prefix`).
    let text = |code, what: &str, max_units| {
        convert::string_prefix(&value, max_units).ok_or_else(|| Error::new(code, [what, " must be a string."].concat()))
    };
    match field {
        Editable::Name => {
            let name = text(code::INVALID_USER_NAME, "A user's name", units_past(validate::NAME_MAX))?;
            validate::name(&name)?;
            patch.name = Some(name);
        }
        Editable::Avatar | Editable::Link => {
            let (code, what, slot) = match field {
                Editable::Avatar => (code::INVALID_USER_AVATAR, "avatar", &mut patch.avatar),
                _ => (code::INVALID_USER_LINK, "link", &mut patch.link),
            };
            let url = text(code, &["The ", what].concat(), units_past(validate::URL_MAX))?;
            validate::profile_url(&url, code, what)?;
            *slot = Some(url);
        }
        Editable::StatusMessage => {
            let message =
                text(code::INVALID_USER_STATUS_MESSAGE, "A status message", units_past(validate::STATUS_MESSAGE_MAX))?;
            validate::status_message(&message)?;
            patch.status_message = Some(message);
        }
        Editable::Role => {
            validate::role(&text(code::INVALID_USER_ROLE, "A role", units_past(validate::ROLE_MAX))?)?;
        }
        Editable::Metadata => {
            let copy = convert::plain_copy(&value).map_err(|why| {
                Error::new(code::INVALID_USER_METADATA, ["Metadata must be a plain JSON object: ", why, "."].concat())
            })?;
            // A byte rule: a UTF-16 unit is at least one byte of UTF-8, so max + 1 units are enough.
            let json = convert::string_prefix(&convert::json(&copy), validate::METADATA_MAX_BYTES as u32 + 1)
                .unwrap_or_default();
            validate::metadata(&json)?;
            patch.metadata = Some(json);
            return Ok(copy);
        }
        Editable::Tags => {
            // One item past the maximum is enough to break the count rule.
            let tags = convert::strings(&value, validate::TAGS_MAX as u32 + 1, units_past(validate::TAG_MAX))
                .ok_or_else(|| Error::new(code::INVALID_USER_TAGS, "Tags must be an array of strings."))?;
            validate::tags(&tags)?;
            let copy = convert::string_array(&tags);
            patch.tags = Some(tags);
            return Ok(copy);
        }
    }
    Ok(value)
}

pub(crate) fn uid_arg(v: &JsValue) -> Result<String> {
    let uid = convert::string_prefix(v, units_past(validate::UID_MAX))
        .ok_or_else(|| Error::new(code::INVALID_UID, "A UID must be a string."))?;
    validate::uid(&uid)?;
    Ok(uid)
}

/// A field of a bag, `None` when absent or `undefined`.
fn field_of(bag: &JsValue, field: Editable) -> Option<JsValue> {
    Some(record::read(bag, field.field())).filter(|v| !v.is_undefined())
}

/// The self-editable fields of a plain object (`{ name, avatar, … }`). Absent or `undefined`
/// fields are not sent; anything else (uid, role, status, unknown keys) is ignored.
pub(crate) fn patch_from_object(obj: &JsValue) -> Result<ProfilePatch> {
    if !is_plain_bag(obj) {
        return Err(Error::new(
            code::MISSING_PARAMETERS,
            "Pass a CometChat.User or an object such as { name: \"…\" }.",
        ));
    }
    let mut patch = ProfilePatch::default();
    for field in SELF_EDITABLE {
        if let Some(v) = field_of(obj, field) {
            edit(&mut patch, field, v)?;
        }
    }
    Ok(patch)
}

#[wasm_bindgen]
impl User {
    /// `new User(uid)`, `new User(uid, name)` or `new User({ uid, name, avatar, … })`.
    #[wasm_bindgen(constructor, skip_jsdoc)]
    pub fn new(uid: JsValue, name: JsValue) -> Result<User, Error> {
        if !is_plain_bag(&uid) {
            let mut user = User::from_record(UserRecord::new(&uid_arg(&uid)?));
            if !name.is_undefined() {
                user.set(Editable::Name, name)?;
            }
            return Ok(user);
        }
        let bag = uid;
        let mut user = User::from_record(UserRecord::new(&uid_arg(&prop(&bag, "uid"))?));
        for field in SELF_EDITABLE.into_iter().chain([Editable::Role]) {
            if let Some(v) = field_of(&bag, field) {
                user.set(field, v)?;
            }
        }
        Ok(user)
    }

    #[wasm_bindgen(js_name = getUid, skip_jsdoc)]
    pub fn uid(&self) -> JsValue {
        self.record.get(Field::Uid)
    }

    #[wasm_bindgen(js_name = getName, skip_jsdoc)]
    pub fn name(&self) -> JsValue {
        self.text(Field::Name)
    }

    #[wasm_bindgen(js_name = setName, skip_jsdoc)]
    pub fn set_name(&mut self, name: JsValue) -> Result<(), Error> {
        self.set(Editable::Name, name)
    }

    #[wasm_bindgen(js_name = getAvatar, skip_jsdoc)]
    pub fn avatar(&self) -> JsValue {
        self.text(Field::Avatar)
    }

    #[wasm_bindgen(js_name = setAvatar, skip_jsdoc)]
    pub fn set_avatar(&mut self, avatar: JsValue) -> Result<(), Error> {
        self.set(Editable::Avatar, avatar)
    }

    #[wasm_bindgen(js_name = getLink, skip_jsdoc)]
    pub fn link(&self) -> JsValue {
        self.text(Field::Link)
    }

    #[wasm_bindgen(js_name = setLink, skip_jsdoc)]
    pub fn set_link(&mut self, link: JsValue) -> Result<(), Error> {
        self.set(Editable::Link, link)
    }

    #[wasm_bindgen(js_name = getRole, skip_jsdoc)]
    pub fn role(&self) -> JsValue {
        self.text(Field::Role)
    }

    /// Sets the role on this object only: roles are the backend's to assign, so
    /// `updateCurrentUserDetails` never sends it.
    #[wasm_bindgen(js_name = setRole, skip_jsdoc)]
    pub fn set_role(&mut self, role: JsValue) -> Result<(), Error> {
        self.set(Editable::Role, role)
    }

    /// A fresh copy each call: changing the returned object does not change the user.
    #[wasm_bindgen(js_name = getMetadata, skip_jsdoc)]
    pub fn metadata(&self) -> JsValue {
        self.record.value(Field::Metadata).map_or(JsValue::UNDEFINED, |m| convert::deep_copy(&m))
    }

    #[wasm_bindgen(js_name = setMetadata, skip_jsdoc)]
    pub fn set_metadata(&mut self, metadata: JsValue) -> Result<(), Error> {
        self.set(Editable::Metadata, metadata)
    }

    /// `"online"` or `"offline"`, as CometChat's SDK reports presence.
    #[wasm_bindgen(js_name = getStatus, skip_jsdoc)]
    pub fn status(&self) -> JsValue {
        self.record.presence().into()
    }

    #[wasm_bindgen(js_name = getStatusMessage, skip_jsdoc)]
    pub fn status_message(&self) -> JsValue {
        self.text(Field::StatusMessage)
    }

    #[wasm_bindgen(js_name = setStatusMessage, skip_jsdoc)]
    pub fn set_status_message(&mut self, message: JsValue) -> Result<(), Error> {
        self.set(Editable::StatusMessage, message)
    }

    /// Unix seconds of the user's last activity, as the server reports it.
    #[wasm_bindgen(js_name = getLastActiveAt, skip_jsdoc)]
    pub fn last_active_at(&self) -> JsValue {
        self.text(Field::LastActiveAt)
    }

    /// A fresh array each call.
    #[wasm_bindgen(js_name = getTags, skip_jsdoc)]
    pub fn tags(&self) -> JsValue {
        self.record.value(Field::Tags).map_or(JsValue::UNDEFINED, |t| convert::deep_copy(&t))
    }

    #[wasm_bindgen(js_name = setTags, skip_jsdoc)]
    pub fn set_tags(&mut self, tags: JsValue) -> Result<(), Error> {
        self.set(Editable::Tags, tags)
    }

    #[wasm_bindgen(js_name = getHasBlockedMe, skip_jsdoc)]
    pub fn has_blocked_me(&self) -> bool {
        self.record.get(Field::HasBlockedMe).as_bool().unwrap_or(false)
    }

    #[wasm_bindgen(js_name = getBlockedByMe, skip_jsdoc)]
    pub fn blocked_by_me(&self) -> bool {
        self.record.get(Field::BlockedByMe).as_bool().unwrap_or(false)
    }

    /// Unix seconds when the backend deactivated the user; `0` for an active user.
    #[wasm_bindgen(js_name = getDeactivatedAt, skip_jsdoc)]
    pub fn deactivated_at(&self) -> f64 {
        self.record.get(Field::DeactivatedAt).as_f64().unwrap_or(0.0)
    }

    /// A plain object with the wire's camelCase keys, only the fields that are set (and any
    /// extra fields the server sent), so `JSON.stringify(user)` and logs are useful.
    #[wasm_bindgen(js_name = toJSON, skip_jsdoc)]
    pub fn to_json(&self) -> JsValue {
        self.record.to_js()
    }
}
