//! Credential extractors: `authToken` (client API) and `apiKey` (admin API).
//! Header names are matched case-insensitively (the HTTP layer lower-cases them).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::error::ApiError;
use crate::state::SharedState;
use crate::store::tokens::{self, TokenOwner};

pub const AUTH_TOKEN: &str = "authtoken";
pub const API_KEY: &str = "apikey";

pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|s| !s.is_empty())
}

/// The logged-in user of a client request.
#[derive(Debug, Clone)]
pub struct ClientAuth {
    pub uid: String,
    pub token: String,
}

impl FromRequestParts<SharedState> for ClientAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Self::Rejection> {
        let token = header(&parts.headers, AUTH_TOKEN).ok_or(ApiError::AuthTokenNotFound)?;
        let owned = token.to_string();
        // A deactivated or deleted user is told apart from a revoked token, so that a client can
        // say why its session ended (CometChat's own codes for these two cases are unverified).
        let uid = match state.db.read(move |c| tokens::owner(c, &owned)).await? {
            Some(TokenOwner::Active(uid)) => uid,
            Some(TokenOwner::Deactivated(uid)) => return Err(ApiError::UserDeactivated(uid)),
            Some(TokenOwner::Deleted(uid)) => return Err(ApiError::UserDeleted(uid)),
            None => return Err(ApiError::AuthTokenNotFound),
        };
        state.touch(&uid).await;
        Ok(ClientAuth { uid, token: token.to_string() })
    }
}

/// Proof that the request carries the app's REST API key.
#[derive(Debug, Clone, Copy)]
pub struct AdminAuth;

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<SharedState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Self::Rejection> {
        match header(&parts.headers, API_KEY) {
            Some(k) if constant_time_eq(k.as_bytes(), state.api_key.as_bytes()) => Ok(AdminAuth),
            _ => Err(ApiError::ApiKeyNotFound),
        }
    }
}
