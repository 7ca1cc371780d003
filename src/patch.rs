//! `ProfilePatch`: the body of `PUT me` for a profile update — only the self-editable fields,
//! only those that were set. uid, role and every server-owned field cannot be expressed here.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl ProfilePatch {
    pub fn is_empty(&self) -> bool {
        *self == ProfilePatch::default()
    }

    pub fn to_body(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_set_fields_are_sent() {
        let p = ProfilePatch { status_message: Some("In a meeting".into()), ..Default::default() };
        assert_eq!(p.to_body(), r#"{"statusMessage":"In a meeting"}"#);
        assert!(ProfilePatch::default().is_empty());
        let full = ProfilePatch {
            name: Some("N".into()),
            avatar: Some("https://a.example/a.png".into()),
            link: Some("https://a.example".into()),
            metadata: Some(json!({"k": 1})),
            status_message: Some(String::new()),
            tags: Some(vec![]),
        };
        let body: Value = serde_json::from_str(&full.to_body()).unwrap();
        let mut keys: Vec<_> = body.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["avatar", "link", "metadata", "name", "statusMessage", "tags"]);
    }
}
