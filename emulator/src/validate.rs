//! Field rules of wire-protocol Part A, re-checked on the server.
//! Each function returns the normalised value or a human-readable reason.

use cometchat_rules::{self as rules, Problem};
pub use cometchat_rules::{METADATA_MAX_BYTES, NAME_MAX, ROLE_MAX, STATUS_MESSAGE_MAX, TAGS_MAX, TAG_MAX, UID_MAX, URL_MAX};
use serde_json::Value;

/// How many uids one block/unblock/deactivate/reactivate call may carry.
pub const UID_LIST_MAX: usize = 100;

/// 1–100 chars of `a-z A-Z 0-9 _ -`; returns the lower-cased uid.
pub fn uid(raw: &str) -> Result<String, String> {
    match rules::uid(raw) {
        Ok(()) => Ok(raw.to_ascii_lowercase()),
        Err(Problem::Empty) => Err("uid must not be empty".into()),
        Err(Problem::TooLong) => Err(format!("uid must be at most {UID_MAX} characters")),
        Err(_) => Err("uid may contain only a-z, A-Z, 0-9, _ and -".into()),
    }
}

pub fn uid_value(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => uid(s),
        _ => Err("uid must be a string".into()),
    }
}

pub fn name(v: &Value) -> Result<String, String> {
    let Value::String(s) = v else { return Err("name must be a string".into()) };
    match rules::name(s) {
        Ok(()) => Ok(s.clone()),
        Err(Problem::Blank) => Err("name must not be blank".into()),
        Err(_) => Err(format!("name must be at most {NAME_MAX} characters")),
    }
}

/// An absolute http(s) URL of at most 3000 characters. (The client is stricter: `http:` only on
/// loopback, the policy of a browser loading it.)
pub fn url(field: &str, v: &Value) -> Result<String, String> {
    let Value::String(s) = v else { return Err(format!("{field} must be a string")) };
    if rules::url_length(s).is_err() {
        return Err(format!("{field} must be at most {URL_MAX} characters"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{field} must be a URL without spaces"));
    }
    match url::Url::parse(s) {
        Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => Ok(s.clone()),
        _ => Err(format!("{field} must be an absolute http or https URL")),
    }
}

/// A JSON object of at most 5120 bytes once serialised; returns the compact serialisation.
pub fn metadata(v: &Value) -> Result<String, String> {
    if !v.is_object() {
        return Err("metadata must be a JSON object".into());
    }
    let s = serde_json::to_string(v).map_err(|_| "metadata must be a JSON object".to_string())?;
    if rules::metadata_size(s.len()).is_err() {
        return Err(format!("metadata must be at most {METADATA_MAX_BYTES} bytes serialized"));
    }
    Ok(s)
}

/// At most 25 non-blank strings of at most 100 characters; duplicates are dropped (order kept).
pub fn tags(v: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = v else { return Err("tags must be an array of strings".into()) };
    if rules::tag_count(items.len()).is_err() {
        return Err(format!("tags must have at most {TAGS_MAX} items"));
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(t) = item else { return Err("tags must be an array of strings".into()) };
        match rules::tag(t) {
            Err(Problem::Blank) => return Err("a tag must not be blank".into()),
            Err(_) => return Err(format!("a tag must be at most {TAG_MAX} characters")),
            Ok(()) => {}
        }
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    Ok(out)
}

pub fn status_message(v: &Value) -> Result<String, String> {
    let Value::String(s) = v else { return Err("statusMessage must be a string".into()) };
    if rules::status_message(s).is_err() {
        return Err(format!("statusMessage must be at most {STATUS_MESSAGE_MAX} characters"));
    }
    Ok(s.clone())
}

/// Roles are identifiers like uids (CometChat creates them in its dashboard; the emulator accepts any).
pub fn role(v: &Value) -> Result<String, String> {
    let Value::String(s) = v else { return Err("role must be a string".into()) };
    match rules::role(s) {
        Ok(()) => Ok(s.clone()),
        Err(Problem::Character) => Err("role may contain only a-z, A-Z, 0-9, _ and -".into()),
        Err(_) => Err(format!("role must be 1 to {ROLE_MAX} characters")),
    }
}

/// A non-empty array of at most 100 valid uids; returns them lower-cased and de-duplicated.
pub fn uid_list(v: &Value) -> Result<Vec<String>, String> {
    let Value::Array(items) = v else { return Err("must be an array of uids".into()) };
    if items.is_empty() {
        return Err("must contain at least one uid".into());
    }
    if items.len() > UID_LIST_MAX {
        return Err(format!("must contain at most {UID_LIST_MAX} uids"));
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let u = uid_value(item)?;
        if !out.contains(&u) {
            out.push(u);
        }
    }
    Ok(out)
}

pub fn boolean(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err("must be a boolean".into()),
    }
}

/// A short free-form string (device/platform info on tokens).
pub fn short_string(field: &str, v: &Value, max: usize) -> Result<String, String> {
    let Value::String(s) = v else { return Err(format!("{field} must be a string")) };
    if s.chars().count() > max {
        return Err(format!("{field} must be at most {max} characters"));
    }
    Ok(s.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uid_rules() {
        assert_eq!(uid("AbC_-9").as_deref(), Ok("abc_-9"));
        assert!(uid(&"a".repeat(100)).is_ok());
        assert!(uid(&"a".repeat(101)).is_err());
        assert!(uid("").is_err());
        assert!(uid("a b").is_err());
        assert!(uid("é").is_err());
        assert!(uid("../x").is_err());
    }

    #[test]
    fn name_counts_chars() {
        assert!(name(&json!("é".repeat(100))).is_ok());
        assert!(name(&json!("é".repeat(101))).is_err());
        assert!(name(&json!("   ")).is_err());
        assert!(name(&json!(5)).is_err());
    }

    #[test]
    fn url_rules() {
        assert!(url("avatar", &json!("https://x.test/a.png")).is_ok());
        assert!(url("avatar", &json!("http://127.0.0.1:8787/a.svg")).is_ok());
        assert!(url("avatar", &json!("javascript:alert(1)")).is_err());
        assert!(url("avatar", &json!("ftp://x.test/")).is_err());
        assert!(url("avatar", &json!("not a url")).is_err());
        let base = "https://x.test/";
        let ok = format!("{base}{}", "a".repeat(3000 - base.len()));
        assert!(url("avatar", &json!(ok)).is_ok());
        let bad = format!("{base}{}", "a".repeat(3001 - base.len()));
        assert!(url("avatar", &json!(bad)).is_err());
    }

    #[test]
    fn metadata_bytes() {
        // {"k":"…"} is 8 bytes of framing.
        assert!(metadata(&json!({"k": "x".repeat(5112)})).is_ok());
        assert!(metadata(&json!({"k": "x".repeat(5113)})).is_err());
        assert!(metadata(&json!([1])).is_err());
        assert!(metadata(&json!("{}")).is_err());
    }

    #[test]
    fn tag_rules() {
        let t25: Vec<String> = (0..25).map(|i| format!("t{i}")).collect();
        assert_eq!(tags(&json!(t25)).map(|v| v.len()), Ok(25));
        let t26: Vec<String> = (0..26).map(|i| format!("t{i}")).collect();
        assert!(tags(&json!(t26)).is_err());
        assert!(tags(&json!(["é".repeat(100)])).is_ok());
        assert!(tags(&json!(["é".repeat(101)])).is_err());
        assert!(tags(&json!("x")).is_err());
        assert!(tags(&json!([1])).is_err());
        assert_eq!(tags(&json!(["a", "a", "b"])), Ok(vec!["a".to_string(), "b".to_string()]));
    }
}
