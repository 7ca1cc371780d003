//! Trust under concurrency and hostile pages (Part A, "Trust under concurrency, hostile pages and
//! servers"), in a real browser against the real emulator: each test plays the attacker or the
//! racing user of one finding of the outside review, and failed on the code before the session
//! machine (src/machine.rs).
//! - a login waiting for its token provider is cancelled by `logout()` and by an `init` for
//!   another host, and its token goes to no host;
//! - a renewed token of another user (the user switched accounts in another tab) ends the
//!   session instead of acting as that user;
//! - page code that the package runs during a call (`Date.now`, `Math.random`, a setter on
//!   `Object.prototype`) may call the package again: every call settles and later calls work,
//!   and no setter ever sees the token;
//! - the caller's object keys are never copied into the module (a 50 MB key name costs nothing).
use cometchat_wasm::error::code;
use cometchat_wasm::events::on_session_ended;
use cometchat_wasm::exports;
use cometchat_wasm::login::{get_loggedin_user, logout};
use gloo_net::http::Method;
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

async fn signed_out() {
    init().await;
    let _ = logout().await;
    settle().await;
}

async fn mint(uid: &str) -> String {
    let (status, v) = admin(Method::POST, &format!("users/{uid}/auth_tokens"), Some(json!({ "force": true }))).await;
    assert_eq!(status, 200, "{v}");
    v["data"]["authToken"].as_str().unwrap().to_owned()
}

/// A token provider the test answers by hand: `[provider, answer(token)]`.
fn held_provider() -> (JsValue, js_sys::Function) {
    let pair: js_sys::Array = js("(() => { let answer; const asked = new Promise((r) => (answer = r));
        return [() => asked, (t) => answer(t)]; })()")
    .unchecked_into();
    (pair.get(0), pair.get(1).unchecked_into())
}

fn provider_bag(f: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"tokenProvider".into(), f).unwrap();
    o.into()
}

/// `PUT me` requests (logins) an emulator received since its log was cleared.
async fn logins_at(base: &str) -> usize {
    requests_at(base)
        .await
        .iter()
        .filter(|r| r["method"] == "PUT" && r["path"].as_str().is_some_and(|p| p.ends_with("/me")))
        .count()
}

#[wasm_bindgen_test]
async fn logout_while_the_provider_is_asked_cancels_the_login_and_its_token_goes_nowhere() {
    signed_out().await;
    let (uid, _) = new_user("cancel").await;
    let (provider, answer) = held_provider();
    let login = exports::login(provider_bag(&provider), JsValue::UNDEFINED);
    settle().await;
    // Before the fix: "not logged in", and the login then started a session anyway.
    logout().await.expect("logout cancels the login in flight");
    clear_requests().await;
    answer.call1(&JsValue::NULL, &mint(&uid).await.into()).unwrap();
    let e = JsFuture::from(login).await.expect_err("the login is cancelled");
    assert_eq!(thrown(e).code(), code::LOGIN_CANCELLED);
    settle().await;
    assert!(get_loggedin_user().unwrap().is_none(), "no session started");
    assert_eq!(logins_at(emulator()).await, 0, "the provider's token was sent to no host");
}

#[wasm_bindgen_test]
async fn an_init_for_another_host_while_the_provider_is_asked_sends_the_token_to_neither_host() {
    signed_out().await;
    let (uid, _) = new_user("moved").await;
    let (provider, answer) = held_provider();
    let login = exports::login(provider_bag(&provider), JsValue::UNDEFINED);
    settle().await;
    // A script of the page points the package at its own host while the login waits.
    init_at(limited_url(), None).await;
    clear_requests().await;
    clear_requests_at(limited_url()).await;
    answer.call1(&JsValue::NULL, &mint(&uid).await.into()).unwrap();
    let e = JsFuture::from(login).await.expect_err("the login is cancelled");
    assert_eq!(thrown(e).code(), code::LOGIN_CANCELLED);
    assert_eq!(logins_at(limited_url()).await, 0, "the token reached the host of the later init");
    assert_eq!(logins_at(emulator()).await, 0);
    init().await;
}

#[wasm_bindgen_test]
async fn a_renewed_token_of_another_user_ends_the_session_and_nothing_is_done_as_them() {
    signed_out().await;
    let (alice, _) = new_user("alice").await;
    let (bob, _) = new_user("bob").await;
    // The app's backend mints for whoever is signed in to the app: alice, then bob (the user
    // switched accounts in another tab).
    let who = js("({ uid: '' })");
    js_sys::Reflect::set(&who, &"uid".into(), &alice.as_str().into()).unwrap();
    let who2 = who.clone();
    let provider = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        let uid = js_sys::Reflect::get(&who2, &"uid".into()).unwrap().as_string().unwrap();
        wasm_bindgen_futures::future_to_promise(async move { Ok(mint(&uid).await.into()) })
    })
    .into_js_value();
    let me = JsFuture::from(exports::login(provider_bag(&provider), JsValue::UNDEFINED)).await.expect("login");
    let uid_of = |u: &JsValue| prop(u, "getUid").dyn_into::<js_sys::Function>().unwrap().call0(u).unwrap().as_string();
    assert_eq!(uid_of(&me), Some(alice.clone()));
    let ended = js("[]");
    let push: js_sys::Function = js_sys::Reflect::get(&ended, &"push".into()).unwrap().unchecked_into();
    let unsubscribe = on_session_ended(&push.bind0(&ended)).unwrap();
    // The session's token is revoked; the provider now answers bob's.
    let (status, v) = admin(Method::DELETE, &format!("users/{alice}/auth_tokens"), None).await;
    assert_eq!(status, 200, "{v}");
    js_sys::Reflect::set(&who, &"uid".into(), &bob.as_str().into()).unwrap();
    let e = JsFuture::from(exports::get_user(alice.as_str().into())).await.expect_err("the call fails");
    assert_eq!(thrown(e).code(), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    settle().await;
    assert!(get_loggedin_user().unwrap().is_none(), "the session ended instead of acting as bob");
    let reasons: Vec<String> =
        js_sys::Array::from(&ended).iter().map(|e| prop(&e, "reason").as_string().unwrap()).collect();
    assert_eq!(reasons, ["token-revoked"]);
    unsubscribe.call0(&JsValue::NULL).unwrap();
}

