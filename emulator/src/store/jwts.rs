//! The `jwts` table: the socket credential of each auth token. Opaque and random (the clients
//! never decode it); valid only while its token exists and its user is active.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiResult;

/// Who a JWT authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtOwner {
    pub uid: String,
    pub token: String,
}

/// The JWT of `token`, if one was issued.
pub fn of_token(conn: &Connection, token: &str) -> ApiResult<Option<String>> {
    Ok(conn.prepare_cached("SELECT jwt FROM jwts WHERE token = ?1")?.query_row([token], |r| r.get(0)).optional()?)
}

/// The JWT of `token`, issued now if it has none; `None` when the token does not exist (revoked
/// since the request was authorized).
pub fn issue(conn: &Connection, token: &str) -> ApiResult<Option<String>> {
    if let Some(jwt) = of_token(conn, token)? {
        return Ok(Some(jwt));
    }
    let jwt = new_jwt();
    let n = conn
        .prepare_cached(
            "INSERT INTO jwts (token, jwt) SELECT ?1, ?2 WHERE EXISTS(SELECT 1 FROM auth_tokens WHERE token = ?1)",
        )?
        .execute(params![token, jwt])?;
    Ok((n > 0).then_some(jwt))
}

/// The active user and token a JWT stands for; `None` when it was never issued, its token is gone
/// (deleted, flushed, the user deleted) or its user is deactivated.
pub fn owner(conn: &Connection, jwt: &str) -> ApiResult<Option<JwtOwner>> {
    Ok(conn
        .prepare_cached(
            "SELECT u.uid, t.token FROM jwts j JOIN auth_tokens t ON t.token = j.token JOIN users u ON u.uid = t.uid
             WHERE j.jwt = ?1 AND u.deactivated_at IS NULL",
        )?
        .query_row([jwt], |r| Ok(JwtOwner { uid: r.get(0)?, token: r.get(1)? }))
        .optional()?)
}

/// `jwt.` + 48 random bytes in hex: unguessable, and recognisable in a log or a bug report.
fn new_jwt() -> String {
    let bytes: [u8; 48] = rand::random();
    let mut s = String::with_capacity(4 + 96);
    s.push_str("jwt.");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
