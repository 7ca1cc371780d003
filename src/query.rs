//! The options of a list request (Part A "Users directory and blocking"; wire: Part B §6.8–6.9),
//! checked and written once as its query string. Every value is percent-encoded (the official
//! SDK leaves roles, uids and searchIn raw, so a `&` or `#` in them breaks its query). Pure: the
//! JS edge (`directory`) hands over each option already converted to a `Value`.

use crate::error::{code, Error, Result};
use crate::prelude::*;
use crate::validate::encode_path_segment as encode;
use cometchat_rules as rules;

/// Which list: `GET users` or `GET blockedusers`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum List {
    Users,
    Blocked,
}

impl List {
    pub fn new(blocked: bool) -> List {
        if blocked {
            List::Blocked
        } else {
            List::Users
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            List::Users => "users",
            List::Blocked => "blockedusers",
        }
    }

    /// The options this list takes, in the order the official SDK writes them on the wire.
    pub fn options(self) -> &'static [Opt] {
        match self {
            List::Users => &USERS,
            List::Blocked => &BLOCKED,
        }
    }
}

pub const LIMIT_DEFAULT: u32 = 30;
pub const LIMIT_MAX: f64 = 100.0;
pub const KEYWORD_MAX: usize = 1000;
/// uids, roles and tags in one filter (the emulator refuses more, naming the parameter).
pub const FILTER_MAX: usize = 100;

/// What an option's value must be.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A whole number from 1 to 100.
    Limit,
    /// Text of at most 1000 characters, trimmed; blank means no filter.
    Keyword,
    /// A boolean: `1` on the wire when true, absent when false.
    Flag,
    /// One of `(value, wire value)`, case-insensitive.
    OneOf(&'static [(&'static str, &'static str)]),
    /// Some of these values.
    SomeOf(&'static [&'static str]),
    /// At most 100 strings, each passing the field rule.
    Each(fn(&str) -> rules::Check),
}

/// One builder option: its name in the options object, its wire name, what it takes, the code
/// of a bad value, and how to say what is expected.
pub struct Opt {
    pub key: &'static str,
    pub wire: &'static str,
    pub kind: Kind,
    pub code: &'static str,
    pub expected: &'static str,
}

const fn opt(key: &'static str, wire: &'static str, kind: Kind, code: &'static str, expected: &'static str) -> Opt {
    Opt { key, wire, kind, code, expected }
}

const LIMIT: Opt = opt("limit", "per_page", Kind::Limit, code::INVALID_SET_LIMIT, "setLimit: a whole number, 1 to 100");
const KEYWORD: Opt =
    opt("searchKeyword", "searchKey", Kind::Keyword, code::INVALID_SEARCH_KEYWORD, "setSearchKeyword: at most 1000 characters");

static USERS: [Opt; 12] = [
    LIMIT,
    KEYWORD,
    opt("status", "status", Kind::OneOf(&[("online", "available"), ("available", "available"), ("offline", "offline")]), code::INVALID_STATUS_VALUE, "setStatus: \"online\" or \"offline\""),
    opt("hideBlockedUsers", "hideBlockedUsers", Kind::Flag, code::INVALID_HIDE_BLOCKED_USERS, "hideBlockedUsers: a boolean"),
    opt("roles", "roles", Kind::Each(rules::role), code::INVALID_ROLES, "setRoles: at most 100 roles, each like a uid"),
    opt("tags", "tags", Kind::Each(rules::tag), code::INVALID_TAGS, "setTags: at most 100 tags, each 1 to 100 characters"),
    opt("friendsOnly", "friendsOnly", Kind::Flag, code::INVALID_FRIENDS_ONLY, "friendsOnly: a boolean"),
    opt("withTags", "withTags", Kind::Flag, code::INVALID_WITH_TAGS, "withTags: a boolean"),
    opt("uids", "uids", Kind::Each(rules::uid), code::INVALID_UIDS, "setUIDs: at most 100 valid uids"),
    opt("sortBy", "sortBy", Kind::OneOf(&[("name", "name"), ("status", "status")]), code::INVALID_SORT_BY, "sortBy: \"name\" or \"status\""),
    opt("sortOrder", "sortOrder", Kind::OneOf(&[("asc", "asc"), ("desc", "desc")]), code::INVALID_SORT_BY_ORDER, "sortByOrder: \"asc\" or \"desc\""),
    opt("searchIn", "searchIn", Kind::SomeOf(&["name", "uid"]), code::INVALID_SEARCH_IN, "searchIn: \"name\" and/or \"uid\""),
];

