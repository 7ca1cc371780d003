//! The JS `User` class: CometChat-style getters and setters over a `UserRecord`, plus the
//! `ProfilePatch` of what the setters changed, which is what `updateCurrentUserDetails` sends.

use crate::convert::{self, is_plain_bag, prop};
use crate::error::{code, Error, Result};
use crate::patch::ProfilePatch;
use crate::prelude::*;
use crate::record::{Field, UserRecord};
use crate::validate;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct User {
    pub(crate) record: UserRecord,
    pub(crate) patch: ProfilePatch,
}

impl User {
    /// A user as the server described it: nothing edited yet.
    pub(crate) fn from_record(record: UserRecord) -> User {
        User { record, patch: ProfilePatch::default() }
    }

    /// Sets the patch's fields on the record too, and keeps the patch as what was edited.
    fn apply(&mut self, patch: ProfilePatch) {
        let texts = [
            (Field::Name, &patch.name),
            (Field::Avatar, &patch.avatar),
            (Field::Link, &patch.link),
            (Field::StatusMessage, &patch.status_message),
        ];
        for (field, v) in texts {
            if let Some(v) = v {
                self.record = self.record.with(field, &v.as_str().into());
            }
        }
        if let Some(m) = patch.metadata.as_deref().and_then(convert::parse) {
            self.record = self.record.with(Field::Metadata, &m);
        }
        if let Some(tags) = &patch.tags {
            self.record = self.record.with(Field::Tags, &convert::string_array(tags));
        }
        self.patch = patch;
    }

    /// An optional text field as JS sees it: the string, or `undefined`.
    fn text(&self, field: Field) -> JsValue {
        self.record.value(field).unwrap_or(JsValue::UNDEFINED)
    }
}

// The setters' conversions, shared with plain objects given to `updateCurrentUserDetails`.
fn string(v: &JsValue, code: &str, what: &str) -> Result<String> {
    v.as_string().ok_or_else(|| Error::new(code, [what, " must be a string."].concat()))
}

pub(crate) fn uid_arg(v: &JsValue) -> Result<String> {
    let uid = string(v, code::INVALID_UID, "A UID")?;
    validate::uid(&uid)?;
    Ok(uid)
}

fn name_arg(v: &JsValue) -> Result<String> {
    let name = string(v, code::INVALID_USER_NAME, "A user's name")?;
    validate::name(&name)?;
    Ok(name)
}

fn url_arg(v: &JsValue, code: &str, field: &str) -> Result<String> {
    let url = string(v, code, &["The ", field].concat())?;
    validate::profile_url(&url, code, field)?;
    Ok(url)
}

fn role_arg(v: &JsValue) -> Result<String> {
    let role = string(v, code::INVALID_USER_ROLE, "A role")?;
    validate::role(&role)?;
    Ok(role)
}

fn status_message_arg(v: &JsValue) -> Result<String> {
    string(v, code::INVALID_USER_STATUS_MESSAGE, "A status message")
}

/// Metadata checked to be a plain object of at most 5 KB: a private copy, and its JSON text.
fn metadata_arg(v: &JsValue) -> Result<(JsValue, String)> {
    let copy = convert::plain_copy(v).map_err(|why| {
        Error::new(code::INVALID_USER_METADATA, ["Metadata must be a plain JSON object: ", why, "."].concat())
    })?;
    let json = convert::stringify(&copy);
    validate::metadata(&json)?;
    Ok((copy, json))
}

fn tags_arg(v: &JsValue) -> Result<Vec<String>> {
    let tags =
        convert::strings(v).ok_or_else(|| Error::new(code::INVALID_USER_TAGS, "Tags must be an array of strings."))?;
    validate::tags(&tags)?;
    Ok(tags)
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
    let field = |key: &str| Some(prop(obj, key)).filter(|v| !v.is_undefined());
    Ok(ProfilePatch {
        name: field("name").map(|v| name_arg(&v)).transpose()?,
        avatar: field("avatar").map(|v| url_arg(&v, code::INVALID_USER_AVATAR, "avatar")).transpose()?,
        link: field("link").map(|v| url_arg(&v, code::INVALID_USER_LINK, "link")).transpose()?,
        metadata: field("metadata").map(|v| metadata_arg(&v).map(|(_, json)| json)).transpose()?,
        status_message: field("statusMessage").map(|v| status_message_arg(&v)).transpose()?,
        tags: field("tags").map(|v| tags_arg(&v)).transpose()?,
    })
}

#[wasm_bindgen]
impl User {
    /// `new User(uid)`, `new User(uid, name)` or `new User({ uid, name, avatar, … })`.
    #[wasm_bindgen(constructor)]
    pub fn new(uid: JsValue, name: JsValue) -> Result<User, Error> {
        if !is_plain_bag(&uid) {
            let mut user = User::from_record(UserRecord::new(&uid_arg(&uid)?));
            if !name.is_undefined() {
                user.set_name(name)?;
            }
            return Ok(user);
        }
        let bag = uid;
        let mut user = User::from_record(UserRecord::new(&uid_arg(&prop(&bag, "uid"))?));
        let patch = patch_from_object(&bag)?;
        let role = Some(prop(&bag, "role")).filter(|v| !v.is_undefined()).map(|v| role_arg(&v)).transpose()?;
        user.apply(patch);
        if let Some(role) = role {
            user.record = user.record.with(Field::Role, &role.into());
        }
        Ok(user)
    }

