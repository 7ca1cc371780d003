//! `/demo/*` answers only the emulator's own origin, and never carries CORS headers.

mod common;

use cometchat_emulator::server::ServeOptions;
use common::{assert_error, parse, send, Emu, API_KEY};
use reqwest::Method;
use serde_json::json;

async fn demo() -> Emu {
    Emu::with(ServeOptions { api_key: Some(API_KEY.into()), seed_demo: true, ..Default::default() }).await
}

fn acao(res: &reqwest::Response) -> Option<String> {
    res.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()).map(str::to_string)
}

#[tokio::test]
async fn a_foreign_origin_is_refused_without_cors_headers() {
    let emu = demo().await;
    for origin in ["http://evil.test", "null", "http://127.0.0.1:1", "https://127.0.0.1", "not a url"] {
        let res = emu
            .http
            .post(emu.url("/demo/login"))
            .header("Origin", origin)
            .json(&json!({"uid": "alice"}))
            .send()
            .await
            .expect("login");
        assert_eq!(acao(&res), None, "{origin}");
        let got = parse(res).await;
        assert_error(&got, 403, "ERR_FORBIDDEN_ORIGIN");
    }
    // The port must match too (another local app is another origin).
    let port = emu.running.as_ref().map(|r| r.addr.port()).unwrap_or(0);
    let other = format!("http://localhost:{}", port.wrapping_add(1));
    let got = send(emu.http.post(emu.url("/demo/login")).header("Origin", other).json(&json!({"uid": "alice"}))).await;
    assert_error(&got, 403, "ERR_FORBIDDEN_ORIGIN");
    emu.stop().await;
}

#[tokio::test]
async fn a_cross_origin_preflight_gets_no_cors_headers() {
    let emu = demo().await;
    let res = emu
        .http
        .request(Method::OPTIONS, emu.url("/demo/login"))
        .header("Origin", "http://evil.test")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .expect("preflight");
    assert_eq!(acao(&res), None);
    assert!(res.headers().get("access-control-allow-methods").is_none());
    assert!(!res.status().is_success(), "{}", res.status());
    // The client API keeps answering any origin.
    let res = emu
        .http
        .request(Method::OPTIONS, emu.url("/v3.0/me"))
        .header("Origin", "http://evil.test")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authtoken")
        .send()
        .await
        .expect("preflight");
    assert_eq!(acao(&res).as_deref(), Some("*"));
    emu.stop().await;
}

#[tokio::test]
async fn sec_fetch_site_cross_site_or_same_site_is_refused() {
    let emu = demo().await;
    for site in ["cross-site", "same-site", "Cross-Site"] {
        let got =
            send(emu.http.post(emu.url("/demo/login")).header("Sec-Fetch-Site", site).json(&json!({"uid": "alice"})))
                .await;
        assert_error(&got, 403, "ERR_FORBIDDEN_ORIGIN");
    }
    for site in ["same-origin", "none"] {
        let (s, b) =
            send(emu.http.post(emu.url("/demo/login")).header("Sec-Fetch-Site", site).json(&json!({"uid": "alice"})))
                .await;
        assert_eq!(s, 200, "{site}: {b}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn same_origin_and_no_origin_are_served() {
    let emu = demo().await;
    let port = emu.running.as_ref().map(|r| r.addr.port()).unwrap_or(0);
    for origin in [emu.base.clone(), format!("http://localhost:{port}"), format!("http://LOCALHOST:{port}")] {
        let res = emu
            .http
            .post(emu.url("/demo/login"))
            .header("Origin", &origin)
            .header("Sec-Fetch-Site", "same-origin")
            .json(&json!({"uid": "bob"}))
            .send()
            .await
            .expect("login");
        assert_eq!(acao(&res), None, "no CORS headers on /demo even when allowed");
        let (s, b) = parse(res).await;
        assert_eq!(s, 200, "{origin}: {b}");
        assert_eq!(b["data"]["uid"], "bob");
    }
    let (s, b) = send(emu.http.post(emu.url("/demo/login")).json(&json!({"uid": "bob"}))).await;
    assert_eq!(s, 200, "no Origin (curl, scripts): {b}");
    let got = send(emu.http.get(emu.url("/demo/login"))).await;
    assert_error(&got, 405, "ERR_METHOD_NOT_ALLOWED");
    emu.stop().await;
}

#[tokio::test]
async fn get_demo_token_mints_a_fresh_uncached_token_for_a_token_url() {
    let emu = demo().await;
    // What `login({ tokenUrl: "/demo/token?uid=…" })` sends: a same-origin GET, no Origin header.
    let mint = || emu.http.get(emu.url("/demo/token?uid=kenji")).header("Sec-Fetch-Site", "same-origin").send();
    let res = mint().await.expect("mint");
    assert_eq!(res.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    assert_eq!(acao(&res), None);
    let (s, a) = parse(res).await;
    assert_eq!(s, 200, "{a}");
    let (_, b) = parse(mint().await.expect("mint")).await;
    let (ta, tb) = (a["authToken"].as_str().unwrap_or_default(), b["authToken"].as_str().unwrap_or_default());
    assert!(ta.starts_with("kenji_") && tb.starts_with("kenji_"), "{a} {b}");
    assert_ne!(ta, tb, "a new token each call");
    let (s, me) = send(emu.client(Method::GET, "/me", ta)).await;
    assert_eq!((s, me["data"]["uid"].clone()), (200, json!("kenji")));
    // An encoded uid is decoded once.
    let (s, c) = send(emu.http.get(emu.url("/demo/token?uid=%6Benji"))).await;
    assert_eq!(s, 200, "{c}");
    // The POST's origin rules.
    for (name, value) in
        [("Origin", "http://evil.test"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site")]
    {
        let res = emu.http.get(emu.url("/demo/token?uid=kenji")).header(name, value).send().await.expect("mint");
        assert_eq!(acao(&res), None);
        assert_error(&parse(res).await, 403, "ERR_FORBIDDEN_ORIGIN");
    }
    let got = send(emu.http.get(emu.url("/demo/token?uid=nobody"))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    for query in ["", "?uid=", "?uid=no%20such/user", "?uid=%FF", "?user=kenji"] {
        let got = send(emu.http.get(emu.url(&format!("/demo/token{query}")))).await;
        assert_error(&got, 400, "ERR_BAD_REQUEST");
    }
    let got = send(emu.http.put(emu.url("/demo/token?uid=kenji"))).await;
    assert_error(&got, 405, "ERR_METHOD_NOT_ALLOWED");
    emu.stop().await;
}
