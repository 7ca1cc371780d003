//! Client API (`authToken`): every endpoint, its errors and the authorization matrix.

mod common;

use common::{assert_error, send, Emu};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn login_get_me_update_logout() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("Me1", "Me One").await;
    assert!(t.starts_with("me1_"), "token shape: {t}");

    // Login / device registration.
    let login = json!({"platform":"WEB","deviceId":"dev-1","appInfo":{"version":"v4.2.0","apiVersion":"v3.0","userAgent":"UA"}});
    let (s, b) = send(emu.client(Method::PUT, "/me", &t).json(&login)).await;
    assert_eq!(s, 200, "{b}");
    let d = &b["data"];
    assert_eq!(d["uid"], "me1");
    // A login alone is not presence: a user is online while they have an authenticated socket
    // (tests/presence.rs).
    assert_eq!(d["status"], "offline");
    assert_eq!(d["authToken"], t.as_str());
    assert_eq!(d["role"], "default");
    assert!(d["lastActiveAt"].as_i64().is_some_and(|x| x > 1_600_000_000));
    // The socket's credential and the settings that point at this emulator (tests/socket.rs).
    assert!(d["jwt"].as_str().is_some_and(|j| j.starts_with("jwt.")), "{d}");
    assert!(d["settings"]["CHAT_HOST"].is_string(), "{d}");
    assert_eq!(d["hasBlockedMe"], false);
    assert_eq!(d["blockedByMe"], false);
    for absent in ["avatar", "link", "metadata", "statusMessage", "tags", "deactivatedAt"] {
        assert!(d.get(absent).is_none(), "{absent} should be omitted: {d}");
    }
    // The device info landed on the token.
    let (_, tok) = send(emu.admin(Method::GET, &format!("/users/me1/auth_tokens/{t}"))).await;
    assert_eq!(tok["data"]["platform"], "WEB");
    assert_eq!(tok["data"]["userAgent"], "UA");
    assert_eq!(tok["data"]["appInfo"]["apiVersion"], "v3.0");

    // Profile update, with the server-owned fields the official SDK sends: all ignored.
    let upd = json!({
        "hasBlockedMe": true, "blockedByMe": true, "deactivatedAt": 5, "uid": "someone-else",
        "role": "admin", "status": "offline", "lastActiveAt": 1,
        "name": "Zoë Ångström", "avatar": "https://x.test/a.png", "link": "http://127.0.0.1/p",
        "metadata": {"@private": {"email": "a@b.c"}, "n": 1}, "statusMessage": "busy", "tags": ["a", "b"]
    });
    let (s, b) = send(emu.client(Method::PUT, "/me", &t).json(&upd)).await;
    assert_eq!(s, 200, "{b}");
    let d = &b["data"];
    assert_eq!(d["uid"], "me1");
    assert_eq!(d["role"], "default");
    assert_eq!(d["status"], "offline", "the body's status is ignored");
    assert!(d.get("jwt").is_none() && d.get("settings").is_none(), "a profile update is not a login: {d}");
    assert_eq!(d["hasBlockedMe"], false);
    assert!(d.get("deactivatedAt").is_none());
    assert!(d["lastActiveAt"].as_i64().is_some_and(|x| x > 1));
    assert_eq!(d["name"], "Zoë Ångström");
    assert_eq!(d["avatar"], "https://x.test/a.png");
    assert_eq!(d["link"], "http://127.0.0.1/p");
    assert_eq!(d["metadata"], json!({"@private": {"email": "a@b.c"}, "n": 1}));
    assert_eq!(d["statusMessage"], "busy");
    assert_eq!(d["tags"], json!(["a", "b"]));
    assert_eq!(d["authToken"], t.as_str());
    assert!(d["updatedAt"].as_i64().is_some());
    // The other user was not touched and no user "someone-else" appeared.
    let (s, _) = send(emu.admin(Method::GET, "/users/someone-else")).await;
    assert_eq!(s, 404);

    // null clears the clearable fields.
    let (s, b) = send(
        emu.client(Method::PUT, "/me", &t)
            .json(&json!({"avatar": null, "link": null, "metadata": null, "statusMessage": null, "tags": null})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    for gone in ["avatar", "link", "metadata", "statusMessage", "tags"] {
        assert!(b["data"].get(gone).is_none(), "{gone} cleared: {}", b["data"]);
    }
    assert_eq!(b["data"]["name"], "Zoë Ångström");

    // GET me.
    let (s, b) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["uid"], "me1");
    assert_eq!(b["data"]["authToken"], t.as_str());

    // Logout: offline, and the token stays valid.
    let (s, b) = send(emu.client(Method::DELETE, "/me", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["success"], true);
    assert!(b["data"]["message"].as_str().is_some());
    let (s, b) = send(emu.client(Method::GET, "/users/me1", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["status"], "offline");
    emu.stop().await;
}

#[tokio::test]
async fn empty_put_me_is_a_no_op_update() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("u1", "U One").await;
    let (s, b) = send(emu.client(Method::PUT, "/me", &t)).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["name"], "U One");
    assert_eq!(b["data"]["authToken"], t.as_str());
    let (s, b) = send(emu.client(Method::PUT, "/me", &t).json(&json!({"name": null}))).await;
    let e = assert_error(&(s, b), 400, "ERR_BAD_REQUEST");
    assert!(e["details"]["name"].is_string());
    emu.stop().await;
}

