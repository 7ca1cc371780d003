//! `--seed demo`: the six demo users below, and the rest of the directory (`crowd.rs`) with a
//! few friendships and blocks. The routes that go with them are in `demo.rs`. `--seed FILE.json`:
//! an app's own fixtures (`fixture.rs`).

mod crowd;
pub mod fixture;

use std::collections::HashSet;

use rusqlite::Transaction;

use crate::avatar;
use crate::error::ApiResult;
use crate::model::now;
use crate::store::users::{self, NewUser, UserPatch};
use crate::store::{blocks, friends, Db};

struct Demo {
    uid: &'static str,
    name: &'static str,
    role: &'static str,
    status: &'static str,
    status_message: Option<&'static str>,
    tags: &'static [&'static str],
    metadata: Option<&'static str>,
    link: Option<&'static str>,
    /// Minutes ago the user was last active, so a fresh demo shows varied "last active" times.
    active_minutes_ago: Option<i64>,
}

const DEMO: [Demo; 6] = [
    Demo {
        uid: "alice",
        name: "Alice Martin",
        role: "admin",
        status: "available",
        status_message: Some("Shipping the new onboarding flow"),
        tags: &["engineering", "team-lead"],
        metadata: Some(r#"{"department":"Engineering","timezone":"Europe/Paris"}"#),
        link: Some("https://example.com/people/alice"),
        active_minutes_ago: Some(0),
    },
    Demo {
        uid: "bob",
        name: "Bob Okafor",
        role: "default",
        status: "offline",
        status_message: None,
        tags: &["sales"],
        metadata: Some(r#"{"department":"Sales"}"#),
        link: None,
        active_minutes_ago: Some(12),
    },
    Demo {
        uid: "chloe",
        name: "Chloé Dubois",
        role: "premium",
        status: "available",
        status_message: Some("En réunion jusqu'à 15h"),
        tags: &["design", "premium"],
        metadata: Some(r#"{"department":"Design","pronouns":"elle"}"#),
        link: Some("https://example.com/people/chloe"),
        active_minutes_ago: Some(3),
    },
    Demo {
        uid: "kenji",
        name: "山田 健二",
        role: "default",
        status: "offline",
        status_message: Some("出張中"),
        tags: &["support"],
        metadata: None,
        link: None,
        active_minutes_ago: Some(60 * 26),
    },
    Demo {
        uid: "priya",
        name: "Priya Raman",
        role: "moderator",
        status: "available",
        status_message: Some("Happy to help 🙂"),
        tags: &["support", "moderation"],
        metadata: Some(r#"{"department":"Community","languages":["en","ta"]}"#),
        link: None,
        active_minutes_ago: Some(1),
    },
    Demo {
        uid: "zoe",
        name: "Zoë Ångström",
        role: "default",
        status: "offline",
        status_message: None,
        tags: &[],
        metadata: None,
        link: Some("https://example.com/people/zoe"),
        active_minutes_ago: None,
    },
];

pub const DEMO_UIDS: [&str; 6] = ["alice", "bob", "chloe", "kenji", "priya", "zoe"];

/// Inserts missing demo users; on an existing file only refreshes their emulator avatar URLs
/// (the port may have changed), and adds a friendship or block only when one of its two users is
/// new in this run (so one removed later stays removed). Idempotent.
pub fn seed_demo(db: &Db, public_base: &str) -> ApiResult<()> {
    db.write_blocking(|tx| {
        let mut added = HashSet::new();
        for d in DEMO.iter() {
            let tags = if d.tags.is_empty() { None } else { serde_json::to_string(d.tags).ok() };
            let new = NewUser {
                uid: d.uid.into(),
                name: d.name.into(),
                avatar: None,
                link: d.link.map(Into::into),
                role: Some(d.role.into()),
                metadata: d.metadata.map(Into::into),
                status_message: d.status_message.map(Into::into),
                tags,
                status: Some(d.status.into()),
            };
            if ensure(tx, public_base, new, d.active_minutes_ago)? {
                added.insert(d.uid);
            }
        }
        for p in (0..crowd::PEOPLE.len()).filter_map(crowd::person) {
            let tags = if p.tags.is_empty() { None } else { serde_json::to_string(&p.tags).ok() };
            let new = NewUser {
                uid: p.uid.into(),
                name: p.name.into(),
                avatar: None,
                link: None,
                role: Some(p.role.into()),
                metadata: p.metadata,
                status_message: p.status_message.map(Into::into),
                tags,
                status: Some(p.status.into()),
            };
            if ensure(tx, public_base, new, p.active_minutes_ago)? {
                added.insert(p.uid);
            }
        }
        for (a, b) in crowd::FRIENDS {
            if added.contains(a) || added.contains(b) {
                friends::add(tx, a, b)?;
            }
        }
        for (blocker, blocked) in crowd::BLOCKS {
            if added.contains(blocker) || added.contains(blocked) {
                blocks::block(tx, blocker, blocked)?;
            }
        }
        Ok(())
    })
}

/// Inserts `new` (with its emulator avatar) when its uid is free and returns true; otherwise only
/// points an emulator avatar at this server's address.
fn ensure(
    tx: &Transaction<'_>,
    public_base: &str,
    mut new: NewUser,
    active_minutes_ago: Option<i64>,
) -> ApiResult<bool> {
    let avatar = avatar::url(public_base, &new.uid);
    match users::by_uid(tx, &new.uid, None)? {
        None => {
            new.avatar = Some(avatar);
            users::insert(tx, &new)?;
            if let Some(minutes) = active_minutes_ago {
                users::touch_last_active(tx, &new.uid, now() - minutes * 60)?;
            }
            Ok(true)
        }
        Some(u) => {
            let ours = u.avatar.as_deref().is_some_and(|a| a.ends_with(&format!("/avatars/{}.svg", new.uid)));
            if ours && u.avatar.as_deref() != Some(avatar.as_str()) {
                users::update(tx, &new.uid, &UserPatch { avatar: Some(Some(avatar)), ..Default::default() })?;
            }
            Ok(false)
        }
    }
}
