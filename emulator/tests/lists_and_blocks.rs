//! `GET users` filters (Part B §6.8), blocked users (§6.7, §6.9) and pagination.

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

async fn fixture() -> (Emu, String) {
    let emu = Emu::start().await;
    let me = emu.user_with_token("me", "Me Myself").await;
    for (uid, name, role, tags, status) in [
        ("ann", "Ann Arbor", "default", json!(["t 1", "x"]), false),
        ("anna", "Anna Karenina", "premium", json!(["t,2"]), true),
        ("bob", "Bob Builder", "admin", json!(["x"]), false),
        ("carl", "Carl Sagan", "premium", json!([]), true),
        ("dora", "Dora Explorer", "default", Value::Null, false),
    ] {
        let mut body = json!({"uid": uid, "name": name, "role": role});
        if !tags.is_null() {
            body["tags"] = tags;
        }
        let (s, b) = send(emu.admin(Method::POST, "/users").json(&body)).await;
        assert_eq!(s, 200, "{b}");
        if status {
            emu.go_online(uid).await;
        }
    }
    (emu, me)
}

#[tokio::test]
async fn list_users_filters() {
    let (emu, t) = fixture().await;
    let q = |query: &str| send(emu.client(Method::GET, &format!("/users?{query}"), &t));

    let (s, b) = q("per_page=30&page=1").await;
    assert_eq!(s, 200);
    assert_eq!(uids(&b), ["ann", "anna", "bob", "carl", "dora"], "sorted by name, caller excluded");
    assert_eq!(
        b["meta"]["pagination"],
        json!({"total": 5, "count": 5, "per_page": 30, "current_page": 1, "total_pages": 1})
    );
    assert!(b["data"][0].get("tags").is_none(), "no tags without withTags");
    assert_eq!(b["data"][0]["hasBlockedMe"], false);

    let (_, b) = q("per_page=10&withTags=1&page=1").await;
    assert_eq!(b["data"][0]["tags"], json!(["t 1", "x"]));

    let (_, b) = q("per_page=10&searchKey=ann&page=1").await;
    assert_eq!(uids(&b), ["ann", "anna"]);
    let (_, b) = q("per_page=10&searchKey=Karen&page=1").await;
    assert_eq!(uids(&b), ["anna"], "a substring of the name, any case");
    let (_, b) = q("per_page=10&searchKey=Anna%20K&searchIn=name&page=1").await;
    assert_eq!(uids(&b), ["anna"]);
    let (_, b) = q("per_page=10&searchKey=bob&searchIn=name&page=1").await;
    assert_eq!(uids(&b), ["bob"], "name Bob Builder starts with bob (case-insensitive)");
    let (_, b) = q("per_page=10&searchKey=builder&searchIn=uid&page=1").await;
    assert!(uids(&b).is_empty(), "not in a uid");
    let (_, b) = q("per_page=10&searchKey=%25&page=1").await;
    assert!(uids(&b).is_empty(), "% is literal");

    let (_, b) = q("per_page=10&status=available&page=1").await;
    assert_eq!(uids(&b), ["anna", "carl"]);
    let (_, b) = q("per_page=10&status=offline&page=1").await;
    assert_eq!(uids(&b), ["ann", "bob", "dora"]);

    let (_, b) = q("per_page=10&roles=premium,admin&page=1").await;
    assert_eq!(uids(&b), ["anna", "bob", "carl"]);
    // tags: split on ',' before decoding: t%201 is "t 1", t%2C2 is the single tag "t,2".
    let (_, b) = q("per_page=10&tags=t%201,t%2C2&page=1").await;
    assert_eq!(uids(&b), ["ann", "anna"]);
    let (_, b) = q("per_page=10&tags=x&page=1").await;
    assert_eq!(uids(&b), ["ann", "bob"]);
    let (_, b) = q("per_page=10&uids=bob,DORA,me&page=1").await;
    assert_eq!(uids(&b), ["bob", "dora"]);
    let (_, b) = q("per_page=10&friendsOnly=1&page=1").await;
    assert!(uids(&b).is_empty(), "no friends yet");

    let (_, b) = q("per_page=10&sortBy=name&sortOrder=desc&page=1").await;
    assert_eq!(uids(&b), ["dora", "carl", "bob", "anna", "ann"]);
    let (_, b) = q("per_page=10&sortBy=status&page=1").await;
    assert_eq!(uids(&b), ["anna", "carl", "ann", "bob", "dora"]);

    // All parameters at once, as in the wire example.
    let (s, b) = q("per_page=10&searchKey=a&status=available&hideBlockedUsers=1&roles=default,premium,admin&tags=t%201,t%2C2&withTags=1&uids=anna,carl&sortBy=name&sortOrder=desc&searchIn=uid,name&page=1").await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(uids(&b), ["anna"]);

    // Bad parameters: 400 naming each.
    let got = q("per_page=101&status=busy&sortBy=x&sortOrder=up&page=0&withTags=maybe").await;
    let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
    for f in ["per_page", "status", "sortBy", "sortOrder", "page", "withTags"] {
        assert!(e["details"][f].is_string(), "{f}: {e}");
    }
    let got = q("per_page=-1").await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = q("per_page=abc").await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = q("searchKey=%FF").await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");

    // Deactivated users disappear from client lists.
    let (s, _) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["dora"]}))).await;
    assert_eq!(s, 200);
    let (_, b) = q("per_page=10&page=1").await;
    assert_eq!(uids(&b), ["ann", "anna", "bob", "carl"]);
    emu.stop().await;
}

