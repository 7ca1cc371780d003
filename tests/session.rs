//! init / login / getUser / updateCurrentUserDetails / logout against the real emulator over
//! HTTP, in a real browser page. The emulator's request log (header names only) shows what
//! reached the server; its admin API stands in for the app's backend.
use cometchat_wasm::error::code;
use cometchat_wasm::exports;
use cometchat_wasm::login::{get_loggedin_user, login, logout};
use cometchat_wasm::user::{changes_of, User};
use cometchat_wasm::users::get_user;
use gloo_net::http::Method;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

async fn login_as(token: &str) -> User {
    login(token.into(), JsValue::UNDEFINED).await.expect("login")
}

/// What a resolved `User` shows in `toJSON()`.
fn shown(user: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(user).unwrap().as_string().unwrap()).unwrap()
}

async fn update_user(u: &User) -> Result<Value, JsValue> {
    JsFuture::from(exports::update_current_user_details_from_object(changes_of(u))).await.map(|v| shown(&v))
}

async fn update_object(fields: JsValue) -> Result<Value, JsValue> {
    JsFuture::from(exports::update_current_user_details_from_object(fields)).await.map(|v| shown(&v))
}

/// `login(token)` as a JS promise: started now, awaited whenever the test wants.
fn login_promise(token: String) -> js_sys::Promise {
    future_to_promise(
        async move { login(token.into(), JsValue::UNDEFINED).await.map(JsValue::from).map_err(JsValue::from) },
    )
}

/// Lets every started task take its first step (a login sends its request).
async fn yield_once() {
    JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await.unwrap();
}

fn js_code(e: JsValue) -> String {
    thrown(e).code()
}

/// The body field names (never values) of each `method` request the emulator received.
async fn sent_fields(method: &str) -> Vec<Value> {
    api_requests().await.into_iter().filter(|r| r["method"] == method).map(|r| r["bodyFields"].clone()).collect()
}

async fn logged_out() {
    init().await;
    let _ = logout().await;
}