#[tokio::test]
async fn get_user_case_insensitive_and_not_found() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("Viewer", "V").await;
    emu.create_user("MixedCase_1", "Mixed").await;
    let (s, b) = send(emu.client(Method::GET, "/users/MIXEDcase_1", &t)).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["uid"], "mixedcase_1");
    assert_eq!(b["data"]["name"], "Mixed");
    assert!(b["data"]["createdAt"].as_i64().is_some());
    assert!(b["data"].get("authToken").is_none(), "no token for other users");

    let got = send(emu.client(Method::GET, "/users/nobody", &t)).await;
    let e = assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    assert!(e["message"].as_str().unwrap_or("").contains("nobody"));

    // A uid that breaks the rule is a 400 naming the uid.
    let got = send(emu.client(Method::GET, "/users/a%20b", &t)).await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    assert!(e["details"]["uid"].is_string());
    let long = "a".repeat(101);
    let got = send(emu.client(Method::GET, &format!("/users/{long}"), &t)).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}

#[tokio::test]
async fn authorization_matrix() {
    let emu = Emu::start().await;
    let ta = emu.user_with_token("usera", "A").await;
    let tb = emu.user_with_token("userb", "B").await;

    // No token on a client route.
    let got = send(emu.http.get(emu.url("/v3.0/users/usera"))).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let got = send(emu.http.put(emu.url("/v3.0/me")).json(&json!({"name": "x"}))).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    // Empty / bad token.
    let got = send(emu.client(Method::GET, "/me", "")).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let got = send(emu.client(Method::GET, "/me", "usera_nope")).await;
    let e = assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    assert!(!e.to_string().contains("usera_nope"), "the token is not echoed");
    // Header names are case-insensitive.
    let (s, _) = send(emu.http.get(emu.url("/v3.0/me")).header("AUTHTOKEN", &ta)).await;
    assert_eq!(s, 200);

    // Deleted token.
    let tmp = emu.token("usera").await;
    let (s, _) = send(emu.client(Method::GET, "/me", &tmp)).await;
    assert_eq!(s, 200);
    let (s, _) = send(emu.admin(Method::DELETE, &format!("/users/usera/auth_tokens/{tmp}"))).await;
    assert_eq!(s, 200);
    let got = send(emu.client(Method::GET, "/me", &tmp)).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let (s, _) = send(emu.client(Method::GET, "/me", &ta)).await;
    assert_eq!(s, 200, "other tokens of the user survive");

    // Deactivated user: refused; reactivated: accepted again.
    let (s, b) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["userB"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["deactivatedUids"], json!(["userb"]));
    let got = send(emu.client(Method::GET, "/me", &tb)).await;
    assert_error(&got, 401, "ERR_USER_DEACTIVATED");
    let got = send(emu.client(Method::PUT, "/me", &tb).json(&json!({"name": "x"}))).await;
    assert_error(&got, 401, "ERR_USER_DEACTIVATED");
    // Others still see the deactivated user, with deactivatedAt.
    let (s, b) = send(emu.client(Method::GET, "/users/userb", &ta)).await;
    assert_eq!(s, 200);
    assert!(b["data"]["deactivatedAt"].as_i64().is_some());
    let (s, b) = send(emu.admin(Method::PUT, "/users").json(&json!({"uidsToActivate": ["userb"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["reactivatedUids"], json!(["userb"]));
    let (s, b) = send(emu.client(Method::GET, "/me", &tb)).await;
    assert_eq!(s, 200);
    assert!(b["data"].get("deactivatedAt").is_none());

    // A client token on admin routes.
    let got =
        send(emu.http.post(emu.url("/v3/users")).header("authToken", &ta).json(&json!({"uid":"x","name":"x"}))).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    let got = send(emu.http.post(emu.url("/v3.0/users/usera/auth_tokens")).header("authToken", &ta)).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    let got =
        send(emu.http.put(emu.url("/v3/users/userb")).header("authToken", &ta).json(&json!({"name":"pwned"}))).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    let got = send(emu.http.delete(emu.url("/v3/users/userb")).header("authToken", &ta)).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    // An API key on client-only routes.
    let got =
        send(emu.http.put(emu.url("/v3.0/me")).header("apiKey", common::API_KEY).json(&json!({"name":"x"}))).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let got = send(emu.http.get(emu.url("/v3.0/blockedusers")).header("apiKey", common::API_KEY)).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    // Both credentials.
    let got = send(emu.client(Method::GET, "/users/usera", &ta).header("apiKey", common::API_KEY)).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    // Wrong API key, no API key on an admin-only route.
    let got = send(emu.http.get(emu.url("/v3/users")).header("apiKey", "wrong")).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    let got = send(emu.http.post(emu.url("/v3/users")).json(&json!({"uid":"x","name":"x"}))).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");

    // User A cannot change user B: PUT me only ever edits the caller.
    let (s, b) = send(emu.client(Method::PUT, "/me", &ta).json(&json!({"uid": "userb", "name": "Changed by A"}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["uid"], "usera");
    let (_, b) = send(emu.admin(Method::GET, "/users/userb")).await;
    assert_eq!(b["data"]["name"], "B");
    let (_, b) = send(emu.admin(Method::GET, "/users/usera")).await;
    assert_eq!(b["data"]["name"], "Changed by A");
    emu.stop().await;
}

#[tokio::test]
async fn put_me_field_rules_both_sides_of_each_limit() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("limits", "L").await;
    let ok = |v: Value| v;
    let base = "https://x.test/";
    let url_ok = format!("{base}{}", "a".repeat(3000 - base.len()));
    let url_bad = format!("{base}{}", "a".repeat(3001 - base.len()));
    let tags25: Vec<String> = (0..25).map(|i| format!("t{i}")).collect();
    let tags26: Vec<String> = (0..26).map(|i| format!("t{i}")).collect();
    let cases: Vec<(Value, bool, &str)> = vec![
        (ok(json!({"name": "é".repeat(100)})), true, "name"),
        (json!({"name": "é".repeat(101)}), false, "name"),
        (json!({"name": "   "}), false, "name"),
        (json!({"name": 5}), false, "name"),
        (json!({"metadata": {"k": "x".repeat(5112)}}), true, "metadata"),
        (json!({"metadata": {"k": "x".repeat(5113)}}), false, "metadata"),
        (json!({"metadata": "{}"}), false, "metadata"),
        (json!({"metadata": [1]}), false, "metadata"),
        (json!({"tags": tags25}), true, "tags"),
        (json!({"tags": tags26}), false, "tags"),
        (json!({"tags": ["é".repeat(100)]}), true, "tags"),
        (json!({"tags": ["é".repeat(101)]}), false, "tags"),
        (json!({"tags": "x"}), false, "tags"),
        (json!({"avatar": url_ok.clone()}), true, "avatar"),
        (json!({"avatar": url_bad.clone()}), false, "avatar"),
        (json!({"avatar": "javascript:alert(1)"}), false, "avatar"),
        (json!({"link": url_ok.clone()}), true, "link"),
        (json!({"link": url_bad}), false, "link"),
        (json!({"link": "ftp://x.test/"}), false, "link"),
        (json!({"statusMessage": "s".repeat(1000)}), true, "statusMessage"),
        (json!({"statusMessage": "s".repeat(1001)}), false, "statusMessage"),
        (json!({"statusMessage": 1}), false, "statusMessage"),
    ];
    for (body, accepted, field) in cases {
        let (s, b) = send(emu.client(Method::PUT, "/me", &t).json(&body)).await;
        if accepted {
            assert_eq!(s, 200, "{field} should be accepted: {b}");
            assert!(b["data"].get(field).is_some(), "{field} echoed");
        } else {
            assert_eq!(s, 400, "{field} should be refused: {b}");
            assert_eq!(b["error"]["code"], "ERR_BAD_REQUEST");
            assert!(b["error"]["details"][field].is_string(), "details name {field}: {b}");
        }
    }
    // Several bad fields: each named; nothing written.
    let (s, b) =
        send(emu.client(Method::PUT, "/me", &t).json(&json!({"name": "", "tags": 3, "avatar": "x", "link": "y"})))
            .await;
    assert_eq!(s, 400);
    for f in ["name", "tags", "avatar", "link"] {
        assert!(b["error"]["details"][f].is_string(), "{f} in {b}");
    }
    let (_, b) = send(emu.client(Method::GET, "/me", &t)).await;
    assert_eq!(b["data"]["name"], "é".repeat(100), "a refused update writes nothing");
    emu.stop().await;
}

#[tokio::test]
async fn malformed_bodies_are_400_json() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("bodies", "B").await;
    let raw = |body: &'static str, ct: Option<&'static str>| {
        let mut rb = emu.client(Method::PUT, "/me", &t).body(body);
        if let Some(ct) = ct {
            rb = rb.header("content-type", ct);
        }
        rb
    };
    for (body, ct) in [
        ("{", Some("application/json")),
        ("{\"name\":", Some("application/json")),
        ("[1,2]", Some("application/json")),
        ("\"str\"", Some("application/json")),
        ("null", Some("application/json")),
        ("name=x", Some("application/x-www-form-urlencoded")),
        ("{\"name\":\"x\"}", Some("text/plain")),
        ("{\"name\":\"x\"}", None),
        ("\u{0}\u{1}", Some("application/json")),
    ] {
        let got = send(raw(body, ct)).await;
        assert_error(&got, 400, "ERR_BAD_REQUEST");
    }
    // JSON with a charset parameter is fine.
    let (s, _) = send(raw("{\"name\":\"ok\"}", Some("application/json; charset=utf-8"))).await;
    assert_eq!(s, 200);
    // Invalid UTF-8 in a JSON body.
    let got = send(
        emu.client(Method::PUT, "/me", &t)
            .header("content-type", "application/json")
            .body(vec![b'{', b'"', 0xff, b'"', b':', b'1', b'}']),
    )
    .await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}

#[tokio::test]
async fn body_limit_64k() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("big", "Big").await;
    let make = |total: usize| {
        let head = "{\"name\":\"Big\"}";
        let mut s = String::from(head);
        s.push_str(&" ".repeat(total - head.len()));
        s
    };
    let (s, b) =
        send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body(make(65536))).await;
    assert_eq!(s, 200, "exactly 64 KB is accepted: {b}");
    let got =
        send(emu.client(Method::PUT, "/me", &t).header("content-type", "application/json").body(make(65537))).await;
    assert_error(&got, 413, "ERR_TOO_LARGE");
    let got =
        send(emu.admin(Method::POST, "/users").header("content-type", "application/json").body(make(200_000))).await;
    assert_error(&got, 413, "ERR_TOO_LARGE");
    emu.stop().await;
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("routes", "R").await;
    for path in ["/nope", "/v3.0/nope", "/v3/nope/deeper", "/v3.0/me/", "/v3.0", "/v4/users"] {
        let got = send(emu.http.get(emu.url(path)).header("authToken", &t)).await;
        assert_error(&got, 404, "ERR_NOT_FOUND");
    }
    let got = send(emu.http.patch(emu.url("/v3.0/me")).header("authToken", &t)).await;
    assert_error(&got, 405, "ERR_METHOD_NOT_ALLOWED");
    let got = send(emu.http.post(emu.url("/v3.0/users/routes")).header("authToken", &t)).await;
    assert_error(&got, 405, "ERR_METHOD_NOT_ALLOWED");
    let got = send(emu.http.get(emu.url("/avatars/x.png"))).await;
    assert_error(&got, 404, "ERR_NOT_FOUND");
    // /demo/login only exists with --seed demo.
    let got = send(emu.http.post(emu.url("/demo/login")).json(&json!({"uid": "routes"}))).await;
    assert_error(&got, 404, "ERR_NOT_FOUND");
    // The request log only exists with --record-requests.
    let got = send(emu.http.get(emu.url("/__emulator/requests"))).await;
    assert_error(&got, 404, "ERR_NOT_FOUND");
    emu.stop().await;
}

#[tokio::test]
async fn both_prefixes_serve_both_apis() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("prefix", "P").await;
    let (s, _) = send(emu.http.get(emu.url("/v3/me")).header("authToken", &t)).await;
    assert_eq!(s, 200);
    let (s, _) = send(emu.http.get(emu.url("/v3.0/users")).header("apiKey", common::API_KEY)).await;
    assert_eq!(s, 200);
    emu.stop().await;
}

#[tokio::test]
async fn user_sessions_echoes_or_makes_a_session_id() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("sess", "S").await;
    let body = json!({"sessionId": "abc123", "data": {"integrationSource": "manual"}, "generatedAt": 1});
    let (s, b) = send(emu.client(Method::POST, "/user_sessions", &t).json(&body)).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["sessionId"], "abc123");
    let (s, b) = send(emu.client(Method::POST, "/user_sessions", &t)).await;
    assert_eq!(s, 200);
    assert!(b["data"]["sessionId"].as_str().is_some_and(|x| x.len() == 64));
    let got = send(emu.client(Method::POST, "/user_sessions", &t).json(&json!({"sessionId": 5}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(emu.http.post(emu.url("/v3.0/user_sessions")).json(&body)).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    emu.stop().await;
}

#[tokio::test]
async fn last_active_at_follows_authenticated_requests() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("active", "A").await;
    let (_, b) = send(emu.admin(Method::GET, "/users/active")).await;
    assert!(b["data"].get("lastActiveAt").is_none(), "never active yet");
    let before = cometchat_emulator::model::now();
    let (s, _) = send(emu.client(Method::GET, "/users/active", &t)).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.admin(Method::GET, "/users/active")).await;
    assert!(b["data"]["lastActiveAt"].as_i64().is_some_and(|x| x >= before), "{b}");
    emu.stop().await;
}

