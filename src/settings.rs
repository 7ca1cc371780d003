//! App settings as `init` receives them: `{ region?, clientHost?, requestTimeout?, userCacheTtl?,
//! sessionPersistence? }`, a plain
//! object that the facade's `AppSettingsBuilder` (pkg-template/index.js) builds. The builder is
//! JS so that it works before the wasm module is loaded, as in CometChat's documented snippets.
//! Values are checked by `init`, which is where the official SDK reports them too.

use crate::convert::{prop, string_prefix, units_past};
use crate::error::{code, Error, Result};
use crate::prelude::*;
use crate::validate;
use wasm_bindgen::JsValue;

pub const DEFAULT_REGION: &str = "eu";
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
const MAX_TIMEOUT_MS: f64 = 600_000.0;
/// The user cache is for de-duplicating bursts (a list rendering many avatars), not storage.
const MAX_USER_CACHE_MS: f64 = 300_000.0;

/// Settings checked and resolved into what requests need.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Client API base URL, ending in `/`.
    pub base: String,
    pub timeout_ms: u32,
    /// How long a fetched user may be answered from memory; 0 (the default) is never.
    pub user_cache_ms: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppSettings {
    pub region: Option<String>,
    pub client_host: Option<String>,
    pub timeout_ms: Option<f64>,
    pub user_cache_ms: Option<f64>,
    /// "none" (the default) or "encrypted"; the facade loads the store for the latter.
    pub persistence: Option<String>,
}

impl AppSettings {
    /// Reads the settings object; `undefined` or `null` means the defaults. A field of the
    /// wrong type is kept as an invalid value so that `resolve` names it.
    pub fn from_js(v: &JsValue) -> AppSettings {
        // Copied only past what any valid value can be (a cut value still breaks its rule).
        let text = |key| {
            let v = prop(v, key);
            (!v.is_undefined() && !v.is_null()).then(|| string_prefix(&v, units_past(validate::URL_MAX)).unwrap_or_default())
        };
        let number = |key| {
            let v = prop(v, key);
            (!v.is_undefined() && !v.is_null()).then(|| v.as_f64().unwrap_or(f64::NAN))
        };
        AppSettings {
            region: text("region"),
            client_host: text("clientHost"),
            timeout_ms: number("requestTimeout"),
            user_cache_ms: number("userCacheTtl"),
            persistence: text("sessionPersistence"),
        }
    }

    pub fn resolve(&self, app_id: &str) -> Result<Resolved> {
        validate::app_id(app_id)?;
        let timeout_ms = match self.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(ms) if (1.0..=MAX_TIMEOUT_MS).contains(&ms) => ms as u32,
            Some(_) => {
                return Err(Error::new(
                    code::INVALID_REQUEST_TIMEOUT,
                    "The request timeout is a number of milliseconds from 1 to 600000.",
                ))
            }
        };
        let user_cache_ms = match self.user_cache_ms {
            None => 0,
            Some(ms) if (0.0..=MAX_USER_CACHE_MS).contains(&ms) => ms as u32,
            Some(_) => {
                return Err(Error::new(
                    code::INVALID_USER_CACHE_TTL,
                    "The user cache TTL is a number of milliseconds from 0 to 300000.",
                ))
            }
        };
        if !matches!(self.persistence.as_deref(), None | Some("none" | "encrypted")) {
            return Err(Error::new(
                code::INVALID_SESSION_PERSISTENCE,
                "Session persistence is \"none\" (the default) or \"encrypted\".",
            ));
        }
        let base = match &self.client_host {
            Some(host) => validate::client_host(host)?,
            None => {
                let region = validate::region(self.region.as_deref().unwrap_or(DEFAULT_REGION))?;
                ["https://", app_id, ".apiclient-", &region, ".cometchat.io/v3.0/"].concat()
            }
        };
        Ok(Resolved { base, timeout_ms, user_cache_ms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(region: Option<&str>, host: Option<&str>, timeout: Option<f64>) -> AppSettings {
        AppSettings {
            region: region.map(Into::into),
            client_host: host.map(Into::into),
            timeout_ms: timeout,
            user_cache_ms: None,
            persistence: None,
        }
    }

    #[test]
    fn default_host_is_per_app_and_region() {
        let r = settings(None, None, None).resolve("abc123").unwrap();
        assert_eq!(
            r,
            Resolved {
                base: "https://abc123.apiclient-eu.cometchat.io/v3.0/".into(),
                timeout_ms: 15_000,
                user_cache_ms: 0
            }
        );
        let r = settings(Some("US"), None, Some(2500.0)).resolve("abc123").unwrap();
        assert_eq!(r.base, "https://abc123.apiclient-us.cometchat.io/v3.0/");
        assert_eq!(r.timeout_ms, 2500);
    }

    #[test]
    fn override_wins_over_region() {
        let r = settings(Some("us"), Some("http://127.0.0.1:8787/v3.0"), None).resolve("a").unwrap();
        assert_eq!(r.base, "http://127.0.0.1:8787/v3.0/");
    }

    #[test]
    fn bad_values_are_named() {
        let err = |s: AppSettings, app: &str| s.resolve(app).unwrap_err().code;
        assert_eq!(err(settings(None, None, None), ""), code::INVALID_APP_ID);
        assert_eq!(err(settings(None, None, None), "evil.example/x"), code::INVALID_APP_ID);
        assert_eq!(err(settings(Some("u s"), None, None), "a"), code::INVALID_REGION);
        assert_eq!(err(settings(None, Some("http://example.com/v3.0"), None), "a"), code::INVALID_CLIENT_HOST);
        for t in [0.0, -1.0, f64::NAN, f64::INFINITY, 600_001.0] {
            assert_eq!(err(settings(None, None, Some(t)), "a"), code::INVALID_REQUEST_TIMEOUT);
        }
        let cache = |ms: f64| AppSettings { user_cache_ms: Some(ms), ..AppSettings::default() }.resolve("a");
        assert_eq!(cache(0.0).unwrap().user_cache_ms, 0);
        assert_eq!(cache(300_000.0).unwrap().user_cache_ms, 300_000);
        for bad in [-1.0, 300_001.0, f64::NAN] {
            assert_eq!(cache(bad).unwrap_err().code, code::INVALID_USER_CACHE_TTL);
        }
        let kept = |p: &str| AppSettings { persistence: Some(p.into()), ..AppSettings::default() }.resolve("a");
        assert!(kept("none").is_ok() && kept("encrypted").is_ok());
        for bad in ["", "plain", "Encrypted", "localStorage"] {
            assert_eq!(kept(bad).unwrap_err().code, code::INVALID_SESSION_PERSISTENCE);
        }
    }
}
