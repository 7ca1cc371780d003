//! `init(appId, settings?)`: checks the settings and points the next calls at the app's host.
//! Makes no request.

use crate::convert::{string_prefix, units_past};
use crate::error::{code, Error, Result};
use crate::http::Endpoint;
use crate::machine::Target;
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
    // Made before the state is borrowed: `Math.random` is the page's to redefine.
    let device_id = [app_id.as_str(), "_", &random_id()].concat();
    let target = Target { app: app_id.clone(), host: resolved.base.clone() };
    let endpoint = Endpoint { app_id, base: resolved.base, timeout_ms: resolved.timeout_ms, resource };
    session::with(|s| {
        // Another app: its session ends and the rate window is the old app's.
        if s.m.configure(target) {
            s.device_id.clear();
            crate::http::rate(|w| *w = Default::default());
        }
        if s.device_id.is_empty() {
            s.device_id = device_id;
        }
        s.endpoint = Some(alloc::rc::Rc::new(endpoint));
        s.user_cache_ms = resolved.user_cache_ms;
        s.cached_users.clear();
    });
    crate::user::install_edit();
    Ok(())
}

/// 128 random bits as hex. Identifies a page session and a device; not a secret.
pub(crate) fn random_id() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..32).map(|_| HEX[(js_sys::Math::random() * 16.0) as usize & 15] as char).collect()
}
