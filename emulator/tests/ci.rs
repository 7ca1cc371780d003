//! The emulator in another project's CI, through the real binary: the ready line a script waits
//! for, the health route, and `--seed FILE.json` (its fixtures served; a bad file refused with
//! the line of each mistake, and nothing started).

mod common;

use std::path::Path;
use std::process::Command;

use common::bin::{spawn, terminate, BIN};
use common::{http_client, parse};
use reqwest::Method;
use serde_json::{json, Value};

const KEY: &str = "ci-test-key";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write seed file");
    path.to_str().expect("utf-8 path").to_string()
}

const FIXTURE: &str = r#"{
  "users": [
    { "uid": "ana", "name": "Ana Lima", "role": "admin", "tags": ["ops"], "status": "available",
      "metadata": { "team": "core" }, "avatar": "https://cdn.example.com/ana.png" },
    { "uid": "Ben", "name": "Ben Ode", "statusMessage": "on call" },
    { "uid": "cy", "name": "Cy" }
  ],
  "friends": [["ana", "ben"]],
  "blocks": [{ "blocker": "ana", "blocked": "cy" }],
  "tokens": [{ "uid": "ana", "authToken": "ana-ci-token" }, { "uid": "ben", "authToken": "ben_1.token" }]
}
"#;

#[tokio::test]
async fn the_ready_line_is_the_banners_last_and_says_everything_a_client_needs() {
    let mut p = spawn(&["serve", "--port", "0", "--memory", "--app-id", "ci-app", "--api-key", KEY]);
    let base = p.base.clone();
    let last = p.lines.last().expect("a banner");
    assert!(last.starts_with(r#"{"ready":true,"#), "{last}");
    assert_eq!(
        p.ready,
        json!({
            "ready": true,
            "url": base,
            "clientApi": format!("{base}/v3.0"),
            "adminApi": format!("{base}/v3"),
            "socket": format!("{}/ws", base.replacen("http", "ws", 1)),
            "health": format!("{base}/__emulator/health"),
            "appId": "ci-app",
            "apiKey": KEY,
            "pid": p.child.id(),
        })
    );
    // What it names works: the admin API with its key, the health route.
    let http = http_client();
    let admin = p.ready["adminApi"].as_str().expect("adminApi");
    let key = p.ready["apiKey"].as_str().expect("apiKey");
    let (s, b) = parse(
        http.post(format!("{admin}/users"))
            .header("apikey", key)
            .json(&json!({"uid":"x","name":"X"}))
            .send()
            .await
            .expect("post"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let health = p.ready["health"].as_str().expect("health").to_string();
    let (s, b) = parse(http.get(&health).send().await.expect("health")).await;
    assert_eq!((s, b), (200, json!({"status":"ok","appId":"ci-app","version":env!("CARGO_PKG_VERSION")})));
    // JSON for every other method too, never a bare 405.
    let (s, b) = parse(http.request(Method::POST, &health).send().await.expect("post health")).await;
    assert_eq!((s, b["error"]["code"].clone()), (405, json!("ERR_METHOD_NOT_ALLOWED")));
    assert!(terminate(&mut p).await);
}

#[tokio::test]
async fn the_health_route_is_not_shadowed_by_a_static_app_and_needs_no_credential() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>app</title>").expect("index");
    let mut p = spawn(&["serve", "--port", "0", "--memory", "--static", dir.path().to_str().expect("utf-8")]);
    let res = http_client().get(format!("{}/__emulator/health", p.base)).send().await.expect("health");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("application/json")));
    let b: Value = res.json().await.expect("json");
    assert_eq!(b["status"], "ok");
    assert!(terminate(&mut p).await);
}

#[tokio::test]
async fn a_seed_file_serves_its_users_friends_blocks_and_tokens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "fixtures.json", FIXTURE);
    let mut p = spawn(&["serve", "--port", "0", "--memory", "--api-key", KEY, "--seed", &file]);
    let http = http_client();
    let admin = |path: &str| http.get(format!("{}/v3/{path}", p.base)).header("apikey", KEY);

    let (s, ana) = parse(admin("users/ana").send().await.expect("ana")).await;
    assert_eq!(s, 200, "{ana}");
    let ana = &ana["data"];
    assert_eq!(
        (&ana["name"], &ana["role"], &ana["tags"], &ana["status"], &ana["metadata"], &ana["avatar"]),
        (
            &json!("Ana Lima"),
            &json!("admin"),
            &json!(["ops"]),
            &json!("available"),
            &json!({"team":"core"}),
            &json!("https://cdn.example.com/ana.png")
        )
    );
    let (s, ben) = parse(admin("users/ben").send().await.expect("ben")).await;
    assert_eq!((s, &ben["data"]["statusMessage"], &ben["data"]["status"]), (200, &json!("on call"), &json!("offline")));
    // Only what the file says: three users.
    let (_, all) = parse(admin("users").send().await.expect("list")).await;
    assert_eq!(all["meta"]["pagination"]["total"], 3, "{all}");

    // Its tokens log in as their users, on the client API.
    for (token, uid) in [("ana-ci-token", "ana"), ("ben_1.token", "ben")] {
        let (s, me) =
            parse(http.get(format!("{}/v3.0/me", p.base)).header("authtoken", token).send().await.expect("me")).await;
        assert_eq!((s, &me["data"]["uid"]), (200, &json!(uid)), "{me}");
    }
    // Friendship is mutual; the block is one way.
    let (_, friends) = parse(admin("users/ben/friends").send().await.expect("friends")).await;
    assert_eq!(
        friends["data"].as_array().map(|a| a.iter().map(|u| u["uid"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("ana")])
    );
    let (_, cy) = parse(
        http.get(format!("{}/v3.0/users/cy", p.base)).header("authtoken", "ana-ci-token").send().await.expect("cy"),
    )
    .await;
    assert_eq!((&cy["data"]["blockedByMe"], &cy["data"]["hasBlockedMe"]), (&json!(true), &json!(false)), "{cy}");
    assert!(terminate(&mut p).await);
}

