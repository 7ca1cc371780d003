//! `AppSettingsBuilder` → `AppSettings`, as in CometChat's SDK. Values are checked by `init`,
//! which is where the official SDK reports them too; presence and socket options are accepted
//! so documented snippets run, and do nothing (this package has no WebSocket).

use crate::error::{code, Error, Result};
use crate::validate;
use wasm_bindgen::prelude::*;

pub const DEFAULT_REGION: &str = "eu";
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
const MAX_TIMEOUT_MS: f64 = 600_000.0;

#[wasm_bindgen]
#[derive(Debug, Clone, Default)]
pub struct AppSettings {
    region: Option<String>,
    client_host: Option<String>,
    timeout_ms: Option<f64>,
}

/// Setters return a copy, so both `builder.setRegion("us").build()` chains and
/// `builder.setRegion("us"); builder.build()` work as with the official SDK.
#[wasm_bindgen]
#[derive(Debug, Clone, Default)]
pub struct AppSettingsBuilder {
    settings: AppSettings,
}

#[wasm_bindgen]
impl AppSettingsBuilder {
    #[wasm_bindgen(constructor)]
    pub fn new() -> AppSettingsBuilder {
        AppSettingsBuilder::default()
    }

    #[wasm_bindgen(js_name = setRegion)]
    pub fn set_region(&mut self, region: JsValue) -> AppSettingsBuilder {
        self.settings.region = Some(region.as_string().unwrap_or_default());
        self.clone()
    }

    /// `host[:port][/path]` (https), an `https://` URL, or an `http://` URL on loopback.
    /// Include the version segment, e.g. `http://127.0.0.1:8787/v3.0`.
    #[wasm_bindgen(js_name = overrideClientHost)]
    pub fn override_client_host(&mut self, host: JsValue) -> AppSettingsBuilder {
        self.settings.client_host = Some(host.as_string().unwrap_or_default());
        self.clone()
    }

    /// Deadline for each request, in milliseconds (default 15 000).
    #[wasm_bindgen(js_name = setRequestTimeout)]
    pub fn set_request_timeout(&mut self, ms: JsValue) -> AppSettingsBuilder {
        self.settings.timeout_ms = Some(ms.as_f64().unwrap_or(f64::NAN));
        self.clone()
    }

    /// Accepted for compatibility; presence needs a WebSocket, which this package does not open.
    #[wasm_bindgen(js_name = subscribePresenceForAllUsers)]
    pub fn subscribe_presence_for_all_users(&self) -> AppSettingsBuilder {
        self.clone()
    }

    #[wasm_bindgen(js_name = subscribePresenceForRoles)]
    pub fn subscribe_presence_for_roles(&self, _roles: JsValue) -> AppSettingsBuilder {
        self.clone()
    }

    #[wasm_bindgen(js_name = subscribePresenceForFriends)]
    pub fn subscribe_presence_for_friends(&self) -> AppSettingsBuilder {
        self.clone()
    }

    #[wasm_bindgen(js_name = autoEstablishSocketConnection)]
    pub fn auto_establish_socket_connection(&self, _enabled: JsValue) -> AppSettingsBuilder {
        self.clone()
    }

    pub fn build(&self) -> AppSettings {
        self.settings.clone()
    }
}

/// Settings checked and resolved into what requests need.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Client API base URL, ending in `/`.
    pub base: String,
    pub timeout_ms: u32,
}

impl AppSettings {
    pub fn resolve(&self, app_id: &str) -> Result<Resolved> {
        validate::app_id(app_id)?;
        let timeout_ms = match self.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(ms) if ms >= 1.0 && ms <= MAX_TIMEOUT_MS => ms as u32,
            Some(_) => {
                return Err(Error::new(code::INVALID_REQUEST_TIMEOUT, "The request timeout is a number of milliseconds from 1 to 600000."))
            }
        };
        let base = match &self.client_host {
            Some(host) => validate::client_host(host)?,
            None => {
                let region = validate::region(self.region.as_deref().unwrap_or(DEFAULT_REGION))?;
                ["https://", app_id, ".apiclient-", &region, ".cometchat.io/v3.0/"].concat()
            }
        };
        Ok(Resolved { base, timeout_ms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(region: Option<&str>, host: Option<&str>, timeout: Option<f64>) -> AppSettings {
        AppSettings { region: region.map(Into::into), client_host: host.map(Into::into), timeout_ms: timeout }
    }

    #[test]
    fn default_host_is_per_app_and_region() {
        let r = settings(None, None, None).resolve("abc123").unwrap();
        assert_eq!(r, Resolved { base: "https://abc123.apiclient-eu.cometchat.io/v3.0/".into(), timeout_ms: 15_000 });
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
    }
}
