//! `ProfilePatch`: the body of `PUT me` for a profile update — only the self-editable fields,
//! only those that were set. uid, role and every server-owned field cannot be expressed here.

use crate::convert::{self, set};
use crate::prelude::*;
use js_sys::Object;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfilePatch {
    pub name: Option<String>,
    pub avatar: Option<String>,
    pub link: Option<String>,
    /// JSON text of an object.
    pub metadata: Option<String>,
    pub status_message: Option<String>,
    pub tags: Option<Vec<String>>,
}

impl ProfilePatch {
    pub fn is_empty(&self) -> bool {
        *self == ProfilePatch::default()
    }

    pub fn to_body(&self) -> String {
        let body = Object::new();
        let texts = [
            ("name", &self.name),
            ("avatar", &self.avatar),
            ("link", &self.link),
            ("statusMessage", &self.status_message),
        ];
        for (key, v) in texts {
            if let Some(v) = v {
                set(&body, key, &v.as_str().into());
            }
        }
        if let Some(m) = self.metadata.as_deref().and_then(convert::parse) {
            set(&body, "metadata", &m);
        }
        if let Some(tags) = &self.tags {
            set(&body, "tags", &convert::string_array(tags));
        }
        convert::stringify(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_means_nothing_was_set() {
        assert!(ProfilePatch::default().is_empty());
        assert!(!ProfilePatch { status_message: Some(String::new()), ..Default::default() }.is_empty());
        assert!(!ProfilePatch { tags: Some(vec![]), ..Default::default() }.is_empty());
    }
}
