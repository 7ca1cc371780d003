//! The emulator's own files never reach outside the repository: the contract test uses the copy
//! of CometChat's admin OpenAPI file in `contract/`, and the README points at nothing in `../`.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_contract_spec_is_in_the_repository() {
    let spec: serde_json::Value =
        serde_json::from_str(&read("contract/cometchat-users-admin.openapi.json")).expect("the spec copy is JSON");
    assert!(spec["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "an OpenAPI 3 file");
    for path in ["/users", "/users/{uid}", "/users/{uid}/auth_tokens", "/users/{uid}/blockedusers"] {
        assert!(spec["paths"].get(path).is_some(), "{path} in the spec");
    }
    let run = read("contract/run.sh");
    assert!(run.contains("SPEC=${SPEC:-$HERE/cometchat-users-admin.openapi.json}"), "run.sh uses the copy by default");
}

#[test]
fn nothing_points_outside_the_repository() {
    for rel in ["README.md", "contract/run.sh", "contract/README.md", "bench/wrk.sh"] {
        let text = read(rel);
        for bad in ["../shared", "../../shared", "$ROOT/.."] {
            assert!(!text.contains(bad), "{rel} mentions {bad}");
        }
    }
}
