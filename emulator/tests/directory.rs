//! The users directory (`GET users`) parameter by parameter, friends (admin API and
//! `friendsOnly`), and the demo directory.

mod common;

use cometchat_emulator::server::ServeOptions;
use common::{assert_error, send, Emu, API_KEY};
use reqwest::Method;
use serde_json::{json, Value};

fn uids(b: &Value) -> Vec<String> {
    b["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["uid"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

async fn create(emu: &Emu, body: Value) {
    let (s, b) = send(emu.admin(Method::POST, "/users").json(&body)).await;
    assert_eq!(s, 200, "{b}");
}

/// Users whose names hold the characters a keyword must match literally.
async fn search_fixture() -> (Emu, String) {
    let emu = Emu::start().await;
    let me = emu.user_with_token("me", "Zed Caller").await;
    for (uid, name) in [
        ("tj", "Tom & Jerry"),
        ("csharp", "C# Guild"),
        ("aplusb", "A+B Team"),
        ("aspaceb", "A B Team"),
        ("rdlab", "R/D Lab"),
        ("pct", "100% Done"),
        ("underscore", "under_score"),
        ("backslash", "back\\slash"),
        ("anna", "Anna Karenina"),
        ("chloe", "Chloé Dubois"),
        ("emile", "ÉMILE ZOLA"),
        ("rocket", "Rocket 🚀 Ray"),
        ("olga", "Ольга Смирнова"),
    ] {
        create(&emu, json!({"uid": uid, "name": name})).await;
    }
    (emu, me)
}

#[tokio::test]
async fn search_is_a_case_insensitive_substring_with_every_character_literal() {
    let (emu, t) = search_fixture().await;
    let q = |query: String| send(emu.client(Method::GET, &format!("/users?per_page=100&{query}"), &t));
    // (keyword as our client sends it: encodeURIComponent, searchIn, expected uids)
    for (key, search_in, want) in [
        ("%26", "name", vec!["tj"]),
        ("%23", "name", vec!["csharp"]),
        ("A%2BB", "name", vec!["aplusb"]),
        ("A+B", "name", vec!["aplusb"]), // a raw `+` is a plus, not a space
        ("A%20B", "name", vec!["aspaceb"]),
        ("R%2FD", "name", vec!["rdlab"]),
        ("%25", "name", vec!["pct"]),
        ("_", "name", vec!["underscore"]),
        ("%5C", "name", vec!["backslash"]),
        ("aren", "name", vec!["anna"]),
        ("KARENINA", "name", vec!["anna"]),
        ("Anna%20K", "name", vec!["anna"]),
        ("%C3%A9", "name", vec!["chloe", "emile"]), // é finds É too
        ("%C3%89mile", "name", vec!["emile"]),
        ("%F0%9F%9A%80", "name", vec!["rocket"]),
        ("%D0%A1%D0%9C%D0%98%D0%A0", "name", vec!["olga"]), // СМИР, Cyrillic upper case
        ("harp", "uid", vec!["csharp"]),
        ("harp", "name", vec![]),
        ("guild", "uid", vec![]),
        ("lab", "u%69d,name", vec!["rdlab"]), // each element decoded once
        ("plus", "uid,name", vec!["aplusb"]),
    ] {
        let (s, b) = q(format!("searchKey={key}&searchIn={search_in}&page=1")).await;
        assert_eq!(s, 200, "{key}: {b}");
        assert_eq!(uids(&b), want, "searchKey={key} searchIn={search_in}");
    }
    // Both fields by default.
    let (_, b) = q("searchKey=b&page=1".into()).await;
    assert_eq!(uids(&b), ["aspaceb", "aplusb", "backslash", "chloe", "rdlab"], "by folded name: {b}");
    // The admin API matches at the start, as its OpenAPI file says ("LIKE%").
    let (_, b) = send(emu.admin(Method::GET, "/users?searchKey=aren")).await;
    assert!(uids(&b).is_empty(), "{b}");
    let (_, b) = send(emu.admin(Method::GET, "/users?searchKey=ANNA%20k")).await;
    assert_eq!(uids(&b), ["anna"]);
    // The blocked list searches the same way.
    let (s, _) =
        send(emu.client(Method::POST, "/blockedusers", &t).json(&json!({"blockedUids": ["anna", "pct"]}))).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.client(Method::GET, "/blockedusers?searchKey=%25", &t)).await;
    assert_eq!(uids(&b), ["pct"]);
    let (_, b) = send(emu.client(Method::GET, "/blockedusers?searchKey=NIN", &t)).await;
    assert_eq!(uids(&b), ["anna"]);
    emu.stop().await;
}

async fn filter_fixture() -> (Emu, String) {
    let emu = Emu::start().await;
    let me = emu.user_with_token("me", "Me").await;
    for (uid, name, role, tags, online) in [
        ("ann", "Ann", "default", json!(["t 1", "x"]), false),
        ("bob", "Bob", "premium", json!(["t,2"]), true),
        ("cid", "Cid", "admin", json!(["é"]), false),
        ("dee", "Dee", "premium", json!([]), true),
    ] {
        create(&emu, json!({"uid": uid, "name": name, "role": role, "tags": tags})).await;
        if online {
            emu.go_online(uid).await;
        }
    }
    (emu, me)
}

#[tokio::test]
async fn status_roles_tags_uids_and_with_tags() {
    let (emu, t) = filter_fixture().await;
    let q = |query: &str| send(emu.client(Method::GET, &format!("/users?per_page=100&{query}&page=1"), &t));
    for (query, want) in [
        ("status=online", vec!["bob", "dee"]),
        ("status=available", vec!["bob", "dee"]),
        ("status=offline", vec!["ann", "cid"]),
        // Every element percent-encoded, as our client sends them; the official SDK sends them raw.
        ("roles=pre%6Dium", vec!["bob", "dee"]),
        ("roles=premium,ad%6Din", vec!["bob", "cid", "dee"]),
        ("role=admin", vec!["cid"]),
        ("uids=%42OB,ann", vec!["ann", "bob"]),
        ("uids=me", vec![]),
        ("tags=t%201", vec!["ann"]),
        ("tags=t%2C2", vec!["bob"]),
        ("tags=t,2", vec![]),
        ("tags=%C3%A9,x", vec!["ann", "cid"]),
        ("tags=t%201&roles=premium", vec![]),
        ("status=online&roles=premium&uids=dee", vec!["dee"]),
    ] {
        let (s, b) = q(query).await;
        assert_eq!(s, 200, "{query}: {b}");
        assert_eq!(uids(&b), want, "{query}");
    }
    let got = q("status=busy").await;
    assert!(assert_error(&got, 400, "ERR_BAD_REQUEST")["details"]["status"].is_string());

    // withTags: tags on list items only when asked; always on a single user.
    let (_, b) = q("uids=ann").await;
    assert!(b["data"][0].get("tags").is_none(), "{b}");
    let (_, b) = q("uids=ann&withTags=0").await;
    assert!(b["data"][0].get("tags").is_none(), "{b}");
    for on in ["1", "true"] {
        let (_, b) = q(&format!("uids=ann&withTags={on}")).await;
        assert_eq!(b["data"][0]["tags"], json!(["t 1", "x"]));
    }
    let (_, b) = send(emu.client(Method::GET, "/users/ann", &t)).await;
    assert_eq!(b["data"]["tags"], json!(["t 1", "x"]));
    let (_, b) = send(emu.admin(Method::GET, "/users?withTags=1&uids=bob")).await;
    assert_eq!(b["data"][0]["tags"], json!(["t,2"]), "admin withTags");
    emu.stop().await;
}

#[tokio::test]
async fn sorting_is_total_so_pages_never_overlap() {
    let emu = Emu::start().await;
    let t = emu.user_with_token("me", "Zz Me").await;
    for (uid, name, online) in [
        ("s3", "Same Name", false),
        ("s1", "same name", true),
        ("s2", "SAME NAME", false),
        ("e1", "émile", true),
        ("e2", "Émile", false),
        ("a1", "Adam", true),
        ("z1", "zoe", false),
    ] {
        create(&emu, json!({"uid": uid, "name": name})).await;
        if online {
            emu.go_online(uid).await;
        }
    }
    let all = |query: &str| {
        let query = query.to_string();
        let emu = &emu;
        let t = &t;
        async move {
            let (_, b) = send(emu.client(Method::GET, &format!("/users?per_page=100&{query}&page=1"), t)).await;
            uids(&b)
        }
    };
    let by_name = all("sortBy=name").await;
    assert_eq!(by_name, ["a1", "s1", "s2", "s3", "z1", "e1", "e2"], "case-folded name, then uid");
    assert_eq!(all("").await, by_name, "name is the default order");
    let mut reversed = by_name.clone();
    reversed.reverse();
    assert_eq!(all("sortBy=name&sortOrder=desc").await, reversed);
    assert_eq!(all("sortBy=status&sortOrder=asc").await, ["a1", "s1", "e1", "s2", "s3", "z1", "e2"]);
    assert_eq!(all("sortBy=status&sortOrder=desc").await, ["s2", "s3", "z1", "e2", "a1", "s1", "e1"]);
    // Pages of 2 in every order: together exactly the whole list, in order, nothing twice.
    for order in ["sortBy=name", "sortBy=name&sortOrder=desc", "sortBy=status", "sortBy=status&sortOrder=desc"] {
        let whole = all(order).await;
        let mut paged = Vec::new();
        for page in 1..=5 {
            let (_, b) = send(emu.client(Method::GET, &format!("/users?per_page=2&{order}&page={page}"), &t)).await;
            assert!(b["meta"]["pagination"].is_object(), "{b}");
            paged.extend(uids(&b));
        }
        assert_eq!(paged, whole, "{order}");
    }
    emu.stop().await;
}

#[tokio::test]
async fn hide_blocked_users_hides_both_directions() {
    let (emu, me) = filter_fixture().await;
    let (s, _) = send(emu.client(Method::POST, "/blockedusers", &me).json(&json!({"blockedUids": ["ann"]}))).await;
    assert_eq!(s, 200);
    let bob = emu.token("bob").await;
    let (s, _) = send(emu.client(Method::POST, "/blockedusers", &bob).json(&json!({"blockedUids": ["me"]}))).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.client(Method::GET, "/users?hideBlockedUsers=1", &me)).await;
    assert_eq!(uids(&b), ["cid", "dee"]);
    assert_eq!(b["meta"]["pagination"]["total"], 2);
    let (_, b) = send(emu.client(Method::GET, "/users?hideBlockedUsers=0", &me)).await;
    assert_eq!(uids(&b), ["ann", "bob", "cid", "dee"]);
    let (_, b) = send(emu.client(Method::GET, "/users?hideBlockedUsers=1", &bob)).await;
    assert_eq!(uids(&b), ["ann", "cid", "dee"], "bob blocked me; ann and bob are unrelated");
    emu.stop().await;
}

