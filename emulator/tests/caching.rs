//! Preflights are cached for 10 minutes; API answers are never stored by an HTTP cache.

mod common;

use cometchat_emulator::server::ServeOptions;
use common::{Emu, API_KEY};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::json;

fn header(res: &Response, name: &str) -> Option<String> {
    res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

async fn go(rb: RequestBuilder) -> Response {
    rb.header("Origin", "http://page.test").send().await.expect("request")
}

#[tokio::test]
async fn preflights_carry_max_age_600() {
    let emu = Emu::start().await;
    for (path, method) in [("/v3.0/me", "PUT"), ("/v3.0/users?per_page=10", "GET"), ("/v3/users", "POST")] {
        let res = go(emu
            .http
            .request(Method::OPTIONS, emu.url(path))
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "appid,authtoken,content-type,resource,sdk"))
        .await;
        assert!(res.status().is_success(), "{path}");
        assert_eq!(header(&res, "access-control-max-age").as_deref(), Some("600"), "{path}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn api_answers_are_no_store() {
    let emu = Emu::with(ServeOptions {
        api_key: Some(API_KEY.into()),
        rate_limit: Some(8),
        seed_demo: true,
        ..Default::default()
    })
    .await;
    let t = emu.token("alice").await;
    let client = [
        emu.client(Method::GET, "/me", &t),
        emu.client(Method::PUT, "/me", &t).json(&json!({"platform": "WEB"})),
        emu.client(Method::GET, "/users/bob", &t),
        emu.client(Method::GET, "/users?per_page=5", &t),
        emu.client(Method::GET, "/blockedusers", &t),
        emu.client(Method::GET, "/users/nobody", &t), // 404
        emu.http.get(emu.url("/v3.0/me")).header("authToken", "wrong"), // 401
        emu.client(Method::GET, "/me", &t),           // the 8th: still within the limit
    ];
    for rb in client {
        let res = go(rb).await;
        assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"), "{}", res.url());
        assert_eq!(header(&res, "access-control-allow-origin").as_deref(), Some("*"));
    }
    let res = go(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"), "the 429 too");
    let res = go(emu.admin(Method::GET, "/users/bob")).await;
    assert_eq!(header(&res, "cache-control").as_deref(), Some("no-store"), "admin answers too");
    // Avatars keep their own freshness.
    let res = go(emu.http.get(emu.url("/avatars/bob.svg"))).await;
    assert_eq!(header(&res, "cache-control").as_deref(), Some("public, max-age=3600"));
    emu.stop().await;
}
