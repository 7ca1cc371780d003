//! What a hostile or broken server can do to a call, with servers the emulator cannot be
//! (tests/support/odd-servers.mjs): redirect it, quote the token back, answer enormously. In
//! Chromium and Firefox: the token never follows a redirect or reaches an exception, and no
//! answer grows wasm memory.
use cometchat_wasm::error::{code, Error};
use cometchat_wasm::login::{get_loggedin_user, login, logout};
use cometchat_wasm::users::get_user;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

async fn target_hits() -> u64 {
    let resp = gloo_net::http::Request::get(&format!("{}/__count", target_url())).send().await.unwrap();
    serde_json::from_str::<Value>(&resp.text().await.unwrap()).unwrap()["hits"].as_u64().unwrap()
}

async fn try_login(token: &str) -> Result<cometchat_wasm::user::User, Error> {
    login(token.into(), JsValue::UNDEFINED).await
}

#[wasm_bindgen_test]
async fn redirects_are_never_followed_and_nothing_reaches_their_target() {
    let _ = logout().await;
    let before = target_hits().await;
    for status in [301, 302, 307, 308] {
        for (cors, expected) in [("cors", code::REDIRECT_REFUSED), ("nocors", code::FAILED_TO_FETCH)] {
            for place in ["cross", "http"] {
                let host = format!("{}/{status}/{cors}/{place}", redirect_url());
                init_at(&host, Some(3000)).await;
                let started = js_sys::Date::now();
                let err = try_login("tok_redirect_0123").await.expect_err("a redirected login");
                let took = js_sys::Date::now() - started;
                assert_eq!(err.code, expected, "{status} {cors} {place}: {err:?}");
                assert!(took < 3000.0, "{status} {cors} {place}: took {took} ms");
                assert!(get_loggedin_user().unwrap().is_none());
            }
        }
    }
    // A session's GET (with its token) redirected: refused too, and the session is kept.
    init().await;
    let (uid, token) = new_user("redirected").await;
    try_login(&token).await.expect("login at the emulator");
    init_at(&format!("{}/307/cors/cross", redirect_url()), Some(3000)).await;
    assert_eq!(code_of(get_user(uid.as_str().into()).await), code::REDIRECT_REFUSED);
    assert_eq!(target_hits().await, before, "a request reached the redirect's target");
    // The module keeps working, with the same session.
    init().await;
    assert_eq!(get_user(uid.as_str().into()).await.unwrap().uid(), uid);
    logout().await.unwrap();
}

/// Every string a failure exposes to the page: its fields, `String(e)`, its stack, its JSON.
fn exposed(e: Error) -> String {
    let e: JsValue = thrown(e).into();
    let details = prop(&e, "details");
    [
        prop(&e, "code").as_string().unwrap_or_default(),
        prop(&e, "message").as_string().unwrap_or_default(),
        prop(&e, "stack").as_string().unwrap_or_default(),
        js_sys::JSON::stringify(&details).ok().and_then(|s| s.as_string()).unwrap_or_default(),
        js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()).unwrap_or_default(),
        String::from(e.unchecked_ref::<js_sys::Object>().to_string()),
    ]
    .join("\n")
}

fn assert_no_token(text: &str, token: &str) {
    let escaped = serde_json::to_string(token).unwrap();
    let escaped = &escaped[1..escaped.len() - 1];
    assert!(!text.contains(token), "the token leaked: {text}");
    assert!(!text.contains(escaped), "the JSON-escaped token leaked: {text}");
}

