//! The response envelope and the wire shape of a user, over every malformed answer a server
//! could give. In the browser, because JSON here is the browser's own.
use cometchat_wasm::directory::page_users;
use cometchat_wasm::envelope;
use cometchat_wasm::error::code;
use cometchat_wasm::record::{NotAUser, UserRecord};
use cometchat_wasm::user::User;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

/// The envelope of a body as the browser's `response.json()` would give it.
fn parse(status: u16, body: &str) -> cometchat_wasm::error::Result<wasm_bindgen::JsValue> {
    envelope::parse(status, js_sys::JSON::parse(body).ok(), "")
        .map(|b| js_sys::Reflect::get(&b, &"data".into()).unwrap())
}

fn json(source: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(source).unwrap()
}

fn text(v: &wasm_bindgen::JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn success_needs_2xx_and_data() {
    assert_eq!(text(&parse(200, r#"{"data":{"uid":"a"}}"#).unwrap()), r#"{"uid":"a"}"#);
    assert_eq!(text(&parse(201, r#"{"data":[]}"#).unwrap()), "[]");
    let e = parse(404, r#"{"data":{"uid":"a"}}"#).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), (code::INVALID_RESPONSE, Some(404)));
}

#[wasm_bindgen_test]
fn server_errors_pass_through_with_status_and_details() {
    let e =
        parse(404, r#"{"error":{"code":"ERR_UID_NOT_FOUND","message":"The UID x does not exist.","devMessage":"d"}}"#)
            .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.status, e.details),
        ("ERR_UID_NOT_FOUND", "The UID x does not exist.", Some(404), None)
    );
    let e =
        parse(400, r#"{"error":{"code":"ERR_BAD_REQUEST","message":"","details":{"name":["too long"]}}}"#).unwrap_err();
    assert_eq!(e.details.as_deref(), Some(r#"{"name":["too long"]}"#));
    assert!(e.message.contains("ERR_BAD_REQUEST"), "{}", e.message);
    // An error body wins even with a 200, as in the official SDK.
    assert_eq!(parse(200, r#"{"error":{"code":"X"}}"#).unwrap_err().code, "X");
}

#[wasm_bindgen_test]
fn malformed_answers_are_invalid_response() {
    let cases = [
        (200, ""),
        (200, "   "),
        (200, "<html>oops</html>"),
        (502, "Bad Gateway"),
        (200, "[1,2]"),
        (200, "null"),
        (200, "\"data\""),
        (200, "{}"),
        (200, r#"{"meta":{}}"#),
        (500, r#"{"error":"boom"}"#),
        (500, r#"{"error":{"code":7}}"#),
        (500, r#"{"error":{}}"#),
        (200, r#"{"data":{"uid":"a"}"#),
    ];
    for (status, body) in cases {
        let e = parse(status, body).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), (code::INVALID_RESPONSE, Some(status)), "{body:?}");
    }
}

#[wasm_bindgen_test]
fn wire_users_keep_unknown_fields_and_drop_credentials() {
    let data = json(
        r#"{"uid":"user1","name":"Kevin","status":"available","lastActiveAt":1700000000,
            "metadata":{"@private":{"email":"k@example.com"},"n":[1,2.5,"é"]},"tags":["a"],
            "createdAt":1600000000,"role":"default","authToken":"user1_secret","jwt":"x.y.z",
            "wsChannel":{"secret":"s"},"settings":{},"fat":"f"}"#,
    );
    let u = User::from_record(UserRecord::from_wire(data).unwrap());
    assert_eq!((u.uid(), u.status()), ("user1".into(), "online".into()));
    assert_eq!(u.name(), "Kevin");
    assert_eq!(u.last_active_at().as_f64(), Some(1_700_000_000.0));
    assert_eq!(text(&u.metadata()), r#"{"@private":{"email":"k@example.com"},"n":[1,2.5,"é"]}"#);
    let out = text(&u.to_json());
    for secret in ["secret", "authToken", "jwt", "wsChannel", "settings", "fat"] {
        assert!(!out.contains(secret), "{secret} in {out}");
    }
    assert!(out.contains(r#""createdAt":1600000000"#) && out.contains(r#""status":"online""#), "{out}");
}

#[wasm_bindgen_test]
fn a_list_page_drops_credentials_and_repeated_uids_and_refuses_a_page_with_one_bad_item() {
    let seen = js_sys::Set::new(&wasm_bindgen::JsValue::UNDEFINED);
    let page =
        json(r#"[{"uid":"A","authToken":"tok_a","jwt":"x.y.z","name":"A"},{"uid":"b"},{"uid":"a","name":"again"}]"#);
    let users = page_users(page.unchecked_ref(), &seen);
    assert_eq!(
        text(&users),
        r#"[{"uid":"A","name":"A","status":"offline","hasBlockedMe":false,"blockedByMe":false},{"uid":"b","status":"offline","hasBlockedMe":false,"blockedByMe":false}]"#
    );
    // The next page: a uid seen before is left out; one item that is not a user refuses it all.
    assert_eq!(
        text(&page_users(json(r#"[{"uid":"B"},{"uid":"c"}]"#).unchecked_ref(), &seen)),
        r#"[{"uid":"c","status":"offline","hasBlockedMe":false,"blockedByMe":false}]"#
    );
    assert!(page_users(json(r#"[{"uid":"d"},{"uid":5}]"#).unchecked_ref(), &seen).is_undefined());
    assert!(!seen.has(&"d".into()), "a refused page marks nothing as seen");
}

#[wasm_bindgen_test]
fn wire_users_of_the_wrong_shape_are_refused() {
    assert!(UserRecord::from_wire(json(r#"{"uid":"u","name":null,"tags":null}"#)).is_ok());
    for bad in [
        r#"{"name":"no uid"}"#,
        r#"{"uid":5}"#,
        r#"{"uid":"u","tags":"x"}"#,
        r#"{"uid":"u","tags":[1]}"#,
        r#"{"uid":"u","hasBlockedMe":"yes"}"#,
        r#"{"uid":"u","lastActiveAt":"today"}"#,
        r#"{"uid":"u","name":7}"#,
        "[1]",
        "\"u\"",
        "null",
    ] {
        assert_eq!(UserRecord::from_wire(json(bad)).err(), Some(NotAUser), "{bad}");
    }
}

#[wasm_bindgen_test]
async fn users_share_their_record_and_never_change_it() {
    support::init().await; // the setters' checks come with init
    let record = UserRecord::from_wire(json(r#"{"uid":"u","name":"Before","metadata":{"a":{"b":1}}}"#)).unwrap();
    let (edited, other) = (User::from_record(record.clone()), User::from_record(record.clone()));
    edited.set_name("After".into()).unwrap();
    assert_eq!((edited.name(), other.name()), ("After".into(), "Before".into()));
    assert_eq!(text(record.as_js()), r#"{"uid":"u","name":"Before","metadata":{"a":{"b":1}}}"#);
    // Getters hand out copies: changing one changes no User and not the record.
    js_sys::Reflect::set(&js_sys::Reflect::get(&edited.metadata(), &"a".into()).unwrap(), &"b".into(), &2.into())
        .unwrap();
    assert_eq!(text(&edited.metadata()), r#"{"a":{"b":1}}"#);
    // toJSON is a copy as well.
    js_sys::Reflect::set(&other.to_json(), &"name".into(), &"Changed".into()).unwrap();
    assert_eq!(other.name(), "Before");
    assert_eq!(text(record.as_js()), r#"{"uid":"u","name":"Before","metadata":{"a":{"b":1}}}"#);
}
