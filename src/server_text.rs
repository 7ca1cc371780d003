//! What a server says in an error (`code`, `message`, `details`) is untrusted text: it is
//! redacted of the auth token and bounded before it reaches an exception (Part A, "Server text
//! is bounded"). Pure, tested natively; `envelope` copies only a bounded prefix into wasm.

use crate::prelude::*;
use crate::text;

pub const CODE_MAX: usize = 100;
pub const MESSAGE_MAX: usize = 1000;
/// `details` as JSON text; a larger value is dropped whole (half a JSON value means nothing).
pub const DETAILS_MAX: usize = 8 * 1024;

const MASK: &str = "[redacted]";

/// The token as it reads inside JSON text (`JSON.stringify` escapes `"` and `\`; a token is
/// visible ASCII, so nothing else).
fn json_escaped(token: &str) -> String {
    let mut out = String::with_capacity(token.len() + 2);
    for c in token.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `s` with every occurrence of the token, raw or JSON-escaped, masked.
pub fn redact(s: &str, token: &str) -> String {
    if token.is_empty() {
        return s.to_owned();
    }
    let escaped = json_escaped(token);
    let once = text::replace(s, &escaped, MASK);
    if escaped == token {
        once
    } else {
        text::replace(&once, token, MASK)
    }
}

/// How many UTF-16 units of server text to copy so that, once redacted, it still holds `max`
/// characters: past the rule (`2 × max + 2`), plus room for a whole escaped token at the end.
pub fn units_to_copy(max: usize, token: &str) -> u32 {
    u32::try_from(2 * max + 2 + 2 * token.len()).unwrap_or(u32::MAX)
}

/// Redacts `s` (the first `units_to_copy` units of the server's text), then cuts it to `max`
/// characters. When the copy was cut, a token may straddle its end, where no whole occurrence
/// can be masked: the copy's last `2 × token length` characters are dropped first, which the
/// extra room of `units_to_copy` pays for.
pub fn bounded(s: &str, max: usize, token: &str, copy_was_cut: bool) -> String {
    let mut out = redact(s, token);
    let mut keep = max;
    if copy_was_cut {
        let chars = cometchat_rules::chars(&out);
        keep = keep.min(chars.saturating_sub(2 * token.len()));
    }
    if let Some((cut, _)) = out.char_indices().nth(keep) {
        out.truncate(cut);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_masked_raw_and_json_escaped() {
        let token = r#"u1_a"b\c"#;
        let details = r#"{"token":"u1_a\"b\\c","raw":"u1_a"b\c","n":1}"#;
        assert_eq!(redact(details, token), r#"{"token":"[redacted]","raw":"[redacted]","n":1}"#);
        assert_eq!(redact("The auth token u1_abc does not exist.", "u1_abc"), "The auth token [redacted] does not exist.");
        assert_eq!(redact("nothing", ""), "nothing");
    }

    #[test]
    fn bounded_text_keeps_max_characters_and_no_part_of_a_token() {
        assert_eq!(bounded(&"é".repeat(1500), MESSAGE_MAX, "tok", false).chars().count(), MESSAGE_MAX);
        assert_eq!(bounded("short tok", MESSAGE_MAX, "tok", false), "short [redacted]");
        // A whole token across the cut is masked first; the mask may be cut.
        let token = "secret-token-123";
        let s = ["x".repeat(95), token.to_owned()].concat();
        assert_eq!(bounded(&s, 100, token, false), ["x".repeat(95), "[reda".to_owned()].concat());
        // The copy ended inside a token: its first characters must not survive.
        let copy = ["x".repeat(2 * 100 + 2 + 2 * token.len() - 8), "secret-t".to_owned()].concat();
        let out = bounded(&copy, 100, token, true);
        assert_eq!(out, "x".repeat(100));
        let short_copy = ["x".repeat(95), "secret-t".to_owned()].concat();
        assert!(!bounded(&short_copy, 100, token, true).contains("secre"));
        // Masking shortens the text: a later token must still be masked whole.
        let many = [token, " "].concat().repeat(20);
        let out = bounded(&many, 100, token, false);
        assert!(!out.contains("secret"), "{out}");
        assert_eq!(bounded("abc", 2, "", false), "ab");
    }
}