#[wasm_bindgen_test]
async fn a_server_quoting_the_token_back_never_gets_it_into_an_exception() {
    let _ = logout().await;
    // Console output is recorded too: nothing the package logs may carry the token.
    js("globalThis.__logged = []; for (const k of ['log','info','warn','error','debug']) { const f = console[k]; console[k] = (...a) => { globalThis.__logged.push(a.map(String).join(' ')); f.apply(console, a); }; }");
    // A token with a quote and a backslash reads differently inside JSON text.
    for token in [r#"tok"en\x_0123"#, "plain_token_0123", "s"] {
        for place in ["plain", "code"] {
            init_at(&format!("{}/{place}", echo_url()), Some(3000)).await;
            let e = try_login(token).await.expect_err("the echo server refuses every token");
            if place == "plain" {
                assert_eq!((e.code.as_str(), e.status), (code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND, Some(401)));
                assert!(e.details.is_some(), "details were dropped: {e:?}");
            }
            if token.len() > 1 {
                assert_no_token(&exposed(e), token);
            }
        }
    }
    // A session's token, quoted back by a host the app re-pointed to: also never exposed, and
    // the user objects never carry it.
    init().await;
    let (uid, token) = new_user("echoed").await;
    let me = try_login(&token).await.unwrap();
    assert_no_token(&js_sys::JSON::stringify(&me.to_json()).unwrap().as_string().unwrap(), &token);
    let again = get_loggedin_user().unwrap().unwrap();
    assert_no_token(&js_sys::JSON::stringify(&again.to_json()).unwrap().as_string().unwrap(), &token);
    init_at(echo_url(), Some(3000)).await;
    let e = get_user(uid.as_str().into()).await.expect_err("the echo server refuses");
    assert_no_token(&exposed(e), &token);
    assert!(get_loggedin_user().unwrap().is_none(), "the server said the token is gone: the session ends");
    let logged = js_sys::JSON::stringify(&js("globalThis.__logged")).unwrap().as_string().unwrap();
    assert_no_token(&logged, &token);
    init().await;
}

#[wasm_bindgen_test]
async fn enormous_answers_are_typed_errors_and_never_grow_wasm_memory() {
    let _ = logout().await;
    let before = wasm_memory_bytes();
    let attempt = |path: &str| {
        let host = format!("{}/{path}", big_url());
        async move {
            init_at(&host, Some(10_000)).await;
            try_login("tok_big_0123").await.expect_err("an enormous answer")
        }
    };
    // Far past any real answer: refused unread.
    for path in ["message/16", "details/16", "code/16", "data/50", "chunked-data/50", "chunked-message/16"] {
        let e = attempt(path).await;
        assert_eq!(e.code, code::INVALID_RESPONSE, "{path}: {e:?}");
    }
    // Large but readable: each field bounded.
    let e = attempt("code/1").await;
    assert_eq!((e.code.len(), e.status), (100, Some(400)));
    let e = attempt("message/1").await;
    assert_eq!((e.code.as_str(), e.message.chars().count()), ("ERR_BIG", 1000));
    let e = attempt("details/1").await;
    assert_eq!((e.code.as_str(), e.details), ("ERR_BIG", None), "oversized details are dropped");
    // A user whose name is 1 MB: it stays the object the browser parsed, never copied in.
    init_at(&format!("{}/data/1", big_url()), Some(10_000)).await;
    let me = try_login("tok_big_0123").await.expect("a readable answer");
    // (Its length read in JS: this test runs in the same wasm module it measures.)
    assert_eq!(me.name().dyn_into::<js_sys::JsString>().unwrap().length(), 1024 * 1024);
    assert_eq!(me.status(), "offline");
    logout().await.unwrap();
    let grown = wasm_memory_bytes() - before;
    assert!(grown < 1024 * 1024, "wasm memory grew by {grown} bytes");
    // And the module still works.
    init().await;
    let (_, token) = new_user("afterbig").await;
    try_login(&token).await.unwrap();
    logout().await.unwrap();
}

#[wasm_bindgen_test]
async fn mock_server_the_cap_counts_decoded_bytes_a_gzip_bomb_or_an_undeclared_body_is_refused() {
    let _ = logout().await;
    let before = wasm_memory_bytes();
    // Small on the wire (a ~50 KB gzip bomb, declared or not), or undeclared: past 8 MB decoded,
    // the read stops there. `wide-chunked` is 8 MB of bytes in under 3 M characters.
    for path in ["gzip", "gzip-chunked", "chunked", "wide-chunked"] {
        init_at(&format!("{}/{path}", bomb_url()), Some(10_000)).await;
        // (Only the code is printed: a user read whole would be 50 MB of text.)
        let failed = try_login("tok_bomb_0123").await.err().map(|e| e.code);
        assert_eq!(failed.as_deref(), Some(code::INVALID_RESPONSE), "{path}");
    }
    // A compressed answer under the cap reads as any other.
    init_at(&format!("{}/gzip-small", bomb_url()), Some(10_000)).await;
    let me = try_login("tok_bomb_0123").await.expect("a small compressed answer");
    assert_eq!(me.uid(), "zipped");
    logout().await.unwrap();
    let grown = wasm_memory_bytes() - before;
    assert!(grown < 1024 * 1024, "wasm memory grew by {grown} bytes");
    init().await;
}

