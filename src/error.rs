//! Every failure of the package: a stable `code`, a human message, optional `details` (the
//! server's) and the HTTP `status` when a server answered. Crosses into JS as a
//! `CometChatException`, a real `Error` subclass defined in `js/runtime.js`.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// The stable codes this package produces itself. Server codes pass through verbatim.
pub mod code {
    pub const INVALID_UID: &str = "INVALID_UID";
    pub const INVALID_USER_NAME: &str = "INVALID_USER_NAME";
    pub const INVALID_USER_AVATAR: &str = "INVALID_USER_AVATAR";
    pub const INVALID_USER_LINK: &str = "INVALID_USER_LINK";
    pub const INVALID_USER_ROLE: &str = "INVALID_USER_ROLE";
    pub const INVALID_USER_METADATA: &str = "INVALID_USER_METADATA";
    pub const INVALID_USER_TAGS: &str = "INVALID_USER_TAGS";
    pub const INVALID_USER_STATUS_MESSAGE: &str = "INVALID_USER_STATUS_MESSAGE";
    pub const INVALID_APP_ID: &str = "INVALID_APP_ID";
    pub const INVALID_REGION: &str = "INVALID_REGION";
    pub const INVALID_CLIENT_HOST: &str = "INVALID_CLIENT_HOST";
    pub const INVALID_REQUEST_TIMEOUT: &str = "INVALID_REQUEST_TIMEOUT";
    pub const INVALID_USER_CACHE_TTL: &str = "INVALID_USER_CACHE_TTL";
    pub const INVALID_SESSION_PERSISTENCE: &str = "INVALID_SESSION_PERSISTENCE";
    pub const INVALID_AUTH_TOKEN: &str = "INVALID_AUTH_TOKEN";
    pub const AUTH_KEY_NOT_SUPPORTED: &str = "AUTH_KEY_NOT_SUPPORTED";
    pub const MISSING_PARAMETERS: &str = "MISSING_PARAMETERS";
    pub const USER_NOT_LOGGED_IN: &str = "USER_NOT_LOGGED_IN";
    pub const LOGIN_IN_PROGRESS: &str = "LOGIN_IN_PROGRESS";
    pub const LOGIN_CANCELLED: &str = "LOGIN_CANCELLED";
    pub const COMETCHAT_INITIALIZATION_NOT_DONE: &str = "COMETCHAT_INITIALIZATION_NOT_DONE";
    pub const FAILED_TO_FETCH: &str = "FAILED_TO_FETCH";
    pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
    pub const INVALID_RESPONSE: &str = "INVALID_RESPONSE";
    /// A 3xx answer: never followed, so the token cannot reach another host (Part A).
    pub const REDIRECT_REFUSED: &str = "REDIRECT_REFUSED";
    // The directory and blocking (official names, Part B §5.2).
    pub const INVALID_SET_LIMIT: &str = "INVALID_SET_LIMIT";
    pub const INVALID_SEARCH_KEYWORD: &str = "INVALID_SEARCH_KEYWORD";
    pub const INVALID_STATUS_VALUE: &str = "INVALID_STATUS_VALUE";
    pub const INVALID_HIDE_BLOCKED_USERS: &str = "INVALID_HIDE_BLOCKED_USERS";
    pub const INVALID_FRIENDS_ONLY: &str = "INVALID_FRIENDS_ONLY";
    pub const INVALID_WITH_TAGS: &str = "INVALID_WITH_TAGS";
    pub const INVALID_ROLES: &str = "INVALID_ROLES";
    pub const INVALID_TAGS: &str = "INVALID_TAGS";
    /// Spelled as the official SDK spells it.
    pub const INVALID_UIDS: &str = "INVALID_UIDs";
    pub const INVALID_SEARCH_IN: &str = "INVALID_SEARCH_IN";
    pub const INVALID_SORT_BY: &str = "INVALID_SORT_BY";
    pub const INVALID_SORT_BY_ORDER: &str = "INVALID_SORT_BY_ORDER";
    pub const INVALID_DIRECTION_VALUE: &str = "INVALID_DIRECTION_VALUE";
    pub const INVALID_USER_LIST: &str = "INVALID_USER_LIST";
    pub const EMPTY_USERS_LIST: &str = "EMPTY_USERS_LIST";
    pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
    // The session lifecycle and rate limits.
    pub const INVALID_TOKEN_PROVIDER: &str = "INVALID_TOKEN_PROVIDER";
    pub const TOKEN_PROVIDER_FAILED: &str = "TOKEN_PROVIDER_FAILED";
    /// CometChat's code for a 429; also ours when the client holds a request back.
    pub const ERR_TOO_MANY_REQUESTS: &str = "ERR_TOO_MANY_REQUESTS";
    /// Server code that ends the local session (Part B §3).
    pub const AUTH_ERR_AUTH_TOKEN_NOT_FOUND: &str = "AUTH_ERR_AUTH_TOKEN_NOT_FOUND";
    /// Server codes, on a 401, that the logged-in user was deleted or deactivated.
    pub const ERR_UID_NOT_FOUND: &str = "ERR_UID_NOT_FOUND";
    pub const ERR_USER_DEACTIVATED: &str = "ERR_USER_DEACTIVATED";
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Error {
    pub code: String,
    pub message: String,
    /// The server's `details`, as JSON text.
    pub details: Option<String>,
    pub status: Option<u16>,
    /// How long to wait before trying again (ms), on a rate-limit error.
    pub retry_after: Option<u32>,
}

pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Error { code: code.to_owned(), message: message.into(), details: None, status: None, retry_after: None }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn not_logged_in() -> Self {
        Error::new(code::USER_NOT_LOGGED_IN, "Please log in to CometChat before calling this method.")
    }

    pub fn not_initialized() -> Self {
        Error::new(
            code::COMETCHAT_INITIALIZATION_NOT_DONE,
            "CometChat.init(appId, settings) must resolve before this method is used.",
        )
    }

    pub fn invalid_response(why: &str) -> Self {
        Error::new(code::INVALID_RESPONSE, ["The server's answer is not a CometChat response: ", why, "."].concat())
    }
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The JS class every failure is an instance of.
    #[wasm_bindgen(extends = js_sys::Error)]
    pub type CometChatException;

    #[wasm_bindgen(constructor)]
    fn new(code: &str, message: &str, details: JsValue, status: JsValue, retry_after: JsValue) -> CometChatException;

    #[wasm_bindgen(method, getter)]
    pub fn code(this: &CometChatException) -> String;
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let details = e.details.as_deref().and_then(crate::convert::parse).unwrap_or(JsValue::UNDEFINED);
        let number = |n: Option<u32>| n.map_or(JsValue::UNDEFINED, JsValue::from);
        CometChatException::new(&e.code, &e.message, details, number(e.status.map(u32::from)), number(e.retry_after))
            .into()
    }
}
