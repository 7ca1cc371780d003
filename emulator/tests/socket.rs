//! The real-time socket (realtime-protocol.md §1–§3, §8): the JWT and settings of `PUT me`,
//! `GET me` and `GET settings`; the upgrade at `/` and `/ws…` (ws and wss); the auth frame and
//! its failures; ping/pong; timeouts, the frame limit, the caps; the test hooks.

mod common;

use std::time::{Duration, Instant};

use cometchat_emulator::server::ServeOptions;
use cometchat_emulator::socket::hub::Limits;
use common::ws::{self, auth_frame, Got};
use common::{assert_error, send, Emu, API_KEY};
use futures::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Error as WsError;

fn opts(sockets: Limits) -> ServeOptions {
    ServeOptions { api_key: Some(API_KEY.into()), sockets, ..Default::default() }
}

fn port_of(emu: &Emu) -> u16 {
    emu.running.as_ref().expect("running").addr.port()
}

fn settings_for(host: &str, port: u16) -> Value {
    let chat_host = if port == 443 { host.to_string() } else { format!("{host}:{port}/ws") };
    json!({
        "CHAT_HOST": chat_host, "CHAT_WSS_PORT": port,
        "CLIENT_API_HOST": format!("{host}:{port}"), "ADMIN_API_HOST": format!("{host}:{port}"),
        "CHAT_API_VERSION": "v3.0", "APP_VERSION": 4, "WS_API_VERSION": "v1",
        "ANALYTICS_PING_DISABLED": true, "MODE": "DEFAULT",
    })
}

const AUTH_OK: &str = r#"{"type":"auth","body":{"code":"200","status":"OK"}}"#;
const PONG: &str = r#"{"action":"pong"}"#;

