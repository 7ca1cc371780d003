//! The numbers that cross between the module and its JS files (instead of names, per call): the
//! HTTP methods and why an answer was not read (js/transport.js), the login events
//! (js/session.js), the `User` field numbers (js/records.js). Each is defined on both sides of
//! the boundary, so this checks, natively, that they agree.

use crate::prelude::*;

const TRANSPORT: &str = include_str!("../js/transport.js");
const SESSION: &str = include_str!("../js/session.js");
const RECORDS: &str = include_str!("../js/records.js");

/// The strings of the array literal `const NAME = [ … ]` (or `export const`) in `js`.
fn array(js: &str, name: &str) -> Vec<String> {
    let start = js.find(&["const ", name, " = ["].concat()).unwrap_or_else(|| panic!("{name} in js/"));
    let body = &js[start..];
    let body = &body[body.find('[').unwrap() + 1..body.find(']').unwrap()];
    body.split(',').map(|s| s.trim().trim_matches('"').to_owned()).filter(|s| !s.is_empty()).collect()
}

/// The number `const … NAME = n` in js/transport.js.
fn number(name: &str) -> f64 {
    let at = TRANSPORT.find(&[name, " = "].concat()).unwrap_or_else(|| panic!("{name} in js/transport.js"));
    let rest = &TRANSPORT[at + name.len() + 3..];
    rest[..rest.find([',', ';']).unwrap()].trim().parse().unwrap()
}

#[test]
fn methods_are_numbered_alike() {
    use crate::http::Method::*;
    let names = array(TRANSPORT, "METHODS");
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
    let names = array(SESSION, "EVENTS");
    for (n, name) in [
        (LOGIN_SUCCESS, "loginSuccess"),
        (LOGIN_FAILURE, "loginFailure"),
        (LOGOUT_SUCCESS, "logoutSuccess"),
        (LOGOUT_FAILURE, "logoutFailure"),
    ] {
        assert_eq!(names[n as usize], name);
    }
    // The end of a session is the one after them, in session.js and in the worker's messages.
    assert!(SESSION.contains(&["emit(", &names.len().to_string(), ", reason, error)"].concat()));
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
    assert_eq!(array(RECORDS, "FIELDS"), ours);
}