#[tokio::test]
async fn a_seed_file_and_the_demo_together_the_files_user_wins_a_shared_uid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "fixtures.json", FIXTURE);
    // The demo directory has an "ana" of its own.
    let mut p = spawn(&["serve", "--port", "0", "--memory", "--api-key", KEY, "--seed", "demo", "--seed", &file]);
    assert!(p.lines.iter().any(|l| l.starts_with("demo login: ")), "{:?}", p.lines);
    let http = http_client();
    let get = |uid: &str| http.get(format!("{}/v3/users/{uid}", p.base)).header("apikey", KEY).send();
    let (_, ana) = parse(get("ana").await.expect("ana")).await;
    assert_eq!(ana["data"]["name"], "Ana Lima");
    let (_, alice) = parse(get("alice").await.expect("alice")).await;
    assert_eq!(alice["data"]["name"], "Alice Martin");
    let (s, me) =
        parse(http.get(format!("{}/v3.0/me", p.base)).header("authtoken", "ana-ci-token").send().await.expect("me"))
            .await;
    assert_eq!((s, &me["data"]["uid"]), (200, &json!("ana")));
    assert!(terminate(&mut p).await);
}

/// On a database file the seed runs at every start, and adds only what a new user brings: a
/// profile a test changed, and a token it revoked, stay so after a restart.
#[tokio::test]
async fn a_seed_file_on_a_database_file_leaves_what_tests_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "fixtures.json", FIXTURE);
    let db = dir.path().join("e.db");
    let args = ["serve", "--port", "0", "--db", db.to_str().expect("utf-8"), "--api-key", KEY, "--seed", &file];
    let http = http_client();

    let mut p = spawn(&args);
    let (s, b) = parse(
        http.put(format!("{}/v3/users/ana", p.base))
            .header("apikey", KEY)
            .json(&json!({"name":"Ana L."}))
            .send()
            .await
            .expect("put"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = parse(
        http.delete(format!("{}/v3/users/ben/auth_tokens/ben_1.token", p.base))
            .header("apikey", KEY)
            .send()
            .await
            .expect("revoke"),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert!(terminate(&mut p).await);

    let mut p = spawn(&args);
    let (_, ana) =
        parse(http.get(format!("{}/v3/users/ana", p.base)).header("apikey", KEY).send().await.expect("ana")).await;
    assert_eq!(ana["data"]["name"], "Ana L.");
    let me = |t: &'static str| http.get(format!("{}/v3.0/me", p.base)).header("authtoken", t).send();
    assert_eq!(me("ben_1.token").await.expect("me").status(), 401, "a revoked fixture token stays revoked");
    assert_eq!(me("ana-ci-token").await.expect("me").status(), 200);
    assert!(terminate(&mut p).await);

    // A new user whose fixture token is another user's already: refused, nothing served.
    let clash = write(
        dir.path(),
        "clash.json",
        r#"{"users":[{"uid":"dee","name":"Dee"}],"tokens":[{"uid":"dee","authToken":"ana-ci-token"}]}"#,
    );
    let out = Command::new(BIN)
        .args(["serve", "--port", "0", "--db", db.to_str().expect("utf-8"), "--seed", &clash])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "nothing started");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the fixture token of dee already belongs to another user"), "{err}");
}

/// Every mistake reported as FILE:LINE:COL, on stderr; nothing listens, no database is created.
#[test]
fn a_bad_seed_file_names_each_mistake_by_line_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(&str, &[&str]); 6] = [
        (
            r#"{
  "users": [
    { "uid": "ana", "name": "  " },
    { "uid": "ben", "name": "Ben", "statuMessage": "hi" },
    { "name": "No uid", "avatar": "javascript:alert(1)" },
    { "uid": "BEN", "name": "Ben again", "status": "away" }
  ],
  "friends": [["ben", "zed"], ["ben"]],
  "blocks": [{ "blocker": "ben", "blocked": "ben" }],
  "tokens": [{ "uid": "ben", "authToken": "has space" }]
}"#,
            &[
                ":3:29: users[0].name: name must not be blank",
                ":4:52: users[1]: unknown field \"statuMessage\"",
                ":5:5: users[2]: uid is required",
                ":5:35: users[2].avatar: avatar must be an absolute http or https URL",
                ":6:14: users[3].uid: \"ben\" is already the uid of users[1]",
                ":6:52: users[3].status: must be \"available\" or \"offline\"",
                ":8:23: friends[0][1]: \"zed\" is not a user of this file",
                ":8:31: friends[1]: must be a pair of uids",
                ":9:14: blocks[0]: a user cannot block themselves",
                ":10:43: tokens[0].authToken: must be 1 to 300 characters",
            ],
        ),
        ("{\n  \"users\": [\n    {\"uid\": \"a\", \"name\": \"A\"},\n  ]\n}\n", &[":4:3: expected value"]),
        ("[]", &[":1:1: expected an object, found '['"]),
        ("{\"users\": [],\n \"userz\": []}", &[":2:11: the file: unknown field \"userz\""]),
        ("{\"users\": {\"uid\": \"a\"}}", &[":1:11: users: must be an array"]),
        ("", &[":1:1: EOF while parsing a value"]),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = write(dir.path(), &format!("bad{i}.json"), text);
        let db = dir.path().join(format!("never{i}.db"));
        let out = Command::new(BIN)
            .args(["serve", "--port", "0", "--db", db.to_str().expect("utf-8"), "--seed", &file])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i}: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "case {i}: nothing started");
        assert!(!db.exists(), "case {i}: no database created");
        assert!(err.contains(&format!("error: --seed {file}: not a valid seed file")), "case {i}: {err}");
        for e in *expected {
            assert!(err.contains(&format!("{file}{e}")), "case {i}: {e:?} in\n{err}");
        }
        assert_eq!(err.lines().count(), 1 + expected.len(), "case {i}: one line per mistake:\n{err}");
    }
    // A file that is not there.
    let out = Command::new(BIN)
        .args(["serve", "--port", "0", "--memory", "--seed", "/no/such/seed.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed /no/such/seed.json: cannot read it"));
}
