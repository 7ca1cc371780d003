//! The field rules of the wire protocol (Part A, "Field rules"): limits and character
//! predicates, the one definition that the client (`cometchat-wasm`, before any request) and
//! the emulator (on every write) both check, so they can never disagree. Each side words its
//! own errors; lengths count characters (Unicode scalar values), metadata counts bytes.
//! What is not a field rule stays with its side: the client's URL safety policy, the emulator's
//! JSON-shape checks.

#![cfg_attr(not(test), no_std)]

/// uid and role: 1–100 characters.
pub const UID_MAX: usize = 100;
pub const ROLE_MAX: usize = 100;
pub const NAME_MAX: usize = 100;
/// avatar and link.
pub const URL_MAX: usize = 3000;
pub const STATUS_MESSAGE_MAX: usize = 1000;
pub const TAGS_MAX: usize = 25;
pub const TAG_MAX: usize = 100;
/// "5 KB" of serialized JSON.
pub const METADATA_MAX_BYTES: usize = 5 * 1024;

/// Why a value breaks its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    Blank,
    TooLong,
    /// A character outside the field's alphabet.
    Character,
    TooMany,
}

pub type Check = Result<(), Problem>;

/// Characters of `s`: the bytes that do not continue a UTF-8 sequence. (core's
/// `chars().count()` is a vectorised 800-byte routine in the wasm module; these are short.)
pub fn chars(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Whether `s` is empty or only white space (as `str::trim` sees it, without its searcher).
pub fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn at_most(s: &str, max: usize) -> Check {
    // `len` bounds the character count from above: only count when it could matter.
    if s.len() > max && chars(s) > max {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

/// `a-z A-Z 0-9 _ -`, 1 to `max` characters: nothing that could change a URL path or a list.
fn identifier(s: &str, max: usize) -> Check {
    if s.is_empty() {
        Err(Problem::Empty)
    } else if s.len() > max {
        Err(Problem::TooLong)
    } else if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        Err(Problem::Character)
    } else {
        Ok(())
    }
}

/// 1–100 characters of `a-z A-Z 0-9 _ -` (CometChat stores uids lower-cased).
pub fn uid(s: &str) -> Check {
    identifier(s, UID_MAX)
}

/// A role is written like a uid.
pub fn role(s: &str) -> Check {
    identifier(s, ROLE_MAX)
}

/// At most 100 characters, not blank. Length first: a name cut short by a caller that bounds
/// its copies must still be judged too long, even if the part it kept is blank.
pub fn name(s: &str) -> Check {
    at_most(s, NAME_MAX)?;
    if is_blank(s) {
        return Err(Problem::Blank);
    }
    Ok(())
}

/// One tag: at most 100 characters, not blank.
pub fn tag(s: &str) -> Check {
    at_most(s, TAG_MAX)?;
    if is_blank(s) {
        return Err(Problem::Blank);
    }
    Ok(())
}

/// At most 25 tags.
pub fn tag_count(n: usize) -> Check {
    if n > TAGS_MAX {
        Err(Problem::TooMany)
    } else {
        Ok(())
    }
}

pub fn status_message(s: &str) -> Check {
    at_most(s, STATUS_MESSAGE_MAX)
}

/// The length rule of avatar and link (what makes a URL acceptable is each side's policy).
pub fn url_length(s: &str) -> Check {
    at_most(s, URL_MAX)
}

/// Metadata's size, in bytes of compact JSON.
pub fn metadata_size(json_bytes: usize) -> Check {
    if json_bytes > METADATA_MAX_BYTES {
        Err(Problem::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(uid(""), Err(Problem::Empty));
        assert_eq!(uid("a-B_9"), Ok(()));
        assert_eq!(uid(&"x".repeat(100)), Ok(()));
        assert_eq!(uid(&"x".repeat(101)), Err(Problem::TooLong));
        for bad in ["a b", "a/b", "é", "a.b", "a,b", "a\n"] {
            assert_eq!(role(bad), Err(Problem::Character), "{bad:?}");
        }
        assert_eq!(role("r"), Ok(()));
    }

    #[test]
    fn blank_is_what_trim_empties() {
        for s in ["", " ", "\t\n", "\u{a0}\u{3000}", "a", " a ", "\u{200b}"] {
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn chars_counts_like_core() {
        for s in ["", "a", "é", "日本", "😀x", "a\u{0}b"] {
            assert_eq!(chars(s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn lengths_count_characters() {
        let hundred = "é".repeat(50) + &"日".repeat(50);
        assert_eq!(name(&hundred), Ok(()));
        assert_eq!(name(&(hundred.clone() + "x")), Err(Problem::TooLong));
        assert_eq!(name(" \t "), Err(Problem::Blank));
        assert_eq!(tag(&"😀".repeat(100)), Ok(()));
        assert_eq!(tag(&"😀".repeat(101)), Err(Problem::TooLong));
        assert_eq!(tag("  "), Err(Problem::Blank));
        assert_eq!(status_message(&"é".repeat(1000)), Ok(()));
        assert_eq!(status_message(&"é".repeat(1001)), Err(Problem::TooLong));
        assert_eq!(status_message(""), Ok(()));
        assert_eq!(tag_count(25), Ok(()));
        assert_eq!(tag_count(26), Err(Problem::TooMany));
        assert_eq!(metadata_size(5120), Ok(()));
        assert_eq!(metadata_size(5121), Err(Problem::TooLong));
        assert_eq!(url_length(&"a".repeat(3001)), Err(Problem::TooLong));
    }
}
