//! The JSON bodies this module sends, written as text here. Building a JS object to stringify
//! sent each key and value to JS and the text back, each string a `TextDecoder` call (README,
//! "Measured departures"). Pure.

use crate::prelude::*;

/// A JSON object being written: `Object::new().text("name", "Ann").finish()`.
pub struct Object(String);

impl Object {
    pub fn new() -> Object {
        Object(String::from("{"))
    }

    /// A string member.
    pub fn text(mut self, key: &str, value: &str) -> Object {
        self.key(key);
        string(&mut self.0, value);
        self
    }

    /// A member whose value is already JSON text (JSON.stringify's, or another `Object`'s).
    pub fn raw(mut self, key: &str, json: &str) -> Object {
        self.key(key);
        self.0.push_str(json);
        self
    }

    /// An array of strings.
    pub fn texts(mut self, key: &str, items: &[String]) -> Object {
        self.key(key);
        self.0.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            string(&mut self.0, item);
        }
        self.0.push(']');
        self
    }

    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        string(&mut self.0, key);
        self.0.push(':');
    }
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7),
/// each as `\u00XX` (one rule, the least code).
fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        let n = c as usize;
        if c == '"' || c == '\\' || n < 0x20 {
            out.push_str("\\u00");
            out.push(char::from(HEX[n >> 4]));
            out.push(char::from(HEX[n & 15]));
        } else {
            out.push(c);
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_in_order_escaped_and_nested() {
        let inner = Object::new().text("ua", "Mozilla/5.0 \"x\"").finish();
        let tags = ["a".to_owned(), "b\\c".to_owned()];
        let body = Object::new().text("name", "A\n\u{1}é🙂").raw("appInfo", &inner).texts("tags", &tags).finish();
        assert_eq!(
            body,
            r#"{"name":"A\u000a\u0001é🙂","appInfo":{"ua":"Mozilla/5.0 \u0022x\u0022"},"tags":["a","b\u005cc"]}"#
        );
        assert_eq!(Object::new().finish(), "{}");
        assert_eq!(Object::new().texts("tags", &[]).finish(), r#"{"tags":[]}"#);
    }

    // proptest is a native dev-dependency; the wasm test build has only the tests above it.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_round_trips(name in ".*", tags in proptest::collection::vec("\\PC*", 0..4)) {
            let body = Object::new().text("name", &name).texts("tags", &tags).finish();
            let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
            proptest::prop_assert_eq!(parsed, serde_json::json!({ "name": name, "tags": tags }));
        }
    }
}
