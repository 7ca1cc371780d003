//! One function per CometChat client endpoint: typed in, typed out.

use crate::convert::{self, set};
use crate::envelope::Body;
use crate::error::{Error, Result};
use crate::http::{Client, Method};
use crate::patch::ProfilePatch;
use crate::record::UserRecord;
use crate::validate::encode_path_segment;
use js_sys::Object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = userAgent)]
    fn user_agent() -> JsValue;
}

/// The user in an answer's `data`.
fn user(body: Body) -> Result<UserRecord> {
    UserRecord::from_wire(body.data()).map_err(|_| Error::invalid_response("its data is not a user"))
}

/// `PUT me` with the device-registration body: the server answers with the user.
pub async fn login(client: &Client, device_id: &str) -> Result<UserRecord> {
    let app_info = Object::new();
    set(&app_info, "version", &concat!("v", env!("CARGO_PKG_VERSION")).into());
    set(&app_info, "apiVersion", &"v3.0".into());
    let user_agent = user_agent();
    if user_agent.is_string() {
        set(&app_info, "userAgent", &user_agent);
    }
    let body = Object::new();
    set(&body, "platform", &"WEB".into());
    set(&body, "deviceId", &device_id.into());
    set(&body, "appInfo", &app_info);
    user(client.send(Method::Put, "me", Some(convert::stringify(&body))).await?)
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