static BLOCKED: [Opt; 3] = [
    LIMIT,
    opt("direction", "direction", Kind::OneOf(&[("both", "both"), ("blockedByMe", "blockedByMe"), ("hasBlockedMe", "hasBlockedMe")]), code::INVALID_DIRECTION_VALUE, "setDirection: \"both\", \"blockedByMe\" or \"hasBlockedMe\""),
    KEYWORD,
];

/// An option's value as the JS edge converted it (strings copied only past their rule).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    Bool(bool),
    /// An array of strings; `None` when an item is not a string.
    Texts(Option<Vec<String>>),
    /// Anything else (an object, a function, `null`…).
    Other,
}

impl Opt {
    fn refuse(&self) -> Error {
        Error::new(self.code, ["Expected ", self.expected, "."].concat())
    }

    /// The encoded wire value of `value`, `None` when it sends nothing (false, blank).
    pub fn check(&self, value: &Value) -> Result<Option<String>> {
        let value = match (self.kind, value) {
            (Kind::Limit, Value::Number(n)) if (1.0..=LIMIT_MAX).contains(n) && f64::from(*n as u32) == *n => {
                Some(crate::text::decimal(*n as u32))
            }
            (Kind::Keyword, Value::Text(s)) if rules::chars(s) <= KEYWORD_MAX => {
                Some(crate::text::trim(s)).filter(|s| !s.is_empty()).map(encode)
            }
            (Kind::Flag, Value::Bool(b)) => b.then(|| "1".to_owned()),
            (Kind::OneOf(choices), Value::Text(s)) => {
                let wire = choices.iter().find(|(v, _)| v.eq_ignore_ascii_case(s)).ok_or_else(|| self.refuse())?.1;
                Some(wire.to_owned())
            }
            (Kind::SomeOf(choices), Value::Texts(Some(items))) if items.len() <= choices.len() => {
                if !items.iter().all(|i| choices.contains(&i.as_str())) {
                    return Err(self.refuse());
                }
                Some(joined(items, |i| i.to_owned()))
            }
            (Kind::Each(rule), Value::Texts(Some(items))) if items.len() <= FILTER_MAX => {
                if !items.iter().all(|i| rule(i).is_ok()) {
                    return Err(self.refuse());
                }
                Some(joined(items, |i| encode(i)))
            }
            _ => return Err(self.refuse()),
        };
        // An empty list filters nothing: like an unset option.
        Ok(value.filter(|v| !v.is_empty()))
    }
}

/// The query (without `page`) of a list whose options have the values `value_of` gives
/// (`None`: unset). The limit is always sent (30 when unset).
pub fn build(list: List, mut value_of: impl FnMut(&Opt) -> Option<Value>) -> Result<String> {
    let mut query = String::new();
    for opt in list.options() {
        let wire = match value_of(opt) {
            Some(v) => opt.check(&v)?,
            None if matches!(opt.kind, Kind::Limit) => Some(crate::text::decimal(LIMIT_DEFAULT)),
            None => None,
        };
        if let Some(wire) = wire {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(opt.wire);
            query.push('=');
            query.push_str(&wire);
        }
    }
    Ok(query)
}

