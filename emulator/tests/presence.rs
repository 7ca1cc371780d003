//! Presence (realtime-protocol.md §4, §8.5; wire-protocol Part A "Presence"): online at a user's
//! first authenticated socket, offline after the last one and a grace period; the §4.1 frame to
//! every other socket whose subscription matches; REST `status`/`lastActiveAt` as pushed; logout,
//! revocation, deactivation and deletion close sockets.
//!
//! "Nothing arrived" is checked without sleeping: the emulator sends what it queued for a socket
//! before it reads the next frame, and a change is queued everywhere before the frame that caused
//! it is answered, so a ping answered by its pong alone proves nothing was sent
//! (`Sock::nothing_queued`).

mod common;

use std::time::{Duration, Instant};

use cometchat_emulator::server::ServeOptions;
use cometchat_emulator::socket::hub::Limits;
use common::ws::{self, Sock};
use common::{send, Emu, API_KEY};
use reqwest::Method;
use serde_json::{json, Value};

async fn emu_with_grace(grace: Duration) -> Emu {
    let sockets = Limits { grace, ..Limits::default() };
    Emu::with(ServeOptions { api_key: Some(API_KEY.into()), sockets, ..Default::default() }).await
}

async fn create(emu: &Emu, uid: &str, role: &str) -> String {
    let (s, b) = send(
        emu.admin(Method::POST, "/users")
            .json(&json!({"uid": uid, "name": uid.to_uppercase(), "role": role, "tags": ["t"]})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    emu.token(uid).await
}

/// Asserts a presence frame of `uid` from `device_id`; returns its timestamp and user.
fn assert_presence(f: &Value, emu: &Emu, uid: &str, device_id: &str, action: &str) -> (i64, Value) {
    assert_eq!(f["type"], "presence", "{f}");
    assert_eq!(f["appId"], emu.app_id.as_str(), "{f}");
    assert_eq!(f["deviceId"], device_id, "{f}");
    assert_eq!(f["sender"], uid, "{f}");
    assert_eq!(f["body"]["action"], action, "{f}");
    let ts = f["body"]["timestamp"].as_i64().expect("numeric timestamp (epoch seconds)");
    assert!(ts > 1_600_000_000 && ts < 10_000_000_000, "seconds: {ts}");
    let user = f["body"]["user"].clone();
    assert_eq!(user["uid"], uid);
    assert_eq!(user["status"], if action == "online" { "available" } else { "offline" });
    assert_eq!(user["lastActiveAt"], ts, "lastActiveAt is the frame's timestamp");
    assert!(user.get("authToken").is_none() && !f.to_string().contains("jwt."), "no credential: {f}");
    (ts, user)
}

/// The user as REST shows it to `token`, without the caller-relative block flags.
async fn rest_user(emu: &Emu, token: &str, uid: &str) -> Value {
    let (s, mut b) = send(emu.client(Method::GET, &format!("/users/{uid}"), token)).await;
    assert_eq!(s, 200, "{b}");
    let u = b["data"].as_object_mut().expect("user");
    u.remove("hasBlockedMe");
    u.remove("blockedByMe");
    b["data"].clone()
}

#[tokio::test]
async fn each_subscription_gets_what_it_asked_for_and_never_its_own() {
    let emu = emu_with_grace(Duration::from_millis(100)).await;
    let tm = create(&emu, "mover", "premium").await;
    // (uid, subscription, roles, whether the mover's presence reaches it); `w_all` last, so that
    // it has not seen the others come online.
    type Watcher<'a> = (&'a str, Option<&'a str>, Option<&'a [&'a str]>, bool);
    let watchers: [Watcher; 8] = [
        ("w_roles", Some("ROLES"), Some(&["admin", "premium"]), true),
        ("w_roles_other", Some("ROLES"), Some(&["admin", "Premium"]), false),
        ("w_roles_empty", Some("ROLES"), None, false),
        ("w_friend", Some("FRIENDS"), None, true),
        ("w_stranger", Some("FRIENDS"), None, false),
        ("w_missing", None, None, false),
        ("w_none", Some("NONE"), None, false),
        ("w_all", Some("ALL_USERS"), None, true),
    ];
    let mut socks: Vec<(Sock, bool)> = Vec::new();
    for (uid, sub, roles, wanted) in watchers {
        let t = create(&emu, uid, "default").await;
        socks.push((ws::online(&emu, uid, &t, &format!("tab-{uid}"), sub, roles).await, wanted));
    }
    let (s, _) = send(emu.admin(Method::POST, "/users/w_friend/friends").json(&json!({"accepted": ["mover"]}))).await;
    assert_eq!(s, 200);
    let mut anon = ws::connect(&ws::url(&emu, "/")).await;

    // The mover's first socket, itself subscribed to everyone: online goes to the matching others.
    let mut tab1 = ws::online(&emu, "mover", &tm, "mover-tab-1", Some("ALL_USERS"), None).await;
    let mut online_ts = None;
    for (sock, wanted) in socks.iter_mut() {
        if *wanted {
            let f = sock.json().await;
            let (ts, user) = assert_presence(&f, &emu, "mover", "mover-tab-1", "online");
            assert_eq!((user["role"].as_str(), user["name"].as_str()), (Some("premium"), Some("MOVER")));
            assert!(online_ts.is_none_or(|t| t == ts), "one timestamp for all");
            online_ts = Some(ts);
        } else {
            sock.nothing_queued().await;
        }
    }
    tab1.nothing_queued().await; // not its own
    anon.nothing_queued().await; // not to an unauthenticated socket

    // A second socket of the same user changes nothing.
    let tab2 = ws::online(&emu, "mover", &tm, "mover-tab-2", Some("ALL_USERS"), None).await;
    for (sock, _) in socks.iter_mut() {
        sock.nothing_queued().await;
    }
    tab1.nothing_queued().await;

    // Offline when the last closes, to the same sockets, from the last socket's session.
    tab2.close().await;
    tab1.close().await;
    for (sock, wanted) in socks.iter_mut() {
        if *wanted {
            let f = sock.json().await;
            let (ts, _) = assert_presence(&f, &emu, "mover", f["deviceId"].as_str().unwrap_or(""), "offline");
            assert!(["mover-tab-1", "mover-tab-2"].contains(&f["deviceId"].as_str().unwrap_or("")), "{f}");
            assert!(ts >= online_ts.unwrap_or(0));
        } else {
            sock.nothing_queued().await;
        }
    }
    emu.stop().await;
}

#[tokio::test]
async fn rest_status_and_last_active_at_are_what_was_pushed() {
    let emu = emu_with_grace(Duration::from_millis(50)).await;
    let tw = create(&emu, "watcher", "default").await;
    let tm = create(&emu, "mover", "default").await;
    let mut w = ws::online(&emu, "watcher", &tw, "w", Some("ALL_USERS"), None).await;

    // A login alone does not make the user online.
    ws::login(&emu, &tm).await;
    assert_eq!(rest_user(&emu, &tw, "mover").await["status"], "offline");

    let m = ws::online(&emu, "mover", &tm, "m", None, None).await;
    let f = w.json().await;
    let (ts, pushed) = assert_presence(&f, &emu, "mover", "m", "online");
    assert_eq!(rest_user(&emu, &tw, "mover").await, pushed, "the pushed user is the REST user");
    // `GET users?status=available` agrees as well.
    let (_, list) = send(emu.client(Method::GET, "/users?status=available", &tw)).await;
    assert_eq!(list["data"][0]["uid"], "mover");
    assert_eq!(list["data"][0]["lastActiveAt"], ts);

    m.close().await;
    let f = w.json().await;
    let (_, pushed) = assert_presence(&f, &emu, "mover", "m", "offline");
    assert_eq!(rest_user(&emu, &tw, "mover").await, pushed);
    emu.stop().await;
}

#[tokio::test]
async fn the_grace_period_absorbs_a_reload() {
    let grace = Duration::from_millis(400);
    let emu = emu_with_grace(grace).await;
    let tw = create(&emu, "watcher", "default").await;
    let tm = create(&emu, "mover", "default").await;
    let mut w = ws::online(&emu, "watcher", &tw, "w", Some("ALL_USERS"), None).await;
    let m = ws::online(&emu, "mover", &tm, "tab", None, None).await;
    assert_presence(&w.json().await, &emu, "mover", "tab", "online");

    // A reload: the old socket closes, the new one (same session id) authenticates.
    m.close().await;
    let m = ws::online(&emu, "mover", &tm, "tab", None, None).await;
    // The reverse order: the new one first, then the old one closes.
    let m2 = ws::online(&emu, "mover", &tm, "tab", None, None).await;
    m.close().await;
    // Past the grace period: no offline, no second online.
    tokio::time::sleep(grace * 3).await;
    w.nothing_queued().await;
    assert_eq!(rest_user(&emu, &tw, "mover").await["status"], "available");

    // Gone for good: offline, no sooner than the grace period.
    let closed_at = Instant::now();
    m2.close().await;
    let f = w.json().await;
    assert!(closed_at.elapsed() >= grace, "offline after {:?}", closed_at.elapsed());
    assert_presence(&f, &emu, "mover", "tab", "offline");
    assert_eq!(rest_user(&emu, &tw, "mover").await["status"], "offline");
    emu.stop().await;
}

/// Deliberate ends need no grace period: with a minute of grace, each is pushed at once.
#[tokio::test]
async fn logout_revocation_deactivation_and_deletion_close_sockets_and_go_offline_at_once() {
    let emu = emu_with_grace(Duration::from_secs(60)).await;
    let tw = create(&emu, "watcher", "default").await;
    let mut w = ws::online(&emu, "watcher", &tw, "w", Some("ALL_USERS"), None).await;

    // Logout (DELETE me) closes that token's sockets only; the last one makes the user offline.
    let t1 = create(&emu, "mover", "default").await;
    let t2 = emu.token("mover").await;
    let mut s1 = ws::online(&emu, "mover", &t1, "tab-1", None, None).await;
    assert_presence(&w.json().await, &emu, "mover", "tab-1", "online");
    let mut s2 = ws::online(&emu, "mover", &t2, "tab-2", None, None).await;
    let (s, _) = send(emu.client(Method::DELETE, "/me", &t1)).await;
    assert_eq!(s, 200);
    assert_eq!(s1.close_code().await, 4003);
    w.nothing_queued().await;
    s2.nothing_queued().await;
    let (s, _) = send(emu.client(Method::DELETE, "/me", &t2)).await;
    assert_eq!(s, 200);
    assert_eq!(s2.close_code().await, 4003);
    assert_presence(&w.json().await, &emu, "mover", "tab-2", "offline");
    assert_eq!(rest_user(&emu, &tw, "mover").await["status"], "offline");

    // A deleted token closes its sockets; flushing the rest closes them all.
    let t3 = emu.token("mover").await;
    let mut s1 = ws::online(&emu, "mover", &t1, "tab-1", None, None).await;
    assert_presence(&w.json().await, &emu, "mover", "tab-1", "online");
    let mut s3 = ws::online(&emu, "mover", &t3, "tab-3", None, None).await;
    let (s, _) = send(emu.admin(Method::DELETE, &format!("/users/mover/auth_tokens/{t1}"))).await;
    assert_eq!(s, 200);
    assert_eq!(s1.close_code().await, 4003);
    w.nothing_queued().await;
    let (s, _) = send(emu.admin(Method::DELETE, "/users/mover/auth_tokens")).await;
    assert_eq!(s, 200);
    assert_eq!(s3.close_code().await, 4003);
    assert_presence(&w.json().await, &emu, "mover", "tab-3", "offline");

    // Deactivation: closed, and the offline frame carries deactivatedAt.
    let tc = create(&emu, "carol", "default").await;
    let mut c = ws::online(&emu, "carol", &tc, "c", None, None).await;
    assert_presence(&w.json().await, &emu, "carol", "c", "online");
    let (s, _) = send(emu.admin(Method::DELETE, "/users").json(&json!({"uidsToDeactivate": ["carol"]}))).await;
    assert_eq!(s, 200);
    assert_eq!(c.close_code().await, 4003);
    let (_, user) = assert_presence(&w.json().await, &emu, "carol", "c", "offline");
    assert!(user["deactivatedAt"].as_i64().is_some(), "{user}");
    let (_, b) = send(emu.admin(Method::GET, "/users/carol")).await;
    assert_eq!(b["data"]["status"], "offline");

    // Deletion: closed, and the offline frame carries the user as last seen.
    let td = create(&emu, "dave", "premium").await;
    let mut d = ws::online(&emu, "dave", &td, "d", None, None).await;
    assert_presence(&w.json().await, &emu, "dave", "d", "online");
    let (s, _) = send(emu.admin(Method::DELETE, "/users/dave")).await;
    assert_eq!(s, 200);
    assert_eq!(d.close_code().await, 4003);
    let (_, user) = assert_presence(&w.json().await, &emu, "dave", "d", "offline");
    assert_eq!((user["name"].as_str(), user["role"].as_str()), (Some("DAVE"), Some("premium")));
    w.nothing_queued().await;
    emu.stop().await;
}

/// A status of "available" that no socket backs (the demo seed's) ends with a logout, pushed.
#[tokio::test]
async fn logout_of_a_seeded_online_user_pushes_offline() {
    let sockets = Limits { grace: Duration::from_secs(60), ..Limits::default() };
    let emu =
        Emu::with(ServeOptions { api_key: Some(API_KEY.into()), seed_demo: true, sockets, ..Default::default() }).await;
    let tw = emu.token("zoe").await;
    let mut w = ws::online(&emu, "zoe", &tw, "z", Some("ALL_USERS"), None).await;
    let ta = emu.token("alice").await;
    assert_eq!(rest_user(&emu, &tw, "alice").await["status"], "available");
    let (s, _) = send(emu.client(Method::DELETE, "/me", &ta)).await;
    assert_eq!(s, 200);
    let (_, user) = assert_presence(&w.json().await, &emu, "alice", "", "offline");
    assert_eq!(rest_user(&emu, &tw, "alice").await, user);
    emu.stop().await;
}

/// With a zero grace period the offline is immediate; a role or friendship changed since is
/// taken into account at each change.
#[tokio::test]
async fn roles_and_friends_are_read_at_each_change() {
    let emu = emu_with_grace(Duration::ZERO).await;
    let tr = create(&emu, "by_role", "default").await;
    let tf = create(&emu, "by_friend", "default").await;
    let tm = create(&emu, "mover", "default").await;
    let mut r = ws::online(&emu, "by_role", &tr, "r", Some("ROLES"), Some(&["premium"])).await;
    let mut f = ws::online(&emu, "by_friend", &tf, "f", Some("FRIENDS"), None).await;

    let m = ws::online(&emu, "mover", &tm, "m", None, None).await;
    r.nothing_queued().await;
    f.nothing_queued().await;
    let (s, _) = send(emu.admin(Method::PUT, "/users/mover").json(&json!({"role": "premium"}))).await;
    assert_eq!(s, 200);
    let (s, _) = send(emu.admin(Method::POST, "/users/mover/friends").json(&json!({"accepted": ["by_friend"]}))).await;
    assert_eq!(s, 200);
    m.close().await;
    assert_presence(&r.json().await, &emu, "mover", "m", "offline");
    assert_presence(&f.json().await, &emu, "mover", "m", "offline");
    emu.stop().await;
}

/// A logout during a grace period ends it at once; a grace timer of that earlier socket never ends
/// a later one early.
#[tokio::test]
async fn a_logout_ends_a_grace_period_and_an_old_timer_never_cuts_a_new_one_short() {
    let grace = Duration::from_millis(1000);
    let emu = emu_with_grace(grace).await;
    let tw = create(&emu, "watcher", "default").await;
    let tm = create(&emu, "mover", "default").await;
    let mut w = ws::online(&emu, "watcher", &tw, "w", Some("ALL_USERS"), None).await;
    let a = ws::online(&emu, "mover", &tm, "a", None, None).await;
    assert_presence(&w.json().await, &emu, "mover", "a", "online");
    a.close().await;
    tokio::time::sleep(grace / 4).await;
    let (s, _) = send(emu.client(Method::DELETE, "/me", &tm)).await;
    assert_eq!(s, 200);
    assert_presence(&w.json().await, &emu, "mover", "a", "offline");

    let b = ws::online(&emu, "mover", &tm, "b", None, None).await;
    assert_presence(&w.json().await, &emu, "mover", "b", "online");
    let closed_at = Instant::now();
    b.close().await;
    assert_presence(&w.json().await, &emu, "mover", "b", "offline");
    assert!(closed_at.elapsed() >= grace, "offline {:?} after the close", closed_at.elapsed());
    emu.stop().await;
}
