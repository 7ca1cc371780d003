//! The JSON text frames of CometChat's real-time socket (realtime-protocol.md §2–§5): what a client
//! sends (auth, ping, and frames the emulator ignores) and what the emulator answers.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::UserOut;

/// Whose presence a socket receives: `body.presenceSubscription` of its auth frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscription {
    AllUsers,
    /// Users whose role is in the socket's `roles`.
    Roles,
    /// The socket user's friends.
    Friends,
    /// Nothing (also a missing key, and a value the emulator does not know).
    None,
}

impl Subscription {
    pub fn as_str(self) -> &'static str {
        match self {
            Subscription::AllUsers => "ALL_USERS",
            Subscription::Roles => "ROLES",
            Subscription::Friends => "FRIENDS",
            Subscription::None => "NONE",
        }
    }

    /// Case-insensitive, as the SDK's `initFromSettings` matches it; anything else is `None`.
    fn parse(v: Option<&Value>) -> Self {
        match v.and_then(Value::as_str).map(str::to_ascii_uppercase).as_deref() {
            Some("ALL_USERS") => Subscription::AllUsers,
            Some("ROLES") => Subscription::Roles,
            Some("FRIENDS") => Subscription::Friends,
            _ => Subscription::None,
        }
    }
}

/// A well-formed auth frame; the credential is checked by the hub.
#[derive(Debug, Clone)]
pub struct Auth {
    pub app_id: String,
    pub sender: String,
    pub jwt: String,
    /// The session id of the tab (`body.deviceId`, else the top-level one; `""` without either).
    pub device_id: String,
    pub subscription: Subscription,
    pub roles: Vec<String>,
}

/// What a client frame asks for.
#[derive(Debug)]
pub enum ClientFrame {
    Auth(Result<Auth, &'static str>),
    Ping,
    /// Not JSON, not an object, or a type the emulator does not act on (typing_indicator,
    /// receipts, transient_message, …): ignored.
    Other,
}

const JWT_MAX: usize = 1024;
const DEVICE_ID_MAX: usize = 256;
const SENDER_MAX: usize = 100;
const ROLES_MAX: usize = 100;
const ROLE_MAX: usize = 100;

pub fn parse(text: &str) -> ClientFrame {
    let Ok(Value::Object(frame)) = serde_json::from_str::<Value>(text) else { return ClientFrame::Other };
    if frame.get("action").and_then(Value::as_str) == Some("ping") {
        return ClientFrame::Ping;
    }
    match frame.get("type").and_then(Value::as_str) {
        Some("auth") => ClientFrame::Auth(auth(&frame)),
        _ => ClientFrame::Other,
    }
}

fn bounded(v: Option<&Value>, max: usize) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty() && s.chars().count() <= max)
}

fn auth(frame: &Map<String, Value>) -> Result<Auth, &'static str> {
    let app_id = bounded(frame.get("appId"), 200).ok_or("appId is missing or invalid.")?;
    let sender = bounded(frame.get("sender"), SENDER_MAX).ok_or("sender is missing or invalid.")?;
    let body = frame.get("body").and_then(Value::as_object).ok_or("body is missing.")?;
    let jwt = bounded(body.get("auth"), JWT_MAX).ok_or("body.auth (the login's jwt) is missing or invalid.")?;
    let device_id = match body.get("deviceId").or_else(|| frame.get("deviceId")) {
        None | Some(Value::Null) => "",
        Some(v) => bounded(Some(v), DEVICE_ID_MAX).ok_or("deviceId is invalid.")?,
    };
    let subscription = Subscription::parse(body.get("presenceSubscription"));
    let roles = match body.get("roles") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.len() <= ROLES_MAX => items
            .iter()
            .map(|r| bounded(Some(r), ROLE_MAX).map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("roles must be strings of 1 to 100 characters.")?,
        Some(_) => return Err("roles must be an array of at most 100 role names."),
    };
    Ok(Auth {
        app_id: app_id.to_string(),
        sender: sender.to_ascii_lowercase(),
        jwt: jwt.to_string(),
        device_id: device_id.to_string(),
        subscription,
        roles,
    })
}

/// The reply the official SDK waits for before it starts pinging (`code` must be the string).
pub const AUTH_OK: &str = r#"{"type":"auth","body":{"code":"200","status":"OK"}}"#;

