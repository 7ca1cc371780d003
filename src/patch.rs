//! `ProfilePatch`: the body of `PUT me` for a profile update — only the self-editable fields,
//! only those that were set. uid, role and every server-owned field cannot be expressed here.

use crate::json;
use crate::prelude::*;

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

    /// The JSON body: the fields set, in this order.
    pub fn to_body(&self) -> String {
        let mut body = json::Object::new();
        let texts = [
            ("name", &self.name),
            ("avatar", &self.avatar),
            ("link", &self.link),
            ("statusMessage", &self.status_message),
        ];
        for (key, v) in texts {
            if let Some(v) = v {
                body = body.text(key, v);
            }
        }
        if let Some(m) = &self.metadata {
            body = body.raw("metadata", m); // JSON.stringify's text (src/user.rs)
        }
        if let Some(tags) = &self.tags {
            body = body.texts("tags", tags);
        }
        body.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_json_of_the_fields_set_in_the_wire_order() {
        let patch = ProfilePatch {
            name: Some("A \"quoted\" \\ name\n\u{1}é🙂".into()),
            metadata: Some(r#"{"a":[1,{"b":null}]}"#.into()),
            status_message: Some(String::new()),
            tags: Some(vec!["x".into(), "y\u{7f}".into()]),
            ..Default::default()
        };
        let body = patch.to_body();
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({
                "name": "A \"quoted\" \\ name\n\u{1}é🙂",
                "statusMessage": "",
                "metadata": { "a": [1, { "b": null }] },
                "tags": ["x", "y\u{7f}"],
            })
        );
        assert!(body.starts_with(r#"{"name":"#), "{body}");
        assert_eq!(ProfilePatch { tags: Some(vec![]), ..Default::default() }.to_body(), r#"{"tags":[]}"#);
    }

    #[test]
    fn empty_means_nothing_was_set() {
        assert!(ProfilePatch::default().is_empty());
        assert!(!ProfilePatch { status_message: Some(String::new()), ..Default::default() }.is_empty());
        assert!(!ProfilePatch { tags: Some(vec![]), ..Default::default() }.is_empty());
    }
}
