//! Credentials never reach a log: the masking the access log (`routes`) and the request log
//! (`requests_log`) share, so that the two can never disagree. Header values are not logged at
//! all (the access log has no header, the request log header NAMES only); what can carry a
//! credential in what they do log is the path (the admin `users/{uid}/auth_tokens/{token}`) and
//! the query (a client that puts its `authToken`/`apiKey` there). The socket's JWT (`jwt.…`) is
//! masked too wherever a client might put it in a URL; socket frames are never logged.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// What stands in a log for a masked token or query value.
pub const MASK: &str = "[redacted]";

/// Query parameter names (compared decoded, ASCII case-insensitively) whose values are masked.
const SECRET_PARAMS: &[&str] = &["authtoken", "auth_token", "apikey", "api_key", "token", "authorization", "jwt"];

/// How the emulator's JWTs begin (`store::jwts`): a path segment or query value so spelled is masked.
const JWT_PREFIX: &str = "jwt.";

fn is_jwt(raw: &str) -> bool {
    percent_decode_str(raw).decode_utf8_lossy().starts_with(JWT_PREFIX)
}

/// A raw path segment or query name, percent-decoded, equal to `lit` up to ASCII case. Matching
/// more spellings than the router does only ever masks more.
fn is(raw: &str, lit: &str) -> bool {
    percent_decode_str(raw).decode_utf8_lossy().eq_ignore_ascii_case(lit)
}

/// The path with the token of `users/{uid}/auth_tokens/{token}` masked, under any prefix (`/v3`,
/// `/v3.0`) and whatever follows it. The segment two before must be `users`, so that a uid
/// spelled `auth_tokens` is kept and the token after it is still masked. An empty segment
/// (`…/auth_tokens/`) is left as is. A segment that is a JWT is masked wherever it is.
pub fn path(raw: &str) -> Cow<'_, str> {
    let segs: Vec<&str> = raw.split('/').collect();
    let secret = |i: usize| {
        is_jwt(segs[i]) || (i >= 3 && !segs[i].is_empty() && is(segs[i - 1], "auth_tokens") && is(segs[i - 3], "users"))
    };
    if !(0..segs.len()).any(secret) {
        return Cow::Borrowed(raw);
    }
    let masked: Vec<&str> = segs.iter().enumerate().map(|(i, s)| if secret(i) { MASK } else { s }).collect();
    Cow::Owned(masked.join("/"))
}

/// The raw query with the values of credential-named parameters masked; names, order and the
/// other values are kept as sent.
pub fn query(raw: &str) -> Cow<'_, str> {
    let secret =
        |pair: &str| pair.split_once('=').is_some_and(|(n, v)| SECRET_PARAMS.iter().any(|s| is(n, s)) || is_jwt(v));
    if !raw.split('&').any(secret) {
        return Cow::Borrowed(raw);
    }
    let masked: Vec<String> = raw
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((n, _)) if secret(pair) => format!("{n}={MASK}"),
            _ => pair.to_string(),
        })
        .collect();
    Cow::Owned(masked.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_token_of_admin_token_paths() {
        for (raw, want) in [
            ("/v3/users/u1/auth_tokens/u1_17000abc", "/v3/users/u1/auth_tokens/[redacted]"),
            ("/v3.0/users/u1/auth_tokens/u1_17000abc", "/v3.0/users/u1/auth_tokens/[redacted]"),
            ("/v3/users/u1/auth_tokens/u1_17000abc/", "/v3/users/u1/auth_tokens/[redacted]/"),
            ("/v3/users/u1/auth_tokens/tok/extra", "/v3/users/u1/auth_tokens/[redacted]/extra"),
            // A uid that looks like the literal: the uid is kept, the token is masked.
            ("/v3/users/auth_tokens/auth_tokens/tok", "/v3/users/auth_tokens/auth_tokens/[redacted]"),
            ("/v3/users/users/auth_tokens/tok", "/v3/users/users/auth_tokens/[redacted]"),
            ("/v3/users/my_auth_tokens/auth_tokens/tok", "/v3/users/my_auth_tokens/auth_tokens/[redacted]"),
            // Percent-encoded: a uid with an encoded slash is one segment; the token is masked
            // encoded or not, and so is it after an encoded spelling of the literals.
            ("/v3/users/a%2Fb/auth_tokens/t%2Fok", "/v3/users/a%2Fb/auth_tokens/[redacted]"),
            ("/v3/%75sers/u1/auth%5Ftokens/tok", "/v3/%75sers/u1/auth%5Ftokens/[redacted]"),
            ("/v3/users/u1/AUTH_TOKENS/tok", "/v3/users/u1/AUTH_TOKENS/[redacted]"),
            // A JWT anywhere in the path, encoded or not.
            ("/v3.0/users/jwt.abc", "/v3.0/users/[redacted]"),
            ("/ws/%6Awt.abc/x", "/ws/[redacted]/x"),
        ] {
            assert_eq!(path(raw), want, "{raw}");
        }
    }

    #[test]
    fn leaves_other_paths_alone() {
        for raw in [
            "",
            "/",
            "/v3/users/u1/auth_tokens",
            "/v3/users/u1/auth_tokens/",
            "/v3/users/auth_tokens",
            "/v3/users/auth_tokens/blockedusers",
            "/v3.0/me",
            "/auth_tokens/x",
            "/v3/users/u1/blockedusers/auth_tokens",
            "/v3/users/%ff/auth_tokens",
        ] {
            assert!(matches!(path(raw), Cow::Borrowed(p) if p == raw), "{raw}");
        }
    }

    #[test]
    fn masks_credential_values_in_queries() {
        for (raw, want) in [
            ("authToken=abc", "authToken=[redacted]"),
            ("page=2&APIKEY=k&perPage=10", "page=2&APIKEY=[redacted]&perPage=10"),
            ("auth%54oken=abc&token=t&uid=u", "auth%54oken=[redacted]&token=[redacted]&uid=u"),
            ("x=1&&api_key=", "x=1&&api_key=[redacted]"),
            ("JWT=abc&uid=u", "JWT=[redacted]&uid=u"),
            ("q=jwt.abc&r=jwt", "q=[redacted]&r=jwt"),
        ] {
            assert_eq!(query(raw), want, "{raw}");
        }
        for raw in ["", "x=1", "searchKey=token", "authToken", "uid=authToken", "searchKey=jwt", "q=a.jwt."] {
            assert!(matches!(query(raw), Cow::Borrowed(q) if q == raw), "{raw}");
        }
    }
}
