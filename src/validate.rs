//! The field rules of the wire protocol (Part A, "Field rules"), as pure functions over plain
//! Rust values so they are unit-tested natively. Lengths count characters, not bytes.

use crate::error::{code, Error, Result};
use crate::prelude::*;
use crate::text;
use cometchat_rules::{self as rules, Problem};
pub use cometchat_rules::{
    METADATA_MAX_BYTES, NAME_MAX, ROLE_MAX, STATUS_MESSAGE_MAX, TAGS_MAX, TAG_MAX, UID_MAX, URL_MAX,
};

pub const AUTH_TOKEN_MAX: usize = 1000;
pub const APP_ID_MAX: usize = 100;

/// 1–100 characters of `a-z A-Z 0-9 _ -`: nothing that could change a URL path.
pub fn uid(uid: &str) -> Result<()> {
    rules::uid(uid)
        .map_err(|_| Error::new(code::INVALID_UID, "A UID is 1 to 100 characters of a-z, A-Z, 0-9, '_' and '-'."))
}

pub fn name(name: &str) -> Result<()> {
    rules::name(name).map_err(|p| {
        let why = if p == Problem::Blank { "A user's name cannot be blank." } else { "A user's name is at most 100 characters." };
        Error::new(code::INVALID_USER_NAME, why)
    })
}

pub fn role(role: &str) -> Result<()> {
    rules::role(role)
        .map_err(|_| Error::new(code::INVALID_USER_ROLE, "A role is 1 to 100 characters of a-z, A-Z, 0-9, '_' and '-'."))
}

pub fn status_message(message: &str) -> Result<()> {
    rules::status_message(message)
        .map_err(|_| Error::new(code::INVALID_USER_STATUS_MESSAGE, "A status message is at most 1000 characters."))
}

/// Avatar and link: `https:` anywhere, `http:` only on a loopback host, at most 3000 characters.
pub fn profile_url(url: &str, code: &str, field: &str) -> Result<()> {
    let reject = |why: &str| Err(Error::new(code, ["The ", field, " must be ", why, "."].concat()));
    if rules::url_length(url).is_err() {
        return reject("a URL of at most 3000 characters");
    }
    match web_url(url) {
        Some(_) => Ok(()),
        None => reject("an https: URL (or http: on localhost)"),
    }
}

/// Parses `scheme://authority[/…]` just far enough to decide whether it is safe to load:
/// `https` with a host, or `http` with a loopback host. Returns the lower-cased scheme.
/// Hand-written rather than the `url` crate, whose IDNA tables would triple the wasm size.
pub fn web_url(url: &str) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = text::split_once(url, "://")?;
    let authority = text::split_at_any(rest, b"/?#").map_or(rest, |(authority, _)| authority);
    // Userinfo (`user@`) is a classic way to dress up a foreign host as a trusted one.
    if text::has_any(authority, b"@") {
        return None;
    }
    let host = host_of(authority)?;
    if scheme.eq_ignore_ascii_case("https") {
        Some("https")
    } else if scheme.eq_ignore_ascii_case("http") && is_loopback(host) {
        Some("http")
    } else {
        None
    }
}

/// The host of `host[:port]` or `[v6][:port]`; `None` when empty or the port is not a number.
/// (No indexing, and no pattern searches that slice: see `text`.)
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with("[") {
        let (host, rest) = authority.split_at_checked(authority.bytes().position(|b| b == b']')? + 1)?;
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(":")?)),
        }
    } else {
        match text::split_once(authority, ":") {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.bytes().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 65535
    });
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'[' | b']' | b':'));
    (port_ok && host_ok).then_some(host)
}

/// `localhost`, `127.x.y.z` or `[::1]`. By hand: `std::net`'s address parsers cost ~6 KB of wasm.
pub fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    let octet = |o: &[u8]| {
        (1..=3).contains(&o.len())
            && o.iter().all(u8::is_ascii_digit)
            && o.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')) <= 255
    };
    let Some(rest) = host.strip_prefix("127.") else { return false };
    let mut octets = rest.as_bytes().split(|&b| b == b'.');
    octets.clone().count() == 3 && octets.all(octet)
}

