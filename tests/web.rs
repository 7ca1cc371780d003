//! The `User` class as JS sees it, in a real browser page (Chromium and Firefox).
use cometchat_wasm::error::code;
use cometchat_wasm::user::User;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

mod support;
use support::{code_of, prop, thrown, wasm_memory_bytes};

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::eval(source).expect("test expression")
}

fn json_of(v: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn user(uid: &str) -> User {
    User::new(uid.into(), JsValue::UNDEFINED).unwrap()
}

#[wasm_bindgen_test]
fn this_suite_runs_in_a_browser_page() {
    let global = js_sys::global();
    assert_eq!(prop(&prop(&global, "constructor"), "name").as_string().as_deref(), Some("Window"));
    assert!(prop(&global, "document").is_object());
    assert!(js("typeof process === 'undefined'").as_bool().unwrap(), "this is Node, not a browser");
}

#[wasm_bindgen_test]
async fn getters_and_setters() {
    support::init().await; // the setters' checks come with init
    let u = User::new("user1".into(), "Kevin".into()).unwrap();
    assert_eq!(u.uid(), "user1");
    assert_eq!(u.name(), "Kevin");
    for unset in [u.avatar(), u.link(), u.role(), u.status_message(), u.tags(), u.metadata(), u.last_active_at()] {
        assert!(unset.is_undefined());
    }
    assert_eq!(u.status(), "offline");
    assert!(!u.has_blocked_me() && !u.blocked_by_me());
    assert_eq!(u.deactivated_at(), 0.0);

    u.set_name("Kevin Fernandez".into()).unwrap();
    u.set_avatar("https://ok.example/a.png".into()).unwrap();
    u.set_link("http://127.0.0.1:8787/profile".into()).unwrap();
    u.set_role("moderator".into()).unwrap();
    u.set_status_message("In a meeting".into()).unwrap();
    u.set_tags(js("['a', 'b c']")).unwrap();
    u.set_metadata(js("({ '@private': { email: 'k@example.com' }, n: [1, 2.5, 'é😀', null, true] })")).unwrap();
    assert_eq!(u.name(), "Kevin Fernandez");
    assert_eq!(u.avatar(), "https://ok.example/a.png");
    assert_eq!(u.link(), "http://127.0.0.1:8787/profile");
    assert_eq!(u.role(), "moderator");
    assert_eq!(u.status_message(), "In a meeting");
    assert_eq!(json_of(&u.tags()), json!(["a", "b c"]));
    // getTags returns a copy too.
    js_sys::Reflect::set(&u.tags(), &0.into(), &"changed".into()).unwrap();
    assert_eq!(json_of(&u.tags()), json!(["a", "b c"]));
    assert_eq!(
        json_of(&u.metadata()),
        json!({"@private": {"email": "k@example.com"}, "n": [1, 2.5, "é😀", null, true]})
    );
    // getMetadata returns a copy: mutating it does not change the user.
    js_sys::Reflect::set(&u.metadata(), &"n".into(), &1.into()).unwrap();
    assert_eq!(json_of(&u.metadata())["n"][1], json!(2.5));
}

#[wasm_bindgen_test]
async fn invalid_setter_input_throws_and_changes_nothing() {
    support::init().await; // the setters' checks come with init
    let u = user("user1");
    u.set_name("Before".into()).unwrap();
    u.set_tags(js("['keep']")).unwrap();
    u.set_metadata(js("({ keep: 1 })")).unwrap();
    let before = json_of(&u.to_json());
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("name", "   ".into(), code::INVALID_USER_NAME),
        ("name", "x".repeat(101).into(), code::INVALID_USER_NAME),
        ("name", 42.into(), code::INVALID_USER_NAME),
        ("avatar", "javascript:alert(1)".into(), code::INVALID_USER_AVATAR),
        ("avatar", "http://example.com/a.png".into(), code::INVALID_USER_AVATAR),
        ("link", "data:text/html,hi".into(), code::INVALID_USER_LINK),
        ("role", "".into(), code::INVALID_USER_ROLE),
        ("statusMessage", JsValue::NULL, code::INVALID_USER_STATUS_MESSAGE),
        ("tags", js("Array(26).fill('t')"), code::INVALID_USER_TAGS),
        ("tags", js("['ok', 7]"), code::INVALID_USER_TAGS),
        ("tags", "a,b".into(), code::INVALID_USER_TAGS),
        ("metadata", js("[1, 2]"), code::INVALID_USER_METADATA),
        ("metadata", "{}".into(), code::INVALID_USER_METADATA),
        ("metadata", js("({ big: 'x'.repeat(5200) })"), code::INVALID_USER_METADATA),
    ];
    for (field, value, expected) in cases {
        let result = match field {
            "name" => u.set_name(value),
            "avatar" => u.set_avatar(value),
            "link" => u.set_link(value),
            "role" => u.set_role(value),
            "statusMessage" => u.set_status_message(value),
            "tags" => u.set_tags(value),
            _ => u.set_metadata(value),
        };
        assert_eq!(code_of(result), expected, "set {field}");
        assert_eq!(json_of(&u.to_json()), before, "set {field} changed the user");
    }
    assert_eq!(code_of(User::new("a/b".into(), JsValue::UNDEFINED)), code::INVALID_UID);
    assert_eq!(code_of(User::new(12.into(), JsValue::UNDEFINED)), code::INVALID_UID);
}

