//! The session lifecycle against the real emulator, in a real browser page: the login listeners,
//! `onSessionEnded` with each reason, the token provider renewing a revoked token, and rate
//! limits (a second emulator started with `--rate-limit 20 --rate-window 2`). Header values no
//! emulator sends come from a mock server (tests/support/odd-servers.mjs), and say so.
use cometchat_wasm::error::code;
use cometchat_wasm::events::{add_login_listener, on_session_ended, remove_login_listener};
use cometchat_wasm::exports;
use cometchat_wasm::login::{get_loggedin_user, login, logout};
use cometchat_wasm::user::User;
use cometchat_wasm::users::get_user;
use gloo_net::http::Method;
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

/// Lets queued listeners run (they run in microtasks after the state changed).
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// A JS log and a function that appends its argument to it.
struct Recorder {
    log: js_sys::Array,
    f: JsValue,
}

fn recorder() -> Recorder {
    let pair = js("(() => { const log = []; return [log, (e) => { log.push(e); }]; })()");
    let pair: js_sys::Array = pair.unchecked_into();
    Recorder { log: pair.get(0).unchecked_into(), f: pair.get(1) }
}

impl Recorder {
    fn reasons(&self) -> Vec<String> {
        self.log.iter().map(|e| prop(&e, "reason").as_string().unwrap_or_default()).collect()
    }
}

/// Subscribes to `onSessionEnded` for the length of a test.
struct Ended {
    rec: Recorder,
    unsubscribe: js_sys::Function,
}

fn ended() -> Ended {
    let rec = recorder();
    let unsubscribe = on_session_ended(&rec.f).expect("onSessionEnded");
    Ended { rec, unsubscribe }
}

impl Drop for Ended {
    fn drop(&mut self) {
        self.unsubscribe.call0(&JsValue::NULL).ok();
    }
}

/// A LoginListener (plain object with the four callbacks) logging `[kind, arg]`.
fn login_log(id: &str) -> js_sys::Array {
    let pair: js_sys::Array = js("(() => { const log = []; const on = (k) => (a) => { log.push([k, a]); };
        return [log, { loginSuccess: on('loginSuccess'), loginFailure: on('loginFailure'),
                       logoutSuccess: on('logoutSuccess'), logoutFailure: on('logoutFailure') }]; })()")
    .unchecked_into();
    add_login_listener(&id.into(), &pair.get(1)).expect("addLoginListener");
    pair.get(0).unchecked_into()
}

fn kinds(log: &js_sys::Array) -> Vec<String> {
    log.iter().map(|e| js_sys::Array::from(&e).get(0).as_string().unwrap()).collect()
}

async fn logged_out() {
    init().await;
    let _ = logout().await;
    settle().await;
}

async fn revoke(uid: &str, token: &str) {
    let (status, v) = admin(Method::DELETE, &format!("users/{uid}/auth_tokens/{token}"), None).await;
    assert_eq!(status, 200, "{v}");
}

/// A token minted by the backend for `uid` (a new one each time).
async fn mint(uid: &str) -> String {
    let (status, v) = admin(Method::POST, &format!("users/{uid}/auth_tokens"), Some(json!({ "force": true }))).await;
    assert_eq!(status, 200, "{v}");
    v["data"]["authToken"].as_str().unwrap().to_owned()
}

/// A token provider: each call mints a token for `uid` through the admin API (as the app's
/// backend would) and counts itself.
fn provider(uid: &str) -> (JsValue, Rc<Cell<u32>>) {
    let calls = Rc::new(Cell::new(0));
    let (uid, counted) = (uid.to_owned(), calls.clone());
    let f = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        counted.set(counted.get() + 1);
        let uid = uid.clone();
        future_to_promise(async move { Ok(mint(&uid).await.into()) })
    });
    (f.into_js_value(), calls)
}

fn with_provider(f: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"tokenProvider".into(), f).unwrap();
    o.into()
}

/// `getUser` of each uid at once (distinct uids: one request each, none coalesced).
fn get_users(uids: &[String]) -> js_sys::Promise {
    let all: js_sys::Array = uids.iter().map(|uid| JsValue::from(exports::get_user(uid.as_str().into()))).collect();
    js_sys::Promise::all_settled(&all)
}

/// `n` users on the emulator, to be read at once.
async fn crowd(n: usize) -> Vec<String> {
    let mut uids = Vec::new();
    for _ in 0..n {
        uids.push(new_user("crowd").await.0);
    }
    uids
}