#[wasm_bindgen_test]
async fn mock_server_a_body_that_stalls_past_the_deadline_is_a_request_timeout() {
    let _ = logout().await;
    init_at(stall_url(), Some(500)).await;
    let started = js_sys::Date::now();
    let e = try_login("tok_stall_0123").await.expect_err("a body that never ends");
    assert_eq!(e.code, code::REQUEST_TIMEOUT, "{e:?}");
    assert!(js_sys::Date::now() - started < 2000.0);
    init().await;
}

#[wasm_bindgen_test]
async fn the_deadline_is_told_by_the_signal_not_by_the_name_of_what_fetch_threw() {
    let _ = logout().await;
    // As WebKit does: an aborted fetch rejects with an AbortError, whatever the abort's reason.
    js("globalThis.__fetch = fetch; globalThis.fetch = (...a) => __fetch(...a).catch(() => { throw new DOMException('Fetch is aborted', 'AbortError'); })");
    init_at(hang_url(), Some(300)).await;
    let timed_out = try_login("tok_0123").await.expect_err("a server that never answers");
    init_at(dead_url(), Some(3000)).await;
    let unreachable = try_login("tok_0123").await.expect_err("nothing listens");
    js("globalThis.fetch = __fetch");
    assert_eq!(timed_out.code, code::REQUEST_TIMEOUT, "{timed_out:?}");
    assert_eq!(unreachable.code, code::FAILED_TO_FETCH, "{unreachable:?}");
    init().await;
}

#[wasm_bindgen_test]
fn a_client_never_prints_its_token() {
    use cometchat_wasm::http::{Client, Endpoint};
    let endpoint = Endpoint { app_id: "app".into(), base: "https://x.example/v3.0/".into(), timeout_ms: 1000, resource: "r".into() };
    let shown = format!("{:?}", Client::new(std::rc::Rc::new(endpoint), "tok_secret_0123".into(), 1));
    assert!(!shown.contains("tok_secret_0123"), "{shown}");
    assert!(shown.contains("[redacted]") && shown.contains("x.example"), "{shown}");
}

#[wasm_bindgen_test]
async fn the_preflight_is_paid_once_and_answers_are_never_stale() {
    init().await;
    let _ = logout().await;
    let (uid, token) = new_user("preflight").await;
    try_login(&token).await.unwrap();
    clear_requests().await;
    for _ in 0..20 {
        get_user(uid.as_str().into()).await.unwrap();
    }
    let log = requests().await;
    let options = log.iter().filter(|r| r["method"] == "OPTIONS").count();
    let gets = log.iter().filter(|r| r["method"] == "GET").count();
    assert_eq!(gets, 20, "every call reached the server: {log:?}");
    // With `cache: "no-store"` each browser sent 20. Chromium reuses the first preflight; Firefox
    // (ESR 153) preflights the first two or three calls of a URL before its cache answers.
    let firefox = js("navigator.userAgent").as_string().unwrap_or_default().contains("Firefox");
    let most = if firefox { 3 } else { 1 };
    assert!(options <= most, "{options} preflights for 20 calls (at most {most} here)");
    // A change made elsewhere shows in the next call: nothing was answered from the HTTP cache.
    let (status, v) =
        admin(gloo_net::http::Method::PUT, &format!("users/{uid}"), Some(serde_json::json!({ "name": "Renamed elsewhere" }))).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(get_user(uid.as_str().into()).await.unwrap().name(), "Renamed elsewhere");
    logout().await.unwrap();
}
