//! `init(appId, settings?)`: checks the settings and points the next calls at the app's host.
//! Makes no request.

use crate::convert::{string_prefix, units_past};
use crate::error::{code, Error, Result};
use crate::http::Endpoint;
use crate::prelude::*;
use crate::session;
use crate::settings::AppSettings;
use crate::text;
use crate::validate;
use wasm_bindgen::JsValue;

pub fn init(app_id: &JsValue, settings: &JsValue) -> Result<()> {
    let app_id = string_prefix(app_id, units_past(validate::APP_ID_MAX))
        .ok_or_else(|| Error::new(code::INVALID_APP_ID, "The app id must be a string."))?;
    let resolved = AppSettings::from_js(settings).resolve(&app_id)?;
    let resource = ["WEB-", &text::replace(env!("CARGO_PKG_VERSION"), ".", "_"), "-", &random_id()].concat();
    let device_id = || [app_id.as_str(), "_", &random_id()].concat();
    let endpoint = Endpoint { app_id: app_id.clone(), base: resolved.base, timeout_ms: resolved.timeout_ms, resource };
    session::with(|s| s.configure(endpoint, resolved.user_cache_ms, device_id));
    crate::user::install_edit();
    Ok(())
}

/// 128 random bits as hex. Identifies a page session and a device; not a secret.
fn random_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..32).map(|_| HEX[(js_sys::Math::random() * 16.0) as usize & 15] as char).collect()
}