    #[wasm_bindgen(js_name = getUid)]
    pub fn uid(&self) -> JsValue {
        self.record.get(Field::Uid)
    }

    #[wasm_bindgen(js_name = getName)]
    pub fn name(&self) -> JsValue {
        self.text(Field::Name)
    }

    #[wasm_bindgen(js_name = setName)]
    pub fn set_name(&mut self, name: JsValue) -> Result<(), Error> {
        self.patch.name = Some(name_arg(&name)?);
        self.record = self.record.with(Field::Name, &name);
        Ok(())
    }

    #[wasm_bindgen(js_name = getAvatar)]
    pub fn avatar(&self) -> JsValue {
        self.text(Field::Avatar)
    }

    #[wasm_bindgen(js_name = setAvatar)]
    pub fn set_avatar(&mut self, avatar: JsValue) -> Result<(), Error> {
        self.patch.avatar = Some(url_arg(&avatar, code::INVALID_USER_AVATAR, "avatar")?);
        self.record = self.record.with(Field::Avatar, &avatar);
        Ok(())
    }

    #[wasm_bindgen(js_name = getLink)]
    pub fn link(&self) -> JsValue {
        self.text(Field::Link)
    }

    #[wasm_bindgen(js_name = setLink)]
    pub fn set_link(&mut self, link: JsValue) -> Result<(), Error> {
        self.patch.link = Some(url_arg(&link, code::INVALID_USER_LINK, "link")?);
        self.record = self.record.with(Field::Link, &link);
        Ok(())
    }

    #[wasm_bindgen(js_name = getRole)]
    pub fn role(&self) -> JsValue {
        self.text(Field::Role)
    }

    /// Sets the role on this object only: roles are the backend's to assign, so
    /// `updateCurrentUserDetails` never sends it.
    #[wasm_bindgen(js_name = setRole)]
    pub fn set_role(&mut self, role: JsValue) -> Result<(), Error> {
        role_arg(&role)?;
        self.record = self.record.with(Field::Role, &role);
        Ok(())
    }

    /// A fresh copy each call: changing the returned object does not change the user.
    #[wasm_bindgen(js_name = getMetadata)]
    pub fn metadata(&self) -> JsValue {
        self.record.value(Field::Metadata).map_or(JsValue::UNDEFINED, |m| convert::deep_copy(&m))
    }

    #[wasm_bindgen(js_name = setMetadata)]
    pub fn set_metadata(&mut self, metadata: JsValue) -> Result<(), Error> {
        let (copy, json) = metadata_arg(&metadata)?;
        self.patch.metadata = Some(json);
        self.record = self.record.with(Field::Metadata, &copy);
        Ok(())
    }

    /// `"online"` or `"offline"`, as CometChat's SDK reports presence.
    #[wasm_bindgen(js_name = getStatus)]
    pub fn status(&self) -> String {
        self.record.presence().to_owned()
    }

    #[wasm_bindgen(js_name = getStatusMessage)]
    pub fn status_message(&self) -> JsValue {
        self.text(Field::StatusMessage)
    }

    #[wasm_bindgen(js_name = setStatusMessage)]
    pub fn set_status_message(&mut self, message: JsValue) -> Result<(), Error> {
        self.patch.status_message = Some(status_message_arg(&message)?);
        self.record = self.record.with(Field::StatusMessage, &message);
        Ok(())
    }

    /// Unix seconds of the user's last activity, as the server reports it.
    #[wasm_bindgen(js_name = getLastActiveAt)]
    pub fn last_active_at(&self) -> JsValue {
        self.text(Field::LastActiveAt)
    }

    /// A fresh array each call.
    #[wasm_bindgen(js_name = getTags)]
    pub fn tags(&self) -> JsValue {
        self.record.value(Field::Tags).map_or(JsValue::UNDEFINED, |t| convert::deep_copy(&t))
    }

    #[wasm_bindgen(js_name = setTags)]
    pub fn set_tags(&mut self, tags: JsValue) -> Result<(), Error> {
        let tags = tags_arg(&tags)?;
        self.record = self.record.with(Field::Tags, &convert::string_array(&tags));
        self.patch.tags = Some(tags);
        Ok(())
    }

    #[wasm_bindgen(js_name = getHasBlockedMe)]
    pub fn has_blocked_me(&self) -> bool {
        self.record.get(Field::HasBlockedMe).as_bool().unwrap_or(false)
    }

    #[wasm_bindgen(js_name = getBlockedByMe)]
    pub fn blocked_by_me(&self) -> bool {
        self.record.get(Field::BlockedByMe).as_bool().unwrap_or(false)
    }

    /// Unix seconds when the backend deactivated the user; `0` for an active user.
    #[wasm_bindgen(js_name = getDeactivatedAt)]
    pub fn deactivated_at(&self) -> f64 {
        self.record.get(Field::DeactivatedAt).as_f64().unwrap_or(0.0)
    }

    /// A plain object with the wire's camelCase keys, only the fields that are set (and any
    /// extra fields the server sent), so `JSON.stringify(user)` and logs are useful.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        self.record.to_js()
    }
}