#[tokio::test]
async fn login_and_get_me_carry_the_jwt_and_the_settings_point_here() {
    let emu = Emu::start().await;
    let port = port_of(&emu);
    let t = emu.user_with_token("alice", "Alice").await;
    let d = ws::login(&emu, &t).await;
    let jwt = d["jwt"].as_str().expect("jwt").to_string();
    assert!(jwt.starts_with("jwt.") && jwt.len() >= 64 && !jwt.contains(&t), "{jwt}");
    assert_eq!(d["authToken"], t.as_str());
    assert_eq!(d["settings"], settings_for("127.0.0.1", port));

    // The same from GET settings (client auth), on both prefixes; never without a token.
    for prefix in ["/v3.0", "/v3"] {
        let (s, b) = send(emu.http.get(emu.url(&format!("{prefix}/settings"))).header("authToken", &t)).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b, json!({"data": settings_for("127.0.0.1", port)}));
    }
    assert_error(&send(emu.http.get(emu.url("/v3.0/settings"))).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");

    // One JWT per token: GET me and a second login give the same; another token another.
    let (s, b) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["jwt"], jwt.as_str());
    assert!(b["data"].get("settings").is_none());
    assert_eq!(ws::login(&emu, &t).await["jwt"], jwt.as_str());
    let t2 = emu.token("alice").await;
    let (_, b) = send(emu.client(Method::GET, "/me", &t2)).await;
    let jwt2 = b["data"]["jwt"].as_str().expect("GET me issues one for a token that never logged in");
    assert!(jwt2.starts_with("jwt.") && jwt2 != jwt);
    assert_eq!(ws::login(&emu, &t2).await["jwt"], jwt2);

    // The Host the client used: a name and port; a bad one falls back to the listen address.
    let with_host = |host: &str| emu.client(Method::GET, "/settings", &t).header("host", host);
    let (_, b) = send(with_host(&format!("chat.example.test:{port}"))).await;
    assert_eq!(b["data"], settings_for("chat.example.test", port));
    let (_, b) = send(with_host(&format!("[::1]:{port}"))).await;
    assert_eq!(b["data"], settings_for("[::1]", port));
    for bad in ["evil.test/x:1", "a b", "x:0", "@:1"] {
        let (_, b) = send(with_host(bad)).await;
        assert_eq!(b["data"], settings_for("127.0.0.1", port), "{bad}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn on_port_443_the_chat_host_is_the_bare_name() {
    let emu = Emu::with(ServeOptions { tls: true, ..opts(Limits::default()) }).await;
    let t = emu.user_with_token("alice", "Alice").await;
    // Behind a name on 443 the browser sends the Host without a port.
    let (s, b) = send(emu.client(Method::GET, "/settings", &t).header("host", "chat.example.test")).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"], settings_for("chat.example.test", 443));
    assert_eq!(b["data"]["CHAT_HOST"], "chat.example.test");
    let (_, b) = send(emu.client(Method::GET, "/settings", &t).header("host", "chat.example.test:443")).await;
    assert_eq!(b["data"]["CHAT_HOST"], "chat.example.test");
    emu.stop().await;
}

/// The upgrade works at `/`, `/ws` and the official SDK's `/ws:PORT`, from any Origin (CORS is
/// restricted here), and over TLS at the URL the official SDK builds from the settings.
#[tokio::test]
async fn the_socket_is_at_the_root_and_under_ws_for_any_origin_and_over_tls() {
    let emu =
        Emu::with(ServeOptions { cors_origins: vec!["http://allowed.test".into()], ..opts(Limits::default()) }).await;
    let port = port_of(&emu);
    let t = emu.user_with_token("alice", "Alice").await;
    let jwt = ws::login(&emu, &t).await["jwt"].as_str().expect("jwt").to_string();
    for path in ["/".to_string(), "/ws".to_string(), format!("/ws:{port}")] {
        let mut sock = ws::try_connect(&ws::url(&emu, &path), &[("origin", "https://elsewhere.test")])
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        sock.send_json(&auth_frame(&emu.app_id, "alice", &jwt, "tab", Some("ALL_USERS"), None)).await;
        assert!(matches!(sock.next().await, Got::Text(t) if t == AUTH_OK), "{path}");
        sock.send_text(r#"{"action":"ping","ack":"true"}"#).await;
        assert!(matches!(sock.next().await, Got::Text(t) if t == PONG), "{path}");
        sock.close().await;
    }
    // Only an upgrade goes to the socket: the same paths without one are REST's 404s, and an
    // upgrade elsewhere gets REST's answer (here: no token).
    let (s, b) = send(emu.http.get(emu.url("/ws:1"))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (404, Some("ERR_NOT_FOUND")));
    match ws::try_connect(&ws::url(&emu, "/v3.0/me"), &[]).await {
        Err(WsError::Http(res)) => assert_eq!(res.status(), 401),
        other => panic!("an upgrade at /v3.0/me: {:?}", other.map(|_| ())),
    }
    emu.stop().await;

    let emu = Emu::with(ServeOptions { tls: true, ..opts(Limits::default()) }).await;
    let t = emu.user_with_token("alice", "Alice").await;
    let d = ws::login(&emu, &t).await;
    let s = &d["settings"];
    // The official SDK: "wss://" + CHAT_HOST + ":" + CHAT_WSS_PORT.
    let url = format!("wss://{}:{}", s["CHAT_HOST"].as_str().expect("host"), s["CHAT_WSS_PORT"]);
    assert!(url.ends_with(&format!("/ws:{}", port_of(&emu))), "{url}");
    let mut sock = ws::connect(&url).await;
    let reply = sock.auth(&auth_frame(&emu.app_id, "alice", d["jwt"].as_str().expect("jwt"), "tab", None, None)).await;
    assert_eq!(reply["body"]["code"], "200");
    sock.close().await;
    emu.stop().await;
}

/// Refused: the auth reply `{"type":"auth","body":{"code":"401","status":"ERROR","message"}}`,
/// then close 4001. The message never carries the JWT.
async fn assert_refused(emu: &Emu, frame: Value) {
    let mut sock = ws::connect(&ws::url(emu, "/")).await;
    let reply = sock.auth(&frame).await;
    assert_eq!(reply["type"], "auth", "{reply}");
    assert_eq!(reply["body"]["code"], "401", "{frame}: {reply}");
    assert_eq!(reply["body"]["status"], "ERROR");
    let message = reply["body"]["message"].as_str().expect("message");
    assert!(!message.is_empty() && !message.contains("jwt."), "{message}");
    assert_eq!(sock.close_code().await, 4001, "{frame}");
}

#[tokio::test]
async fn auth_failures_reply_401_and_close_4001() {
    let emu = Emu::start().await;
    let app = emu.app_id.clone();
    let mut jwt = std::collections::HashMap::new();
    let mut token = std::collections::HashMap::new();
    for uid in ["alice", "bob", "carol", "dave"] {
        let t = emu.user_with_token(uid, uid).await;
        jwt.insert(uid, ws::login(&emu, &t).await["jwt"].as_str().expect("jwt").to_string());
        token.insert(uid, t);
    }
    let frame = |uid: &str, jwt: &str| auth_frame(&app, uid, jwt, "tab", Some("ALL_USERS"), None);
    assert_refused(&emu, frame("alice", "jwt.0000")).await;
    assert_refused(&emu, frame("alice", &token["alice"])).await; // the auth token is not the JWT
    assert_refused(&emu, frame("alice", &jwt["bob"])).await; // another user's JWT
    assert_refused(&emu, auth_frame("other-app", "alice", &jwt["alice"], "tab", None, None)).await;
    let mut no_auth = frame("alice", "x");
    no_auth["body"].as_object_mut().expect("body").remove("auth");
    assert_refused(&emu, no_auth).await;
    let mut no_app = frame("alice", &jwt["alice"]);
    no_app.as_object_mut().expect("frame").remove("appId");
    assert_refused(&emu, no_app).await;
    // The sender is a uid as REST spells it: any case.
    let mut sock = ws::connect(&ws::url(&emu, "/")).await;
    assert_eq!(sock.auth(&frame("ALICE", &jwt["alice"])).await["body"]["code"], "200");
    sock.close().await;

    // Revoked token, deactivated user (again valid once reactivated), deleted user.
    let (s, _) = send(emu.admin(Method::DELETE, &format!("/users/alice/auth_tokens/{}", token["alice"]))).await;
    assert_eq!(s, 200);
    assert_refused(&emu, frame("alice", &jwt["alice"])).await;
    let (s, _) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["carol"]}))).await;
    assert_eq!(s, 200);
    assert_refused(&emu, frame("carol", &jwt["carol"])).await;
    let (s, _) = send(emu.admin(Method::PUT, "/users").json(&json!({"uidsToActivate": ["carol"]}))).await;
    assert_eq!(s, 200);
    let mut sock = ws::connect(&ws::url(&emu, "/")).await;
    assert_eq!(sock.auth(&frame("carol", &jwt["carol"])).await["body"]["code"], "200");
    sock.close().await;
    let (s, _) = send(emu.admin(Method::DELETE, "/users/dave")).await;
    assert_eq!(s, 200);
    assert_refused(&emu, frame("dave", &jwt["dave"])).await;
    // And a JWT of the flushed tokens.
    let (s, _) = send(emu.admin(Method::DELETE, "/users/bob/auth_tokens")).await;
    assert_eq!(s, 200);
    assert_refused(&emu, frame("bob", &jwt["bob"])).await;
    emu.stop().await;
}