/// Runs `f` with `global.name` replaced by a function that calls the package (the session's
/// `getLoggedinUser`, which reads the state) before doing what the original does.
async fn reentering<F: std::future::Future<Output = ()>>(global: &str, f: impl FnOnce() -> F) {
    let reenter = Closure::<dyn FnMut()>::new(|| {
        let _ = exports::get_loggedin_user();
    })
    .into_js_value();
    js_sys::Reflect::set(&js_sys::global(), &"__reenter".into(), &reenter).unwrap();
    js(&format!(
        "globalThis.__saved = {global}; {global} = function (...a) {{ globalThis.__reenter(); return globalThis.__saved.apply(this, a); }};"
    ));
    f().await;
    js(&format!("{global} = globalThis.__saved;"));
}

#[wasm_bindgen_test]
async fn page_code_run_during_a_call_may_call_the_package_again_and_every_call_settles() {
    signed_out().await;
    let (uid, token) = new_user("reenter").await;
    // Before the fix, each of these trapped the module for good (a borrowed state).
    reentering("Math.random", || async { init().await }).await;
    reentering("Date.now", || async {
        JsFuture::from(exports::login(token.as_str().into(), JsValue::UNDEFINED)).await.expect("login");
        JsFuture::from(exports::get_user(uid.as_str().into())).await.expect("getUser");
        let fields = js("({ name: 'Re Entered' })");
        JsFuture::from(exports::update_current_user_details_from_object(fields)).await.expect("update");
    })
    .await;
    reentering("performance.now", || async {
        JsFuture::from(exports::get_user(uid.as_str().into())).await.expect("getUser");
    })
    .await;
    // And the module still answers.
    JsFuture::from(exports::get_user(uid.as_str().into())).await.expect("a later call works");
    logout().await.expect("logout");
}

#[wasm_bindgen_test]
async fn a_setter_on_object_prototype_never_sees_the_token_and_may_call_the_package() {
    signed_out().await;
    let (uid, token) = new_user("setter").await;
    let reenter = Closure::<dyn FnMut()>::new(|| {
        let _ = exports::get_loggedin_user();
    })
    .into_js_value();
    js_sys::Reflect::set(&js_sys::global(), &"__reenter".into(), &reenter).unwrap();
    let seen = js("globalThis.__seen = []; for (const k of ['authToken', 'appId', 'sdk', 'resource', 'Accept', 'Content-Type'])
        Object.defineProperty(Object.prototype, k, { configurable: true, set(v) { globalThis.__seen.push(v); globalThis.__reenter(); } });
        globalThis.__seen");
    let result = async {
        JsFuture::from(exports::login(token.as_str().into(), JsValue::UNDEFINED)).await?;
        JsFuture::from(exports::get_user(uid.as_str().into())).await?;
        JsFuture::from(exports::update_current_user_details_from_object(js("({ statusMessage: 'set' })"))).await
    }
    .await;
    js("for (const k of ['authToken', 'appId', 'sdk', 'resource', 'Accept', 'Content-Type']) delete Object.prototype[k];");
    result.expect("every call works, the headers carried");
    let seen: Vec<JsValue> = js_sys::Array::from(&seen).iter().collect();
    assert!(!seen.iter().any(|v| v.as_string().as_deref() == Some(token.as_str())), "a setter saw the token");
    logout().await.expect("logout");
}

#[wasm_bindgen_test]
async fn the_callers_object_keys_are_never_copied_into_the_module() {
    signed_out().await;
    let (_, token) = new_user("keys").await;
    JsFuture::from(exports::login(token.as_str().into(), JsValue::UNDEFINED)).await.expect("login");
    let before = wasm_memory_bytes();
    // A 50 MB key name on each object the package reads keys of.
    let huge = js("(() => { const k = 'x'.repeat(50 << 20); return [{ [k]: 1, name: 'Huge Key' }, { [k]: 1 }, { [k]: 'a', authToken: 'b' }]; })()");
    let huge = js_sys::Array::from(&huge);
    JsFuture::from(exports::update_current_user_details_from_object(huge.get(0))).await.expect("update");
    let request = cometchat_wasm::directory::UsersRequest::new(false, huge.get(1));
    assert!(request.is_ok(), "unknown list options are ignored");
    // The login goes on (and the server refuses its token) without the key ever read into the module.
    let e = JsFuture::from(exports::login(huge.get(2), JsValue::UNDEFINED)).await.expect_err("not a token");
    assert_eq!(thrown(e).code(), code::AUTH_ERR_AUTH_TOKEN_NOT_FOUND);
    let grown = wasm_memory_bytes() - before;
    assert!(grown < 4 << 20, "wasm memory grew by {grown} bytes for a key name");
    let _ = logout().await;
}