#[tokio::test]
async fn friends_admin_api_and_friends_only() {
    let (emu, me) = filter_fixture().await;
    let add = |uid: &str, body: Value| emu.admin(Method::POST, &format!("/users/{uid}/friends")).json(&body);
    let (s, b) = send(add("me", json!({"accepted": ["ANN", "bob", "ghost", "me", "ann"]}))).await;
    assert_eq!(s, 200, "{b}");
    let acc = &b["data"]["accepted"];
    assert_eq!(acc["ann"], json!({"success": true, "message": "Created relationship with status accepted."}));
    assert_eq!(acc["bob"]["success"], true);
    assert_eq!(
        (acc["ghost"]["success"].clone(), acc["ghost"]["code"].clone()),
        (json!(false), json!("ERR_UID_NOT_FOUND"))
    );
    assert_eq!(acc["me"]["code"], "ERR_CANNOT_FORM_SELF_RELATION");
    assert_eq!(acc.as_object().map(|o| o.len()), Some(4), "duplicates merged: {acc}");
    let (_, b) = send(add("ann", json!({"accepted": ["me"], "addToConversations": true}))).await;
    assert_eq!(b["data"]["accepted"]["me"]["code"], "ERR_ALREADY_FRIEND", "mutual: ann already has me");

    // The list, from both sides.
    let (s, b) = send(emu.admin(Method::GET, "/users/me/friends")).await;
    assert_eq!(s, 200);
    assert_eq!(uids(&b), ["ann", "bob"]);
    assert_eq!(b["meta"]["pagination"]["total"], 2);
    let (_, b) = send(emu.admin(Method::GET, "/users/bob/friends")).await;
    assert_eq!(uids(&b), ["me"]);
    let (_, b) = send(emu.admin(Method::GET, "/users/me/friends?perPage=1&page=2")).await;
    assert_eq!(uids(&b), ["bob"]);
    let (_, b) = send(emu.admin(Method::GET, "/users/me/friends?perPage=1&page=3")).await;
    assert_eq!((b["data"].clone(), b["meta"]["pagination"]["total_pages"].clone()), (json!([]), json!(2)));
    let (_, b) = send(emu.admin(Method::GET, "/users/me/friends?searchKey=OB")).await;
    assert_eq!(uids(&b), ["bob"]);

    // friendsOnly on the client list: the caller's friends, with the other filters.
    let q = |query: &str, token: &str| send(emu.client(Method::GET, &format!("/users?{query}"), token));
    let (_, b) = q("friendsOnly=1", &me).await;
    assert_eq!(uids(&b), ["ann", "bob"]);
    let (_, b) = q("friendsOnly=1&status=online", &me).await;
    assert_eq!(uids(&b), ["bob"]);
    let (_, b) = q("friendsOnly=0", &me).await;
    assert_eq!(uids(&b), ["ann", "bob", "cid", "dee"]);
    let dee = emu.token("dee").await;
    let (_, b) = q("friendsOnly=1", &dee).await;
    assert_eq!(uids(&b), Vec::<String>::new());
    assert_eq!(b["meta"]["pagination"]["total"], 0);

    // Remove: per uid, mutual.
    let del = |uid: &str, body: Value| emu.admin(Method::DELETE, &format!("/users/{uid}/friends")).json(&body);
    let (s, b) = send(del("bob", json!({"friends": ["me", "cid", "ghost"]}))).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["success"], true);
    assert_eq!(b["data"]["friends"]["me"]["success"], true);
    assert_eq!(b["data"]["friends"]["cid"]["code"], "ERR_NOT_A_FRIEND");
    assert_eq!(b["data"]["friends"]["ghost"]["code"], "ERR_UID_NOT_FOUND");
    let (_, b) = q("friendsOnly=1", &me).await;
    assert_eq!(uids(&b), ["ann"]);
    // Deleting a user ends its friendships.
    let (s, _) = send(emu.admin(Method::DELETE, "/users/ann")).await;
    assert_eq!(s, 200);
    let (_, b) = send(emu.admin(Method::GET, "/users/me/friends")).await;
    assert_eq!(uids(&b), Vec::<String>::new());

    // Bad input.
    for body in [json!({}), json!({"accepted": []}), json!({"accepted": "bob"}), json!({"accepted": ["a b"]})] {
        let got = send(add("me", body)).await;
        assert!(assert_error(&got, 400, "ERR_BAD_REQUEST")["details"]["accepted"].is_string());
    }
    let many: Vec<String> = (0..26).map(|i| format!("u{i}")).collect();
    let got = send(add("me", json!({"accepted": many}))).await;
    assert!(assert_error(&got, 400, "ERR_BAD_REQUEST")["details"]["accepted"].is_string(), "at most 25");
    let got = send(add("me", json!({"accepted": ["bob"], "addToConversations": "yes"}))).await;
    assert_error(&got, 400, "ERR_BAD_REQUEST");
    let got = send(del("me", json!({"friend": ["bob"]}))).await;
    assert!(assert_error(&got, 400, "ERR_BAD_REQUEST")["details"]["friends"].is_string());
    assert_error(&send(add("ghost", json!({"accepted": ["bob"]}))).await, 404, "ERR_UID_NOT_FOUND");
    assert_error(&send(emu.admin(Method::GET, "/users/ghost/friends")).await, 404, "ERR_UID_NOT_FOUND");
    assert_error(&send(emu.admin(Method::PUT, "/users/me/friends")).await, 405, "ERR_METHOD_NOT_ALLOWED");
    let got = send(emu.client(Method::GET, "/users/me/friends", &me)).await;
    assert_error(&got, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
    emu.stop().await;
}

