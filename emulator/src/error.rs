//! The JSON error envelope: every failure leaves the server as
//! `{"error":{"code","message","details"?}}` with a meaningful HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// Field name → reason, for `ERR_BAD_REQUEST`.
pub type FieldErrors = Map<String, Value>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("The UID {0} does not exist, please make sure you have created a user with UID {0}.")]
    UidNotFound(String),
    #[error("The UID {0} already exists, please use a different UID.")]
    UidAlreadyExists(String),
    /// Missing, unknown or revoked auth token.
    /// The token itself is never echoed (it would end up in client logs).
    #[error("The auth token does not exist. Please make sure you are logged in and have a valid auth token or try login again.")]
    AuthTokenNotFound,
    /// A client token of a user that is deactivated (until reactivated).
    #[error("The user {0} is deactivated.")]
    UserDeactivated(String),
    /// A client token of a user that was deleted since (401, unlike the 404 `UidNotFound`).
    #[error("The user {0} does not exist.")]
    UserDeleted(String),
    /// An admin route asked about a token that is not there (404, not 401).
    #[error("The auth token does not exist for the UID {0}.")]
    AdminAuthTokenNotFound(String),
    #[error("The apiKey is missing or invalid. Please use the REST API key of the app in the apiKey header.")]
    ApiKeyNotFound,
    #[error("{message}")]
    BadRequest { message: String, details: Option<FieldErrors> },
    #[error("The route {0} does not exist.")]
    NotFound(String),
    #[error("The method {method} is not allowed on {path}.")]
    MethodNotAllowed { method: String, path: String },
    #[error("The request body is larger than the limit of {0} bytes.")]
    TooLarge(usize),
    /// Past `--rate-limit`; the value is the seconds until the window resets.
    #[error("Too many requests: the rate limit of this app is reached. Retry after {0} seconds.")]
    TooManyRequests(i64),
    /// A `/demo/*` request from a page of another origin (or site).
    #[error("The demo routes answer only pages served by this emulator itself.")]
    ForbiddenOrigin,
    /// A socket upgrade past the total cap (the value): REST keeps answering.
    #[error("Too many sockets are open on this server (at most {0}); try again later.")]
    TooManySockets(usize),
    #[error("An internal error occurred.")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest { message: message.into(), details: None }
    }

    /// A 400 naming each bad field in `details`.
    pub fn invalid_fields(details: FieldErrors) -> Self {
        let names: Vec<&str> = details.keys().map(String::as_str).collect();
        ApiError::BadRequest {
            message: format!("Invalid or missing parameters: {}.", names.join(", ")),
            details: Some(details),
        }
    }

    pub fn invalid_field(field: &str, reason: impl Into<String>) -> Self {
        let mut d = FieldErrors::new();
        d.insert(field.to_string(), Value::String(reason.into()));
        Self::invalid_fields(d)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::UidNotFound(_) | ApiError::AdminAuthTokenNotFound(_) | ApiError::NotFound(_) => {
                StatusCode::NOT_FOUND
            }
            ApiError::UidAlreadyExists(_) => StatusCode::CONFLICT,
            ApiError::AuthTokenNotFound
            | ApiError::UserDeactivated(_)
            | ApiError::UserDeleted(_)
            | ApiError::ApiKeyNotFound => StatusCode::UNAUTHORIZED,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::ForbiddenOrigin => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooManySockets(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::UidNotFound(_) | ApiError::UserDeleted(_) => "ERR_UID_NOT_FOUND",
            ApiError::UserDeactivated(_) => "ERR_USER_DEACTIVATED",
            ApiError::UidAlreadyExists(_) => "ERR_UID_ALREADY_EXISTS",
            ApiError::AuthTokenNotFound | ApiError::AdminAuthTokenNotFound(_) => "AUTH_ERR_AUTH_TOKEN_NOT_FOUND",
            ApiError::ApiKeyNotFound => "AUTH_ERR_APIKEY_NOT_FOUND",
            ApiError::BadRequest { .. } => "ERR_BAD_REQUEST",
            ApiError::NotFound(_) => "ERR_NOT_FOUND",
            ApiError::MethodNotAllowed { .. } => "ERR_METHOD_NOT_ALLOWED",
            ApiError::TooLarge(_) => "ERR_TOO_LARGE",
            ApiError::ForbiddenOrigin => "ERR_FORBIDDEN_ORIGIN",
            ApiError::TooManyRequests(_) => "ERR_TOO_MANY_REQUESTS",
            ApiError::TooManySockets(_) => "ERR_TOO_MANY_SOCKETS",
            ApiError::Internal(_) => "ERR_INTERNAL",
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a FieldErrors>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // Details of internal failures go to the log, never to the client.
            tracing::error!(%detail, "internal error");
        }
        let details = match &self {
            ApiError::BadRequest { details, .. } => details.as_ref(),
            _ => None,
        };
        let body = Envelope { error: Body { code: self.code(), message: self.to_string(), details } };
        (self.status(), axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