pub fn tags(tags: &[String]) -> Result<()> {
    let reject = |why| Err(Error::new(code::INVALID_USER_TAGS, why));
    if rules::tag_count(tags.len()).is_err() {
        return reject("A user has at most 25 tags.");
    }
    match tags.iter().try_for_each(|t| rules::tag(t)) {
        Err(Problem::Blank) => reject("A tag cannot be blank."),
        Err(_) => reject("A tag is at most 100 characters."),
        Ok(()) => Ok(()),
    }
}

/// Metadata, as the JSON text of plain data: an object of at most 5 KB.
pub fn metadata(json: &str) -> Result<()> {
    if !json.starts_with("{") {
        return Err(Error::new(code::INVALID_USER_METADATA, "Metadata must be a plain JSON object."));
    }
    if rules::metadata_size(json.len()).is_err() {
        return Err(Error::new(code::INVALID_USER_METADATA, "Metadata is at most 5120 bytes of JSON."));
    }
    Ok(())
}

/// An auth token goes into a header: visible ASCII only, or `fetch` would throw a TypeError.
pub fn auth_token(token: &str) -> Result<()> {
    let ok = !token.is_empty() && token.len() <= AUTH_TOKEN_MAX && token.bytes().all(|b| b.is_ascii_graphic());
    ok.then_some(())
        .ok_or_else(|| Error::new(code::INVALID_AUTH_TOKEN, "An auth token is 1 to 1000 visible ASCII characters."))
}

/// An app id becomes part of a host name (`{appId}.apiclient-{region}.cometchat.io`).
pub fn app_id(app_id: &str) -> Result<()> {
    let ok = !app_id.is_empty()
        && app_id.len() <= APP_ID_MAX
        && app_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(()).ok_or_else(|| {
        Error::new(code::INVALID_APP_ID, "An app id is 1 to 100 characters of a-z, A-Z, 0-9, '_' and '-'.")
    })
}

/// A region becomes part of a host name too; any DNS label is accepted (`us`, `eu`, `in`, `private`, …).
pub fn region(region: &str) -> Result<String> {
    let region = text::trim(region).to_ascii_lowercase();
    let ok = !region.is_empty() && region.len() <= 32 && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(region)
    } else {
        Err(Error::new(code::INVALID_REGION, "A region is a short name such as \"us\", \"eu\" or \"in\"."))
    }
}

