//! The package in a dedicated Web Worker, where there is no `window`: init, login, getUser.
use cometchat_wasm::login::login;
use cometchat_wasm::users::get_user;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn works_in_a_dedicated_worker() {
    let global = js_sys::global();
    assert_eq!(prop(&prop(&global, "constructor"), "name").as_string().as_deref(), Some("DedicatedWorkerGlobalScope"));
    assert!(prop(&global, "window").is_undefined());
    init().await;
    let (uid, token) = new_user("worker").await;
    assert_eq!(login(token.into(), JsValue::UNDEFINED).await.unwrap().uid(), uid);
    assert_eq!(get_user(uid.clone().into()).await.unwrap().uid(), uid);
}