#[wasm_bindgen_test]
async fn requests_carry_cometchat_headers_and_never_an_api_key() {
    init().await;
    let (uid, token) = new_user("headers").await;
    clear_requests().await;
    login_as(&token).await;
    get_user(uid.clone().into()).await.unwrap();
    let reqs = api_requests().await;
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    for r in &reqs {
        let names: Vec<&str> = r["headerNames"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
        for needed in ["appid", "authtoken", "sdk", "resource", "accept"] {
            assert!(names.contains(&needed), "{needed} missing from {r}");
        }
        assert!(!names.contains(&"apikey"), "apiKey sent: {r}");
        assert!(!names.contains(&"cookie"), "cookie sent: {r}");
        let has_body = r["method"] == "PUT";
        assert_eq!(names.contains(&"content-type"), has_body, "Content-Type only with a body: {r}");
    }
    assert_eq!((reqs[0]["method"].as_str(), reqs[0]["path"].as_str()), (Some("PUT"), Some("/v3.0/me")));
    assert_eq!(reqs[1]["path"].as_str().unwrap(), format!("/v3.0/users/{uid}"));
}

#[wasm_bindgen_test]
async fn login_returns_the_user_and_a_second_login_sends_nothing() {
    init().await;
    let (uid, token) = new_user("login").await;
    let me = login_as(&token).await;
    assert_eq!(me.uid(), uid);
    assert_eq!(me.name(), "Test login");
    // A login alone is not presence: the server says online only while the user has an
    // authenticated real-time socket, and this session opened none (Part A, "Presence").
    assert_eq!(me.status(), "offline");
    assert_eq!(get_loggedin_user().unwrap().expect("logged in").uid(), uid);
    clear_requests().await;
    assert_eq!(login_as(&token).await.uid(), uid);
    assert_eq!(login(js(&format!("({{ authToken: '{token}' }})")), JsValue::UNDEFINED).await.unwrap().uid(), uid);
    assert!(api_requests().await.is_empty(), "a repeated login made a request");
    // The token never shows in what the app gets back.
    let shown = js_sys::JSON::stringify(&JsValue::from(me)).unwrap().as_string().unwrap();
    assert!(!shown.contains(&token), "{shown}");
}

#[wasm_bindgen_test]
async fn login_registers_this_browser_as_a_web_device() {
    init().await;
    let (uid, token) = new_user("device").await;
    login_as(&token).await;
    let (status, device) = admin(Method::GET, &format!("users/{uid}/auth_tokens/{token}"), None).await;
    assert_eq!(status, 200, "{device}");
    let device = &device["data"];
    assert_eq!(device["platform"], "WEB", "{device}");
    let user_agent = js("navigator.userAgent").as_string().unwrap();
    assert!(!user_agent.is_empty());
    assert_eq!(device["userAgent"], user_agent.as_str(), "{device}");
}

#[wasm_bindgen_test]
async fn a_user_agent_redefined_as_a_non_string_is_left_out_of_the_device_registration() {
    init().await;
    let (uid, token) = new_user("odd-agent").await;
    js("Object.defineProperty(navigator, 'userAgent', { value: 42, configurable: true })");
    let logged_in = login(token.as_str().into(), JsValue::UNDEFINED).await;
    js("delete navigator.userAgent"); // the prototype's getter again
    assert_eq!(logged_in.expect("login").uid(), uid);
    let (status, device) = admin(Method::GET, &format!("users/{uid}/auth_tokens/{token}"), None).await;
    assert_eq!(status, 200, "{device}");
    assert_eq!(device["data"]["platform"], "WEB", "{device}");
    assert!(device["data"]["userAgent"].is_null(), "{device}");
    assert!(js("typeof navigator.userAgent").as_string().unwrap() == "string");
}

#[wasm_bindgen_test]
async fn concurrent_logins_with_one_token_share_one_request() {
    logged_out().await;
    let (uid, token) = new_user("concurrent").await;
    clear_requests().await;
    let both = js_sys::Promise::all(&js_sys::Array::of2(&login_promise(token.clone()), &login_promise(token)));
    let users: js_sys::Array = JsFuture::from(both).await.unwrap().unchecked_into();
    assert_eq!(users.length(), 2);
    for u in users.iter() {
        assert_eq!(shown(&u)["uid"], uid.as_str());
    }
    let puts = api_requests().await.into_iter().filter(|r| r["method"] == "PUT").count();
    assert_eq!(puts, 1);
}

#[wasm_bindgen_test]
async fn auth_keys_are_refused_and_never_sent() {
    init().await;
    clear_requests().await;
    let key_calls: Vec<(JsValue, JsValue)> = vec![
        ("user1".into(), "0123456789abcdef0123456789abcdef".into()),
        (js("({ uid: 'user1', authKey: 'k' })"), JsValue::UNDEFINED),
        (js("({ restApiKey: 'k', authToken: 't' })"), JsValue::UNDEFINED),
        (js("({ apiKey: 'k' })"), JsValue::UNDEFINED),
        (js("({ username: 'user1', authToken: 't' })"), JsValue::UNDEFINED),
    ];
    for (a, b) in key_calls {
        let err = login(a, b).await.unwrap_err();
        assert_eq!(err.code, code::AUTH_KEY_NOT_SUPPORTED);
        assert!(err.message.contains("backend"), "{}", err.message);
        assert_eq!(thrown(err).code(), code::AUTH_KEY_NOT_SUPPORTED);
    }
    for bad in [JsValue::UNDEFINED, "".into(), "  ".into(), 42.into(), js("({})")] {
        assert_eq!(code_of(login(bad, JsValue::UNDEFINED).await), code::MISSING_PARAMETERS);
    }
    assert_eq!(code_of(login("has space".into(), JsValue::UNDEFINED).await), code::INVALID_AUTH_TOKEN);
    // Longer than any token: invalid, however blank (only the start of it is ever read).
    for long in ["' '.repeat(1500)", "' '.repeat(5000) + 'token'"] {
        assert_eq!(code_of(login(js(long), JsValue::UNDEFINED).await), code::INVALID_AUTH_TOKEN, "{long}");
    }
    assert!(requests().await.is_empty(), "a refused login reached the server");
}

#[wasm_bindgen_test]
async fn get_user_unknown_uid_is_err_uid_not_found() {
    init().await;
    let (_, token) = new_user("lookup").await;
    login_as(&token).await;
    let err = thrown(get_user("nobody-here".into()).await.unwrap_err());
    assert_eq!(err.code(), "ERR_UID_NOT_FOUND");
    assert_eq!(prop(&err, "status").as_f64(), Some(404.0));
}

#[wasm_bindgen_test]
async fn get_user_accepts_a_uid_or_an_object_and_validates_first() {
    init().await;
    let (uid, token) = new_user("getuser").await;
    login_as(&token).await;
    let by_obj = get_user(js(&format!("({{ uid: '{uid}' }})"))).await.unwrap();
    assert_eq!(by_obj.uid(), uid);
    assert!(by_obj.metadata().is_object());
    assert_eq!(shown(&by_obj.tags()), json!(["t1"]));
    assert!(by_obj.last_active_at().as_f64().is_some_and(|t| t > 1.6e9), "lastActiveAt in unix seconds");
    // uids are looked up case-insensitively and stored lower-cased.
    assert_eq!(get_user(uid.to_uppercase().into()).await.unwrap().uid(), uid.to_lowercase());
    clear_requests().await;
    for bad in ["", "a/b", "../x", "a?b", "a#b", "é"] {
        assert_eq!(code_of(get_user(bad.into()).await), code::INVALID_UID, "{bad}");
    }
    for bad in [JsValue::UNDEFINED, JsValue::NULL, 12.into(), js("({ uid: 'a/b' })"), js("({})")] {
        assert_eq!(code_of(get_user(bad).await), code::INVALID_UID);
    }
    assert!(requests().await.is_empty(), "an invalid uid reached the server");
}

#[wasm_bindgen_test]
async fn calls_that_need_a_session_reject_before_login_and_send_nothing() {
    logged_out().await;
    clear_requests().await;
    assert!(get_loggedin_user().unwrap().is_none());
    assert_eq!(code_of(get_user("user1".into()).await), code::USER_NOT_LOGGED_IN);
    assert_eq!(code_of(logout().await), code::USER_NOT_LOGGED_IN);
    let u = User::new("x".into(), JsValue::UNDEFINED).unwrap();
    u.set_name("N".into()).unwrap();
    assert_eq!(js_code(update_user(&u).await.unwrap_err()), code::USER_NOT_LOGGED_IN);
    assert_eq!(js_code(update_object(js("({ name: 'N' })")).await.unwrap_err()), code::USER_NOT_LOGGED_IN);
    assert!(requests().await.is_empty());
}

#[wasm_bindgen_test]
async fn a_bad_token_fails_without_leaking_it_and_leaves_no_session() {
    logged_out().await;
    let token = "nobody_0123456789abcdef";
    let err = thrown(login(token.into(), JsValue::UNDEFINED).await.unwrap_err());
    assert_eq!(err.code(), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    assert_eq!(prop(&err, "status").as_f64(), Some(401.0));
    let details = prop(&err, "details");
    let details = if details.is_undefined() {
        String::new()
    } else {
        js_sys::JSON::stringify(&details).unwrap().as_string().unwrap()
    };
    let text = format!("{} {details}", prop(&err, "message").as_string().unwrap());
    assert!(!text.contains(token), "the token leaked into the error: {text}");
    assert!(get_loggedin_user().unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_token_deleted_by_the_backend_ends_the_session() {
    init().await;
    let (uid, token) = new_user("revoked").await;
    login_as(&token).await;
    let (status, _) = admin(Method::DELETE, &format!("users/{uid}/auth_tokens/{token}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(code_of(get_user(uid.clone().into()).await), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    assert!(get_loggedin_user().unwrap().is_none(), "the session outlived its token");
    assert_eq!(code_of(get_user(uid.into()).await), code::USER_NOT_LOGGED_IN);
}

#[wasm_bindgen_test]
async fn a_deactivated_user_cannot_log_in() {
    logged_out().await;
    let (uid, token) = new_user("deactivated").await;
    let (status, v) = admin(Method::DELETE, "users", Some(json!({ "uidsToDeactivate": [uid] }))).await;
    assert_eq!(status, 200, "{v}");
    let err = login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap_err();
    // The emulator names the case (a session it ended this way is "user-gone": tests/lifecycle.rs).
    assert_eq!((err.code.as_str(), err.status), (code::ERR_USER_DEACTIVATED, Some(401)), "{err:?}");
    assert!(get_loggedin_user().unwrap().is_none());
}

#[wasm_bindgen_test]
async fn update_never_sends_role_and_only_changes_the_logged_in_user() {
    init().await;
    let (me, token) = new_user("me").await;
    let (other, _) = new_user("other").await;
    login_as(&token).await;
    let edit = User::new(other.as_str().into(), JsValue::UNDEFINED).unwrap();
    edit.set_name("Kevin Fernandez".into()).unwrap();
    edit.set_role("admin".into()).unwrap();
    edit.set_status_message("In a meeting".into()).unwrap();
    clear_requests().await;
    let updated = update_user(&edit).await.unwrap();
    // What the server received, not what it kept: the emulator drops a role anyway.
    assert_eq!(sent_fields("PUT").await, vec![json!(["name", "statusMessage"])]);
    assert_eq!(updated["uid"], me.as_str());
    assert_eq!(updated["name"], "Kevin Fernandez");
    let server_me = admin_user(&me).await;
    assert_eq!(server_me["name"], "Kevin Fernandez");
    assert_eq!(server_me["statusMessage"], "In a meeting");
    assert_eq!(server_me["role"], "default", "the role changed");
    let server_other = admin_user(&other).await;
    assert_eq!(server_other["name"], "Test other");
    assert_eq!(get_loggedin_user().unwrap().unwrap().name(), "Kevin Fernandez");
}

#[wasm_bindgen_test]
async fn update_from_a_plain_object() {
    init().await;
    let (me, token) = new_user("plain").await;
    let (other, _) = new_user("plain-other").await;
    login_as(&token).await;
    let fields = js(&format!(
        "({{ uid: '{other}', role: 'admin', status: 'offline', name: 'Plain', statusMessage: 'busy', tags: ['a', 'b'],
            metadata: {{ '@private': {{ email: 'p@example.com' }}, n: [1, 2.5] }}, avatar: 'https://cdn.example/p.png',
            link: 'https://example.com/p', unknownKey: 1 }})"
    ));
    clear_requests().await;
    update_object(fields).await.unwrap();
    assert_eq!(sent_fields("PUT").await, vec![json!(["avatar", "link", "metadata", "name", "statusMessage", "tags"])]);
    let server = admin_user(&me).await;
    assert_eq!(server["name"], "Plain");
    assert_eq!(server["statusMessage"], "busy");
    assert_eq!(server["tags"], json!(["a", "b"]));
    assert_eq!(server["metadata"], json!({"@private": {"email": "p@example.com"}, "n": [1, 2.5]}));
    assert_eq!(server["avatar"], "https://cdn.example/p.png");
    assert_eq!(server["link"], "https://example.com/p");
    assert_eq!(server["role"], "default");
    assert_eq!(admin_user(&other).await["name"], "Test plain-other");
    let cached = get_loggedin_user().unwrap().unwrap();
    assert_eq!((cached.name(), shown(&cached.tags())), ("Plain".into(), json!(["a", "b"])));
}

#[wasm_bindgen_test]
async fn a_fetched_user_changed_by_one_setter_sends_only_that_field() {
    init().await;
    let (me, token) = new_user("onefield").await;
    login_as(&token).await;
    let fetched = get_user(me.as_str().into()).await.unwrap();
    // Meanwhile the backend renames the user; our stale copy must not undo that.
    let (status, _) = admin(Method::PUT, &format!("users/{me}"), Some(json!({ "name": "Renamed meanwhile" }))).await;
    assert_eq!(status, 200);
    fetched.set_status_message("Only this".into()).unwrap();
    update_user(&fetched).await.unwrap();
    let server = admin_user(&me).await;
    assert_eq!(server["name"], "Renamed meanwhile");
    assert_eq!(server["statusMessage"], "Only this");
    assert_eq!(server["metadata"], json!({"team": "qa"}));
    assert_eq!(server["tags"], json!(["t1"]));
}

#[wasm_bindgen_test]
async fn invalid_updates_are_rejected_before_anything_is_sent() {
    init().await;
    let (me, token) = new_user("invalid").await;
    login_as(&token).await;
    clear_requests().await;
    let cases = [
        ("({ avatar: 'javascript:alert(1)' })", code::INVALID_USER_AVATAR),
        ("({ link: 'http://example.com' })", code::INVALID_USER_LINK),
        ("({ name: '   ' })", code::INVALID_USER_NAME),
        ("({ tags: 'a,b' })", code::INVALID_USER_TAGS),
        ("({ metadata: { f() {} } })", code::INVALID_USER_METADATA),
        ("({ statusMessage: 5 })", code::INVALID_USER_STATUS_MESSAGE),
        ("({ role: 'admin' })", code::MISSING_PARAMETERS),
        ("({})", code::MISSING_PARAMETERS),
        ("'name'", code::MISSING_PARAMETERS),
        ("null", code::MISSING_PARAMETERS),
    ];
    for (source, expected) in cases {
        assert_eq!(js_code(update_object(js(source)).await.unwrap_err()), expected, "{source}");
    }
    let untouched = User::new(me.as_str().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(js_code(update_user(&untouched).await.unwrap_err()), code::MISSING_PARAMETERS);
    assert!(requests().await.is_empty(), "an invalid update reached the server");
    assert_eq!(admin_user(&me).await["name"], "Test invalid");
}

#[wasm_bindgen_test]
async fn changing_or_dropping_a_user_during_its_update_is_harmless() {
    init().await;
    let (me, token) = new_user("inflight").await;
    login_as(&token).await;
    let u = User::new(me.as_str().into(), JsValue::UNDEFINED).unwrap();
    u.set_name("Sent name".into()).unwrap();
    let pending = exports::update_current_user_details_from_object(changes_of(&u));
    u.set_name("Changed after the call".into()).unwrap();
    drop(u);
    JsFuture::from(pending).await.unwrap();
    assert_eq!(admin_user(&me).await["name"], "Sent name");
}

/// The emulator really answers both updates, in the order they were made; fetch is wrapped only to
/// hold the first answer back, the order a slow network can give and a local server cannot.
#[wasm_bindgen_test]
async fn overlapping_updates_the_last_one_made_wins_with_fetch_wrapped_to_hold_the_first_answer() {
    init().await;
    let (me, token) = new_user("overlap").await;
    login_as(&token).await;
    clear_requests().await;
    js("(() => {
        const real = globalThis.fetch;
        let held = false;
        globalThis.fetch = (url, init) => {
            const answer = real(url, init);
            if (init?.method !== 'PUT' || held) return answer;
            held = true;
            globalThis.fetch = real;
            return answer.then((r) => new Promise((ok) => setTimeout(() => ok(r), 300)));
        };
    })()");
    let first = exports::update_current_user_details_from_object(js("({ name: 'First edit' })"));
    // The second update is made once the server has applied the first.
    for _ in 0..100 {
        if !api_requests().await.is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let second = exports::update_current_user_details_from_object(js("({ name: 'Second edit' })"));
    let second = shown(&JsFuture::from(second).await.unwrap());
    let first = shown(&JsFuture::from(first).await.unwrap());
    // Each call resolves with its own answer; the session keeps the last update made.
    assert_eq!((first["name"].as_str(), second["name"].as_str()), (Some("First edit"), Some("Second edit")));
    assert_eq!(get_loggedin_user().unwrap().expect("logged in").name(), "Second edit");
    assert_eq!(admin_user(&me).await["name"], "Second edit");
}

#[wasm_bindgen_test]
async fn logout_ends_the_session_here_and_sets_offline_there() {
    init().await;
    let (me, token) = new_user("logout").await;
    login_as(&token).await;
    // A login alone is not presence: the emulator marks a user online only while they have an
    // authenticated socket, and this session opened none.
    assert_eq!(admin_user(&me).await["status"], "offline");
    logout().await.unwrap();
    assert!(get_loggedin_user().unwrap().is_none());
    assert_eq!(admin_user(&me).await["status"], "offline");
    assert_eq!(code_of(get_user(me.into()).await), code::USER_NOT_LOGGED_IN);
}

#[wasm_bindgen_test]
async fn nothing_is_stored_in_the_browser() {
    init().await;
    let (me, token) = new_user("storage").await;
    let check = |when: &str| {
        for store in ["localStorage", "sessionStorage"] {
            assert_eq!(js(&format!("{store}.length")).as_f64(), Some(0.0), "{store} after {when}");
        }
        assert_eq!(js("document.cookie").as_string().as_deref(), Some(""), "cookies after {when}");
    };
    let idb = || async {
        JsFuture::from(js("indexedDB.databases()").unchecked_into::<js_sys::Promise>())
            .await
            .unwrap()
            .unchecked_into::<js_sys::Array>()
            .length()
    };
    login_as(&token).await;
    check("login");
    update_object(js("({ statusMessage: 'stored?' })")).await.unwrap();
    get_user(me.into()).await.unwrap();
    check("update");
    logout().await.unwrap();
    check("logout");
    assert_eq!(idb().await, 0, "IndexedDB databases");
}

#[wasm_bindgen_test]
async fn a_server_that_never_answers_times_out_and_the_request_is_aborted() {
    init_at(hang_url(), Some(300)).await;
    let before: Value = sockets().await;
    let err = login("tok_0123".into(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!(err.code, code::REQUEST_TIMEOUT);
    // The abort closed the connection: the never-answering server saw every socket close.
    let mut after = sockets().await;
    for _ in 0..20 {
        if after["closed"] == after["opened"] {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
        after = sockets().await;
    }
    assert!(after["opened"].as_u64() > before["opened"].as_u64(), "no connection was made: {after}");
    assert_eq!(after["closed"], after["opened"], "a connection was left open: {after}");
    init().await;
}

async fn sockets() -> Value {
    let resp = gloo_net::http::Request::get(&format!("{}/__sockets", not_json_url())).send().await.unwrap();
    serde_json::from_str(&resp.text().await.unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn a_server_that_is_not_listening_fails_to_fetch() {
    init_at(dead_url(), None).await;
    let err = login("tok_0123".into(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!((err.code.as_str(), err.status), (code::FAILED_TO_FETCH, None));
    init().await;
}

#[wasm_bindgen_test]
async fn a_reply_that_is_not_json_is_an_invalid_response() {
    init_at(not_json_url(), None).await;
    let err = login("tok_0123".into(), JsValue::UNDEFINED).await.unwrap_err();
    assert_eq!((err.code.as_str(), err.status), (code::INVALID_RESPONSE, Some(200)));
    init().await;
}

#[wasm_bindgen_test]
async fn init_rejects_bad_settings_clearly() {
    let app = JsValue::from(app_id());
    let init_with = |app: JsValue, settings: &str| JsFuture::from(exports::init(app, js(settings)));
    let cases = [
        ("({ clientHost: 'http://example.com/v3.0' })", code::INVALID_CLIENT_HOST),
        ("({ clientHost: 'ftp://127.0.0.1/v3.0' })", code::INVALID_CLIENT_HOST),
        ("({ clientHost: '' })", code::INVALID_CLIENT_HOST),
        ("({ clientHost: 42 })", code::INVALID_CLIENT_HOST),
        ("({ region: 'e u' })", code::INVALID_REGION),
        ("({ requestTimeout: -5 })", code::INVALID_REQUEST_TIMEOUT),
        ("({ requestTimeout: '100' })", code::INVALID_REQUEST_TIMEOUT),
    ];
    for (settings, expected) in cases {
        assert_eq!(js_code(init_with(app.clone(), settings).await.unwrap_err()), expected, "{settings}");
    }
    assert_eq!(js_code(init_with("".into(), "undefined").await.unwrap_err()), code::INVALID_APP_ID);
    assert_eq!(js_code(init_with(JsValue::NULL, "undefined").await.unwrap_err()), code::INVALID_APP_ID);
    assert_eq!(init_with(app, "undefined").await.unwrap(), JsValue::TRUE);
    init().await;
}

#[wasm_bindgen_test]
async fn concurrent_get_user_of_one_uid_shares_one_request_and_each_caller_gets_its_own_user() {
    init().await;
    let (_, token) = new_user("coalesce").await;
    let (other, _) = new_user("coalesce-target").await;
    login_as(&token).await;
    clear_requests().await;
    let start = |uid: String| {
        future_to_promise(async move { get_user(uid.into()).await.map(JsValue::from).map_err(JsValue::from) })
    };
    let calls = js_sys::Array::new();
    for i in 0..20 {
        // Mixed case: uids are looked up case-insensitively, so these are one user too.
        calls.push(&start(if i % 2 == 0 { other.clone() } else { other.to_uppercase() }));
    }
    let users: js_sys::Array = JsFuture::from(js_sys::Promise::all(&calls)).await.unwrap().unchecked_into();
    assert_eq!(users.length(), 20);
    let gets = || async { api_requests().await.into_iter().filter(|r| r["method"] == "GET").count() };
    assert_eq!(gets().await, 1, "concurrent getUser calls were not coalesced");
    // Each caller has its own object: changing one does not change another.
    let set_name: js_sys::Function = prop(&users.get(0), "setName").dyn_into().unwrap();
    set_name.call1(&users.get(0), &"Mine only".into()).unwrap();
    assert_eq!(shown(&users.get(1))["name"], "Test coalesce-target");
    assert_eq!(shown(&users.get(0))["name"], "Mine only");
    // Sequential calls are not cached by default.
    get_user(other.clone().into()).await.unwrap();
    assert_eq!(gets().await, 2);
}

#[wasm_bindgen_test]
async fn the_opt_in_user_cache_answers_from_memory_until_an_update_logout_or_expiry() {
    let settings = js(&format!("({{ clientHost: '{}/v3.0', userCacheTtl: 400 }})", emulator()));
    JsFuture::from(exports::init(app_id().into(), settings)).await.unwrap();
    let (me, token) = new_user("cache").await;
    let (other, _) = new_user("cache-target").await;
    login_as(&token).await;
    clear_requests().await;
    let gets = || async { api_requests().await.into_iter().filter(|r| r["method"] == "GET").count() };
    get_user(other.as_str().into()).await.unwrap();
    get_user(other.to_uppercase().into()).await.unwrap();
    assert_eq!(gets().await, 1, "the second getUser was not answered from the cache");
    update_object(js("({ statusMessage: 'changed' })")).await.unwrap();
    get_user(other.as_str().into()).await.unwrap();
    assert_eq!(gets().await, 2, "updateCurrentUserDetails did not clear the cache");
    gloo_timers::future::TimeoutFuture::new(450).await;
    get_user(other.as_str().into()).await.unwrap();
    assert_eq!(gets().await, 3, "an expired entry was used");
    logout().await.unwrap();
    login_as(&token).await;
    get_user(other.as_str().into()).await.unwrap();
    assert_eq!(gets().await, 4, "logout did not clear the cache");
    assert_eq!(get_user(me.as_str().into()).await.unwrap().uid(), me);
    init().await;
}

#[wasm_bindgen_test]
async fn logout_during_a_login_cancels_it_and_logs_that_device_out() {
    logged_out().await;
    let (uid, token) = new_user("cancelled").await;
    let pending = login_promise(token);
    // Let the login start (its request goes out), then log out before it answers.
    yield_once().await;
    logout().await.expect("logout during a login");
    assert_eq!(js_code(JsFuture::from(pending).await.unwrap_err()), code::LOGIN_CANCELLED);
    assert!(get_loggedin_user().unwrap().is_none(), "the cancelled login started a session");
    assert_eq!(admin_user(&uid).await["status"], "offline", "the device the login registered is still online");
    assert_eq!(code_of(get_user(uid.into()).await), code::USER_NOT_LOGGED_IN);
}

#[wasm_bindgen_test]
async fn a_second_token_while_a_login_is_in_flight_is_refused() {
    logged_out().await;
    let (uid, first) = new_user("first").await;
    let (_, second) = new_user("second").await;
    let pending = login_promise(first);
    yield_once().await;
    assert_eq!(code_of(login(second.into(), JsValue::UNDEFINED).await), code::LOGIN_IN_PROGRESS);
    assert_eq!(shown(&JsFuture::from(pending).await.unwrap())["uid"], uid.as_str());
    assert_eq!(get_loggedin_user().unwrap().unwrap().uid(), uid);
}

#[wasm_bindgen_test]
async fn init_with_another_app_during_a_login_cancels_it_and_installs_no_session() {
    logged_out().await;
    let (_, token) = new_user("app-switch").await;
    let pending = login_promise(token.clone());
    yield_once().await;
    JsFuture::from(exports::init("another-app".into(), js(&format!("({{ clientHost: '{}/v3.0' }})", emulator()))))
        .await
        .unwrap();
    assert_eq!(js_code(JsFuture::from(pending).await.unwrap_err()), code::LOGIN_CANCELLED);
    assert!(get_loggedin_user().unwrap().is_none(), "the old app's login installed a session");
    init().await;
    assert!(get_loggedin_user().unwrap().is_none(), "the old app's login installed a session");
    // A login started after the switch is unaffected.
    login_as(&token).await;
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn init_again_with_the_same_app_moves_the_session_to_the_new_host_and_timeout() {
    logged_out().await;
    let (uid, token) = new_user("re-init").await;
    login_as(&token).await;
    init_at(dead_url(), None).await;
    assert_eq!(code_of(get_user(uid.as_str().into()).await), code::FAILED_TO_FETCH, "the new host was not used");
    init_at(hang_url(), Some(300)).await;
    let started = js_sys::Date::now();
    assert_eq!(code_of(get_user(uid.as_str().into()).await), code::REQUEST_TIMEOUT, "the new timeout was not used");
    let took = js_sys::Date::now() - started;
    assert!((250.0..2000.0).contains(&took), "timed out after {took} ms");
    // Back on the emulator, the session is still there.
    init().await;
    assert_eq!(get_user(uid.as_str().into()).await.unwrap().uid(), uid);
    assert!(get_loggedin_user().unwrap().is_some());
    logout().await.unwrap();
}
