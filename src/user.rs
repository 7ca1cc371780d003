//! `User`s: the JS class (js/runtime.js) holds the record and answers the getters; this module
//! checks what its setters and constructor are given, and reads the self-editable fields of a
//! `User` or a plain object into the `ProfilePatch` that `updateCurrentUserDetails` sends.

use crate::convert::{self, is_plain_bag, units_past};
use crate::error::{code, Error, Result};
use crate::patch::ProfilePatch;
use crate::prelude::*;
use crate::record::UserRecord;
use crate::validate;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The JS `User` class. The methods bound here are for Rust callers (the browser suites);
    /// the package itself only makes Users from records, so release builds drop them.
    #[derive(Debug, Clone)]
    pub type User;

    #[wasm_bindgen(constructor, catch)]
    pub fn new(uid: JsValue, name: JsValue) -> Result<User, JsValue>;
    #[wasm_bindgen(method, js_name = getUid)]
    pub fn uid(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getName)]
    pub fn name(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getAvatar)]
    pub fn avatar(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getLink)]
    pub fn link(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getRole)]
    pub fn role(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getMetadata)]
    pub fn metadata(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getStatus)]
    pub fn status(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getStatusMessage)]
    pub fn status_message(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getLastActiveAt)]
    pub fn last_active_at(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getTags)]
    pub fn tags(this: &User) -> JsValue;
    #[wasm_bindgen(method, js_name = getHasBlockedMe)]
    pub fn has_blocked_me(this: &User) -> bool;
    #[wasm_bindgen(method, js_name = getBlockedByMe)]
    pub fn blocked_by_me(this: &User) -> bool;
    #[wasm_bindgen(method, js_name = getDeactivatedAt)]
    pub fn deactivated_at(this: &User) -> f64;
    #[wasm_bindgen(method, js_name = toJSON)]
    pub fn to_json(this: &User) -> JsValue;
    #[wasm_bindgen(method, catch, js_name = setName)]
    pub fn set_name(this: &User, name: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setAvatar)]
    pub fn set_avatar(this: &User, avatar: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setLink)]
    pub fn set_link(this: &User, link: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setRole)]
    pub fn set_role(this: &User, role: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setMetadata)]
    pub fn set_metadata(this: &User, metadata: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setStatusMessage)]
    pub fn set_status_message(this: &User, message: JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setTags)]
    pub fn set_tags(this: &User, tags: JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(js_name = wrapUser)]
    fn wrap_user(record: &JsValue) -> User;
    /// The fields a `User`'s setters (or its constructor) set, as a plain object: what
    /// `updateCurrentUserDetails(user)` sends.
    #[wasm_bindgen(js_name = userChanges)]
    pub fn changes_of(user: &User) -> JsValue;
    #[wasm_bindgen(js_name = setEdit)]
    fn set_edit(edit: &JsValue);
}

impl User {
    /// A user as the server described it. The record is shared, not copied: a `User` never
    /// changes it in place.
    pub fn from_record(record: UserRecord) -> User {
        wrap_user(record.as_js())
    }
}

/// The fields a `User` has setters for. All but the role are the user's own to edit (and sent by
/// `updateCurrentUserDetails`); the role is the backend's to assign and only ever set locally.
#[derive(Clone, Copy)]
pub(crate) enum Editable {
    Name,
    Avatar,
    Link,
    Metadata,
    StatusMessage,
    Tags,
    Role,
}

/// The self-editable fields, in the order a bag's fields are checked, with their wire names.
pub(crate) const SELF_EDITABLE: [(Editable, &str); 6] = [
    (Editable::Name, "name"),
    (Editable::Avatar, "avatar"),
    (Editable::Link, "link"),
    (Editable::Metadata, "metadata"),
    (Editable::StatusMessage, "statusMessage"),
    (Editable::Tags, "tags"),
];

/// Gives the JS `User` its checks, once (`init` calls it before any `User` can be made):
/// `edit(field, value)` → the value to store, or throws a `CometChatException`.
pub(crate) fn install_edit() {
    struct Installed(core::cell::Cell<bool>);
    // SAFETY: one thread, as for the session state.
    unsafe impl Sync for Installed {}
    static INSTALLED: Installed = Installed(core::cell::Cell::new(false));
    if INSTALLED.0.replace(true) {
        return;
    }
    let edit = Closure::<dyn Fn(i32, JsValue) -> Result<JsValue, JsValue>>::new(|field: i32, value| {
        checked(field, value).map_err(JsValue::from)
    });
    set_edit(&edit.into_js_value());
}

/// The value a `User` stores for field number `field` (js/runtime.js numbers them: -1 the uid,
/// then `SELF_EDITABLE`'s order, then the role), checked.
fn checked(field: i32, value: JsValue) -> Result<JsValue> {
    let Ok(index) = usize::try_from(field) else {
        return uid_arg(&value).map(JsValue::from);
    };
    let editable = SELF_EDITABLE.get(index).map_or(Editable::Role, |(e, _)| *e);
    edit(&mut ProfilePatch::default(), editable, value)
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
                Error::new(code::INVALID_USER_METADATA, ["Metadata must be a plain JSON object: ", &why, "."].concat())
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

/// The self-editable fields of a plain object (`{ name, avatar, … }`): its own enumerable ones,
/// as `Object.keys` lists them. Absent or `undefined` fields are not sent; anything else (uid,
/// role, status, unknown keys) is ignored.
pub(crate) fn patch_from_object(obj: &JsValue) -> Result<ProfilePatch> {
    if !is_plain_bag(obj) {
        return Err(Error::new(
            code::MISSING_PARAMETERS,
            "Pass a CometChat.User or an object such as { name: \"…\" }.",
        ));
    }
    let mut patch = ProfilePatch::default();
    // Only the known names are read: no other key of the caller's is copied into the module.
    for (field, name) in SELF_EDITABLE {
        let v = convert::own(obj, name);
        if !v.is_undefined() {
            edit(&mut patch, field, v)?;
        }
    }
    Ok(patch)
}