#[tokio::test]
async fn pings_are_answered_and_other_frames_ignored() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("alice", "Alice").await;
    let jwt = ws::login(&emu, &t).await["jwt"].as_str().expect("jwt").to_string();
    let mut sock = ws::connect(&ws::url(&emu, "/")).await;
    let junk = [
        "not json at all".to_string(),
        "[]".into(),
        "null".into(),
        "{".into(),
        r#"{"type":"something_new"}"#.into(),
        r#"{"type":"typing_indicator","sender":"alice","body":{"action":"started"}}"#.into(),
        r#"{"type":"receipts","body":{"action":"read","messageId":"1"}}"#.into(),
        r#"{"type":"transient_message","body":{"data":{}}}"#.into(),
    ];
    for round in ["before auth", "after auth"] {
        for text in &junk {
            sock.send_text(text.clone()).await;
        }
        sock.ws.send(tokio_tungstenite::tungstenite::Message::binary(vec![0u8, 159, 146, 150])).await.expect("binary");
        // Nothing answers them; the ping is answered at once, exactly.
        sock.send_text(r#"{"action":"ping","ack":"true"}"#).await;
        assert!(matches!(sock.next().await, Got::Text(t) if t == PONG), "{round}");
        if round == "before auth" {
            sock.send_json(&auth_frame(&emu.app_id, "alice", &jwt, "tab", None, None)).await;
            assert!(matches!(sock.next().await, Got::Text(t) if t == AUTH_OK));
            // A second auth frame on an authenticated socket is ignored.
            sock.send_json(&auth_frame(&emu.app_id, "alice", "jwt.bad", "tab", None, None)).await;
        }
    }
    // The server still answers REST.
    let (s, _) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(s, 200);
    sock.close().await;
    emu.stop().await;
}

