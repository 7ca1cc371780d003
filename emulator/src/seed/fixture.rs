//! `--seed FILE.json`: an app's own fixture users, friendships, blocks and auth tokens. The file is
//! read and checked whole before anything starts; every problem is reported with its line and
//! column (`FILE:LINE:COL: users[2].name: …`), so a CI log points at the mistake.
//!
//! ```json
//! { "users":   [{ "uid": "ana", "name": "Ana Lima", "role": "admin", "tags": ["ops"] }, …],
//!   "friends": [["ana", "ben"]],
//!   "blocks":  [{ "blocker": "ana", "blocked": "cy" }],
//!   "tokens":  [{ "uid": "ana", "authToken": "ana-ci-token" }] }
//! ```
//!
//! Users take the admin API's create fields (same rules) plus `status`; friendships, blocks and
//! tokens may only name users of the file. The values are kept by position in the text: each array
//! item and field is a `RawValue` borrowed from the input, whose address gives its line.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use rusqlite::Transaction;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::fields;
use crate::store::users::{self, NewUser};
use crate::store::{blocks, friends, tokens};

/// Larger files are refused unread: a fixture is a few hundred users, not a database dump.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Problems listed before the rest are summed up as "and N more".
const MAX_SHOWN: usize = 20;
const TOKEN_MAX: usize = 300;
const SHAPE: &str = r#"a seed file is {"users":[…],"friends":[…],"blocks":[…],"tokens":[…]}"#;
const USER_FIELDS: [&str; 9] = ["uid", "name", "avatar", "link", "role", "statusMessage", "metadata", "tags", "status"];

/// A checked fixture file, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct Fixture {
    pub users: Vec<NewUser>,
    pub friends: Vec<(String, String)>,
    /// (blocker, blocked)
    pub blocks: Vec<(String, String)>,
    /// (uid, authToken)
    pub tokens: Vec<(String, String)>,
}

/// One mistake in the file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Why a `--seed` file was refused: the file's name and every problem found.
#[derive(Debug, Clone)]
pub struct Invalid {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--seed {}: not a valid seed file (nothing was started)", self.file)?;
        for p in self.problems.iter().take(MAX_SHOWN) {
            write!(f, "\n  {}:{}:{}: {}", self.file, p.line, p.column, p.message)?;
        }
        if self.problems.len() > MAX_SHOWN {
            write!(f, "\n  … and {} more", self.problems.len() - MAX_SHOWN)?;
        }
        Ok(())
    }
}

/// Reads and checks `path`.
pub fn load(path: &Path) -> Result<Fixture, String> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("--seed {name}: cannot read it: {e}"))?;
    if meta.len() > MAX_BYTES {
        return Err(format!("--seed {name}: larger than {} MB", MAX_BYTES / 1024 / 1024));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("--seed {name}: cannot read it: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = {
            let ok = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            line_col(&ok, ok.len())
        };
        Invalid { file: name.clone(), problems: vec![problem(line, column, "not UTF-8 text")] }.to_string()
    })?;
    parse(&text).map_err(|problems| Invalid { file: name, problems }.to_string())
}

fn problem(line: usize, column: usize, message: impl Into<String>) -> Problem {
    Problem { line, column, message: message.into() }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

const SECTIONS: [&str; 4] = ["users", "friends", "blocks", "tokens"];

/// Collects problems, each placed at a value of the input.
struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn at(&mut self, raw: &RawValue, message: String) {
        // Every RawValue here borrows from `text`, so its address is its place in the file.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let (line, column) = line_col(self.text, offset);
        self.problems.push(problem(line, column, message));
    }

    /// An object item's fields, in the file's text; `None` (reported) when it is not an object.
    fn object(&mut self, raw: &'a RawValue, what: &str) -> Option<BTreeMap<String, &'a RawValue>> {
        match serde_json::from_str::<BTreeMap<String, &'a RawValue>>(raw.get()) {
            Ok(m) => Some(m),
            Err(_) => {
                self.at(raw, format!("{what}: must be an object"));
                None
            }
        }
    }

    fn unknown_fields(&mut self, obj: &BTreeMap<String, &'a RawValue>, known: &[&str], what: &str) {
        for (k, v) in obj {
            if !known.contains(&k.as_str()) {
                self.at(v, format!("{what}: unknown field {k:?} (known: {})", known.join(", ")));
            }
        }
    }

    /// A uid naming a user of the file.
    fn member(&mut self, raw: &RawValue, uids: &HashSet<String>, what: &str) -> Option<String> {
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        match crate::validate::uid_value(&v) {
            Err(reason) => self.at(raw, format!("{what}: {reason}")),
            Ok(uid) if !uids.contains(&uid) => self.at(raw, format!("{what}: {uid:?} is not a user of this file")),
            Ok(uid) => return Some(uid),
        }
        None
    }
}

