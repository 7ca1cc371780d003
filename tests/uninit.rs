//! Before `init`, every call rejects with COMETCHAT_INITIALIZATION_NOT_DONE and sends nothing.
//! Its own test binary, so no other test has initialised the module first.
use cometchat_wasm::error::code;
use cometchat_wasm::exports;
use cometchat_wasm::login::{get_loggedin_user, login, logout};
use cometchat_wasm::user::User;
use cometchat_wasm::users::get_user;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod support;
use support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_call_before_init_rejects_and_sends_nothing() {
    clear_requests().await;
    const NOT_DONE: &str = code::COMETCHAT_INITIALIZATION_NOT_DONE;
    assert_eq!(code_of(login("tok_0123".into(), JsValue::UNDEFINED).await), NOT_DONE);
    assert_eq!(code_of(get_user("user1".into()).await), NOT_DONE);
    assert_eq!(code_of(get_loggedin_user()), NOT_DONE);
    assert_eq!(code_of(logout().await), NOT_DONE);
    // A User needs the module's checks, which `init` installs.
    assert_eq!(code_of(User::new("user1".into(), JsValue::UNDEFINED)), NOT_DONE);
    let err = JsFuture::from(exports::update_current_user_details_from_object(js_sys::Object::new().into())).await;
    assert_eq!(thrown(err.unwrap_err()).code(), code::MISSING_PARAMETERS, "an empty update is refused first");
    let fields = js_sys::JSON::parse(r#"{"name":"N"}"#).unwrap();
    let err = JsFuture::from(exports::update_current_user_details_from_object(fields)).await.unwrap_err();
    assert_eq!(thrown(err).code(), NOT_DONE);
    assert!(requests().await.is_empty(), "a call before init reached the server");
    // Argument errors still win: they are reported whatever the state.
    assert_eq!(code_of(get_user("a/b".into()).await), code::INVALID_UID);
}