#[tokio::test]
async fn the_demo_directory() {
    let demo = || Emu::with(ServeOptions { api_key: Some(API_KEY.into()), seed_demo: true, ..Default::default() });
    let emu = demo().await;
    let (_, b) = send(emu.admin(Method::GET, "/users?perPage=1000&withTags=1")).await;
    let all = b["data"].as_array().cloned().unwrap_or_default();
    assert!(all.len() >= 60, "{}", all.len());
    // The six original demo users, unchanged.
    let find = |uid: &str| all.iter().find(|u| u["uid"] == uid).cloned().unwrap_or_default();
    let alice = find("alice");
    assert_eq!(
        (alice["name"].clone(), alice["role"].clone(), alice["status"].clone(), alice["tags"].clone()),
        (json!("Alice Martin"), json!("admin"), json!("available"), json!(["engineering", "team-lead"]))
    );
    assert_eq!(alice["metadata"], json!({"department": "Engineering", "timezone": "Europe/Paris"}));
    assert_eq!(find("kenji")["name"], "山田 健二");
    assert_eq!(find("zoe")["name"], "Zoë Ångström");
    assert!(find("zoe").get("tags").is_none());
    // Variety.
    let count = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|u| f(u)).count();
    assert!(count(&|u| u["status"] == "available") >= 15 && count(&|u| u["status"] == "offline") >= 15);
    assert!(count(&|u| u["name"].as_str().is_some_and(|n| !n.is_ascii())) >= 20);
    for role in ["default", "premium", "moderator", "admin"] {
        assert!(count(&|u| u["role"] == role) >= 2, "{role}");
    }
    assert!(count(&|u| u["tags"].is_array()) >= 40);

    // Paging and search as a demo user.
    let (_, login) = send(emu.http.post(emu.url("/demo/login")).json(&json!({"uid": "alice"}))).await;
    let t = login["data"]["authToken"].as_str().unwrap_or_default().to_string();
    let mut seen = Vec::new();
    for page in 1..=4 {
        let (_, b) = send(emu.client(Method::GET, &format!("/users?per_page=20&page={page}"), &t)).await;
        seen.extend(uids(&b));
    }
    assert_eq!(seen.len(), all.len() - 1, "every user but the caller, once");
    let (_, b) = send(emu.client(Method::GET, "/users?searchKey=%D0%B2%D0%BE%D0%BB%D0%BA", &t)).await;
    assert_eq!(uids(&b), ["dmitri"], "волк in Дмитрий Волков");
    let (_, b) = send(emu.client(Method::GET, "/users?friendsOnly=1", &t)).await;
    assert!(uids(&b).len() >= 3, "alice has friends: {b}");
    let (_, b) = send(emu.admin(Method::GET, "/users/omar/blockedusers?direction=both")).await;
    assert_eq!(uids(&b), ["rania"]);
    assert_eq!((b["data"][0]["blockedByMe"].clone(), b["data"][0]["hasBlockedMe"].clone()), (json!(true), json!(true)));

    // Deterministic: a second fresh seed is the same directory (times aside).
    let emu2 = demo().await;
    let (_, b2) = send(emu2.admin(Method::GET, "/users?perPage=1000&withTags=1")).await;
    let shape = |users: &[Value]| -> Vec<Value> {
        users
            .iter()
            .map(|u| json!([u["uid"], u["name"], u["role"], u["status"], u["tags"], u["statusMessage"], u["metadata"]]))
            .collect()
    };
    assert_eq!(shape(&all), shape(b2["data"].as_array().map(Vec::as_slice).unwrap_or_default()));
    for uid in ["alice", "mei", "sam"] {
        let (_, f1) = send(emu.admin(Method::GET, &format!("/users/{uid}/friends"))).await;
        let (_, f2) = send(emu2.admin(Method::GET, &format!("/users/{uid}/friends"))).await;
        assert_eq!(uids(&f1), uids(&f2));
    }
    emu.stop().await;
    emu2.stop().await;
}