#[tokio::test]
async fn a_socket_that_does_not_authenticate_in_time_is_closed_4002() {
    let limits = Limits { auth_timeout: Duration::from_millis(300), ..Limits::default() };
    let emu = Emu::with(opts(limits)).await;
    let start = Instant::now();
    let mut sock = ws::connect(&ws::url(&emu, "/")).await;
    // Pings do not count as an auth.
    sock.send_text(r#"{"action":"ping","ack":"true"}"#).await;
    assert!(matches!(sock.next().await, Got::Text(t) if t == PONG));
    assert_eq!(sock.close_code().await, 4002);
    assert!(start.elapsed() >= Duration::from_millis(300));
    emu.stop().await;
}

#[tokio::test]
async fn a_silent_socket_is_closed_4004_and_a_pinging_one_is_not() {
    let limits = Limits { idle_timeout: Duration::from_millis(400), ..Limits::default() };
    let emu = Emu::with(opts(limits)).await;
    let t = emu.user_with_token("alice", "Alice").await;
    // Taken before the auth frame goes out: the server counts from when it reads it.
    let start = Instant::now();
    let mut sock = ws::online(&emu, "alice", &t, "tab", None, None).await;
    assert_eq!(sock.close_code().await, 4004);
    assert!(start.elapsed() >= Duration::from_millis(400));
    emu.stop().await;

    // Pinging every 100 ms for 3 s against a 2 s idle timeout: never closed.
    let limits = Limits { idle_timeout: Duration::from_secs(2), ..Limits::default() };
    let emu = Emu::with(opts(limits)).await;
    let t = emu.user_with_token("alice", "Alice").await;
    let mut sock = ws::online(&emu, "alice", &t, "tab", None, None).await;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sock.nothing_queued().await;
    }
    sock.close().await;
    emu.stop().await;
}

/// A JSON text of exactly `len` bytes.
fn padded(len: usize) -> String {
    let head = r#"{"type":"x","pad":""#;
    let tail = r#""}"#;
    format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len()))
}

#[tokio::test]
async fn a_frame_over_64_kb_closes_the_socket_1009() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("alice", "Alice").await;
    let mut sock = ws::online(&emu, "alice", &t, "tab", None, None).await;
    sock.send_text(padded(65_536)).await;
    sock.nothing_queued().await; // at the limit: read and ignored
    sock.send_text(padded(65_537)).await;
    assert_eq!(sock.close_code().await, 1009);
    // Before auth too.
    let mut sock = ws::connect(&ws::url(&emu, "/")).await;
    sock.send_text("x".repeat(1 << 20)).await;
    assert_eq!(sock.close_code().await, 1009);
    emu.stop().await;
}

