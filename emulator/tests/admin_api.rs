//! Admin API (`apiKey`), per the published OpenAPI file.

mod common;

use common::{assert_error, send, Emu};
use reqwest::Method;
use serde_json::{json, Value};

fn uids(b: &Value) -> Vec<String> {
    b["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["uid"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn create_get_update_delete() {
    let emu = Emu::start().await;
    let body = json!({
        "uid": "Cometchat-UID-6", "name": "Barry Allen", "link": "https://cometchat.com",
        "avatar": "https://assets.cometchat.io/a.webp", "role": "manager", "statusMessage": "fast",
        "metadata": {"@private": {"email": "user@email.com"}}, "tags": ["Engineer", "manager"],
        "withAuthToken": true,
        // What the official SDK adds to createUser bodies: ignored.
        "hasBlockedMe": false, "blockedByMe": false, "deactivatedAt": 0
    });
    let (s, b) = send(emu.admin(Method::POST, "/users").json(&body)).await;
    assert_eq!(s, 200, "{b}");
    let d = &b["data"];
    assert_eq!(d["uid"], "cometchat-uid-6");
    assert_eq!(d["role"], "manager");
    assert_eq!(d["status"], "offline");
    assert_eq!(d["tags"], json!(["Engineer", "manager"]));
    assert_eq!(d["statusMessage"], "fast");
    assert!(d.get("deactivatedAt").is_none());
    assert!(d.get("hasBlockedMe").is_none(), "no caller, no block flags");
    let token = d["authToken"].as_str().expect("withAuthToken").to_string();
    assert!(token.starts_with("cometchat-uid-6_"));

    // Without withAuthToken: no token; default role.
    let (_, b) = send(emu.admin(Method::POST, "/users").json(&json!({"uid": "plain", "name": "Plain"}))).await;
    assert!(b["data"].get("authToken").is_none());
    assert_eq!(b["data"]["role"], "default");

    // Duplicate, case-insensitively.
    let got = send(emu.admin(Method::POST, "/users").json(&json!({"uid": "PLAIN", "name": "Again"}))).await;
    assert_error(&got, 409, "ERR_UID_ALREADY_EXISTS");

    // Missing / bad fields, each named.
    let got = send(emu.admin(Method::POST, "/users").json(&json!({}))).await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    assert!(e["details"]["uid"].is_string() && e["details"]["name"].is_string());
    let got = send(
        emu.admin(Method::POST, "/users")
            .json(&json!({"uid": "a".repeat(101), "name": "x".repeat(101), "role": "", "withAuthToken": "yes"})),
    )
    .await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    for f in ["uid", "name", "role", "withAuthToken"] {
        assert!(e["details"][f].is_string(), "{f}: {e}");
    }
    let (s, _) =
        send(emu.admin(Method::POST, "/users").json(&json!({"uid": "a".repeat(100), "name": "x".repeat(100)}))).await;
    assert_eq!(s, 200, "uid of 100 chars is fine");
    let got = send(
        emu.admin(Method::POST, "/users").json(&json!({"uid": "x", "name": "x", "metadata": {"k": "v".repeat(5113)}})),
    )
    .await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");

    // The admin API refuses null (it has `unset` for that); PUT me is where null clears.
    let got = send(
        emu.admin(Method::POST, "/users")
            .json(&json!({"uid": "nul", "name": "N", "avatar": null, "withAuthToken": null})),
    )
    .await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    assert!(e["details"]["avatar"].is_string() && e["details"]["withAuthToken"].is_string(), "{e}");
    let got = send(emu.admin(Method::PUT, "/users/plain").json(&json!({"link": null, "role": null}))).await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    assert!(e["details"]["link"].is_string() && e["details"]["role"].is_string(), "{e}");

    // Get (case-insensitive) and 404.
    let (s, b) = send(emu.admin(Method::GET, "/users/COMETCHAT-uid-6")).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["name"], "Barry Allen");
    assert_eq!(b["data"]["metadata"], json!({"@private": {"email": "user@email.com"}}));
    let got = send(emu.admin(Method::GET, "/users/ghost")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");

    // Update, with unset; role is admin-editable.
    let (s, b) = send(
        emu.admin(Method::PUT, "/users/cometchat-uid-6")
            .json(&json!({"name": "Flash", "role": "hero", "unset": ["avatar", "metadata"]})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["name"], "Flash");
    assert_eq!(b["data"]["role"], "hero");
    assert!(b["data"].get("avatar").is_none() && b["data"].get("metadata").is_none());
    assert_eq!(b["data"]["link"], "https://cometchat.com");
    assert!(b["data"]["updatedAt"].as_i64().is_some());
    let got = send(emu.admin(Method::PUT, "/users/cometchat-uid-6").json(&json!({"unset": ["uid"]}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(
        emu.admin(Method::PUT, "/users/cometchat-uid-6").json(&json!({"link": "https://a.test", "unset": ["link"]})),
    )
    .await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(emu.admin(Method::PUT, "/users/ghost").json(&json!({"name": "x"}))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");

    // Delete: the user, its tokens and blocks are gone.
    let (s, _) = send(emu.client(Method::GET, "/me", &token)).await;
    assert_eq!(s, 200);
    let (s, b) = send(emu.admin(Method::DELETE, "/users/cometchat-uid-6").json(&json!({"permanent": true}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["success"], true);
    let got = send(emu.admin(Method::GET, "/users/cometchat-uid-6")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.client(Method::GET, "/me", &token)).await;
    assert_error(&got, 401, "ERR_UID_NOT_FOUND");
    let got = send(emu.admin(Method::DELETE, "/users/cometchat-uid-6")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.admin(Method::DELETE, "/users/plain").json(&json!({"permanent": "yes"}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}

#[tokio::test]
async fn list_deactivate_reactivate() {
    let emu = Emu::start().await;
    for (u, r) in [("a1", "default"), ("a2", "vip"), ("a3", "vip")] {
        let (s, _) = send(
            emu.admin(Method::POST, "/users")
                .json(&json!({"uid": u, "name": u.to_uppercase(), "role": r, "tags": ["t"]})),
        )
        .await;
        assert_eq!(s, 200);
    }
    let (s, b) = send(emu.admin(Method::GET, "/users?perPage=2&page=1")).await;
    assert_eq!(s, 200);
    assert_eq!(uids(&b), ["a1", "a2"]);
    assert_eq!(
        b["meta"]["pagination"],
        json!({"total": 3, "count": 2, "per_page": 2, "current_page": 1, "total_pages": 2})
    );
    let (_, b) = send(emu.admin(Method::GET, "/users?perPage=2&page=5")).await;
    assert_eq!(b["data"], json!([]));
    let (_, b) = send(emu.admin(Method::GET, "/users?role=vip&withTags=true")).await;
    assert_eq!(uids(&b), ["a2", "a3"]);
    assert_eq!(b["data"][0]["tags"], json!(["t"]));
    let (_, b) = send(emu.admin(Method::GET, "/users?roles=default,vip&count=true&searchKey=a&searchIn=uid")).await;
    assert_eq!(uids(&b), ["a1", "a2", "a3"]);
    let got = send(emu.admin(Method::GET, "/users?perPage=1001")).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let (s, _) = send(emu.admin(Method::GET, "/users?perPage=1000")).await;
    assert_eq!(s, 200);

    let (s, b) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["A2", "ghost"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["deactivatedUids"], json!(["a2"]));
    let (_, b) = send(emu.admin(Method::GET, "/users")).await;
    assert_eq!(uids(&b), ["a1", "a3"]);
    let (_, b) = send(emu.admin(Method::GET, "/users?onlyDeactivated=1")).await;
    assert_eq!(uids(&b), ["a2"]);
    assert!(b["data"][0]["deactivatedAt"].as_i64().is_some());
    let (_, b) = send(emu.admin(Method::GET, "/users?withDeactivated=true")).await;
    assert_eq!(uids(&b), ["a1", "a2", "a3"]);
    let (s, b) = send(emu.admin(Method::PUT, "/users").json(&json!({"uidsToActivate": ["a2"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["reactivatedUids"], json!(["a2"]));
    let (_, b) = send(emu.admin(Method::GET, "/users")).await;
    assert_eq!(uids(&b), ["a1", "a2", "a3"]);
    for body in [json!({}), json!({"uidsToDeactivate": []}), json!({"uidsToDeactivate": "a1"})] {
        let got = send(emu.admin(Method::DELETE, "/users").json(&body)).await;
        assert_error(&got, 400, "ERR_BAD_REQUEST");
    }
    let got = send(emu.admin(Method::PUT, "/users").json(&json!({"uidsToActivate": [null]}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}

#[tokio::test]
async fn auth_tokens_lifecycle() {
    let emu = Emu::start().await;
    emu.create_user("tok", "Tok").await;
    // Create without force returns the existing token (creating one if none).
    let (s, b) = send(emu.admin(Method::POST, "/users/tok/auth_tokens")).await;
    assert_eq!(s, 200, "{b}");
    let t1 = b["data"]["authToken"].as_str().unwrap_or_default().to_string();
    assert!(t1.starts_with("tok_") && t1.len() > 30, "{t1}");
    assert_eq!(b["data"]["uid"], "tok");
    assert!(b["data"]["createdAt"].as_i64().is_some());
    let (_, b) = send(emu.admin(Method::POST, "/users/tok/auth_tokens").json(&json!({"force": false}))).await;
    assert_eq!(b["data"]["authToken"], t1.as_str());
    let (_, b) = send(emu.admin(Method::POST, "/users/TOK/auth_tokens").json(&json!({"force": true}))).await;
    let t2 = b["data"]["authToken"].as_str().unwrap_or_default().to_string();
    assert_ne!(t1, t2);
    let got = send(emu.admin(Method::POST, "/users/tok/auth_tokens").json(&json!({"force": "true"}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(emu.admin(Method::POST, "/users/ghost/auth_tokens")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");

    // List with pagination.
    let (s, b) = send(emu.admin(Method::GET, "/users/tok/auth_tokens?perPage=1&page=2")).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"][0]["authToken"], t2.as_str());
    assert_eq!(b["meta"]["pagination"]["total"], 2);
    let (_, b) = send(emu.admin(Method::GET, "/users/tok/auth_tokens?page=3&perPage=1")).await;
    assert_eq!(b["data"], json!([]));
    let got = send(emu.admin(Method::GET, "/users/tok/auth_tokens?perPage=1.5")).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");

    // Get / update / delete one.
    let (s, b) = send(emu.admin(Method::GET, &format!("/users/tok/auth_tokens/{t1}"))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["authToken"], t1.as_str());
    let got = send(emu.admin(Method::GET, "/users/tok/auth_tokens/tok_missing")).await;
    assert_error(&got, 404, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let got = send(emu.admin(Method::GET, &format!("/users/ghost/auth_tokens/{t1}"))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let (s, b) = send(
        emu.admin(Method::PUT, &format!("/users/tok/auth_tokens/{t1}"))
            .json(&json!({"platform": "ios", "userAgent": "UA/1", "appInfo": {"v": 1}})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["platform"], "ios");
    assert_eq!(b["data"]["userAgent"], "UA/1");
    assert_eq!(b["data"]["appInfo"], json!({"v": 1}));
    let got =
        send(emu.admin(Method::PUT, &format!("/users/tok/auth_tokens/{t1}")).json(&json!({"appInfo": "x"}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(emu.admin(Method::PUT, "/users/tok/auth_tokens/tok_missing").json(&json!({"platform": "x"}))).await;
    assert_error(&got, 404, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let (s, _) = send(emu.admin(Method::DELETE, &format!("/users/tok/auth_tokens/{t1}"))).await;
    assert_eq!(s, 200);
    let got = send(emu.admin(Method::DELETE, &format!("/users/tok/auth_tokens/{t1}"))).await;
    assert_error(&got, 404, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    // A token is only reachable under its own uid.
    emu.create_user("other", "O").await;
    let got = send(emu.admin(Method::GET, &format!("/users/other/auth_tokens/{t2}"))).await;
    assert_error(&got, 404, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");

    // Flush.
    let (s, _) = send(emu.client(Method::GET, "/me", &t2)).await;
    assert_eq!(s, 200);
    let (s, b) = send(emu.admin(Method::DELETE, "/users/tok/auth_tokens")).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["success"], true);
    let (_, b) = send(emu.admin(Method::GET, "/users/tok/auth_tokens")).await;
    assert_eq!(b["data"], json!([]));
    let got = send(emu.client(Method::GET, "/me", &t2)).await;
    assert_error(&got, 401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
    let got = send(emu.admin(Method::DELETE, "/users/ghost/auth_tokens")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    emu.stop().await;
}

#[tokio::test]
async fn blocked_users_on_behalf() {
    let emu = Emu::start().await;
    for u in ["x1", "x2", "x3"] {
        emu.create_user(u, u).await;
    }
    let (s, b) =
        send(emu.admin(Method::POST, "/users/x1/blockedusers").json(&json!({"blockedUids": ["x2", "x3"]}))).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["x2"]["success"], true);
    let (s, b) = send(emu.admin(Method::GET, "/users/x1/blockedusers?perPage=1&page=1")).await;
    assert_eq!(s, 200);
    assert_eq!(uids(&b), ["x2"]);
    assert_eq!(b["data"][0]["blockedByMe"], true);
    assert_eq!(b["meta"]["pagination"]["total"], 2);
    let (s, _) = send(emu.admin(Method::DELETE, "/users/x1/blockedusers").json(&json!({"blockedUids": ["x2"]}))).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.admin(Method::GET, "/users/x1/blockedusers")).await;
    assert_eq!(uids(&b), ["x3"]);
    // onBehalfOf on get-user computes flags for that uid.
    let (_, b) = send(emu.admin(Method::GET, "/users/x3").header("onBehalfOf", "x1")).await;
    assert_eq!(b["data"]["blockedByMe"], true);
    assert_eq!(b["data"]["hasBlockedMe"], false);
    let got = send(emu.admin(Method::GET, "/users/x3").header("onBehalfOf", "bad uid")).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(emu.admin(Method::POST, "/users/ghost/blockedusers").json(&json!({"blockedUids": ["x2"]}))).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.admin(Method::GET, "/users/ghost/blockedusers")).await;
    assert_error(&got, 404, "ERR_UID_NOT_FOUND");
    let got = send(emu.admin(Method::POST, "/users/x1/blockedusers").json(&json!({}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    // Deleting a user removes its blocks.
    let (s, _) = send(emu.admin(Method::DELETE, "/users/x3")).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.admin(Method::GET, "/users/x1/blockedusers")).await;
    assert_eq!(b["data"], json!([]));
    emu.stop().await;
}
