//! The numbers that cross between the module and js/runtime.js (instead of names, per call): the
//! HTTP methods, why an answer was not read, the login events, the `User` field numbers. Each is
//! defined on both sides of the boundary, so this checks, natively, that they agree.

use crate::prelude::*;

const RUNTIME: &str = include_str!("../js/runtime.js");

/// The strings of the array literal `const NAME = [ … ]` (or `export const`) in js/runtime.js.
fn array(name: &str) -> Vec<String> {
    let start = RUNTIME.find(&["const ", name, " = ["].concat()).unwrap_or_else(|| panic!("{name} in js/runtime.js"));
    let body = &RUNTIME[start..];
    let body = &body[body.find('[').unwrap() + 1..body.find(']').unwrap()];
    body.split(',').map(|s| s.trim().trim_matches('"').to_owned()).filter(|s| !s.is_empty()).collect()
}

/// The number `const … NAME = n` in js/runtime.js.
fn number(name: &str) -> f64 {
    let at = RUNTIME.find(&[name, " = "].concat()).unwrap_or_else(|| panic!("{name} in js/runtime.js"));
    let rest = &RUNTIME[at + name.len() + 3..];
    rest[..rest.find([',', ';']).unwrap()].trim().parse().unwrap()
}

#[test]
fn methods_are_numbered_alike() {
    use crate::http::Method::*;
    let names = array("METHODS");
    for (method, name) in [(Get, "GET"), (Put, "PUT"), (Post, "POST"), (Delete, "DELETE")] {
        assert_eq!(names[method as usize], name);
    }
    assert_eq!(names.len(), 4);
}

#[test]
fn refusals_are_numbered_alike() {
    assert_eq!(number("REDIRECT"), crate::http::REDIRECT);
    assert_eq!(number("TOO_LARGE"), crate::http::TOO_LARGE);
}

#[test]
fn events_are_numbered_alike() {
    use crate::events::*;
    let names = array("EVENTS");
    for (n, name) in [
        (LOGIN_SUCCESS, "loginSuccess"),
        (LOGIN_FAILURE, "loginFailure"),
        (LOGOUT_SUCCESS, "logoutSuccess"),
        (LOGOUT_FAILURE, "logoutFailure"),
    ] {
        assert_eq!(names[n as usize], name);
    }
    // The end of a session is the one after them, in runtime.js and in the worker's messages.
    assert!(RUNTIME.contains(&["emit(", &names.len().to_string(), ", reason, error)"].concat()));
    let worker = include_str!("../pkg-template/worker.js");
    for (n, name) in names.iter().enumerate() {
        assert!(
            worker.contains(&[name.as_str(), ": "].concat()) && worker.contains(&["post(", &n.to_string()].concat()),
            "{name}"
        );
    }
    assert!(worker.contains(&["post(", &names.len().to_string(), ", reason"].concat()));
}

#[test]
fn user_fields_are_numbered_alike() {
    let mut ours: Vec<&str> = crate::user::SELF_EDITABLE.iter().map(|(_, name)| *name).collect();
    ours.push("role"); // after them: local only, never sent
    assert_eq!(array("FIELDS"), ours);
}