#[tokio::test]
async fn one_socket_past_the_per_user_cap_is_refused_429_and_closed_4029() {
    let emu = Emu::with(opts(Limits { per_user: 2, ..Limits::default() })).await;
    let t = emu.user_with_token("alice", "Alice").await;
    let first = ws::online(&emu, "alice", &t, "tab-1", None, None).await;
    let mut second = ws::online(&emu, "alice", &t, "tab-2", None, None).await;
    let jwt = ws::login(&emu, &t).await["jwt"].as_str().expect("jwt").to_string();
    let frame = auth_frame(&emu.app_id, "alice", &jwt, "tab-3", None, None);
    let mut third = ws::connect(&ws::url(&emu, "/")).await;
    let reply = third.auth(&frame).await;
    assert_eq!(reply["body"]["code"], "429", "{reply}");
    assert_eq!(reply["body"]["status"], "ERROR");
    assert_eq!(third.close_code().await, 4029);
    second.nothing_queued().await; // the others are untouched
                                   // Once one closes, a new one is accepted (the hub learns of the close a moment later).
    first.close().await;
    let deadline = Instant::now() + ws::WAIT;
    loop {
        let mut again = ws::connect(&ws::url(&emu, "/")).await;
        let reply = again.auth(&frame).await;
        if reply["body"]["code"] == "200" {
            break;
        }
        assert!(Instant::now() < deadline, "still refused: {reply}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    emu.stop().await;
}

/// 1,000 sockets at once (the default cap): 999 of one watcher subscribed to all users and one
/// of the user who comes online; the 1,001st upgrade is a 503 JSON answer while REST answers;
/// the one change reaches all 999.
#[tokio::test]
async fn a_thousand_sockets_the_cap_and_the_fan_out() {
    let emu =
        Emu::with(ServeOptions { record_requests: true, ..opts(Limits { per_user: 1000, ..Limits::default() }) }).await;
    let tw = emu.user_with_token("watcher", "Watcher").await;
    let tm = emu.user_with_token("mover", "Mover").await;
    let jwt = ws::login(&emu, &tw).await["jwt"].as_str().expect("jwt").to_string();
    let url = ws::url(&emu, "/");
    let frame = auth_frame(&emu.app_id, "watcher", &jwt, "w", Some("ALL_USERS"), None);
    let watchers: Vec<ws::Sock> = futures::stream::iter(0..999)
        .map(|_| {
            let (url, frame) = (url.clone(), frame.clone());
            async move {
                let mut s = ws::connect(&url).await;
                assert_eq!(s.auth(&frame).await["body"]["code"], "200");
                s
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let mover_jwt = ws::login(&emu, &tm).await["jwt"].as_str().expect("jwt").to_string();
    let mut mover = ws::connect(&url).await;

    // The 1,001st: refused with the JSON envelope; REST still answers.
    match ws::try_connect(&url, &[]).await {
        Err(WsError::Http(res)) => {
            assert_eq!(res.status(), 503);
            let body: Value = serde_json::from_slice(res.body().as_deref().unwrap_or_default()).expect("JSON body");
            assert_eq!(body["error"]["code"], "ERR_TOO_MANY_SOCKETS", "{body}");
        }
        other => panic!("the 1,001st socket: {:?}", other.map(|_| ())),
    }
    let (s, _) = send(emu.client(Method::GET, "/users/mover", &tw)).await;
    assert_eq!(s, 200);
    let (_, list) = send(emu.http.get(emu.url("/__emulator/sockets"))).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1000));

    let start = Instant::now();
    let reply = mover.auth(&auth_frame(&emu.app_id, "mover", &mover_jwt, "m", None, None)).await;
    assert_eq!(reply["body"]["code"], "200");
    let mut seen = 0;
    for mut w in watchers {
        let f = w.json().await;
        assert_eq!((f["type"].as_str(), f["sender"].as_str()), (Some("presence"), Some("mover")));
        seen += 1;
        drop(w);
    }
    eprintln!("one presence change reached {seen} sockets in {:?} (debug build)", start.elapsed());
    assert_eq!(seen, 999);
    emu.stop().await;
}

#[tokio::test]
async fn the_test_hooks_list_and_close_sockets() {
    let emu = Emu::with(ServeOptions { record_requests: true, ..opts(Limits::default()) }).await;
    let ta = emu.user_with_token("alice", "Alice").await;
    let tb = emu.user_with_token("bob", "Bob").await;
    let mut anon = ws::connect(&ws::url(&emu, "/")).await;
    let mut a = ws::online(&emu, "alice", &ta, "tab-a", Some("ROLES"), Some(&["premium"])).await;
    let mut b = ws::online(&emu, "bob", &tb, "tab-b", None, None).await;
    let jwt = ws::login(&emu, &ta).await["jwt"].as_str().expect("jwt").to_string();

    let res = emu.http.get(emu.url("/__emulator/sockets")).send().await.expect("list");
    let text = res.text().await.expect("body");
    assert!(!text.contains(&jwt) && !text.contains(&ta) && !text.contains("jwt."), "no credential: {text}");
    let list: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        list["data"],
        json!([
            {"uid": null, "deviceId": null, "subscription": null, "roles": [], "authenticated": false},
            {"uid": "alice", "deviceId": "tab-a", "subscription": "ROLES", "roles": ["premium"], "authenticated": true},
            {"uid": "bob", "deviceId": "tab-b", "subscription": "NONE", "roles": [], "authenticated": true},
        ])
    );

    let close = |body: Value| send(emu.http.post(emu.url("/__emulator/sockets/close")).json(&body));
    assert_error(&close(json!({"code": 999})).await, 400, "ERR_BAD_REQUEST");
    assert_error(&close(json!({"code": "4000"})).await, 400, "ERR_BAD_REQUEST");
    assert_error(&close(json!({"uid": "a b"})).await, 400, "ERR_BAD_REQUEST");
    let (s, r) = close(json!({"uid": "Alice", "code": 4321})).await;
    assert_eq!((s, r["data"]["closed"].as_u64()), (200, Some(1)), "{r}");
    assert_eq!(a.close_code().await, 4321);
    b.nothing_queued().await;
    anon.nothing_queued().await;
    let (_, r) = close(json!({})).await;
    assert_eq!(r["data"]["closed"], 2, "every socket, authenticated or not");
    assert_eq!(b.close_code().await, 4000);
    assert_eq!(anon.close_code().await, 4000);
    emu.stop().await;

    // Only with --record-requests.
    let emu = Emu::start().await;
    let (s, _) = send(emu.http.get(emu.url("/__emulator/sockets"))).await;
    assert_eq!(s, 404);
    let (s, _) = send(emu.http.post(emu.url("/__emulator/sockets/close")).json(&json!({}))).await;
    assert_eq!(s, 404);
    emu.stop().await;
}

#[tokio::test]
async fn stopping_the_server_closes_its_sockets_1001() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("alice", "Alice").await;
    let mut sock = ws::online(&emu, "alice", &t, "tab", None, None).await;
    let mut anon = ws::connect(&ws::url(&emu, "/")).await;
    emu.stop().await;
    assert_eq!(sock.close_code().await, 1001);
    assert_eq!(anon.close_code().await, 1001);
}
