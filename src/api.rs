//! One function per CometChat client endpoint: typed in, typed out.

use crate::envelope::Body;
use crate::error::{Error, Result};
use crate::http::{Client, Method};
use crate::json;
use crate::patch::ProfilePatch;
use crate::record::UserRecord;
use crate::validate::encode_path_segment;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// A page can redefine it as anything: only a string is sent.
    #[wasm_bindgen(js_name = userAgent)]
    fn user_agent() -> JsValue;
}

/// The user in an answer's `data`.
fn user(body: Body) -> Result<UserRecord> {
    UserRecord::from_wire(body.data()).map_err(|_| Error::invalid_response("its data is not a user"))
}

/// `PUT me` with the device-registration body: the server answers with the user.
pub async fn login(client: &Client, device_id: &str) -> Result<UserRecord> {
    let mut app_info =
        json::Object::new().text("version", concat!("v", env!("CARGO_PKG_VERSION"))).text("apiVersion", "v3.0");
    if let Some(user_agent) = user_agent().as_string() {
        app_info = app_info.text("userAgent", &user_agent);
    }
    let body = json::Object::new()
        .text("platform", "WEB")
        .text("deviceId", device_id)
        .raw("appInfo", &app_info.finish())
        .finish();
    user(client.send(Method::Put, "me", Some(body)).await?)
}

pub async fn get_user(client: &Client, uid: &str) -> Result<UserRecord> {
    user(client.send(Method::Get, &["users/", &encode_path_segment(uid)].concat(), None).await?)
}

/// `PUT me` with the profile fields that changed.
pub async fn update_me(client: &Client, patch: &ProfilePatch) -> Result<UserRecord> {
    user(client.send(Method::Put, "me", Some(patch.to_body())).await?)
}

pub async fn logout(client: &Client) -> Result<()> {
    client.send(Method::Delete, "me", None).await.map(drop)
}