/// Checks a seed file's text; all its problems, or the fixture.
pub fn parse(text: &str) -> Result<Fixture, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // serde would also take a struct as an array of its fields: only an object is a seed file.
    if let Some((i, ch)) = text.char_indices().find(|(_, ch)| !ch.is_whitespace()).filter(|(_, ch)| *ch != '{') {
        let (line, column) = line_col(text, i);
        return Err(vec![problem(line, column, format!("expected an object, found {ch:?}; {SHAPE}"))]);
    }
    let top: BTreeMap<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line().max(1), e.column().max(1));
        let message = e.to_string();
        let message = message.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&message);
        vec![problem(line, column, format!("{message}; {SHAPE}"))]
    })?;
    let mut c = Checker { text, problems: Vec::new() };
    c.unknown_fields(&top, &SECTIONS, "the file");
    let mut section = |name: &str| match top.get(name) {
        None => Vec::new(),
        Some(raw) => serde_json::from_str::<Vec<&RawValue>>(raw.get()).unwrap_or_else(|_| {
            c.at(raw, format!("{name}: must be an array"));
            Vec::new()
        }),
    };
    let (users, friends, blocks, tokens) = (section("users"), section("friends"), section("blocks"), section("tokens"));
    let mut out = Fixture::default();

    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in users.iter().enumerate() {
        let what = format!("users[{i}]");
        let Some(obj) = c.object(raw, &what) else { continue };
        c.unknown_fields(&obj, &USER_FIELDS, &what);
        if let Some(user) = user(&mut c, raw, &obj, &what) {
            if let Some(first) = seen.get(&user.uid) {
                c.at(obj["uid"], format!("{what}.uid: {:?} is already the uid of users[{first}]", user.uid));
                continue;
            }
            seen.insert(user.uid.clone(), i);
            out.users.push(user);
        }
    }
    let uids: HashSet<String> = seen.into_keys().collect();

    for (i, raw) in friends.iter().enumerate() {
        let what = format!("friends[{i}]");
        match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
            Ok(pair) if pair.len() == 2 => {
                let a = c.member(pair[0], &uids, &format!("{what}[0]"));
                let b = c.member(pair[1], &uids, &format!("{what}[1]"));
                match (a, b) {
                    (Some(a), Some(b)) if a == b => c.at(raw, format!("{what}: a user cannot be their own friend")),
                    (Some(a), Some(b)) => out.friends.push((a, b)),
                    _ => {}
                }
            }
            _ => c.at(raw, format!("{what}: must be a pair of uids, [\"a\", \"b\"]")),
        }
    }

    for (i, raw) in blocks.iter().enumerate() {
        let what = format!("blocks[{i}]");
        let Some(obj) = c.object(raw, &what) else { continue };
        c.unknown_fields(&obj, &["blocker", "blocked"], &what);
        let blocker =
            required(&mut c, raw, &obj, "blocker", &what).and_then(|r| c.member(r, &uids, &format!("{what}.blocker")));
        let blocked =
            required(&mut c, raw, &obj, "blocked", &what).and_then(|r| c.member(r, &uids, &format!("{what}.blocked")));
        match (blocker, blocked) {
            (Some(a), Some(b)) if a == b => c.at(raw, format!("{what}: a user cannot block themselves")),
            (Some(a), Some(b)) => out.blocks.push((a, b)),
            _ => {}
        }
    }

    let mut tokens_seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in tokens.iter().enumerate() {
        let what = format!("tokens[{i}]");
        let Some(obj) = c.object(raw, &what) else { continue };
        c.unknown_fields(&obj, &["uid", "authToken"], &what);
        let uid = required(&mut c, raw, &obj, "uid", &what).and_then(|r| c.member(r, &uids, &format!("{what}.uid")));
        let token =
            required(&mut c, raw, &obj, "authToken", &what).and_then(|r| {
                match serde_json::from_str::<String>(r.get())
                    .map_err(|_| "must be a string".to_string())
                    .and_then(check_token)
                {
                    Ok(t) => match tokens_seen.get(&t) {
                        Some(first) => {
                            c.at(r, format!("{what}.authToken: already the token of tokens[{first}]"));
                            None
                        }
                        None => {
                            tokens_seen.insert(t.clone(), i);
                            Some(t)
                        }
                    },
                    Err(reason) => {
                        c.at(r, format!("{what}.authToken: {reason}"));
                        None
                    }
                }
            });
        if let (Some(uid), Some(token)) = (uid, token) {
            out.tokens.push((uid, token));
        }
    }

    if c.problems.is_empty() {
        return Ok(out);
    }
    c.problems.sort_by_key(|p| (p.line, p.column));
    Err(c.problems)
}

