//! CORS, --record-requests, --seed demo, avatars, --static, --tls.

mod common;

use cometchat_emulator::store::Location;
use cometchat_emulator::server::ServeOptions;
use common::{assert_error, send, Emu, API_KEY};
use reqwest::Method;
use serde_json::{json, Value};

fn opts() -> ServeOptions {
    ServeOptions { api_key: Some(API_KEY.into()), ..Default::default() }
}

#[tokio::test]
async fn cors_preflight_from_a_foreign_origin() {
    let emu = Emu::start().await;
    for (method, headers) in [
        ("PUT", "appid,authtoken,content-type,resource,sdk"),
        ("GET", "appid,content-type,resource,sdk"),
        ("POST", "apikey,appid,content-type,resource,sdk"),
        ("DELETE", "AppId, AuthToken, Content-Type, Resource, SDK"),
        ("PATCH", "authtoken"),
    ] {
        let res = emu
            .http
            .request(Method::OPTIONS, emu.url("/v3.0/me"))
            .header("Origin", "http://some-app.test:5173")
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers)
            .send()
            .await
            .expect("preflight");
        assert!(res.status().is_success(), "{method}: {}", res.status());
        let h = res.headers();
        let get = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        assert_eq!(get("access-control-allow-origin"), "*");
        assert!(get("access-control-allow-methods").contains(&method.to_ascii_lowercase()), "{method}");
        let allowed = get("access-control-allow-headers");
        for name in headers.split(',') {
            assert!(allowed.contains(&name.trim().to_ascii_lowercase()), "{name} in {allowed}");
        }
        assert!(get("access-control-max-age").parse::<u32>().is_ok_and(|s| s >= 600));
    }
    // Error responses carry CORS headers too, so the browser can read them.
    for path in ["/v3.0/users/nobody", "/v3.0/nope", "/v3/users"] {
        let res = emu.http.get(emu.url(path)).header("Origin", "http://some-app.test").send().await.expect("get");
        assert!(res.status().is_client_error());
        assert_eq!(res.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("*"), "{path}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn cors_origin_can_be_restricted() {
    let emu = Emu::with(ServeOptions { cors_origins: vec!["http://allowed.test".into()], ..opts() }).await;
    let pre = |origin: &'static str| {
        emu.http
            .request(Method::OPTIONS, emu.url("/v3.0/me"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authtoken")
            .send()
    };
    let ok = pre("http://allowed.test").await.expect("preflight");
    assert_eq!(
        ok.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()),
        Some("http://allowed.test")
    );
    let no = pre("http://evil.test").await.expect("preflight");
    assert!(no.headers().get("access-control-allow-origin").is_none());
    emu.stop().await;
}

#[tokio::test]
async fn record_requests_keeps_header_names_only() {
    let emu = Emu::with(ServeOptions { record_requests: true, ..opts() }).await;
    let t = emu.user_with_token("rec", "Rec").await;
    let (s, b) = send(emu.http.delete(emu.url("/__emulator/requests"))).await;
    assert_eq!((s, b["data"]["success"].clone()), (200, json!(true)));
    let res = emu
        .http
        .request(Method::OPTIONS, emu.url("/v3.0/users/rec"))
        .header("Origin", "http://page.test")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "appid,authtoken,resource,sdk")
        .send()
        .await
        .expect("preflight");
    assert!(res.status().is_success());
    let (s, _) = send(
        emu.client(Method::GET, "/users/rec?x=1", &t)
            .header("appId", "app")
            .header("sdk", "cometchat-wasm@0.1.0")
            .header("resource", "r1"),
    )
    .await;
    assert_eq!(s, 200);
    let (_, log) = send(emu.http.get(emu.url("/__emulator/requests"))).await;
    let entries = log["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "the log routes are not logged: {log}");
    assert_eq!(entries[0]["method"], "OPTIONS");
    assert_eq!(entries[0]["path"], "/v3.0/users/rec");
    let e = &entries[1];
    assert_eq!(e["method"], "GET");
    assert_eq!(e["path"], "/v3.0/users/rec");
    assert_eq!(e["query"], "x=1");
    assert_eq!(e["status"], 200);
    let names: Vec<&str> =
        e["headerNames"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    for n in ["appid", "authtoken", "resource", "sdk"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    assert!(!names.contains(&"apikey"));
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(!log.to_string().contains(&t), "no header values in the log");
    let (s, _) = send(emu.http.delete(emu.url("/__emulator/requests"))).await;
    assert_eq!(s, 200);
    let (_, log) = send(emu.http.get(emu.url("/__emulator/requests"))).await;
    assert_eq!(log["data"], json!([]));
    emu.stop().await;
}

#[tokio::test]
async fn seed_demo_login_and_avatars() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.db");
    let o = || ServeOptions { seed_demo: true, location: Location::File(path.clone()), ..opts() };
    let emu = Emu::with(o()).await;
    let (s, b) = send(emu.http.post(emu.url("/demo/login")).json(&json!({"uid": "Alice"}))).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["uid"], "alice");
    let t = b["data"]["authToken"].as_str().unwrap_or_default().to_string();
    let (s, users) = send(emu.client(Method::GET, "/users?per_page=100&withTags=1", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(users["meta"]["pagination"]["total"], 61, "62 demo users, the caller excluded");
    let all = users["data"].as_array().cloned().unwrap_or_default();
    assert!(all.iter().any(|u| u["name"].as_str().is_some_and(|n| !n.is_ascii())), "non-ASCII names");
    assert!(all.iter().any(|u| u["status"] == "available") && all.iter().any(|u| u["status"] == "offline"));
    let roles: std::collections::HashSet<&str> = all.iter().filter_map(|u| u["role"].as_str()).collect();
    assert!(roles.len() >= 2);
    // Varied "last active" times out of the box: bob 12 minutes ago, zoe never.
    let find = |uid: &str| all.iter().find(|u| u["uid"] == uid).cloned().unwrap_or_default();
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let bob_ago = now - find("bob")["lastActiveAt"].as_i64().unwrap_or(0);
    assert!((12 * 60 - 5..=12 * 60 + 60).contains(&bob_ago), "bob last active {bob_ago} s ago");
    assert!(find("zoe").get("lastActiveAt").is_none(), "zoe was never active");
    let avatar = all[0]["avatar"].as_str().unwrap_or_default().to_string();
    assert!(avatar.starts_with(&emu.base) && avatar.ends_with(".svg"), "{avatar}");
    let res = emu.http.get(&avatar).send().await.expect("avatar");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/svg+xml"));
    let svg = res.text().await.unwrap_or_default();
    assert!(svg.starts_with("<svg") && svg.contains("</svg>"));
    let got = send(emu.http.post(emu.url("/demo/login")).json(&json!({"uid": "nobody"}))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.http.post(emu.url("/demo/login")).json(&json!({}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    // A profile change survives a restart with the seed again (idempotent seeding).
    let (s, _) = send(emu.client(Method::PUT, "/me", &t).json(&json!({"statusMessage": "changed"}))).await;
    assert_eq!(s, 200);
    let api_key_1 = emu.running.as_ref().map(|r| r.api_key.clone());
    emu.stop().await;

    let emu = Emu::with(ServeOptions { api_key: None, ..o() }).await;
    assert_eq!(emu.running.as_ref().map(|r| r.api_key.clone()), api_key_1, "the stored API key is reused");
    let (s, b) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(s, 200, "tokens survive a restart");
    assert_eq!(b["data"]["statusMessage"], "changed");
    assert!(b["data"]["avatar"].as_str().is_some_and(|a| a.starts_with(&emu.base)), "avatar follows the new port");
    let (_, users) = send(emu.admin(Method::GET, "/users")).await;
    assert_eq!(users["meta"]["pagination"]["total"], 62);
    emu.stop().await;
}

#[tokio::test]
async fn static_dir_is_served_without_shadowing_the_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    std::fs::write(dir.path().join("app.js"), "console.log(1)").expect("write");
    let emu = Emu::with(ServeOptions { static_dir: Some(dir.path().to_path_buf()), ..opts() }).await;
    let root = emu.http.get(emu.url("/")).send().await.expect("get /");
    assert_eq!(root.status(), 200);
    assert!(root.text().await.unwrap_or_default().contains("<title>demo</title>"));
    let js = emu.http.get(emu.url("/app.js")).send().await.expect("get js");
    assert_eq!(js.text().await.unwrap_or_default(), "console.log(1)");
    // An app route falls back to index.html; a missing file is a 404, not HTML.
    let route = emu.http.get(emu.url("/profile/alice")).send().await.expect("get route");
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap_or_default().contains("<title>demo</title>"));
    let got = send(emu.http.get(emu.url("/assets/missing.js"))).await;
    assert_error(&got, 404, "ERR_NOT_FOUND");
    let got = send(emu.http.get(emu.url("/v3.0/nope"))).await;
    assert_error(&got, 404, "ERR_NOT_FOUND");
    let got = send(emu.http.get(emu.url("/v3.0/me"))).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let res = emu.http.get(emu.url("/avatars/someone.svg")).send().await.expect("avatar");
    assert_eq!(res.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/svg+xml"));
    emu.stop().await;
}

#[tokio::test]
async fn static_files_carry_a_strict_content_security_policy_and_the_api_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    std::fs::create_dir(dir.path().join("assets")).expect("mkdir");
    std::fs::write(dir.path().join("assets/app.js"), "console.log(1)").expect("write");
    let emu = Emu::with(ServeOptions { static_dir: Some(dir.path().to_path_buf()), seed_demo: true, ..opts() }).await;
    let csp = |res: &reqwest::Response| {
        res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).map(str::to_string)
    };
    let own = url::Url::parse(&emu.base).expect("base").origin().ascii_serialization();
    let expected = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; \
         img-src 'self' data: https: {own}; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    );
    // The page, a file of it, and an app route that falls back to the page.
    for path in ["/", "/index.html", "/assets/app.js", "/profile/alice"] {
        let res = emu.http.get(emu.url(path)).send().await.expect("get");
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(csp(&res).as_deref(), Some(expected.as_str()), "{path}");
    }
    // The APIs, the avatars and the demo backend answer as before, with no CSP of the page's.
    let t = emu.token("alice").await;
    let res = emu.client(Method::GET, "/me", &t).send().await.expect("me");
    assert_eq!(res.status(), 200);
    assert_eq!(csp(&res), None, "client API");
    let res = emu.http.get(emu.url("/v3.0/me")).send().await.expect("me");
    assert_eq!((res.status().as_u16(), csp(&res)), (401, None), "client API error");
    let res = emu.admin(Method::GET, "/users/alice").send().await.expect("admin");
    assert_eq!((res.status().as_u16(), csp(&res)), (200, None), "admin API");
    let res = emu.http.get(emu.url("/avatars/alice.svg")).send().await.expect("avatar");
    assert_eq!((res.status().as_u16(), csp(&res)), (200, None), "avatars");
    let res = emu.http.get(emu.url("/demo/token?uid=alice")).send().await.expect("token");
    assert_eq!((res.status().as_u16(), csp(&res)), (200, None), "demo backend");
    emu.stop().await;
}

#[tokio::test]
async fn tls_serves_https() {
    let emu = Emu::with(ServeOptions { tls: true, ..opts() }).await;
    assert!(emu.base.starts_with("https://127.0.0.1:"), "{}", emu.base);
    let t = emu.user_with_token("tls", "T").await;
    let (s, b) = send(emu.client(Method::PUT, "/me", &t).json(&json!({"platform": "WEB"}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["authToken"], t.as_str());
    emu.stop().await;
}