/// `{"action":"pong"}` answers every ping.
pub const PONG: &str = r#"{"action":"pong"}"#;

/// An auth failure: the emulator's own shape (the real server's is unknown, §10).
pub fn auth_error(code: &str, message: &str) -> String {
    serde_json::json!({"type": "auth", "body": {"code": code, "status": "ERROR", "message": message}}).to_string()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Presence<'a> {
    app_id: &'a str,
    device_id: &'a str,
    sender: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    body: PresenceBody<'a>,
}

#[derive(Serialize)]
struct PresenceBody<'a> {
    action: &'static str,
    timestamp: i64,
    user: UserOut<'a>,
}

/// The §4.1 frame: `deviceId` is the changed socket's session id (so the SDK's own-device filter
/// drops it only in that tab), `timestamp` the epoch seconds the SDK copies into `lastActiveAt`.
pub fn presence(app_id: &str, device_id: &str, online: bool, timestamp: i64, user: UserOut<'_>) -> String {
    let frame = Presence {
        app_id,
        device_id,
        sender: user.uid,
        kind: "presence",
        body: PresenceBody { action: if online { "online" } else { "offline" }, timestamp, user },
    };
    // Serializing plain strings, numbers and already-valid raw JSON cannot fail.
    serde_json::to_string(&frame).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth_of(text: &str) -> Result<Auth, &'static str> {
        match parse(text) {
            ClientFrame::Auth(a) => a,
            other => panic!("not an auth frame: {other:?}"),
        }
    }

    #[test]
    fn the_sdks_auth_frame() {
        let a = auth_of(
            r#"{"appId":"app","deviceId":"WEB-1","type":"auth","sender":"Alice","body":{"auth":"jwt.x","deviceId":"WEB-1",
               "presenceSubscription":"ROLES","roles":["default","premium"],"params":{"platform":"javascript"}}}"#,
        )
        .expect("valid");
        assert_eq!((a.app_id.as_str(), a.sender.as_str(), a.jwt.as_str()), ("app", "alice", "jwt.x"));
        assert_eq!(a.device_id, "WEB-1");
        assert_eq!(a.subscription, Subscription::Roles);
        assert_eq!(a.roles, ["default", "premium"]);
    }

    #[test]
    fn subscriptions() {
        let sub = |extra: &str| {
            auth_of(&format!(r#"{{"appId":"a","type":"auth","sender":"u","body":{{"auth":"j"{extra}}}}}"#))
                .expect("valid")
                .subscription
        };
        assert_eq!(sub(""), Subscription::None);
        assert_eq!(sub(r#","presenceSubscription":"NONE""#), Subscription::None);
        assert_eq!(sub(r#","presenceSubscription":"all_users""#), Subscription::AllUsers);
        assert_eq!(sub(r#","presenceSubscription":"FRIENDS""#), Subscription::Friends);
        assert_eq!(sub(r#","presenceSubscription":"SOMETHING_NEW""#), Subscription::None);
        assert_eq!(sub(r#","presenceSubscription":7"#), Subscription::None);
    }

    #[test]
    fn malformed_auth_frames() {
        for bad in [
            r#"{"type":"auth","sender":"u","body":{"auth":"j"}}"#,
            r#"{"appId":"a","type":"auth","body":{"auth":"j"}}"#,
            r#"{"appId":"a","type":"auth","sender":"u"}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{}}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{"auth":""}}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{"auth":5}}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{"auth":"j","roles":"admin"}}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{"auth":"j","roles":[1]}}"#,
            r#"{"appId":"a","type":"auth","sender":"u","body":{"auth":"j","deviceId":7}}"#,
        ] {
            assert!(auth_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_frames() {
        assert!(matches!(parse(r#"{"action":"ping","ack":"true"}"#), ClientFrame::Ping));
        for other in ["not json", "[]", "null", r#"{"type":"typing_indicator"}"#, r#"{"type":7}"#, "{}"] {
            assert!(matches!(parse(other), ClientFrame::Other), "{other}");
        }
    }

    #[test]
    fn replies_are_json() {
        for text in [AUTH_OK, PONG, &auth_error("401", "no \"quote\" trouble")] {
            assert!(serde_json::from_str::<Value>(text).is_ok(), "{text}");
        }
    }
}