fn required<'a>(
    c: &mut Checker<'a>,
    item: &'a RawValue,
    obj: &BTreeMap<String, &'a RawValue>,
    field: &str,
    what: &str,
) -> Option<&'a RawValue> {
    let v = obj.get(field).copied();
    if v.is_none() {
        c.at(item, format!("{what}: {field} is required"));
    }
    v
}

/// A token sent as a header and in admin paths: 1–300 of `A-Z a-z 0-9 _ - .`.
fn check_token(t: String) -> Result<String, String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if t.is_empty() || t.len() > TOKEN_MAX || !t.chars().all(ok) {
        return Err(format!("must be 1 to {TOKEN_MAX} characters of A-Z, a-z, 0-9, _, - and ."));
    }
    Ok(t)
}

/// A user item, checked by the admin API's create rules; each bad field reported at its value.
fn user<'a>(
    c: &mut Checker<'a>,
    raw: &'a RawValue,
    obj: &BTreeMap<String, &'a RawValue>,
    what: &str,
) -> Option<NewUser> {
    let mut body = Map::new();
    for field in USER_FIELDS {
        if let Some(v) = obj.get(field) {
            body.insert(field.to_string(), serde_json::from_str(v.get()).unwrap_or(Value::Null));
        }
    }
    let status = match body.get("status") {
        None => None,
        Some(Value::String(s)) if s == "available" || s == "offline" => Some(s.clone()),
        Some(_) => {
            c.at(obj["status"], format!("{what}.status: must be \"available\" or \"offline\""));
            None
        }
    };
    match fields::new_user(&body) {
        Ok((new, _)) => Some(NewUser { status: status.or(new.status.clone()), ..new }),
        Err(ApiError::BadRequest { details: Some(details), .. }) => {
            for (field, reason) in details {
                let reason = reason.as_str().unwrap_or("invalid").to_string();
                match obj.get(&field) {
                    Some(v) => c.at(v, format!("{what}.{field}: {reason}")),
                    None => c.at(raw, format!("{what}: {reason}")),
                }
            }
            None
        }
        Err(e) => {
            c.at(raw, format!("{what}: {e}"));
            None
        }
    }
}

/// Creates the fixture's users that are missing; a friendship, block or token is added only when
/// one of its users is new in this run (so, on a database file, what a test changed or removed
/// stays so across restarts, as with `--seed demo`). A fixture token that already belongs to
/// another user is an error, and nothing of the fixture is written.
pub fn apply(tx: &Transaction<'_>, f: &Fixture) -> ApiResult<()> {
    let mut added = HashSet::new();
    for u in &f.users {
        if !users::exists(tx, &u.uid)? {
            users::insert(tx, u)?;
            added.insert(u.uid.as_str());
        }
    }
    for (a, b) in &f.friends {
        if added.contains(a.as_str()) || added.contains(b.as_str()) {
            friends::add(tx, a, b)?;
        }
    }
    for (blocker, blocked) in &f.blocks {
        if added.contains(blocker.as_str()) || added.contains(blocked.as_str()) {
            blocks::block(tx, blocker, blocked)?;
        }
    }
    for (uid, token) in &f.tokens {
        if added.contains(uid.as_str()) && !tokens::insert_given(tx, uid, token)? {
            return Err(ApiError::bad_request(format!("the fixture token of {uid} already belongs to another user")));
        }
    }
    Ok(())
}
