//! One function per CometChat client endpoint: typed in, typed out.

use crate::error::{Error, Result};
use crate::http::{send, Call, Endpoint};
use crate::patch::ProfilePatch;
use crate::record::UserRecord;
use crate::validate::encode_path_segment;
use gloo_net::http::Method;
use serde_json::{json, Value};

fn user(data: Value) -> Result<UserRecord> {
    UserRecord::from_wire(data).map_err(|_| Error::invalid_response("its data is not a user"))
}

/// `PUT me` with the device-registration body: the server answers with the user.
pub async fn login(ep: &Endpoint, token: &str, device_id: &str, user_agent: Option<String>) -> Result<UserRecord> {
    let mut app_info = json!({ "version": concat!("v", env!("CARGO_PKG_VERSION")), "apiVersion": "v3.0" });
    if let Some(ua) = user_agent {
        app_info["userAgent"] = Value::String(ua);
    }
    let body = json!({ "platform": "WEB", "deviceId": device_id, "appInfo": app_info }).to_string();
    user(send(ep, Call { method: Method::PUT, path: "me", token: Some(token), body: Some(body) }).await?)
}

pub async fn get_user(ep: &Endpoint, token: &str, uid: &str) -> Result<UserRecord> {
    let path = format!("users/{}", encode_path_segment(uid));
    user(send(ep, Call { method: Method::GET, path: &path, token: Some(token), body: None }).await?)
}

/// `PUT me` with the profile fields that changed.
pub async fn update_me(ep: &Endpoint, token: &str, patch: &ProfilePatch) -> Result<UserRecord> {
    user(send(ep, Call { method: Method::PUT, path: "me", token: Some(token), body: Some(patch.to_body()) }).await?)
}

pub async fn logout(ep: &Endpoint, token: &str) -> Result<()> {
    send(ep, Call { method: Method::DELETE, path: "me", token: Some(token), body: None }).await.map(drop)
}
