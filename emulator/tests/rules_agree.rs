//! The client (`cometchat-wasm`, checking before it sends) and the emulator (checking every
//! write) accept exactly the same field values: generated strings, both sides' own checks.
//! The avatar/link URL is the one deliberate difference: the client also demands `https:` or
//! a loopback `http:`, so what it accepts the emulator must accept, not the reverse.

use cometchat_emulator::validate as server;
use cometchat_wasm::validate as client;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Strings near every rule's edges: empty, blank, the uid alphabet and its neighbours,
/// multi-byte characters, and lengths around 100 and 1000 characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9_-]{0,3}",
        "[a-zA-Z0-9_ ./é-]{95,105}",
        "[ \t\u{a0}\u{3000}]{0,3}",
        "[ a日😀é]{98,102}",
        "[xé😀]{995,1005}",
    ]
}

fn same(what: &str, value: &str, client: bool, server: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(client, server, "{} {:?}: client {}, emulator {}", what, value, client, server);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn client_and_emulator_accept_the_same_values(s in text(), more in proptest::collection::vec(text(), 0..30)) {
        let v = Value::String(s.clone());
        same("uid", &s, client::uid(&s).is_ok(), server::uid(&s).is_ok())?;
        same("name", &s, client::name(&s).is_ok(), server::name(&v).is_ok())?;
        same("role", &s, client::role(&s).is_ok(), server::role(&v).is_ok())?;
        same("statusMessage", &s, client::status_message(&s).is_ok(), server::status_message(&v).is_ok())?;
        let tags: Vec<String> = more;
        same("tags", &format!("{tags:?}"), client::tags(&tags).is_ok(), server::tags(&json!(tags)).is_ok())?;
        let metadata = json!({ "k": s });
        let compact = metadata.to_string();
        same("metadata", &compact, client::metadata(&compact).is_ok(), server::metadata(&metadata).is_ok())?;
    }

    #[test]
    fn a_url_the_client_accepts_the_emulator_accepts(url in "(https?|HTTP)://(localhost|127\\.0\\.0\\.1|x\\.example|\\[::1\\])(:[0-9]{1,5})?/[a-z%é ]{0,3000}") {
        if client::profile_url(&url, "INVALID_USER_AVATAR", "avatar").is_ok() {
            prop_assert!(server::url("avatar", &Value::String(url.clone())).is_ok(), "{url}");
        }
    }
}
