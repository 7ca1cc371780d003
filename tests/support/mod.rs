//! Shared by the browser suites: the emulator's address (passed at compile time by
//! scripts/test.sh), admin calls that stand in for the app's backend, the emulator's request
//! log, and assertions on `CometChatException`s.
#![allow(dead_code)]

use cometchat_wasm::error::CometChatException;
use cometchat_wasm::exports;
use gloo_net::http::{Method, RequestBuilder};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

macro_rules! env_var {
    ($name:literal) => {
        match option_env!($name) {
            Some(v) => v,
            None => panic!(concat!($name, " is not set: run the browser suites through scripts/test.sh")),
        }
    };
}

pub fn emulator() -> &'static str {
    env_var!("COMETCHAT_EMULATOR_URL")
}
pub fn api_key() -> &'static str {
    env_var!("COMETCHAT_API_KEY")
}
pub fn app_id() -> &'static str {
    env_var!("COMETCHAT_APP_ID")
}
/// Accepts connections and never answers.
pub fn hang_url() -> &'static str {
    env_var!("HANG_URL")
}
/// Answers every request with an HTML page.
pub fn not_json_url() -> &'static str {
    env_var!("NOTJSON_URL")
}
/// Nothing listens there.
pub fn dead_url() -> &'static str {
    env_var!("DEAD_URL")
}

/// Answers `/{status}/{cors|nocors}/{cross|http}/…` with that redirect to `target_url()`.
pub fn redirect_url() -> &'static str {
    env_var!("REDIRECT_URL")
}
/// Where redirects point; `GET /__count` → `{ hits }` of every other request it received.
pub fn target_url() -> &'static str {
    env_var!("TARGET_URL")
}
/// Answers 401 quoting the request's auth token (raw and JSON-escaped) in its error.
pub fn echo_url() -> &'static str {
    env_var!("ECHO_URL")
}
/// Answers `/{code|message|details|data}/{MB}/…` with that field that large (`chunked-…`: no
/// Content-Length).
pub fn big_url() -> &'static str {
    env_var!("BIG_URL")
}

/// MOCK: answers past the 8 MB cap decoded: `/gzip/…` (a gzip bomb with a Content-Length),
/// `/gzip-chunked/…`, `/chunked/…`, `/wide-chunked/…` (3-byte characters); `/gzip-small/…` is
/// a normal user, compressed.
pub fn bomb_url() -> &'static str {
    env_var!("BOMB_URL")
}
/// MOCK: sends its headers and the start of a body, then nothing more.
pub fn stall_url() -> &'static str {
    env_var!("STALL_URL")
}

/// A second emulator, started with `--rate-limit 20 --rate-window 2` (tests/lifecycle.rs).
pub fn limited_url() -> &'static str {
    env_var!("COMETCHAT_LIMITED_URL")
}
/// MOCK server sending whatever rate-limit headers its path says (odd-servers.mjs).
pub fn rate_url() -> &'static str {
    env_var!("RATE_URL")
}

/// Bytes of wasm memory: it grows for good, so anything copied in whole would show here.
pub fn wasm_memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()
}

/// `init` against `host` (an origin) with `/v3.0` appended, as an app would configure it.
pub async fn init_at(host: &str, timeout_ms: Option<u32>) {
    let settings = js_sys::Object::new();
    js_sys::Reflect::set(&settings, &"clientHost".into(), &format!("{host}/v3.0").into()).unwrap();
    if let Some(ms) = timeout_ms {
        js_sys::Reflect::set(&settings, &"requestTimeout".into(), &ms.into()).unwrap();
    }
    JsFuture::from(exports::init(app_id().into(), settings.into())).await.expect("init");
}

pub async fn init() {
    init_at(emulator(), None).await;
}

async fn call(url: String, method: Method, headers: &[(&str, &str)], body: Option<Value>) -> (u16, Value) {
    let mut req = RequestBuilder::new(&url).method(method).header("Accept", "application/json");
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let req = match body {
        Some(b) => req.header("Content-Type", "application/json").body(b.to_string()).unwrap(),
        None => req.build().unwrap(),
    };
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The backend's side: the admin API with the REST API key (never the package's).
pub async fn admin(method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    admin_at(emulator(), method, path, body).await
}

pub async fn admin_at(base: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    call(format!("{base}/v3/{path}"), method, &[("apiKey", api_key()), ("appId", app_id())], body).await
}

/// A client-API GET with `token`, made by hand (another client of the same app).
pub async fn client_get_at(base: &str, token: &str, path: &str) -> (u16, Value) {
    call(format!("{base}/v3.0/{path}"), Method::GET, &[("authToken", token), ("appId", app_id())], None).await
}

fn suffix() -> String {
    format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32)
}

/// A new user on the emulator and an auth token for it, as an app's backend would make.
pub async fn new_user(tag: &str) -> (String, String) {
    let uid = format!("{tag}-{}", suffix());
    let body = json!({ "uid": uid, "name": format!("Test {tag}"), "role": "default", "withAuthToken": true,
                       "metadata": {"team": "qa"}, "tags": ["t1"], "statusMessage": "hello" });
    let (status, v) = admin(Method::POST, "users", Some(body)).await;
    assert_eq!(status, 200, "create user: {v}");
    let token = v["data"]["authToken"].as_str().expect("authToken in create answer").to_owned();
    (uid, token)
}

pub async fn admin_user(uid: &str) -> Value {
    let (status, v) = admin(Method::GET, &format!("users/{uid}"), None).await;
    assert_eq!(status, 200, "get user: {v}");
    v["data"].clone()
}

/// Every request the emulator received since the last `clear_requests`, header names only.
pub async fn requests() -> Vec<Value> {
    requests_at(emulator()).await
}

pub async fn requests_at(base: &str) -> Vec<Value> {
    let (_, v) = call(format!("{base}/__emulator/requests"), Method::GET, &[], None).await;
    v["data"].as_array().cloned().expect("request log (is the emulator running with --record-requests?)")
}

pub async fn clear_requests() {
    clear_requests_at(emulator()).await;
}

pub async fn clear_requests_at(base: &str) {
    let (status, _) = call(format!("{base}/__emulator/requests"), Method::DELETE, &[], None).await;
    assert!(status < 300);
}

/// Requests other than CORS preflights.
pub async fn api_requests() -> Vec<Value> {
    requests().await.into_iter().filter(|r| r["method"] != "OPTIONS").collect()
}

/// The JS value a Rust `Error` becomes, checked to be a real `Error` and a `CometChatException`.
pub fn thrown(e: impl Into<JsValue>) -> CometChatException {
    let e: JsValue = e.into();
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    let stack = js_sys::Reflect::get(&e, &"stack".into()).unwrap();
    assert!(stack.as_string().is_some_and(|s| !s.is_empty()), "an Error without a stack");
    e.dyn_into::<CometChatException>().expect("instanceof CometChatException")
}

/// The code of a failed call, after checking the error is a proper exception.
pub fn code_of<T: std::fmt::Debug, E: Into<JsValue>>(r: Result<T, E>) -> String {
    thrown(r.expect_err("the call should fail")).code()
}

pub fn prop(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}