/// `overrideClientHost`: scheme-less `host[:port][/path]` (meaning https, as the official SDK),
/// `https://…`, or `http://…` on a loopback host. Returns the base URL, ending in `/`.
pub fn client_host(host: &str) -> Result<String> {
    let reject = || {
        Err(Error::new(
            code::INVALID_CLIENT_HOST,
            "The client host must be host[:port][/path], an https:// URL, or an http:// URL on localhost.",
        ))
    };
    let host = text::trim(host);
    if host.is_empty() || host.len() > URL_MAX || text::has_any(host, b"?#") {
        return reject();
    }
    let url = if text::find(host, "://").is_some() { host.to_owned() } else { ["https://", host].concat() };
    if web_url(&url).is_none() {
        return reject();
    }
    let mut base = url.as_str();
    while let Some(trimmed) = base.strip_suffix("/") {
        base = trimmed;
    }
    Ok([base, "/"].concat())
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes everything but RFC 3986's unreserved characters, for one path segment.
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest is a native dev-dependency; the wasm test build has only the tests below.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use crate::error::code;
        use proptest::prelude::*;

        // The shipped module traps on a panic, killing it for the page: no rule may panic, on any text.
        proptest! {
            #[test]
            fn no_rule_panics_and_each_matches_its_definition(s in any::<String>()) {
                let uid_ok = (1..=UID_MAX).contains(&s.len())
                    && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                prop_assert_eq!(uid(&s).is_ok(), uid_ok);
                let chars = s.chars().count();
                prop_assert_eq!(name(&s).is_ok(), chars <= NAME_MAX && !s.trim().is_empty());
                prop_assert_eq!(role(&s).is_ok(), uid_ok);
                prop_assert_eq!(status_message(&s).is_ok(), chars <= STATUS_MESSAGE_MAX);
                let _ = (profile_url(&s, code::INVALID_USER_LINK, "link"), metadata(&s), auth_token(&s));
                let _ = (app_id(&s), region(&s), is_loopback(&s));
                if let Ok(base) = client_host(&s) {
                    prop_assert!(base.ends_with('/') && web_url(&base).is_some(), "{base}");
                }
            }

            #[test]
            fn urls_from_parts(scheme in "(https?|ftp|HTTP)", host in "(localhost|127\\.0\\.0\\.1|\\[::1\\]|evil)?[a-z0-9.:@\\[\\]-]{0,12}", path in "[/?#a-z%]{0,8}") {
                let url = [scheme.as_str(), "://", &host, &path].concat();
                // An independent reading of the rule: the authority ends at the first / ? #; no
                // userinfo; the host is `localhost`, `[::1]` or four decimal octets starting at 127.
                let authority = url.split("://").nth(1).unwrap_or("").split(['/', '?', '#']).next().unwrap_or("");
                let host_only = match authority.strip_prefix("[::1]") {
                    Some(_) => "[::1]",
                    None => authority.split(':').next().unwrap_or(""),
                };
                let octets: Vec<&str> = host_only.split('.').collect();
                let loopback = host_only == "localhost"
                    || host_only == "[::1]"
                    || (octets.len() == 4
                        && octets[0] == "127"
                        && octets.iter().all(|o| o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u8>().is_ok()));
                match web_url(&url) {
                    Some("https") => prop_assert!(scheme == "https" && !host_only.is_empty() && !authority.contains('@'), "{url}"),
                    Some(_) => prop_assert!(scheme.eq_ignore_ascii_case("http") && loopback && !authority.contains('@'), "{url}"),
                    None => {}
                }
            }

            #[test]
            fn path_segments_round_trip(s in any::<String>()) {
                let encoded = encode_path_segment(&s);
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
                let mut decoded = Vec::new();
                let mut bytes = encoded.bytes();
                while let Some(b) = bytes.next() {
                    if b == b'%' {
                        let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                        decoded.push(u8::from_str_radix(&hex, 16).unwrap());
                    } else {
                        decoded.push(b);
                    }
                }
                prop_assert_eq!(decoded, s.into_bytes());
            }
        }
    }

    fn code_of<T: std::fmt::Debug>(r: Result<T>) -> String {
        r.expect_err("should be rejected").code
    }

    #[test]
    fn uids() {
        for ok in ["a", "user1", "A-b_C", &"x".repeat(100)] {
            assert!(uid(ok).is_ok(), "{ok:?}");
        }
        for bad in ["", &"x".repeat(101), "a b", "a/b", "a?b", "a#b", "a%2F", "..", "é", "😀", "a.b", "a\nb"] {
            assert_eq!(code_of(uid(bad)), code::INVALID_UID, "{bad:?}");
        }
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let hundred = "é".repeat(50) + &"日".repeat(50);
        assert_eq!(hundred.chars().count(), 100);
        assert!(hundred.len() > 100);
        assert!(name(&hundred).is_ok());
        assert!(name(&(hundred.clone() + "x")).is_err());
        assert!(name(&"😀".repeat(100)).is_ok());
        assert_eq!(code_of(name(&"😀".repeat(101))), code::INVALID_USER_NAME);
        assert_eq!(code_of(name("")), code::INVALID_USER_NAME);
        assert_eq!(code_of(name("  \t\n ")), code::INVALID_USER_NAME);
        assert!(name("Kevin Fernandez").is_ok());
    }

    #[test]
    fn avatar_and_link_urls() {
        let ok = [
            "https://ok.example/a.png",
            "http://127.0.0.1:8787/a.png",
            "http://localhost/a",
            "http://[::1]:80/x",
            "http://[::1]/x",
            "HTTPS://X.EXAMPLE",
        ];
        for u in ok {
            assert!(profile_url(u, code::INVALID_USER_AVATAR, "avatar").is_ok(), "{u}");
        }
        let bad = [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "http://example.com",
            "http://127.0.0.1@evil.example/a.png",
            "https://user@ok.example/",
            "https://",
            "https://ok.example:99999999/",
            "http://localhost:66000/",
            "https://ok example/",
            "http://[::1]x/",
            "http://[::1/",
            "ftp://ok.example/a",
            "//ok.example/a",
            "http://127.0.0.1.evil.example/",
            "",
        ];
        for u in bad {
            assert_eq!(code_of(profile_url(u, code::INVALID_USER_LINK, "link")), code::INVALID_USER_LINK, "{u}");
        }
        let prefix = "https://ok.example/";
        let at_limit = format!("{prefix}{}", "a".repeat(URL_MAX - prefix.len()));
        assert!(profile_url(&at_limit, code::INVALID_USER_AVATAR, "avatar").is_ok());
        assert!(profile_url(&(at_limit + "a"), code::INVALID_USER_AVATAR, "avatar").is_err());
    }

    #[test]
    fn loopback_hosts() {
        for ok in ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "[::1]"] {
            assert!(is_loopback(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1.evil.example",
            "127.0.0.256",
            "127.0.0",
            "128.0.0.1",
            "localhost.evil.example",
            "[::2]",
            "127.0.0.1a",
            "",
        ] {
            assert!(!is_loopback(bad), "{bad}");
        }
    }

    #[test]
    fn tag_lists() {
        let n = |k: usize| vec!["t".to_owned(); k];
        assert!(tags(&n(0)).is_ok());
        assert!(tags(&n(25)).is_ok());
        assert_eq!(code_of(tags(&n(26))), code::INVALID_USER_TAGS);
        assert!(tags(&["é".repeat(100)]).is_ok());
        assert_eq!(code_of(tags(&["ok".into(), " ".into()])), code::INVALID_USER_TAGS);
        assert_eq!(code_of(tags(&["é".repeat(101)])), code::INVALID_USER_TAGS);
    }

    #[test]
    fn metadata_objects_up_to_5kb() {
        assert_eq!(code_of(metadata("[1,2]")), code::INVALID_USER_METADATA);
        assert_eq!(code_of(metadata("\"a string\"")), code::INVALID_USER_METADATA);
        assert_eq!(code_of(metadata("null")), code::INVALID_USER_METADATA);
        assert!(metadata(r#"{"@private":{"a":[1,"é",null]}}"#).is_ok());
        // {"k":"…"} is 8 bytes of punctuation and key around the value; "é" is 2 bytes.
        let sized = |total: usize| format!(r#"{{"k":"{}"}}"#, "x".repeat(total - 8));
        assert_eq!(sized(5120).len(), 5120);
        assert!(metadata(&sized(5120)).is_ok());
        assert_eq!(code_of(metadata(&sized(5121))), code::INVALID_USER_METADATA);
        let multibyte = format!(r#"{{"k":"{}"}}"#, "é".repeat(2557));
        assert_eq!(multibyte.len(), 5122);
        assert_eq!(code_of(metadata(&multibyte)), code::INVALID_USER_METADATA);
    }

    #[test]
    fn client_hosts() {
        assert_eq!(client_host("127.0.0.1:8443/v3.0").unwrap(), "https://127.0.0.1:8443/v3.0/");
        assert_eq!(client_host("http://127.0.0.1:8787/v3.0/").unwrap(), "http://127.0.0.1:8787/v3.0/");
        assert_eq!(client_host("https://proxy.example/cc/v3.0").unwrap(), "https://proxy.example/cc/v3.0/");
        assert_eq!(client_host("http://localhost:1/v3.0").unwrap(), "http://localhost:1/v3.0/");
        for bad in ["", "http://example.com/v3.0", "ftp://x/v3.0", "https://x/v3.0?a=1", "javascript:alert(1)", "a b"] {
            assert_eq!(code_of(client_host(bad)), code::INVALID_CLIENT_HOST, "{bad:?}");
        }
    }

    #[test]
    fn auth_tokens() {
        assert!(auth_token("user1_0123abcd").is_ok());
        for bad in ["", "a b", "tok\n", "é", &"t".repeat(1001)] {
            assert_eq!(code_of(auth_token(bad)), code::INVALID_AUTH_TOKEN, "{bad:?}");
        }
    }

    #[test]
    fn app_ids_and_regions() {
        assert!(app_id("2345678abcdef").is_ok());
        assert!(app_id("").is_err());
        assert!(app_id("a.evil.example/x").is_err());
        assert_eq!(region(" US ").unwrap(), "us");
        assert!(region("e u").is_err());
        assert!(region("").is_err());
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_path_segment("user_1-A"), "user_1-A");
        assert_eq!(encode_path_segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
    }
}