#[wasm_bindgen_test]
async fn metadata_that_is_not_json_is_refused_and_the_module_keeps_working() {
    support::init().await; // the setters' checks come with init
    let exotic = [
        "({ f: function () {} })",
        "({ b: 10n })",
        "({ s: Symbol('x') })",
        "({ [Symbol('k')]: 1, nested: { deeper: Symbol('y') } })",
        "(() => { const o = { a: {} }; o.a.self = o; return o; })()",
        "(() => { const a = []; a.push(a); return { a }; })()",
        "({ d: new Date(0) })",
        "({ m: new Map() })",
        "({ n: NaN })",
        "({ i: Infinity })",
        "new Proxy({}, { ownKeys() { throw new Error('trap'); } })",
        "({ get boom() { throw new Error('getter'); } })",
        "10n",
        "Symbol('top')",
    ];
    let u = user("user1");
    for source in exotic {
        let err = u.set_metadata(js(source)).expect_err(source);
        assert_eq!(thrown(err).code(), code::INVALID_USER_METADATA, "{source}");
        assert!(u.metadata().is_undefined(), "{source} left metadata behind");
    }
    // The module is intact: new objects and calls still work.
    let again = User::new("after-errors".into(), "Still here".into()).unwrap();
    again.set_metadata(js("({ ok: true, u: undefined })")).unwrap();
    assert_eq!(json_of(&again.metadata()), json!({"ok": true}));
    assert_eq!(again.name(), "Still here");
}

#[wasm_bindgen_test]
async fn json_stringify_round_trips() {
    support::init().await; // the setters' checks come with init
    let u = User::new("user1".into(), "Kevin".into()).unwrap();
    u.set_avatar("https://ok.example/a.png".into()).unwrap();
    u.set_tags(js("['x']")).unwrap();
    u.set_metadata(js("({ '@private': { a: [1, { b: 'é' }] }, big: 9007199254740991, f: -0.5 })")).unwrap();
    let text = js_sys::JSON::stringify(&JsValue::from(u.clone())).unwrap().as_string().unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        parsed,
        json!({"uid": "user1", "name": "Kevin", "avatar": "https://ok.example/a.png", "tags": ["x"],
               "metadata": {"@private": {"a": [1, {"b": "é"}]}, "big": 9007199254740991_i64, "f": -0.5},
               "status": "offline", "hasBlockedMe": false, "blockedByMe": false})
    );
    // The plain object builds the same user back.
    let back = User::new(js_sys::JSON::parse(&text).unwrap(), JsValue::UNDEFINED).unwrap();
    assert_eq!(json_of(&back.to_json()), parsed);
}

#[wasm_bindgen_test]
async fn oversized_input_is_refused_without_growing_wasm_memory() {
    support::init().await;
    const MB16: &str = "16 * 1024 * 1024";
    let u = user("big");
    let before = wasm_memory_bytes();
    let cases = [
        // A pasted data: URL, or a link to one, is the realistic case.
        (js(&format!("'https://ok.example/' + 'a'.repeat({MB16})")), code::INVALID_USER_AVATAR),
        (js(&format!("'data:image/png;base64,' + 'A'.repeat({MB16})")), code::INVALID_USER_AVATAR),
        (js(&format!("'x'.repeat({MB16})")), code::INVALID_USER_NAME),
        (js(&format!("' '.repeat({MB16}) + 'x'")), code::INVALID_USER_NAME),
        (js(&format!("({{ note: 'x'.repeat({MB16}) }})")), code::INVALID_USER_METADATA),
        (js("Array.from({ length: 1000000 }, (_, i) => 't' + i)"), code::INVALID_USER_TAGS),
        (js(&format!("['a', 'x'.repeat({MB16})]")), code::INVALID_USER_TAGS),
        (js(&format!("'x'.repeat({MB16})")), code::INVALID_USER_ROLE),
    ];
    for (i, (value, expected)) in cases.into_iter().enumerate() {
        let result = match expected {
            code::INVALID_USER_AVATAR => u.set_avatar(value),
            code::INVALID_USER_NAME => u.set_name(value),
            code::INVALID_USER_METADATA => u.set_metadata(value),
            code::INVALID_USER_TAGS => u.set_tags(value),
            _ => u.set_role(value),
        };
        assert_eq!(code_of(result), expected, "case {i}");
    }
    assert_eq!(code_of(User::new(js(&format!("'u'.repeat({MB16})")), JsValue::UNDEFINED)), code::INVALID_UID);
    // Checked before anything else, so no init or session is needed to reach them.
    let uid = cometchat_wasm::users::get_user(js(&format!("'u'.repeat({MB16})"))).await;
    assert_eq!(code_of(uid), code::INVALID_UID);
    let token = cometchat_wasm::login::login(js(&format!("'t'.repeat({MB16})")), JsValue::UNDEFINED).await;
    assert_eq!(code_of(token), code::INVALID_AUTH_TOKEN);
    let grown = wasm_memory_bytes() - before;
    assert!(grown < 1024 * 1024, "wasm memory grew by {grown} bytes");
    // The bound is past the rule: what the rule accepts still arrives whole.
    u.set_name(js("'😀'.repeat(100)")).unwrap();
    assert_eq!(u.name(), "😀".repeat(100));
    assert_eq!(code_of(u.set_name(js("'😀'.repeat(100) + ' '.repeat(5000)"))), code::INVALID_USER_NAME);
    assert_eq!(u.name(), "😀".repeat(100));
}
