//! The app's token provider (`login({ tokenProvider })`, or a token URL's: pkg-template/token-url.js):
//! asked for a token within the request timeout, its answer checked as any auth token is.

use crate::convert::{self, units_past};
use crate::error::{code, Error, Result};
use crate::prelude::*;
use crate::task::Awaited;
use crate::validate;
use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    fn ask(provider: &Function, ms: f64) -> js_sys::Promise;
}

pub fn failed(why: &str) -> Error {
    Error::new(code::TOKEN_PROVIDER_FAILED, ["The token provider failed: ", why].concat())
}

/// The provider's token, within `timeout_ms`; never the provider's own error text (it could
/// quote a token).
pub async fn ask_provider(provider: &Function, timeout_ms: u32) -> Result<String> {
    match Awaited::new(&ask(provider, f64::from(timeout_ms))).await {
        Ok(token) => checked_token(&token).map_err(|_| failed("its answer is not an auth token.")),
        Err(e) if convert::prop(&e, "name").as_string().as_deref() == Some("TimeoutError") => {
            Err(failed("it did not answer within the request timeout (setRequestTimeout)."))
        }
        Err(_) => Err(failed("it threw or rejected.")),
    }
}

/// An auth token as the login takes it: a string within the token rules.
pub fn checked_token(token: &JsValue) -> Result<String> {
    let missing = || Error::new(code::MISSING_PARAMETERS, "login needs the user's auth token: login(authToken).");
    // Blank means missing; a token longer than any valid one (perhaps cut) is invalid, not blank.
    let token = convert::string_prefix(token, units_past(validate::AUTH_TOKEN_MAX))
        .filter(|t| t.len() > validate::AUTH_TOKEN_MAX || !cometchat_rules::is_blank(t))
        .ok_or_else(missing)?;
    validate::auth_token(&token)?;
    Ok(token)
}
