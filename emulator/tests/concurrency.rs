//! 50 parallel clients update their profiles and block/unblock each other for a few seconds;
//! afterwards no request got a 5xx and the database agrees with what every client was told.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use cometchat_emulator::store::Location;
use cometchat_emulator::server::ServeOptions;
use common::{send, Emu, API_KEY};
use rand::RngExt;
use reqwest::Method;
use serde_json::{json, Value};

const CLIENTS: usize = 50;

struct Outcome {
    uid: String,
    token: String,
    name: String,
    blocked: BTreeSet<String>,
    requests: usize,
    server_errors: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_update_and_block_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emu = Emu::with(ServeOptions {
        api_key: Some(API_KEY.into()),
        location: Location::File(dir.path().join("conc.db")),
        ..Default::default()
    })
    .await;
    let mut tokens = Vec::new();
    for i in 0..CLIENTS {
        tokens.push(emu.user_with_token(&format!("c{i}"), &format!("Client {i}")).await);
    }
    let base = emu.base.clone();
    let deadline = Instant::now() + Duration::from_secs(4);
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().cloned().enumerate() {
        let http = emu.http.clone();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let uid = format!("c{i}");
            let mut out = Outcome { uid: uid.clone(), token: token.clone(), name: format!("Client {i}"), blocked: BTreeSet::new(), requests: 0, server_errors: Vec::new() };
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let (op, other) = {
                    let mut rng = rand::rng();
                    (rng.random_range(0..4u8), format!("c{}", rng.random_range(0..CLIENTS)))
                };
                let (method, path, body) = match op {
                    0 => (Method::PUT, "/v3.0/me", json!({"name": format!("Client {i} v{n}"), "metadata": {"n": n}, "tags": [format!("t{}", n % 7)]})),
                    1 => (Method::POST, "/v3.0/blockedusers", json!({"blockedUids": [other]})),
                    2 => (Method::DELETE, "/v3.0/blockedusers", json!({"blockedUids": [other]})),
                    _ => (Method::GET, "/v3.0/users?per_page=20&hideBlockedUsers=1&page=1", Value::Null),
                };
                let mut rb = http.request(method, format!("{base}{path}")).header("authToken", &token);
                if !body.is_null() {
                    rb = rb.json(&body);
                }
                let res = rb.send().await.expect("request");
                out.requests += 1;
                let status = res.status().as_u16();
                let text = res.text().await.unwrap_or_default();
                if status >= 500 {
                    out.server_errors.push(format!("{path}: {status} {text}"));
                    continue;
                }
                assert_eq!(status, 200, "{path}: {text}");
                match op {
                    0 => out.name = format!("Client {i} v{n}"),
                    1 if other != uid => {
                        out.blocked.insert(other);
                    }
                    2 => {
                        out.blocked.remove(&other);
                    }
                    _ => {}
                }
            }
            out
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("client task"));
    }
    let total: usize = outcomes.iter().map(|o| o.requests).sum();
    let errors: Vec<&String> = outcomes.iter().flat_map(|o| o.server_errors.iter()).collect();
    assert!(errors.is_empty(), "5xx responses: {errors:?}");
    assert!(total > 1000, "enough traffic: {total} requests");

    // The database matches what each client was told.
    let blocked_by: HashMap<String, BTreeSet<String>> =
        outcomes.iter().map(|o| (o.uid.clone(), o.blocked.clone())).collect();
    for o in &outcomes {
        let (s, me) = send(emu.client(Method::GET, "/me", &o.token)).await;
        assert_eq!(s, 200);
        assert_eq!(me["data"]["name"], o.name.as_str(), "{}", o.uid);
        let (s, b) = send(emu.client(Method::GET, "/blockedusers?per_page=100&page=1", &o.token)).await;
        assert_eq!(s, 200);
        let got: BTreeSet<String> = b["data"]
            .as_array()
            .map(|a| a.iter().filter_map(|u| u["uid"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        assert_eq!(got, o.blocked, "blocked list of {}", o.uid);
        let (_, b) =
            send(emu.client(Method::GET, "/blockedusers?per_page=100&direction=hasBlockedMe&page=1", &o.token)).await;
        let got: BTreeSet<String> = b["data"]
            .as_array()
            .map(|a| a.iter().filter_map(|u| u["uid"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        let want: BTreeSet<String> =
            blocked_by.iter().filter(|(_, set)| set.contains(&o.uid)).map(|(u, _)| u.clone()).collect();
        assert_eq!(got, want, "who blocked {}", o.uid);
    }
    emu.stop().await;
}
