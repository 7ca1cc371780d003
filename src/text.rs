//! Substring search and replace over bytes. core's `str` pattern searchers slice the haystack
//! with panicking indexes, and each such panic site keeps its message formatting (char escaping
//! and its Unicode tables, range printing: ~10 KB of wasm) even though our panics trap.
//! Everything here returns `None` instead of panicking.

use crate::prelude::*;

/// Byte offset of the first `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// Whether any byte of `hay` is one of `bytes` (for ASCII delimiters).
// `[u8]::contains` is a word-at-a-time memchr (~400 bytes of wasm); our sets are 1 to 3 bytes.
#[allow(clippy::manual_contains)]
pub fn has_any(hay: &str, bytes: &[u8]) -> bool {
    hay.bytes().any(|b| bytes.iter().any(|&x| x == b))
}

/// `hay` around the first `needle`.
pub fn split_once<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(hay, needle)?;
    Some((hay.get(..at)?, hay.get(at + needle.len()..)?))
}

/// `hay` around the first of the ASCII `bytes`.
#[allow(clippy::manual_contains)]
pub fn split_at_any<'a>(hay: &'a str, bytes: &[u8]) -> Option<(&'a str, &'a str)> {
    let at = hay.bytes().position(|b| bytes.iter().any(|&x| x == b))?;
    hay.split_at_checked(at)
}

/// `s` without leading and trailing white space, as `str::trim` (whose double-ended searcher
/// is 0.5 KB of wasm).
pub fn trim(s: &str) -> &str {
    let start = s.char_indices().find(|(_, c)| !c.is_whitespace()).map_or(s.len(), |(i, _)| i);
    let end = s.char_indices().rev().find(|(_, c)| !c.is_whitespace()).map_or(start, |(i, c)| i + c.len_utf8());
    s.get(start..end).unwrap_or_default()
}

/// `n` in decimal, without core's formatting machinery.
pub fn decimal(mut n: u32) -> String {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(d as char);
    }
    out
}

/// `hay` with every `needle` replaced by `with`.
pub fn replace(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some((head, tail)) = split_once(rest, needle).filter(|_| !needle.is_empty()) {
        out.push_str(head);
        out.push_str(with);
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_and_split() {
        assert_eq!(find("a://b", "://"), Some(1));
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(find("", "x"), None);
        assert_eq!(find("é://", "://"), Some(2));
        assert_eq!(split_once("https://h/p", "://"), Some(("https", "h/p")));
        assert_eq!(split_once("https", "://"), None);
        assert_eq!(split_at_any("h:80/p?q", b"/?#"), Some(("h:80", "/p?q")));
        assert_eq!(split_at_any("h", b"/?#"), None);
        assert!(has_any("a?b", b"?#"));
        assert!(!has_any("é", b"?#"));
    }

    #[test]
    fn trims_like_core() {
        for s in ["", "  ", " a ", "\u{3000}é b\t", "ab", "\u{a0}x"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 30, 4_294_967_295] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn replace_every_occurrence() {
        assert_eq!(replace("t x t", "t", "[r]"), "[r] x [r]");
        assert_eq!(replace("tt", "t", "tt"), "tttt");
        assert_eq!(replace("abc", "", "x"), "abc");
        assert_eq!(replace("ééé", "é", "e"), "eee");
        assert_eq!(replace("", "t", "x"), "");
    }

    // proptest is a native dev-dependency; the wasm test build has only the tests above it.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        // Few distinct characters, ASCII and multi-byte, so needles really occur in haystacks.
        const TEXT: &str = "[ab/?#:é😀]{0,24}";
        const NEEDLE: &str = "[ab/?#:é😀]{1,3}";

        proptest! {
            #[test]
            fn find_split_and_replace_agree_with_core(hay in TEXT, needle in NEEDLE, with in TEXT) {
                prop_assert_eq!(find(&hay, &needle), hay.find(needle.as_str()));
                prop_assert_eq!(split_once(&hay, &needle), hay.split_once(needle.as_str()));
                prop_assert_eq!(replace(&hay, &needle, &with), hay.replace(needle.as_str(), &with));
            }

            #[test]
            fn byte_sets_agree_with_core(hay in TEXT) {
                let delimiters = ['/', '?', '#'];
                prop_assert_eq!(has_any(&hay, b"/?#"), hay.contains(delimiters));
                prop_assert_eq!(split_at_any(&hay, b"/?#"), hay.find(delimiters).map(|at| hay.split_at(at)));
            }
        }
    }
}
