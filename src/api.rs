//! One function per CometChat client endpoint: typed in, typed out.

use crate::envelope::Body;
use crate::error::{Error, Result};
use crate::http::{Client, Method};
use crate::renewal;
use crate::patch::ProfilePatch;
use crate::record::UserRecord;
use crate::validate::encode_path_segment;

/// The user in an answer's `data`.
fn user(body: Body) -> Result<UserRecord> {
    UserRecord::from_wire(body.data()).map_err(|_| Error::invalid_response("its data is not a user"))
}

pub async fn get_user(client: &Client, uid: &str) -> Result<UserRecord> {
    user(renewal::send(client, Method::Get, &["users/", &encode_path_segment(uid)].concat(), None).await?)
}

/// `PUT me` with the profile fields that changed.
pub async fn update_me(client: &Client, patch: &ProfilePatch) -> Result<UserRecord> {
    user(renewal::send(client, Method::Put, "me", Some(patch.to_body())).await?)
}
