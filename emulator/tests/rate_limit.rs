//! `--rate-limit N`: the client API's limit, its headers and its 429; and `POST /demo/token`.

mod common;

use cometchat_emulator::model::now;
use cometchat_emulator::server::ServeOptions;
use common::{assert_error, parse, send, Emu, API_KEY};
use reqwest::{Method, Response};
use serde_json::json;

async fn limited(n: u32, window: u64) -> Emu {
    Emu::with(ServeOptions {
        api_key: Some(API_KEY.into()),
        rate_limit: Some(n),
        rate_window_secs: window,
        record_requests: true,
        seed_demo: true,
        ..Default::default()
    })
    .await
}

fn header(res: &Response, name: &str) -> Option<String> {
    res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn num(res: &Response, name: &str) -> i64 {
    header(res, name).and_then(|v| v.parse().ok()).unwrap_or(-1)
}

#[tokio::test]
async fn the_limit_its_headers_and_the_429() {
    let emu = limited(3, 60).await;
    let t = emu.token("alice").await;
    let get = || emu.client(Method::GET, "/users/bob", &t).header("Origin", "http://page.test").send();
    let mut resets = Vec::new();
    for remaining in [2, 1, 0] {
        let res = get().await.expect("get");
        assert_eq!(res.status(), 200);
        assert_eq!(num(&res, "x-rate-limit"), 3);
        assert_eq!(num(&res, "x-rate-limit-remaining"), remaining);
        resets.push(num(&res, "x-rate-limit-reset"));
        let exposed = header(&res, "access-control-expose-headers").unwrap_or_default().to_ascii_lowercase();
        for h in ["x-rate-limit", "x-rate-limit-remaining", "x-rate-limit-reset", "retry-after"] {
            assert!(exposed.split(',').any(|e| e.trim() == h), "{h} in {exposed}");
        }
    }
    let reset = resets[0];
    assert!(resets.iter().all(|r| *r == reset), "one window: {resets:?}");
    assert!((now() + 58..=now() + 61).contains(&reset), "a minute from the first request: {reset}");

    let res = get().await.expect("get");
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "access-control-allow-origin").as_deref(), Some("*"), "readable by the page");
    assert_eq!((num(&res, "x-rate-limit"), num(&res, "x-rate-limit-remaining")), (3, 0));
    assert_eq!(num(&res, "x-rate-limit-reset"), reset);
    let retry = num(&res, "retry-after");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    let got = parse(res).await;
    assert_error(&got, 429, "ERR_TOO_MANY_REQUESTS");
    // Every client-API answer counts and is refused, whatever it would have been.
    let got = send(emu.http.get(emu.url("/v3.0/me"))).await;
    assert_error(&got, 429, "ERR_TOO_MANY_REQUESTS");
    let got = send(emu.client(Method::GET, "/nope", &t)).await;
    assert_error(&got, 429, "ERR_TOO_MANY_REQUESTS");
    emu.stop().await;
}

#[tokio::test]
async fn preflights_the_admin_api_and_other_routes_are_not_limited() {
    let emu = limited(1, 60).await;
    let t = emu.token("alice").await;
    for _ in 0..3 {
        let res = emu
            .http
            .request(Method::OPTIONS, emu.url("/v3.0/users/bob"))
            .header("Origin", "http://page.test")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authtoken,appid")
            .send()
            .await
            .expect("preflight");
        assert!(res.status().is_success());
        assert!(header(&res, "x-rate-limit").is_none(), "preflights carry no rate-limit headers");
    }
    let res = emu.client(Method::GET, "/users/bob", &t).send().await.expect("get");
    assert_eq!((res.status().as_u16(), num(&res, "x-rate-limit-remaining")), (200, 0), "preflights did not count");
    for _ in 0..3 {
        let res = emu.admin(Method::GET, "/users/bob").send().await.expect("admin");
        assert_eq!(res.status(), 200);
        assert!(header(&res, "x-rate-limit").is_none());
        let res = emu.http.get(emu.url("/__emulator/requests")).send().await.expect("log");
        assert_eq!(res.status(), 200);
        let res = emu.http.get(emu.url("/avatars/bob.svg")).send().await.expect("avatar");
        assert_eq!(res.status(), 200);
        let res = emu.http.post(emu.url("/demo/token")).json(&json!({"uid": "bob"})).send().await.expect("demo");
        assert_eq!(res.status(), 200);
    }
    let got = send(emu.client(Method::GET, "/users/bob", &t)).await;
    assert_error(&got, 429, "ERR_TOO_MANY_REQUESTS");
    emu.stop().await;
}

#[tokio::test]
async fn a_new_window_opens_after_the_reset() {
    let emu = limited(1, 2).await;
    let t = emu.token("alice").await;
    let res = emu.client(Method::GET, "/me", &t).send().await.expect("get");
    assert_eq!(res.status(), 200);
    let reset = num(&res, "x-rate-limit-reset");
    let got = send(emu.client(Method::GET, "/me", &t)).await;
    assert_error(&got, 429, "ERR_TOO_MANY_REQUESTS");
    while now() < reset {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let res = emu.client(Method::GET, "/me", &t).send().await.expect("get");
    assert_eq!(res.status(), 200);
    assert_eq!(num(&res, "x-rate-limit-remaining"), 0);
    assert!(num(&res, "x-rate-limit-reset") >= reset + 2);
    emu.stop().await;
}

#[tokio::test]
async fn off_by_default() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("free", "Free").await;
    for _ in 0..20 {
        let res = emu.client(Method::GET, "/me", &t).send().await.expect("get");
        assert_eq!(res.status(), 200);
        assert!(header(&res, "x-rate-limit").is_none());
    }
    emu.stop().await;
}

#[tokio::test]
async fn demo_token_mints_a_fresh_token_for_the_same_origin_only() {
    let emu = limited(100, 60).await;
    let mint = |origin: Option<&str>| {
        let rb = emu.http.post(emu.url("/demo/token")).json(&json!({"uid": "Chloe"}));
        match origin {
            Some(o) => rb.header("Origin", o),
            None => rb,
        }
    };
    let (s, a) = send(mint(None)).await;
    assert_eq!(s, 200, "{a}");
    let (_, b) = send(mint(Some(&emu.base))).await;
    let (ta, tb) = (a["authToken"].as_str().unwrap_or_default(), b["authToken"].as_str().unwrap_or_default());
    assert!(ta.starts_with("chloe_") && tb.starts_with("chloe_"), "{a} {b}");
    assert_ne!(ta, tb, "a new token each call");
    let (s, me) = send(emu.client(Method::GET, "/me", tb)).await;
    assert_eq!((s, me["data"]["uid"].clone()), (200, json!("chloe")));
    let res = mint(Some("http://evil.test")).send().await.expect("mint");
    assert!(header(&res, "access-control-allow-origin").is_none());
    assert_error(&parse(res).await, 403, "ERR_FORBIDDEN_ORIGIN");
    let got = send(emu.http.post(emu.url("/demo/token")).json(&json!({"uid": "nobody"}))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.http.post(emu.url("/demo/token")).json(&json!({"uid": 5}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}