/// Why a token stopped working: its user deactivated, its user deleted, or the token revoked.
mod session_end {
    use super::*;

    #[tokio::test]
    async fn a_deactivated_users_token_is_401_user_deactivated_until_reactivated() {
        let emu = Emu::start().await;
        let t = emu.user_with_token("Sleeper", "S").await;
        let (s, _) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["sleeper"]}))).await;
        assert_eq!(s, 200);
        for req in [
            emu.client(Method::GET, "/me", &t),
            emu.client(Method::GET, "/users", &t),
            emu.client(Method::GET, "/users/sleeper", &t),
            emu.client(Method::PUT, "/me", &t).json(&json!({"name": "x"})),
        ] {
            let e = assert_error(&send(req).await, 401, "ERR_USER_DEACTIVATED");
            assert_eq!(e["message"], "The user sleeper is deactivated.");
            assert!(!e.to_string().contains(&t), "the token is not echoed");
        }
        // Reactivated: the same token works again.
        let (s, _) = send(emu.admin(Method::PUT, "/users").json(&json!({"uidsToActivate": ["sleeper"]}))).await;
        assert_eq!(s, 200);
        let (s, b) = send(emu.client(Method::GET, "/me", &t)).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["data"]["uid"], "sleeper");
        emu.stop().await;
    }

    #[tokio::test]
    async fn a_deleted_users_tokens_are_401_uid_not_found() {
        let emu = Emu::start().await;
        let t1 = emu.user_with_token("Gone", "G").await;
        let t2 = emu.token("gone").await;
        let other = emu.user_with_token("stays", "S").await;
        let (s, _) = send(emu.admin(Method::DELETE, "/users/GONE")).await;
        assert_eq!(s, 200);
        for t in [&t1, &t2] {
            let e = assert_error(&send(emu.client(Method::GET, "/me", t)).await, 401, "ERR_UID_NOT_FOUND");
            assert_eq!(e["message"], "The user gone does not exist.");
            let got = send(emu.client(Method::PUT, "/me", t).json(&json!({"name": "x"}))).await;
            assert_error(&got, 401, "ERR_UID_NOT_FOUND");
        }
        // Looking the deleted user up is still a 404, for the admin and for another client.
        let got = send(emu.client(Method::GET, "/users/gone", &other)).await;
        assert_error(&got, 404, "ERR_UID_NOT_FOUND");
        let got = send(emu.admin(Method::GET, "/users/gone")).await;
        assert_error(&got, 404, "ERR_UID_NOT_FOUND");
        // A deactivated user deleted afterwards counts as deleted.
        let t3 = emu.user_with_token("dozed", "D").await;
        let (s, _) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["dozed"]}))).await;
        assert_eq!(s, 200);
        let (s, _) = send(emu.admin(Method::DELETE, "/users/dozed")).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &t3)).await, 401, "ERR_UID_NOT_FOUND");
        emu.stop().await;
    }

    #[tokio::test]
    async fn a_user_created_again_with_the_same_uid_does_not_accept_the_old_token() {
        let emu = Emu::start().await;
        let old = emu.user_with_token("phoenix", "Old").await;
        let (s, _) = send(emu.admin(Method::DELETE, "/users/phoenix")).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &old)).await, 401, "ERR_UID_NOT_FOUND");
        let new = emu.user_with_token("Phoenix", "New").await;
        let got = send(emu.client(Method::GET, "/me", &old)).await;
        assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        let (s, b) = send(emu.client(Method::GET, "/me", &new)).await;
        assert_eq!((s, b["data"]["name"].as_str()), (200, Some("New")), "{b}");
        // Deleted again: both tokens are the deleted user's now.
        let (s, _) = send(emu.admin(Method::DELETE, "/users/phoenix")).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &new)).await, 401, "ERR_UID_NOT_FOUND");
        assert_error(&send(emu.client(Method::GET, "/me", &old)).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        emu.stop().await;
    }

    #[tokio::test]
    async fn a_revoked_token_is_401_auth_token_not_found() {
        let emu = Emu::start().await;
        let keep = emu.user_with_token("revokee", "R").await;
        let one = emu.token("revokee").await;
        let (s, _) = send(emu.admin(Method::DELETE, &format!("/users/revokee/auth_tokens/{one}"))).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &one)).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        let (s, _) = send(emu.client(Method::GET, "/me", &keep)).await;
        assert_eq!(s, 200);
        // Flushed, then the user deleted: a revoked token stays revoked.
        let (s, _) = send(emu.admin(Method::DELETE, "/users/revokee/auth_tokens")).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &keep)).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        let (s, _) = send(emu.admin(Method::DELETE, "/users/revokee")).await;
        assert_eq!(s, 200);
        assert_error(&send(emu.client(Method::GET, "/me", &keep)).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        assert_error(&send(emu.client(Method::GET, "/me", &one)).await, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        emu.stop().await;
    }

    #[tokio::test]
    async fn get_users_of_an_unknown_uid_is_still_404() {
        let emu = Emu::start().await;
        let t = emu.user_with_token("looker", "L").await;
        let e = assert_error(&send(emu.client(Method::GET, "/users/nobody-here", &t)).await, 404, "ERR_UID_NOT_FOUND");
        assert!(e["message"].as_str().is_some_and(|m| m.contains("nobody-here")), "{e}");
        emu.stop().await;
    }
}