/// `[status, code]` of each settled call.
async fn outcomes(settled: js_sys::Promise) -> Vec<(String, String)> {
    let list: js_sys::Array = JsFuture::from(settled).await.unwrap().unchecked_into();
    list.iter()
        .map(|r| {
            let status = prop(&r, "status").as_string().unwrap();
            let code = if status == "rejected" {
                prop(&prop(&r, "reason"), "code").as_string().unwrap()
            } else {
                String::new()
            };
            (status, code)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn login_listeners_hear_login_and_logout_and_one_that_throws_breaks_nothing() {
    logged_out().await;
    // The browser reports the throwing listener's error; this page expects it.
    js("window.__expected = 0; window.addEventListener('error', (e) => { if (String(e.message).includes('listener boom')) { window.__expected++; e.preventDefault(); } })");
    add_login_listener(&"thrower".into(), &js("({ loginSuccess() { throw new Error('listener boom'); } })")).unwrap();
    let log = login_log("log");
    let (uid, token) = new_user("listeners").await;
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    settle().await;
    assert_eq!(kinds(&log), ["loginSuccess"]);
    let user = js_sys::Array::from(&log.get(0)).get(1);
    assert_eq!(
        prop(&js_sys::JSON::parse(&js_sys::JSON::stringify(&user).unwrap().as_string().unwrap()).unwrap(), "uid"),
        uid.as_str()
    );
    assert_eq!(js("window.__expected").as_f64(), Some(1.0), "the throwing listener ran once");
    // The package still works after a listener threw.
    get_user(uid.as_str().into()).await.unwrap();
    logout().await.unwrap();
    settle().await;
    assert_eq!(kinds(&log), ["loginSuccess", "logoutSuccess"]);
    // A bad token: loginFailure with the server's error.
    login("nobody_0123456789".into(), JsValue::UNDEFINED).await.unwrap_err();
    settle().await;
    assert_eq!(kinds(&log), ["loginSuccess", "logoutSuccess", "loginFailure"]);
    let err = js_sys::Array::from(&log.get(2)).get(1);
    assert_eq!(thrown(err).code(), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    remove_login_listener(&"thrower".into()).unwrap();
    remove_login_listener(&"log".into()).unwrap();
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    settle().await;
    assert_eq!(log.length(), 3, "a removed listener still heard the login");
}

#[wasm_bindgen_test]
async fn logout_failure_fires_when_the_server_cannot_log_out_and_the_session_still_ends() {
    logged_out().await;
    let (_, token) = new_user("logoutfail").await;
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    let log = login_log("logoutfail");
    let end = ended();
    // The same app at a host that is down: the session moves there, and its DELETE me fails.
    init_at(dead_url(), Some(2000)).await;
    let err = logout().await.unwrap_err();
    settle().await;
    assert_eq!(err.code, code::FAILED_TO_FETCH);
    assert_eq!(kinds(&log), ["logoutFailure"]);
    assert_eq!(thrown(js_sys::Array::from(&log.get(0)).get(1)).code(), code::FAILED_TO_FETCH);
    assert_eq!(end.rec.reasons(), ["logout"]);
    assert!(get_loggedin_user().unwrap().is_none());
    remove_login_listener(&"logoutfail".into()).unwrap();
}

#[wasm_bindgen_test]
async fn ten_calls_failing_on_a_revoked_token_end_the_session_once_and_it_is_not_a_logout() {
    logged_out().await;
    let (uid, token) = new_user("tenfail").await;
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    let log = login_log("tenfail");
    let end = ended();
    revoke(&uid, &token).await;
    let uids: Vec<String> = (0..10).map(|i| format!("{uid}-{i}")).collect();
    clear_requests().await;
    let results = outcomes(get_users(&uids)).await;
    assert!(results.iter().all(|(s, c)| s == "rejected" && c == code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND), "{results:?}");
    assert_eq!(api_requests().await.len(), 10, "ten requests were in flight");
    settle().await;
    assert_eq!(end.rec.reasons(), ["token-revoked"]);
    let error = prop(&end.rec.log.get(0), "error");
    assert_eq!(thrown(error.clone()).code(), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    assert!(!js_sys::JSON::stringify(&error).unwrap().as_string().unwrap().contains(&token));
    assert!(
        kinds(&log).is_empty(),
        "a session the server ended was reported to the login listeners: {:?}",
        kinds(&log)
    );
    // After the event: no session, and calls reject without a request.
    assert!(get_loggedin_user().unwrap().is_none());
    clear_requests().await;
    assert_eq!(code_of(get_user(uid.as_str().into()).await), code::USER_NOT_LOGGED_IN);
    assert!(requests().await.is_empty());
    remove_login_listener(&"tenfail".into()).unwrap();
}

#[wasm_bindgen_test]
async fn a_deactivated_or_deleted_user_ends_the_session_as_user_gone() {
    for delete in [false, true] {
        logged_out().await;
        let (uid, token) = new_user("gone").await;
        login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
        let end = ended();
        let (status, v) = if delete {
            admin(Method::DELETE, &format!("users/{uid}"), Some(json!({ "permanent": true }))).await
        } else {
            admin(Method::DELETE, "users", Some(json!({ "uidsToDeactivate": [uid] }))).await
        };
        assert_eq!(status, 200, "{v}");
        let expected = if delete { code::ERR_UID_NOT_FOUND } else { code::ERR_USER_DEACTIVATED };
        assert_eq!(code_of(get_user("user1".into()).await), expected);
        settle().await;
        assert_eq!(end.rec.reasons(), ["user-gone"], "deleted: {delete}");
        assert_eq!(thrown(prop(&end.rec.log.get(0), "error")).code(), expected);
        assert!(get_loggedin_user().unwrap().is_none());
    }
}

#[wasm_bindgen_test]
async fn init_with_another_app_and_logout_each_end_the_session_with_their_reason() {
    logged_out().await;
    let (_, token) = new_user("reasons").await;
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    let end = ended();
    logout().await.unwrap();
    settle().await;
    assert_eq!(end.rec.reasons(), ["logout"]);
    login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap();
    let settings = js(&format!("({{ clientHost: '{}/v3.0' }})", emulator()));
    JsFuture::from(exports::init("another-app".into(), settings)).await.unwrap();
    settle().await;
    assert_eq!(end.rec.reasons(), ["logout", "app-changed"]);
    assert!(prop(&end.rec.log.get(1), "error").is_undefined());
    // Ending nothing tells nothing.
    init().await;
    let _ = logout().await;
    settle().await;
    assert_eq!(end.rec.log.length(), 2);
}

#[wasm_bindgen_test]
async fn a_token_provider_renews_a_revoked_token_once_for_ten_calls_that_never_see_the_failure() {
    logged_out().await;
    let (uid, _) = new_user("provider").await;
    let others = crowd(10).await;
    let (f, calls) = provider(&uid);
    let end = ended();
    let me = login(with_provider(&f), JsValue::UNDEFINED).await.unwrap();
    assert_eq!(me.uid(), uid);
    assert_eq!(calls.get(), 1, "the provider is asked for the login");
    // The backend revokes every token of the user.
    let (status, _) = admin(Method::DELETE, &format!("users/{uid}/auth_tokens"), None).await;
    assert_eq!(status, 200);
    clear_requests().await;
    let results = outcomes(get_users(&others)).await;
    assert!(results.iter().all(|(s, _)| s == "fulfilled"), "{results:?}");
    assert_eq!(calls.get(), 2, "ten failures share one provider call");
    settle().await;
    assert!(end.rec.reasons().is_empty(), "{:?}", end.rec.reasons());
    // The client's GETs (the provider's own admin calls are in the log too): the ten calls, each
    // retried once, and one `GET me` that confirmed the new token is the same user's.
    let gets: Vec<(bool, u64)> = api_requests()
        .await
        .iter()
        .filter(|r| r["method"] == "GET" && r["path"].as_str().is_some_and(|p| p.starts_with("/v3.0/")))
        .map(|r| (r["path"].as_str().unwrap().ends_with("/me"), r["status"].as_u64().unwrap()))
        .collect();
    assert_eq!(gets.iter().filter(|g| **g == (false, 401)).count(), 10, "{gets:?}");
    assert_eq!(gets.iter().filter(|g| **g == (false, 200)).count(), 10, "each call retried once: {gets:?}");
    assert_eq!(gets.iter().filter(|g| g.0).collect::<Vec<_>>(), [&(true, 200)], "one check of whose the token is: {gets:?}");
    assert!(get_loggedin_user().unwrap().is_some());
    // Once logged out the provider is never asked again, even by a call that was in flight.
    let (status, _) = admin(Method::DELETE, &format!("users/{uid}/auth_tokens"), None).await;
    assert_eq!(status, 200);
    let in_flight = exports::get_user(uid.as_str().into());
    logout().await.unwrap();
    let _ = JsFuture::from(in_flight).await;
    assert_eq!(code_of(get_user(uid.as_str().into()).await), code::USER_NOT_LOGGED_IN);
    settle().await;
    assert_eq!(calls.get(), 2, "the provider was asked after logout");
}

#[wasm_bindgen_test]
async fn a_provider_that_fails_ends_the_session_as_token_revoked_with_a_typed_error() {
    // Each failure mode, by a JS provider that fails after its first (login) answer.
    let modes = [
        ("throws", "() => { throw new Error('backend down'); }"),
        ("rejects", "() => Promise.reject(new Error('backend down'))"),
        ("hangs", "() => new Promise(() => {})"),
        ("not a token", "() => Promise.resolve(42)"),
        ("the same token", "() => Promise.resolve(window.__first)"),
    ];
    for (name, then) in modes {
        logged_out().await;
        init_at(emulator(), Some(1500)).await;
        let (uid, token) = new_user("badprovider").await;
        js(&format!("window.__first = {token:?}"));
        let f = js(&format!("(() => {{ let n = 0; const then = {then}; return () => n++ ? then() : Promise.resolve(window.__first); }})()"));
        login(with_provider(&f), JsValue::UNDEFINED).await.unwrap();
        let end = ended();
        revoke(&uid, &token).await;
        let uids: Vec<String> = (0..3).map(|i| format!("{uid}-{i}")).collect();
        let results = outcomes(get_users(&uids)).await;
        assert!(
            results.iter().all(|(s, c)| s == "rejected" && c == code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND),
            "{name}: {results:?}"
        );
        settle().await;
        assert_eq!(end.rec.reasons(), ["token-revoked"], "{name}");
        let error = prop(&end.rec.log.get(0), "error");
        let message = prop(&error, "message").as_string().unwrap();
        // The call's failure, saying why it stands: its code stays the server's.
        assert_eq!(prop(&error, "code").as_string().as_deref(), Some(code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND), "{name}");
        assert!(message.contains("token provider"), "{name}: {message}");
        assert!(!message.contains(&token) && !message.contains("backend down"), "{name}: {message}");
        assert!(get_loggedin_user().unwrap().is_none(), "{name}");
    }
}

#[wasm_bindgen_test]
async fn bad_provider_and_listener_arguments_are_typed_errors_and_send_nothing() {
    logged_out().await;
    clear_requests().await;
    for bad in
        ["({ tokenProvider: 42 })", "({ tokenProvider: () => 't', authToken: 'abc_123' })", "({ tokenProvider: null })"]
    {
        let e = login(js(bad), JsValue::UNDEFINED).await.unwrap_err();
        assert_eq!(e.code, code::INVALID_TOKEN_PROVIDER, "{bad}");
    }
    // A provider whose answer is not a token fails the login the same typed way.
    for answer in ["42", "''", "'has space'", "({ authToken: 1 })"] {
        let e = login(js(&format!("({{ tokenProvider: () => Promise.resolve({answer}) }})")), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_eq!(e.code, code::TOKEN_PROVIDER_FAILED, "{answer}");
    }
    assert!(requests().await.is_empty(), "a bad login sent something");
    let invalid = |r: Result<(), JsValue>| thrown(r.unwrap_err()).code();
    assert_eq!(thrown(on_session_ended(&42.into()).unwrap_err()).code(), "INVALID_ARGUMENT");
    assert_eq!(invalid(add_login_listener(&"".into(), &js("({})"))), "INVALID_ARGUMENT");
    assert_eq!(invalid(add_login_listener(&42.into(), &js("({})"))), "INVALID_ARGUMENT");
    assert_eq!(invalid(add_login_listener(&"id".into(), &42.into())), "INVALID_ARGUMENT");
    assert_eq!(invalid(add_login_listener(&"id".into(), &JsValue::NULL)), "INVALID_ARGUMENT");
    assert_eq!(invalid(remove_login_listener(&JsValue::UNDEFINED)), "INVALID_ARGUMENT");
}

// ---- Rate limits: a second emulator, 20 client requests per 2-second window. ----

const LIMIT: usize = 20;

async fn limited_user() -> String {
    let uid = format!("rl-{:08x}", (js_sys::Math::random() * 4e9) as u32);
    let (status, v) = admin_at(
        limited_url(),
        Method::POST,
        "users",
        Some(json!({ "uid": uid, "name": "Limited", "withAuthToken": true })),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    v["data"]["authToken"].as_str().unwrap().to_owned()
}

/// Logged in on the rate-limited emulator (with this request timeout) at the start of a fresh
/// window: the user and its token.
async fn limited_session(timeout_ms: Option<u32>) -> (User, String) {
    logged_out().await;
    init_at(limited_url(), timeout_ms).await;
    let token = limited_user().await;
    // The emulator's current window ends; the login opens the next.
    gloo_timers::future::TimeoutFuture::new(2100).await;
    clear_requests_at(limited_url()).await;
    (login(token.as_str().into(), JsValue::UNDEFINED).await.unwrap(), token)
}

#[wasm_bindgen_test]
async fn the_client_waits_for_an_exhausted_window_instead_of_sending_into_it() {
    let (me, _) = limited_session(None).await;
    let rate = exports::get_rate_limit();
    assert_eq!(prop(&rate, "limit").as_f64(), Some(LIMIT as f64), "{rate:?}");
    assert_eq!(prop(&rate, "remaining").as_f64(), Some(LIMIT as f64 - 1.0));
    let reset_at = prop(&rate, "resetAt").as_f64().unwrap();
    let now = js_sys::Date::now();
    assert!(reset_at > now && reset_at < now + 3000.0, "resetAt {reset_at} vs now {now}");
    // The rest of the window goes; the next three must wait for the next one, and get through.
    let started = js_sys::Date::now();
    for _ in 0..LIMIT - 1 + 3 {
        get_user(me.uid()).await.unwrap();
    }
    assert!(js_sys::Date::now() - started > 300.0, "nothing waited");
    let log = requests_at(limited_url()).await;
    let statuses: Vec<u64> =
        log.iter().filter(|r| r["method"] != "OPTIONS").map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, vec![200; LIMIT + 3], "sent into a spent window: {statuses:?}");
}

#[wasm_bindgen_test]
async fn a_call_whose_deadline_ends_before_the_window_rejects_at_once_and_sends_nothing() {
    let (me, _) = limited_session(Some(800)).await;
    for _ in 0..LIMIT - 1 {
        get_user(me.uid()).await.unwrap();
    }
    clear_requests_at(limited_url()).await;
    let started = js_sys::Date::now();
    let e = thrown(get_user(me.uid()).await.unwrap_err());
    assert_eq!(e.code(), code::ERR_TOO_MANY_REQUESTS);
    assert!(js_sys::Date::now() - started < 200.0, "it waited");
    let retry_after = prop(&e, "retryAfter").as_f64().unwrap();
    assert!(retry_after > 0.0 && retry_after <= 2100.0, "{retry_after}");
    assert!(requests_at(limited_url()).await.is_empty(), "it sent a request");
}

#[wasm_bindgen_test]
async fn a_429_from_the_server_is_typed_with_status_and_retry_after() {
    let (me, token) = limited_session(Some(800)).await;
    // Another client of the app spends the window behind this one's back.
    for _ in 0..LIMIT - 1 {
        client_get_at(limited_url(), &token, &format!("users/{}", me.uid().as_string().unwrap())).await;
    }
    let e = thrown(get_user(me.uid()).await.unwrap_err());
    assert_eq!(e.code(), code::ERR_TOO_MANY_REQUESTS);
    assert_eq!(prop(&e, "status").as_f64(), Some(429.0));
    let retry_after = prop(&e, "retryAfter").as_f64().unwrap();
    assert!((1000.0..=2000.0).contains(&retry_after), "{retry_after}");
    let rate = exports::get_rate_limit();
    assert_eq!(prop(&rate, "remaining").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn a_burst_of_100_calls_never_sends_past_the_limit_and_every_call_ends_typed() {
    limited_session(None).await;
    clear_requests_at(limited_url()).await;
    // Distinct uids, so nothing is coalesced: 100 requests at 20 a window (unknown users: 404s).
    let uids: Vec<String> = (0..100).map(|i| format!("nobody-{i}")).collect();
    let settled: js_sys::Array = JsFuture::from(get_users(&uids)).await.unwrap().unchecked_into();
    let mut held_back = 0;
    for r in settled.iter() {
        assert_eq!(prop(&r, "status"), "rejected");
        let e = thrown(prop(&r, "reason"));
        match e.code().as_str() {
            code::ERR_UID_NOT_FOUND => {}
            code::ERR_TOO_MANY_REQUESTS => {
                held_back += 1;
                assert!(prop(&e, "retryAfter").as_f64().is_some_and(|ms| ms > 0.0), "no retryAfter");
            }
            other => panic!("untyped outcome {other}"),
        }
    }
    // The server never had to refuse one: at most 20 reached it in any window.
    let log = requests_at(limited_url()).await;
    let statuses: Vec<u64> =
        log.iter().filter(|r| r["method"] == "GET").map(|r| r["status"].as_u64().unwrap()).collect();
    assert!(!statuses.contains(&429), "the server refused some: {statuses:?}");
    assert_eq!(statuses.len(), 100 - held_back, "a call held back was sent anyway");
}

/// MOCK (odd-servers.mjs): header values no real server should send.
async fn init_rate_mock(app: &str, path: &str) {
    let settings = js(&format!("({{ clientHost: '{}/{path}/v3.0', requestTimeout: 1000 }})", rate_url()));
    JsFuture::from(exports::init(app.into(), settings)).await.unwrap();
}

#[wasm_bindgen_test]
async fn mock_server_nonsense_rate_headers_are_ignored_and_a_year_of_retry_after_is_capped() {
    logged_out().await;
    for (i, (limit, remaining, reset)) in
        [("abc", "1", "30"), ("10", "-1", "30"), ("10", "1", "-5"), ("1e400", "1", "30"), ("10", "1", "NaN")]
            .into_iter()
            .enumerate()
    {
        init_rate_mock(&format!("rate-{i}"), &format!("{limit}/{remaining}/{reset}/-/200/dashed")).await;
        login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap();
        assert!(exports::get_rate_limit().is_null(), "{limit}/{remaining}/{reset} was believed");
        let _ = logout().await;
    }
    // A 429 saying "retry in a year": the wait is capped at the window (a minute), and later
    // calls refuse at once rather than hang for it.
    init_rate_mock("rate-year", "10/0/31536000/31536000/429/dashed").await;
    let e = thrown(login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap_err());
    assert_eq!(e.code(), code::ERR_TOO_MANY_REQUESTS);
    let retry_after = prop(&e, "retryAfter").as_f64().unwrap();
    assert_eq!(retry_after, 60_000.0);
    let started = js_sys::Date::now();
    let again = thrown(login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap_err());
    assert_eq!(again.code(), code::ERR_TOO_MANY_REQUESTS);
    assert!(js_sys::Date::now() - started < 200.0);
    // Another app starts with a clean slate; both spellings of the headers are read.
    for (app, spelling) in [("rate-other", "dashed"), ("rate-alt", "ratelimit")] {
        init_rate_mock(app, &format!("10/9/30/-/200/{spelling}")).await;
        login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap();
        let rate = exports::get_rate_limit();
        assert_eq!(
            (prop(&rate, "limit").as_f64(), prop(&rate, "remaining").as_f64()),
            (Some(10.0), Some(9.0)),
            "{spelling}"
        );
        let _ = logout().await;
    }
}

#[wasm_bindgen_test]
async fn mock_server_a_reset_is_read_against_the_servers_clock_and_an_empty_header_is_ignored() {
    logged_out().await;
    // A server whose clock is 10 minutes ahead of this page's: its spent window ends 2 s after its
    // own now (its Date header), so the next call waits 2 s, not 10 minutes.
    let settings =
        js(&format!("({{ clientHost: '{}/10/0/+2/-/200/dashed+600/v3.0', requestTimeout: 5000 }})", rate_url()));
    JsFuture::from(exports::init("rate-skewed".into(), settings)).await.unwrap();
    login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap();
    let started = js_sys::Date::now();
    get_user("rated".into()).await.expect("waited for the server's reset");
    let took = js_sys::Date::now() - started;
    assert!((1000.0..4500.0).contains(&took), "waited {took} ms");
    let _ = logout().await;
    // An empty X-Rate-Limit-Remaining is no count (not 0): nothing is believed, nothing blocked.
    init_rate_mock("rate-empty", "10//30/-/200/dashed").await;
    login("rated_token_1".into(), JsValue::UNDEFINED).await.unwrap();
    for _ in 0..3 {
        get_user("rated".into()).await.expect("not held back");
        assert!(exports::get_rate_limit().is_null(), "an empty header was read as a count");
    }
    let _ = logout().await;
}