#[tokio::test]
async fn pagination_and_past_the_end() {
    let (emu, t) = fixture().await;
    let q = |query: &str| send(emu.client(Method::GET, &format!("/users?{query}"), &t));
    let (_, p1) = q("per_page=2&page=1").await;
    let (_, p2) = q("per_page=2&page=2").await;
    let (_, p3) = q("per_page=2&page=3").await;
    let (s, p4) = q("per_page=2&page=4").await;
    assert_eq!(uids(&p1), ["ann", "anna"]);
    assert_eq!(uids(&p2), ["bob", "carl"]);
    assert_eq!(uids(&p3), ["dora"]);
    assert_eq!(
        p3["meta"]["pagination"],
        json!({"total": 5, "count": 1, "per_page": 2, "current_page": 3, "total_pages": 3})
    );
    assert_eq!(s, 200);
    assert_eq!(p4["data"], json!([]));
    assert_eq!(
        p4["meta"]["pagination"],
        json!({"total": 5, "count": 0, "per_page": 2, "current_page": 4, "total_pages": 3})
    );
    let (s, far) = q("per_page=100&page=9223372036854775807").await;
    assert_eq!(s, 200);
    assert_eq!(far["data"], json!([]));
    // per_page=0 means the default page size.
    let (_, z) = q("per_page=0&page=1").await;
    assert_eq!(z["meta"]["pagination"]["per_page"], 100);
    assert_eq!(uids(&z).len(), 5);
    // No parameters at all.
    let (s, d) = send(emu.client(Method::GET, "/users", &t)).await;
    assert_eq!(s, 200);
    assert_eq!(d["meta"]["pagination"]["current_page"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn block_unblock_and_list_blocked() {
    let (emu, me) = fixture().await;
    let ann = emu.token("ann").await;

    let (s, b) = send(
        emu.client(Method::POST, "/blockedusers", &me).json(&json!({"blockedUids": ["ann", "BOB", "ghost", "me"]})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["ann"]["success"], true);
    assert_eq!(b["data"]["bob"]["success"], true);
    assert_eq!(b["data"]["ghost"]["success"], false);
    assert_eq!(b["data"]["ghost"]["code"], "ERR_UID_NOT_FOUND");
    assert_eq!(b["data"]["me"]["success"], false);
    // Blocking twice is fine.
    let (s, _) = send(emu.client(Method::POST, "/blockedusers", &me).json(&json!({"blockedUids": ["ann"]}))).await;
    assert_eq!(s, 200);
    // carl blocks me.
    let carl = emu.token("carl").await;
    let (s, _) = send(emu.client(Method::POST, "/blockedusers", &carl).json(&json!({"blockedUids": ["me"]}))).await;
    assert_eq!(s, 200);

    let lb = |query: &str| send(emu.client(Method::GET, &format!("/blockedusers?{query}"), &me));
    let (_, b) = lb("per_page=10&page=1").await;
    assert_eq!(uids(&b), ["ann", "bob"], "default direction is blockedByMe");
    assert_eq!(b["data"][0]["blockedByMe"], true);
    assert_eq!(b["data"][0]["hasBlockedMe"], false);
    assert_eq!(b["meta"]["pagination"]["total"], 2);
    let (_, b) = lb("per_page=10&direction=hasBlockedMe&page=1").await;
    assert_eq!(uids(&b), ["carl"]);
    assert_eq!(b["data"][0]["hasBlockedMe"], true);
    let (_, b) = lb("per_page=10&direction=both&page=1").await;
    assert_eq!(uids(&b), ["ann", "bob", "carl"]);
    let (_, b) = lb("per_page=10&direction=blockedByMe&searchKey=UILD&page=1").await;
    assert_eq!(uids(&b), ["bob"]);
    let (_, b) = lb("per_page=1&page=3").await;
    assert_eq!(b["data"], json!([]));
    assert_eq!(b["meta"]["pagination"]["total_pages"], 2);
    let got = lb("direction=sideways").await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");

    // Flags on single users, from both sides.
    let (_, b) = send(emu.client(Method::GET, "/users/ann", &me)).await;
    assert_eq!((b["data"]["blockedByMe"].clone(), b["data"]["hasBlockedMe"].clone()), (json!(true), json!(false)));
    let (_, b) = send(emu.client(Method::GET, "/users/me", &ann)).await;
    assert_eq!((b["data"]["blockedByMe"].clone(), b["data"]["hasBlockedMe"].clone()), (json!(false), json!(true)));
    let (_, b) = send(emu.client(Method::GET, "/users/carl", &me)).await;
    assert_eq!(b["data"]["hasBlockedMe"], true);

    // hideBlockedUsers hides both directions.
    let (_, b) = send(emu.client(Method::GET, "/users?per_page=10&hideBlockedUsers=1&page=1", &me)).await;
    assert_eq!(uids(&b), ["anna", "dora"]);

    // Unblock.
    let (s, b) = send(emu.client(Method::DELETE, "/blockedusers", &me).json(&json!({"blockedUids": ["ann"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["ann"]["success"], true);
    let (_, b) = lb("per_page=10&page=1").await;
    assert_eq!(uids(&b), ["bob"]);

    // Bad bodies.
    for body in [
        json!({}),
        json!({"blockedUids": []}),
        json!({"blockedUids": "ann"}),
        json!({"blockedUids": [1]}),
        json!({"blockedUids": ["a b"]}),
    ] {
        let got = send(emu.client(Method::POST, "/blockedusers", &me).json(&body)).await;
        let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
        assert!(e["details"]["blockedUids"].is_string(), "{e}");
    }
    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let got = send(emu.client(Method::DELETE, "/blockedusers", &me).json(&json!({"blockedUids": many}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    emu.stop().await;
}

#[tokio::test]
async fn list_parameters_are_capped_at_100_items() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("cap", "Cap").await;
    // searchIn accepts only uid/name, so its items repeat; the others are distinct values.
    let items = |key: &str, n: usize| -> String {
        let one = |i: usize| if key == "searchIn" { "name".to_string() } else { format!("x{i}") };
        (0..n).map(one).collect::<Vec<_>>().join(",")
    };
    for key in ["roles", "tags", "uids", "searchIn"] {
        for admin in [false, true] {
            let path = |n: usize| format!("/users?searchKey=c&{key}={}", items(key, n));
            let req =
                |n: usize| if admin { emu.admin(Method::GET, &path(n)) } else { emu.client(Method::GET, &path(n), &t) };
            let (s, b) = send(req(100)).await;
            assert_eq!(s, 200, "{key} admin={admin}: 100 items are accepted: {b}");
            let got = send(req(101)).await;
            let e = assert_error(&got, 400, "ERR_BAD_REQUEST");
            assert!(e["details"][key].as_str().is_some_and(|r| r.contains("100")), "{key}: {e}");
            assert!(e["message"].as_str().is_some_and(|m| m.contains(key)), "{key}: {e}");
        }
    }
    emu.stop().await;
}
