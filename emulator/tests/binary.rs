//! The real binary: start-up lines, graceful SIGTERM, no token in its access log, and durability
//! across SIGKILL.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::bin::{launch, spawn, stop_and_read, Proc};
use common::{http_client, parse};
use reqwest::Method;
use serde_json::{json, Value};

const KEY: &str = "binary-test-key";

fn serve_file(db: &Path) -> Proc {
    let db = db.to_str().expect("utf-8 path");
    spawn(&["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--api-key", KEY])
}

#[tokio::test]
async fn banner_and_graceful_sigterm() {
    let mut p = spawn(&["serve", "--port", "0", "--memory", "--app-id", "my-app", "--api-key", KEY]);
    assert!(p.base.starts_with("http://127.0.0.1:"), "{:?}", p.lines);
    let port: u16 = p.base.rsplit(':').next().and_then(|s| s.parse().ok()).expect("port");
    assert!(port > 0);
    assert_eq!(p.lines[1], "app id: my-app");
    assert_eq!(p.lines[2], format!("api key: {KEY}"));
    assert_eq!(p.lines[3], format!("client api: {}/v3.0", p.base));
    assert_eq!(p.lines[4], format!("admin api: {}/v3", p.base));
    assert_eq!(p.lines[5], format!("socket: {}/ws", p.base.replacen("http", "ws", 1)));

    let http = http_client();
    let (s, b) = parse(
        http.post(format!("{}/v3/users", p.base))
            .header("apikey", KEY)
            .json(&json!({"uid":"b1","name":"B"}))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(s, 200, "{b}");

    let pid = p.child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(code) = p.child.try_wait().expect("wait") {
            assert!(code.success(), "clean exit on SIGTERM: {code}");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The access log (on at the default `info`) shows the admin token routes with the token masked,
/// and no token anywhere: not from the path, the query or a header.
#[tokio::test]
async fn the_access_log_never_shows_a_token() {
    let out: Arc<Mutex<String>> = Arc::default();
    let mut p = launch(&["serve", "--port", "0", "--memory", "--api-key", KEY], "info", Some(out.clone()));
    let http = http_client();
    let admin = |method: Method, path: &str| http.request(method, format!("{}{path}", p.base)).header("apikey", KEY);
    let (s, b) =
        parse(admin(Method::POST, "/v3/users").json(&json!({"uid":"logged","name":"L"})).send().await.expect("create"))
            .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = parse(admin(Method::POST, "/v3/users/logged/auth_tokens").send().await.expect("mint")).await;
    assert_eq!(s, 200, "{b}");
    let t = b["data"]["authToken"].as_str().expect("authToken").to_string();
    let at = format!("/users/logged/auth_tokens/{t}");
    for path in [format!("/v3{at}"), format!("/v3.0{at}")] {
        let (s, b) = parse(admin(Method::GET, &path).send().await.expect("get token")).await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, b) = parse(
        http.get(format!("{}/v3.0/me?authToken={t}", p.base))
            .header("authtoken", &t)
            .header("Authorization", format!("Bearer {t}"))
            .header("Cookie", format!("session={t}"))
            .send()
            .await
            .expect("me"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = parse(admin(Method::DELETE, &format!("/v3{at}")).send().await.expect("delete token")).await;
    assert_eq!(s, 200, "{b}");

    let printed = stop_and_read(&mut p, &out).await;
    assert!(!printed.contains(&t), "a token in the output:\n{printed}");
    for line in [
        "GET /v3/users/logged/auth_tokens/[redacted] 200",
        "GET /v3.0/users/logged/auth_tokens/[redacted] 200",
        "GET /v3.0/me 200",
        "DELETE /v3/users/logged/auth_tokens/[redacted] 200",
    ] {
        assert!(printed.contains(line), "the access log has {line:?}:\n{printed}");
    }
}

/// Even at `RUST_LOG=trace` (and with the WebSocket library asked for by name), no JWT is
/// printed: not the login's answer, not the socket's auth frame, not a JWT put in a socket path.
#[tokio::test]
async fn the_logs_never_show_a_jwt_even_at_trace() {
    let out: Arc<Mutex<String>> = Arc::default();
    let mut p = launch(
        &["serve", "--port", "0", "--memory", "--api-key", KEY],
        "trace,tungstenite=trace,tungstenite::protocol::frame=trace",
        Some(out.clone()),
    );
    let http = http_client();
    let (s, b) = parse(
        http.post(format!("{}/v3/users", p.base))
            .header("apikey", KEY)
            .json(&json!({"uid":"logged","name":"L","withAuthToken":true}))
            .send()
            .await
            .expect("create"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let t = b["data"]["authToken"].as_str().expect("authToken").to_string();
    let (s, b) = parse(
        http.put(format!("{}/v3.0/me", p.base))
            .header("authtoken", &t)
            .json(&json!({"platform":"javascript","deviceId":"d"}))
            .send()
            .await
            .expect("login"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let jwt = b["data"]["jwt"].as_str().expect("jwt").to_string();
    let ws_base = p.base.replacen("http", "ws", 1);
    for path in ["/ws:1".to_string(), format!("/ws/{jwt}")] {
        let mut sock = common::ws::connect(&format!("{ws_base}{path}")).await;
        let frame = common::ws::auth_frame("cometchat-emulator-app", "logged", &jwt, "tab", Some("ALL_USERS"), None);
        assert_eq!(sock.auth(&frame).await["body"]["code"], "200");
        sock.nothing_queued().await;
        sock.close().await;
    }

    let printed = stop_and_read(&mut p, &out).await;
    let hex: String = jwt.bytes().map(|b| format!("{b:02x}")).collect();
    let secret = &jwt[4..];
    assert!(!printed.contains(secret) && !printed.contains(&hex[8..]), "a JWT in the output:\n{printed}");
    assert!(printed.contains("GET /ws:1 101") && printed.contains("GET /ws/[redacted] 101"), "{printed}");
}

#[tokio::test]
async fn bad_flags_fail_fast() {
    let out = Command::new(env!("CARGO_BIN_EXE_cometchat-emulator"))
        .args(["serve", "--memory", "--db", "x.db"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_cometchat-emulator"))
        .args(["serve", "--memory", "--port", "0", "--static", "/definitely/not/here"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    for n in ["0", "-1", "many"] {
        let out = Command::new(env!("CARGO_BIN_EXE_cometchat-emulator"))
            .args(["serve", "--memory", "--port", "0", "--rate-limit", n])
            .output()
            .expect("run");
        assert!(!out.status.success(), "--rate-limit {n}");
    }
}

/// Writers hammer the server; it is SIGKILLed mid-flight; every acknowledged write must be there
/// after a restart on the same file.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("durable.db");
    let mut p = serve_file(&db);
    let base = p.base.clone();
    let http = http_client();

    const WRITERS: usize = 8;
    // Per writer: acknowledged created uids, and (token, last acknowledged counter).
    let created: Arc<Mutex<Vec<String>>> = Arc::default();
    let counters: Arc<Mutex<Vec<(String, String, i64)>>> = Arc::default();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (http, base, created, counters) = (http.clone(), base.clone(), created.clone(), counters.clone());
        tasks.push(tokio::spawn(async move {
            let me = format!("writer{w}");
            let r = http
                .post(format!("{base}/v3/users"))
                .header("apikey", KEY)
                .json(&json!({"uid": me, "name": me, "withAuthToken": true}))
                .send()
                .await;
            let Ok(r) = r else { return };
            let Ok(b) = r.json::<Value>().await else { return };
            let Some(token) = b["data"]["authToken"].as_str().map(String::from) else { return };
            let slot = {
                let mut c = counters.lock().unwrap_or_else(|e| e.into_inner());
                c.push((me.clone(), token.clone(), -1));
                c.len() - 1
            };
            for i in 0.. {
                // A new user...
                let uid = format!("w{w}_{i}");
                let r = http
                    .post(format!("{base}/v3/users"))
                    .header("apikey", KEY)
                    .json(&json!({"uid": uid, "name": format!("User {i}")}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 200 => created.lock().unwrap_or_else(|e| e.into_inner()).push(uid),
                    Ok(r) => panic!("unexpected status {}", r.status()),
                    Err(_) => return, // the server died
                }
                // ...and a profile update carrying a counter.
                let r = http
                    .put(format!("{base}/v3.0/me"))
                    .header("authtoken", &token)
                    .json(&json!({"metadata": {"n": i}}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 200 => {
                        counters.lock().unwrap_or_else(|e| e.into_inner())[slot].2 = i;
                    }
                    Ok(r) => panic!("unexpected status {}", r.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    p.child.kill().expect("SIGKILL"); // SIGKILL on Unix
    let _ = p.child.wait();
    for t in tasks {
        t.await.expect("writer task did not panic");
    }
    let created = created.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let counters = counters.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(created.len() > 100, "enough writes happened before the kill: {}", created.len());

    let mut p2 = serve_file(&db);
    let base = p2.base.clone();
    // Every acknowledged user is there: list them all.
    let mut stored = std::collections::HashSet::new();
    for page in 1.. {
        let (s, b) = parse(
            http.get(format!("{base}/v3/users?perPage=1000&page={page}"))
                .header("apikey", KEY)
                .send()
                .await
                .expect("list"),
        )
        .await;
        assert_eq!(s, 200);
        let items = b["data"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        stored.extend(items.iter().filter_map(|u| u["uid"].as_str().map(String::from)));
    }
    let missing: Vec<&String> = created.iter().filter(|u| !stored.contains(*u)).collect();
    assert!(missing.is_empty(), "lost acknowledged creates: {missing:?}");
    // Every acknowledged update is there (or the one in flight at the kill, which may have committed).
    for (uid, token, last) in counters {
        let (s, b) =
            parse(http.get(format!("{base}/v3.0/me")).header("authtoken", &token).send().await.expect("me")).await;
        assert_eq!(s, 200, "token of {uid} survived");
        let n = b["data"]["metadata"]["n"].as_i64().unwrap_or(-1);
        assert!(n == last || n == last + 1, "{uid}: stored counter {n}, last acknowledged {last}");
    }
    let _ = p2.child.kill();
    let _ = p2.child.wait();
}
