//! `UserRecord`: a CometChat user as plain Rust data, in the wire's camelCase JSON shape.
//! Unknown fields from the server are kept in `extra` and come back out in `toJSON()`;
//! credentials the server returns with the logged-in user never enter a record.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active_at: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub has_blocked_me: bool,
    #[serde(default)]
    pub blocked_by_me: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<f64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Fields of the logged-in user's answer that are credentials, not profile: never kept.
const SECRETS: [&str; 5] = ["authToken", "jwt", "wsChannel", "fat", "settings"];

impl UserRecord {
    pub fn new(uid: String) -> Self {
        UserRecord { uid, ..Default::default() }
    }

    /// A user from the server's `data`; unknown fields kept, credentials dropped.
    pub fn from_wire(data: Value) -> Result<Self, serde_json::Error> {
        let mut record: UserRecord = serde_json::from_value(data)?;
        record.extra.retain(|k, _| !SECRETS.contains(&k.as_str()));
        Ok(record)
    }

    /// CometChat's SDK reports presence as `online` / `offline`; the wire says `available` etc.
    pub fn presence(&self) -> &'static str {
        match self.status.as_deref() {
            None | Some("") | Some("offline") => "offline",
            Some(_) => "online",
        }
    }

    /// The record as `toJSON()` shows it: presence normalised like `getStatus()`.
    pub fn to_json_string(&self) -> String {
        let shown = UserRecord { status: Some(self.presence().to_owned()), ..self.clone() };
        serde_json::to_string(&shown).unwrap_or_else(|_| "{}".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_user_keeps_unknown_fields_and_drops_credentials() {
        let data = json!({
            "uid": "user1", "name": "Kevin", "status": "available", "lastActiveAt": 1_700_000_000,
            "metadata": {"@private": {"email": "k@example.com"}, "n": [1, 2.5, "é"]},
            "tags": ["a"], "createdAt": 1_600_000_000, "role": "default",
            "authToken": "user1_secret", "jwt": "x.y.z", "wsChannel": {"secret": "s"}, "settings": {}
        });
        let r = UserRecord::from_wire(data).unwrap();
        assert_eq!(r.uid, "user1");
        assert_eq!(r.presence(), "online");
        assert_eq!(r.last_active_at, Some(1_700_000_000.0));
        assert_eq!(r.extra.get("createdAt"), Some(&json!(1_600_000_000)));
        let out = r.to_json_string();
        assert!(!out.contains("secret") && !out.contains("authToken") && !out.contains("jwt"), "{out}");
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["metadata"], json!({"@private": {"email": "k@example.com"}, "n": [1, 2.5, "é"]}));
        assert_eq!(back["status"], "online");
        assert_eq!(back["createdAt"], 1_600_000_000);
    }

    #[test]
    fn minimal_and_odd_wire_users() {
        let r = UserRecord::from_wire(json!({"uid": "u", "name": null, "tags": null})).unwrap();
        assert_eq!(r.presence(), "offline");
        assert!(!r.has_blocked_me && r.name.is_none());
        assert!(UserRecord::from_wire(json!({"name": "no uid"})).is_err());
        assert!(UserRecord::from_wire(json!({"uid": "u", "tags": "not-a-list"})).is_err());
        assert!(UserRecord::from_wire(json!([1])).is_err());
    }

    #[test]
    fn presence_mapping() {
        for (wire, shown) in [("available", "online"), ("busy", "online"), ("offline", "offline"), ("", "offline")] {
            let r = UserRecord { status: Some(wire.into()), ..UserRecord::new("u".into()) };
            assert_eq!(r.presence(), shown);
        }
    }
}
