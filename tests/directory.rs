//! The users directory and blocking against the real emulator, in Chromium and Firefox: what
//! each option puts on the wire (the emulator's request log), paging to the end with no extra
//! request, overlapping `fetchNext()`, no uid twice while users are added, search keywords with
//! every awkward character, bad input refused before sending, and block/unblock with their
//! effect on `getUser`. (The JS builders and `for await` are the facade's: tests/package.)
use cometchat_wasm::blocking::block;
use cometchat_wasm::directory::{check_list_options, UsersRequest};
use cometchat_wasm::error::code;
use cometchat_wasm::login::{login, logout};
use cometchat_wasm::users::get_user;
use gloo_net::http::Method;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

fn options(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

/// A user named `name` on the emulator (as the app's backend would create it).
async fn user_named(uid: &str, name: &str) {
    let (status, v) = admin(Method::POST, "users", Some(json!({ "uid": uid, "name": name }))).await;
    assert_eq!(status, 200, "create {uid}: {v}");
}

/// A fresh prefix and a logged-in user whose uid does not start with it.
async fn session(tag: &str) -> (String, String) {
    init().await;
    let _ = logout().await;
    let (me, token) = new_user(&format!("me-{tag}")).await;
    login(token.into(), JsValue::UNDEFINED).await.expect("login");
    let prefix = format!("{tag}{:06x}", (js_sys::Math::random() * 16_777_216.0) as u32);
    (me, prefix)
}

async fn page(request: &UsersRequest) -> Vec<Value> {
    let users = JsFuture::from(request.fetch_next_js()).await.expect("fetchNext");
    serde_json::from_str(&js_sys::JSON::stringify(&users).unwrap().as_string().unwrap()).unwrap()
}

fn uids(users: &[Value]) -> Vec<String> {
    users.iter().map(|u| u["uid"].as_str().unwrap().to_owned()).collect()
}

async fn list_requests(path: &str) -> Vec<Value> {
    api_requests().await.into_iter().filter(|r| r["method"] == "GET" && r["path"].as_str().unwrap().ends_with(path)).collect()
}

#[wasm_bindgen_test]
async fn every_option_reaches_the_wire_encoded_in_the_official_order() {
    let _ = session("wire").await;
    clear_requests().await;
    let request = UsersRequest::new(
        false,
        options(json!({
            "limit": 10, "searchKeyword": " a b&c#d/é+%😀 ", "searchIn": ["uid", "name"], "status": "online",
            "roles": ["default", "premium"], "tags": ["t 1", "t,2"], "withTags": true, "friendsOnly": true,
            "hideBlockedUsers": true, "uids": ["user1", "u2"], "sortBy": "name", "sortOrder": "desc"
        })),
    )
    .unwrap();
    assert_eq!(page(&request).await, Vec::<Value>::new());
    let sent = list_requests("/users").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0]["query"],
        "per_page=10&searchKey=a%20b%26c%23d%2F%C3%A9%2B%25%F0%9F%98%80&status=available&hideBlockedUsers=1\
         &roles=default,premium&tags=t%201,t%2C2&friendsOnly=1&withTags=1&uids=user1,u2&sortBy=name&sortOrder=desc\
         &searchIn=uid,name&page=1"
    );
    clear_requests().await;
    let blocked = UsersRequest::new(true, options(json!({ "limit": 5, "direction": "hasBlockedMe", "searchKeyword": "x y" }))).unwrap();
    page(&blocked).await;
    let sent = list_requests("/blockedusers").await;
    assert_eq!(sent[0]["query"], "per_page=5&direction=hasBlockedMe&searchKey=x%20y&page=1");
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn pages_to_the_end_then_nothing_more_is_sent() {
    let (_, prefix) = session("paging").await;
    for i in 0..7 {
        user_named(&format!("{prefix}-{i}"), &format!("Paging {prefix} {i}")).await;
    }
    clear_requests().await;
    let request = UsersRequest::new(false, options(json!({ "limit": 3, "searchKeyword": prefix }))).unwrap();
    assert!(request.has_more());
    assert_eq!(request.total(), None);
    let mut seen = Vec::new();
    for expected in [3, 3, 1] {
        let users = page(&request).await;
        assert_eq!(users.len(), expected, "{users:?}");
        seen.extend(uids(&users));
    }
    assert_eq!(request.total(), Some(7));
    assert!(!request.has_more(), "the last page was read");
    assert_eq!(page(&request).await, Vec::<Value>::new());
    assert_eq!(page(&request).await, Vec::<Value>::new());
    assert_eq!(list_requests("/users").await.len(), 3, "a request was sent past the last page");
    seen.sort();
    let all: Vec<String> = (0..7).map(|i| format!("{prefix}-{i}")).collect();
    assert_eq!(seen, all);
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn overlapping_fetch_next_calls_get_consecutive_pages() {
    let (_, prefix) = session("overlap").await;
    for i in 0..6 {
        user_named(&format!("{prefix}-{i}"), &format!("Overlap {i}")).await;
    }
    let request = UsersRequest::new(false, options(json!({ "limit": 2, "searchKeyword": prefix }))).unwrap();
    let both = js_sys::Array::of3(&request.fetch_next_js(), &request.fetch_next_js(), &request.fetch_next_js());
    let pages: js_sys::Array = JsFuture::from(js_sys::Promise::all(&both)).await.unwrap().unchecked_into();
    let mut all = Vec::new();
    for p in pages.iter() {
        let users: Vec<Value> = serde_json::from_str(&js_sys::JSON::stringify(&p).unwrap().as_string().unwrap()).unwrap();
        assert_eq!(users.len(), 2, "a page came back short or empty: {users:?}");
        all.extend(uids(&users));
    }
    let first: Vec<String> = all.clone();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 6, "the same page twice: {first:?}");
    assert!(!request.has_more());
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn no_uid_comes_twice_while_users_are_added_between_pages() {
    let (_, prefix) = session("shift").await;
    for i in 0..4 {
        user_named(&format!("{prefix}-m{i}"), &format!("M {prefix} {i}")).await;
    }
    let request =
        UsersRequest::new(false, options(json!({ "limit": 2, "searchKeyword": prefix, "sortBy": "name" }))).unwrap();
    let first = uids(&page(&request).await);
    // Two users that sort before everything read so far: page 2 now starts with page 1's users.
    user_named(&format!("{prefix}-a0"), &format!("A {prefix} 0")).await;
    user_named(&format!("{prefix}-a1"), &format!("A {prefix} 1")).await;
    let mut rest = Vec::new();
    while request.has_more() {
        rest.extend(uids(&page(&request).await));
    }
    let mut all = [first.clone(), rest.clone()].concat();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "a uid came twice: {first:?} then {rest:?}");
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn search_keywords_with_awkward_characters_find_the_right_users() {
    let (_, prefix) = session("search").await;
    let names = ["Ann & Bob", "C#sharp", "x+y", "a/b", "100% sure", "two  spaces", "Zoé", "Rocket 🚀"];
    for (i, name) in names.iter().enumerate() {
        user_named(&format!("{prefix}-{i}"), &format!("{name} {prefix}")).await;
    }
    for (i, name) in names.iter().enumerate() {
        let keyword = format!("{name} {prefix}");
        let request = UsersRequest::new(false, options(json!({ "searchKeyword": keyword, "searchIn": ["name"] }))).unwrap();
        assert_eq!(uids(&page(&request).await), vec![format!("{prefix}-{i}")], "{keyword:?}");
    }
    // Case-insensitive, and by uid.
    let request = UsersRequest::new(false, options(json!({ "searchKeyword": format!("ZOÉ {prefix}") }))).unwrap();
    assert_eq!(uids(&page(&request).await), vec![format!("{prefix}-6")]);
    let request = UsersRequest::new(false, options(json!({ "searchKeyword": format!("{prefix}-3"), "searchIn": ["uid"] }))).unwrap();
    assert_eq!(uids(&page(&request).await), vec![format!("{prefix}-3")]);
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn bad_options_are_refused_before_anything_is_sent() {
    let _ = session("bad").await;
    clear_requests().await;
    let many = |n: usize| format!("Array.from({{ length: {n} }}, (_, i) => 'u' + i)");
    let cases: Vec<(bool, String, &str)> = vec![
        (false, "({ limit: 0 })".into(), code::INVALID_SET_LIMIT),
        (false, "({ limit: 101 })".into(), code::INVALID_SET_LIMIT),
        (false, "({ limit: 1.5 })".into(), code::INVALID_SET_LIMIT),
        (false, "({ limit: NaN })".into(), code::INVALID_SET_LIMIT),
        (false, "({ limit: '30' })".into(), code::INVALID_SET_LIMIT),
        (false, "({ searchKeyword: 'k'.repeat(1001) })".into(), code::INVALID_SEARCH_KEYWORD),
        (false, "({ searchKeyword: 'k'.repeat(16 * 1024 * 1024) })".into(), code::INVALID_SEARCH_KEYWORD),
        (false, "({ searchKeyword: 5 })".into(), code::INVALID_SEARCH_KEYWORD),
        (false, "({ uids: ['a/b'] })".into(), code::INVALID_UIDS),
        (false, format!("({{ uids: {} }})", many(101)), code::INVALID_UIDS),
        (false, "({ uids: [7] })".into(), code::INVALID_UIDS),
        (false, "({ uids: 'u1' })".into(), code::INVALID_UIDS),
        (false, "({ roles: ['a b'] })".into(), code::INVALID_ROLES),
        (false, format!("({{ roles: {} }})", many(101)), code::INVALID_ROLES),
        (false, "({ tags: [' '] })".into(), code::INVALID_TAGS),
        (false, format!("({{ tags: {} }})", many(101)), code::INVALID_TAGS),
        (false, "({ status: 'away' })".into(), code::INVALID_STATUS_VALUE),
        (false, "({ sortBy: 'email' })".into(), code::INVALID_SORT_BY),
        (false, "({ sortOrder: 'up' })".into(), code::INVALID_SORT_BY_ORDER),
        (false, "({ searchIn: ['email'] })".into(), code::INVALID_SEARCH_IN),
        (false, "({ withTags: 1 })".into(), code::INVALID_WITH_TAGS),
        (false, "({ friendsOnly: 'yes' })".into(), code::INVALID_FRIENDS_ONLY),
        (false, "({ hideBlockedUsers: null })".into(), code::INVALID_HIDE_BLOCKED_USERS),
        (true, "({ direction: 'mine' })".into(), code::INVALID_DIRECTION_VALUE),
        (true, "({ limit: 0 })".into(), code::INVALID_SET_LIMIT),
    ];
    let before = wasm_memory_bytes();
    for (blocked, source, expected) in &cases {
        assert_eq!(code_of(check_list_options(*blocked, js(source))), *expected, "{source}");
        assert_eq!(code_of(UsersRequest::new(*blocked, js(source)).map(drop)), *expected, "{source}");
    }
    let grown = wasm_memory_bytes() - before;
    assert!(grown < 1024 * 1024, "wasm memory grew by {grown} bytes");
    let lists = [js("[]"), js(&many(26)), js("'u1'"), js("[7]"), js("['a/b']"), JsValue::UNDEFINED];
    let expected = [code::EMPTY_USERS_LIST, code::INVALID_USER_LIST, code::INVALID_USER_LIST, code::INVALID_UID, code::INVALID_UID, code::INVALID_USER_LIST];
    for (list, expected) in lists.into_iter().zip(expected) {
        assert_eq!(code_of(block(list.clone(), true).await), expected);
        assert_eq!(code_of(block(list, false).await), expected);
    }
    assert_eq!(api_requests().await, Vec::<Value>::new(), "something was sent");
    logout().await.unwrap();
    // Without a session: refused, nothing sent.
    clear_requests().await;
    let request = UsersRequest::new(false, js("({})")).unwrap();
    let err = JsFuture::from(request.fetch_next_js()).await.unwrap_err();
    assert_eq!(thrown(err).code(), code::USER_NOT_LOGGED_IN);
    assert_eq!(code_of(block(js("['u1']"), true).await), code::USER_NOT_LOGGED_IN);
    assert_eq!(api_requests().await, Vec::<Value>::new(), "something was sent without a session");
}

#[wasm_bindgen_test]
async fn block_and_unblock_show_in_get_user_the_cache_and_the_lists() {
    // With the user cache on: a block must not be hidden by a cached copy.
    let settings = js(&format!("({{ clientHost: '{}/v3.0', userCacheTtl: 60000 }})", emulator()));
    JsFuture::from(cometchat_wasm::exports::init(app_id().into(), settings)).await.unwrap();
    let _ = logout().await;
    let (me, token) = new_user("blocker").await;
    let (a, _) = new_user("blockee").await;
    let (b, b_token) = new_user("blockee").await;
    login(token.into(), JsValue::UNDEFINED).await.unwrap();
    assert!(!get_user(a.as_str().into()).await.unwrap().blocked_by_me());
    let result = block(js(&format!("['{a}', '{b}', 'nobody-{a}']")), true).await.unwrap();
    let result: Value = serde_json::from_str(&js_sys::JSON::stringify(&result).unwrap().as_string().unwrap()).unwrap();
    assert_eq!(result, json!({ a.clone(): "success", b.clone(): "success", format!("nobody-{a}"): "fail" }));
    assert!(get_user(a.as_str().into()).await.unwrap().blocked_by_me(), "the cached copy hid the block");
    let sent: Vec<Value> = api_requests().await.into_iter().filter(|r| r["path"].as_str().unwrap().ends_with("/blockedusers")).collect();
    assert_eq!(sent.last().unwrap()["bodyFields"], json!(["blockedUids"]));
    // The blocked list, both directions, and hideBlockedUsers.
    let list = |direction: &str| UsersRequest::new(true, options(json!({ "direction": direction })));
    let mut mine = uids(&page(&list("blockedByMe").unwrap()).await);
    mine.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(mine, expected);
    assert_eq!(page(&list("hasBlockedMe").unwrap()).await, Vec::<Value>::new());
    let hidden = UsersRequest::new(false, options(json!({ "uids": [a.clone(), b.clone()], "hideBlockedUsers": true }))).unwrap();
    assert_eq!(page(&hidden).await, Vec::<Value>::new());
    // Unblock one: shown again.
    let result = block(js(&format!("['{a}']")), false).await.unwrap();
    assert_eq!(js_sys::JSON::stringify(&result).unwrap(), format!("{{\"{a}\":\"success\"}}").as_str());
    assert!(!get_user(a.as_str().into()).await.unwrap().blocked_by_me());
    // From b's side: b sees that it is blocked by me, and hideBlockedUsers hides me too.
    logout().await.unwrap();
    login(b_token.into(), JsValue::UNDEFINED).await.unwrap();
    assert!(get_user(me.as_str().into()).await.unwrap().has_blocked_me());
    assert_eq!(uids(&page(&list("hasBlockedMe").unwrap()).await), vec![me.clone()]);
    let hidden = UsersRequest::new(false, options(json!({ "uids": [me.clone()], "hideBlockedUsers": true }))).unwrap();
    assert_eq!(page(&hidden).await, Vec::<Value>::new());
    logout().await.unwrap();
    init().await;
}

#[wasm_bindgen_test]
async fn friends_only_lists_my_friends() {
    let (me, prefix) = session("friends").await;
    user_named(&format!("{prefix}-f"), "Friend").await;
    user_named(&format!("{prefix}-s"), "Stranger").await;
    let (status, v) = admin(Method::POST, &format!("users/{me}/friends"), Some(json!({ "accepted": [format!("{prefix}-f")] }))).await;
    assert_eq!(status, 200, "{v}");
    let request =
        UsersRequest::new(false, options(json!({ "friendsOnly": true, "searchKeyword": prefix }))).unwrap();
    assert_eq!(uids(&page(&request).await), vec![format!("{prefix}-f")]);
    // And a status filter: both are offline (never logged in).
    let online = UsersRequest::new(false, options(json!({ "status": "online", "searchKeyword": prefix }))).unwrap();
    assert_eq!(page(&online).await, Vec::<Value>::new());
    let offline = UsersRequest::new(false, options(json!({ "status": "offline", "searchKeyword": prefix }))).unwrap();
    assert_eq!(page(&offline).await.len(), 2);
    logout().await.unwrap();
}