/// `items` through `each`, comma-separated (one loop instead of a second `join` instantiation
/// beside the crate's `concat`s: measured 370 bytes of wasm).
fn joined(items: &[String], each: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&each(item));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }
    fn texts(items: &[&str]) -> Option<Value> {
        Some(Value::Texts(Some(items.iter().map(|s| s.to_string()).collect())))
    }

    fn code_of(r: Result<String>) -> String {
        r.expect_err("should be refused").code
    }

    /// `build` with the i-th option's value from `values[i]`.
    fn query(list: List, values: &[Option<Value>]) -> Result<String> {
        let mut i = 0;
        build(list, |_| {
            i += 1;
            values.get(i - 1).cloned().flatten()
        })
    }

    #[test]
    fn every_user_option_reaches_the_wire_in_order_and_encoded() {
        let values = [
            Some(Value::Number(10.0)),
            text(" a b&c#d/é+%😀 "),
            text("online"),
            Some(Value::Bool(true)),
            texts(&["default", "premium", "admin"]),
            texts(&["t 1", "t,2"]),
            Some(Value::Bool(true)),
            Some(Value::Bool(true)),
            texts(&["user1", "u2"]),
            text("name"),
            text("DESC"),
            texts(&["uid", "name"]),
        ];
        assert_eq!(
            query(List::Users, &values).unwrap(),
            "per_page=10&searchKey=a%20b%26c%23d%2F%C3%A9%2B%25%F0%9F%98%80&status=available&hideBlockedUsers=1\
             &roles=default,premium,admin&tags=t%201,t%2C2&friendsOnly=1&withTags=1&uids=user1,u2&sortBy=name\
             &sortOrder=desc&searchIn=uid,name"
        );
    }

    #[test]
    fn defaults_and_things_that_send_nothing() {
        assert_eq!(query(List::Users, &[]).unwrap(), "per_page=30");
        let values = [None, text("   "), None, Some(Value::Bool(false)), texts(&[])];
        assert_eq!(query(List::Users, &values).unwrap(), "per_page=30");
        let blocked = [Some(Value::Number(5.0)), text("blockedByMe"), text("u")];
        assert_eq!(query(List::Blocked, &blocked).unwrap(), "per_page=5&direction=blockedByMe&searchKey=u");
    }

    #[test]
    fn bad_values_name_the_option() {
        let users = |i: usize, v: Option<Value>| {
            let mut values = vec![None; 12];
            values[i] = v;
            code_of(query(List::Users, &values))
        };
        for bad in [0.0, 101.0, 1.5, f64::NAN, -1.0] {
            assert_eq!(users(0, Some(Value::Number(bad))), code::INVALID_SET_LIMIT, "{bad}");
        }
        assert_eq!(users(0, text("30")), code::INVALID_SET_LIMIT);
        assert_eq!(users(1, text(&"k".repeat(1001))), code::INVALID_SEARCH_KEYWORD);
        assert_eq!(users(1, Some(Value::Number(1.0))), code::INVALID_SEARCH_KEYWORD);
        assert_eq!(users(2, text("away")), code::INVALID_STATUS_VALUE);
        assert_eq!(users(3, text("yes")), code::INVALID_HIDE_BLOCKED_USERS);
        assert_eq!(users(4, texts(&["a b"])), code::INVALID_ROLES);
        assert_eq!(users(5, texts(&[" "])), code::INVALID_TAGS);
        assert_eq!(users(8, texts(&["a/b"])), code::INVALID_UIDS);
        let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
        assert_eq!(users(8, Some(Value::Texts(Some(many)))), code::INVALID_UIDS);
        assert_eq!(users(8, Some(Value::Texts(None))), code::INVALID_UIDS);
        assert_eq!(users(8, text("u1")), code::INVALID_UIDS);
        assert_eq!(users(9, text("email")), code::INVALID_SORT_BY);
        assert_eq!(users(10, text("up")), code::INVALID_SORT_BY_ORDER);
        assert_eq!(users(11, texts(&["email"])), code::INVALID_SEARCH_IN);
        let blocked = [None, text("mine")];
        assert_eq!(code_of(query(List::Blocked, &blocked)), code::INVALID_DIRECTION_VALUE);
        // 1000 characters of keyword are fine, emoji counting as one.
        assert!(query(List::Users, &[None, text(&"😀".repeat(1000))]).is_ok());
    }
}
