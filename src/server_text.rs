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

/// Redacts `s` (a prefix of the server's text, `units_to_copy` long), then cuts it to `max`
/// characters. A token cut by the end of the copied prefix could only be partly masked, so
/// what the result ends with of a token's first characters is dropped too.
pub fn bounded(s: &str, max: usize, token: &str) -> String {
    let mut out = redact(s, token);
    if let Some((cut, _)) = out.char_indices().nth(max) {
        out.truncate(cut);
        if !token.is_empty() {
            for form in [token.to_owned(), json_escaped(token)] {
                let partial = (1..form.len()).rev().find(|&n| out.ends_with(form.get(..n).unwrap_or_default()));
                if let Some(n) = partial {
                    out.truncate(out.len() - n);
                }
            }
        }
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
        assert_eq!(bounded(&"é".repeat(1500), MESSAGE_MAX, "tok").chars().count(), MESSAGE_MAX);
        assert_eq!(bounded("short tok", MESSAGE_MAX, "tok"), "short [redacted]");
        // A whole token across the cut is masked first; the mask may be cut.
        let token = "secret-token-123";
        let s = ["x".repeat(95), token.to_owned()].concat();
        assert_eq!(bounded(&s, 100, token), ["x".repeat(95), "[reda".to_owned()].concat());
        // The copied prefix ended inside a token: its first characters must not survive.
        let cut = bounded(&["x".repeat(95), "secret-t".to_owned()].concat(), 100, token);
        assert_eq!(cut, "x".repeat(95));
        // Masking shortens the text: a later token must still be masked whole.
        let many = [token, " "].concat().repeat(20);
        let out = bounded(&many, 100, token);
        assert!(!out.contains("secret"), "{out}");
        assert_eq!(bounded("abc", 2, ""), "ab");
    }
}
