//! `--record-requests`: body key names (never values), preflights with their status, tokens
//! masked in paths and queries (and header values never kept).

mod common;

use cometchat_emulator::server::ServeOptions;
use common::{assert_error, send, Emu, API_KEY};
use reqwest::Method;
use serde_json::{json, Value};

async fn recording() -> Emu {
    Emu::with(ServeOptions {
        api_key: Some(API_KEY.into()),
        record_requests: true,
        seed_demo: true,
        ..Default::default()
    })
    .await
}

async fn log(emu: &Emu) -> Vec<Value> {
    let (_, log) = send(emu.http.get(emu.url("/__emulator/requests"))).await;
    log["data"].as_array().cloned().unwrap_or_default()
}

async fn clear(emu: &Emu) {
    let (s, _) = send(emu.http.delete(emu.url("/__emulator/requests"))).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn body_fields_are_the_sorted_key_names_only() {
    let emu = recording().await;
    let t = emu.user_with_token("rec", "Rec").await;
    clear(&emu).await;
    let body = json!({"statusMessage": "secret-value", "name": "New Name", "role": "admin", "metadata": {"inner": 1}});
    let (s, _) = send(emu.client(Method::PUT, "/me", &t).json(&body)).await;
    assert_eq!(s, 200);
    let (s, _) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(s, 200);
    let got = send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body("[1,2]")).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got =
        send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body("{\"name\":")).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let entries = log(&emu).await;
    assert_eq!(entries.len(), 4, "{entries:?}");
    assert_eq!(entries[0]["bodyFields"], json!(["metadata", "name", "role", "statusMessage"]));
    assert_eq!(entries[0]["status"], 200);
    assert_eq!(entries[1]["bodyFields"], Value::Null, "no body");
    assert!(entries[1].as_object().is_some_and(|o| o.contains_key("bodyFields")), "always present");
    assert_eq!(entries[2]["bodyFields"], Value::Null, "not an object");
    assert_eq!(entries[3]["bodyFields"], Value::Null, "not JSON");
    let text = serde_json::to_string(&entries).unwrap_or_default();
    for value in ["secret-value", "New Name", "inner"] {
        assert!(!text.contains(value), "no body values in the log: {value}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn large_bodies_are_bounded_and_still_refused() {
    let emu = recording().await;
    let t = emu.user_with_token("big", "Big").await;
    clear(&emu).await;
    let make = |n: usize| {
        let prefix = "{\"statusMessage\":\"";
        let suffix = "\"}";
        format!("{prefix}{}{suffix}", "a".repeat(n - prefix.len() - suffix.len()))
    };
    // The body limit is the same with the log on: 65,536 bytes pass the reader, 65,537 are a 413.
    let (s, b) =
        send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body(make(65536))).await;
    assert_eq!(s, 400, "a 64 KB body is read (statusMessage is then too long): {b}");
    let got =
        send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body(make(1_000_000))).await;
    assert_error(&got, 413, "ERR_TOO_LARGE");
    let entries = log(&emu).await;
    assert_eq!(entries[0]["bodyFields"], json!(["statusMessage"]));
    assert_eq!(entries[1]["bodyFields"], Value::Null, "over the limit: not parsed");
    assert_eq!(entries[1]["status"], 413);
    emu.stop().await;
}

#[tokio::test]
async fn preflights_are_recorded_with_their_status() {
    let emu = recording().await;
    clear(&emu).await;
    let preflight = |path: &str| {
        emu.http
            .request(Method::OPTIONS, emu.url(path))
            .header("Origin", "http://page.test")
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "authtoken,content-type")
            .send()
    };
    let res = preflight("/v3.0/me").await.expect("preflight");
    assert!(res.status().is_success());
    let res = preflight("/demo/login").await.expect("preflight");
    assert_eq!(res.status(), 403);
    let entries = log(&emu).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["method"], "OPTIONS");
    assert_eq!(entries[0]["path"], "/v3.0/me");
    assert_eq!(entries[0]["status"], 200);
    assert_eq!(entries[0]["bodyFields"], Value::Null);
    let names = entries[0]["headerNames"].as_array().cloned().unwrap_or_default();
    assert!(names.contains(&json!("access-control-request-method")), "{names:?}");
    assert_eq!(entries[1]["method"], "OPTIONS");
    assert_eq!(entries[1]["path"], "/demo/login");
    assert_eq!(entries[1]["status"], 403);
    emu.stop().await;
}

/// The admin routes hold the token in the path; a client may put one in the query or in headers
/// the emulator does not use. None of it is kept: the log shows `[redacted]` instead.
#[tokio::test]
async fn tokens_never_reach_the_log() {
    let emu = recording().await;
    let t = emu.user_with_token("keeper", "Keeper").await;
    clear(&emu).await;
    let at = format!("/users/keeper/auth_tokens/{t}");
    let (s, b) = send(emu.admin(Method::GET, &at)).await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = send(emu.http.get(emu.url(&format!("/v3.0{at}/"))).header("apiKey", API_KEY)).await;
    assert!(s >= 400, "a trailing slash is another route: {s} {b}");
    let (s, b) = send(
        emu.client(Method::GET, &format!("/me?authToken={t}&page=1&APIKEY={API_KEY}"), &t)
            .header("Authorization", format!("Bearer {t}"))
            .header("Cookie", format!("session={t}")),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = send(emu.admin(Method::DELETE, &at)).await;
    assert_eq!(s, 200, "{b}");
    let entries = log(&emu).await;
    let text = serde_json::to_string(&entries).unwrap_or_default();
    assert!(!text.contains(&t), "the token is in the request log: {text}");
    assert!(!text.contains(API_KEY), "the API key is in the request log: {text}");
    let paths: Vec<&str> = entries.iter().filter_map(|e| e["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            "/v3/users/keeper/auth_tokens/[redacted]",
            "/v3.0/users/keeper/auth_tokens/[redacted]/",
            "/v3.0/me",
            "/v3/users/keeper/auth_tokens/[redacted]",
        ]
    );
    assert_eq!(entries[2]["query"], "authToken=[redacted]&page=1&APIKEY=[redacted]");
    let names = entries[2]["headerNames"].as_array().cloned().unwrap_or_default();
    for name in ["authorization", "authtoken", "cookie"] {
        assert!(names.contains(&json!(name)), "header names are kept: {names:?}");
    }
    emu.stop().await;
}
