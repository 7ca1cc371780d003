// The real-time socket's logic (pkg-template/presence.js), natively in Node: the URL rule, the
// frames, the backoff, and the connection's life driven step by step with a MOCK WebSocket and a
// manual clock (a real server cannot be made to withhold a pong or refuse twice on cue; the
// browser suites run the same module against the emulator's real socket).
import { test } from "node:test";
import assert from "node:assert/strict";
import { backoff, socketUrl, readFrame, authFrame, createSocket, MAX_FRAME } from "../../pkg-template/presence.js";
import { userData, wrapUser, CometChatException } from "../../js/runtime.js";

test("backoff: 0.5 s doubling to a 30 s cap, the second half of each wait drawn at random", () => {
  assert.deepEqual([0, 1, 2, 3].map((a) => backoff(a, () => 1)), [500, 1000, 2000, 4000]);
  assert.deepEqual([0, 1, 2].map((a) => backoff(a, () => 0)), [250, 500, 1000]);
  for (const a of [6, 7, 20, 1000]) {
    assert.equal(backoff(a, () => 1), 30_000);
    assert.equal(backoff(a, () => 0), 15_000);
  }
});

test("socketUrl: the official SDK's form, and the credential goes to the app's own host only", () => {
  const emulator = "http://127.0.0.1:8787/v3.0/";
  assert.deepEqual(socketUrl({ CHAT_HOST: "127.0.0.1:8787/ws", CHAT_WSS_PORT: 8787 }, emulator), ["ws://127.0.0.1:8787/ws:8787"]);
  assert.deepEqual(socketUrl({ CHAT_HOST: "localhost", CHAT_WSS_PORT: "443" }, "https://localhost/v3.0/"), ["wss://localhost/"]);
  const cloud = "https://app1.apiclient-eu.cometchat.io/v3.0/";
  assert.deepEqual(socketUrl({ CHAT_HOST: "app1.websocket-eu.cometchat.io", CHAT_WSS_PORT: 443 }, cloud), ["wss://app1.websocket-eu.cometchat.io/"]);
  // CHAT_HOST_OVERRIDE wins, as in the official SDK.
  assert.equal(socketUrl({ CHAT_HOST: "x.cometchat.io", CHAT_HOST_OVERRIDE: "evil.example", CHAT_WSS_PORT: 1 }, cloud)[0], undefined);
  for (const hostile of [
    { CHAT_HOST: "evil.example", CHAT_WSS_PORT: 443 },
    { CHAT_HOST: "127.0.0.1.evil.example", CHAT_WSS_PORT: 443 },
    { CHAT_HOST: "user:pw@127.0.0.1", CHAT_WSS_PORT: 8787 },
    { CHAT_HOST: "cometchat.io.evil.example", CHAT_WSS_PORT: 443 },
  ]) {
    const [url, why] = socketUrl(hostile, hostile.CHAT_HOST.includes("cometchat") ? cloud : emulator);
    assert.equal(url, undefined, JSON.stringify(hostile));
    assert.match(why, /not the app's|no valid/);
  }
  for (const missing of [{}, { CHAT_HOST: "127.0.0.1" }, { CHAT_HOST: "127.0.0.1", CHAT_WSS_PORT: "80; x" }, null])
    assert.match(socketUrl(missing, emulator)[1], /no socket host and port/);
});

test("readFrame: presence as the official SDK reads it, everything odd dropped", () => {
  const own = "WEB-me";
  const presence = (body, extra) => JSON.stringify({ type: "presence", deviceId: "WEB-bob", sender: "bob", body, ...extra });
  assert.deepEqual(readFrame('{"action":"pong"}', own, userData), ["pong"]);
  assert.deepEqual(readFrame('{"type":"auth","body":{"code":"200","status":"OK"}}', own, userData), ["auth", true]);
  assert.deepEqual(readFrame('{"type":"auth","body":{"code":200}}', own, userData), ["auth", true], "a number accepted too");
  assert.deepEqual(readFrame('{"type":"auth","body":{"code":"401","status":"ERROR"}}', own, userData), ["auth", false]);
  assert.deepEqual(readFrame('{"type":"auth","body":{"code":[200]}}', own, userData), ["auth", false]);

  const [kind, user] = readFrame(presence({ action: "online", timestamp: 1700000001, user: { uid: "bob", name: "Bob", authToken: "secret", status: "offline", lastActiveAt: 5 } }), own, userData);
  assert.equal(kind, "online");
  assert.deepEqual(user, { uid: "bob", name: "Bob", status: "available", lastActiveAt: 1700000001 }, "the credential is not kept");
  assert.equal(wrapUser(user).getStatus(), "online");
  assert.equal(readFrame(presence({ action: "available", user: "carol" }), own, userData)[1].uid, "carol");
  const [gone, left] = readFrame(presence({ action: "offline", user: { uid: "dave", lastActiveAt: 7 } }), own, userData);
  assert.deepEqual([gone, left.status, left.lastActiveAt], ["offline", "offline", 7]);
  assert.equal("lastActiveAt" in readFrame(presence({ action: "online", timestamp: "12", user: { uid: "e" } }), own, userData)[1], false);

  for (const dropped of [
    presence({ action: "online", user: { uid: "me" } }, { deviceId: own }), // this page's own echo
    presence({ action: "away", user: { uid: "f" } }),
    presence({ action: "online" }),
    presence({ action: "online", user: { name: "no uid" } }),
    presence({ action: "online", user: { uid: "g", tags: "not a list" } }),
    presence(null),
    JSON.stringify({ type: "something_new", body: {} }),
    "not json at all",
    "null",
    "[1,2]",
    presence({ action: "online", user: { uid: "h", pad: "x".repeat(MAX_FRAME) } }),
    new ArrayBuffer(8),
  ])
    assert.equal(readFrame(dropped, own, userData), undefined, String(dropped).slice(0, 80));
});

test("authFrame: realtime-protocol.md §2.1, the subscription only when there is one", () => {
  const t = { jwt: "J", uid: "alice", app: "app1", resource: "WEB-1", device: "d1" };
  const roles = JSON.parse(authFrame(t, ["ROLES", ["default", "premium"]], "http://o", 5));
  assert.deepEqual(roles, {
    appId: "app1",
    deviceId: "WEB-1",
    type: "auth",
    sender: "alice",
    body: {
      auth: "J",
      deviceId: "WEB-1",
      presenceSubscription: "ROLES",
      roles: ["default", "premium"],
      params: { appInfo: { apiVersion: "v3.0", origin: "http://o", uts: 5 }, deviceId: "d1", platform: "javascript" },
    },
  });
  assert.equal("presenceSubscription" in JSON.parse(authFrame(t, [], "o", 1)).body, false);
  assert.equal("roles" in JSON.parse(authFrame(t, ["ROLES", []], "o", 1)).body, false);
});

// ---- The connection's life, scripted ----

/** A MOCK WebSocket: records what the client sends; the test plays the server. */
class ScriptedSocket {
  static made = [];
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closed = undefined;
    ScriptedSocket.made.push(this);
  }
  send(text) {
    this.sent.push(text);
  }
  close(code, reason) {
    this.closed = [code, reason];
  }
  // The server's side.
  open() {
    this.onopen?.();
  }
  say(frame) {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

function harness({ online = true, settings = { CHAT_HOST: "127.0.0.1:9/ws", CHAT_WSS_PORT: 9 } } = {}) {
  ScriptedSocket.made = [];
  const h = { now: 0, timers: [], events: [], tickets: [], online, listeners: {} };
  h.env = {
    ticket: async (fresh) => {
      h.tickets.push(fresh);
      return { jwt: `jwt${h.tickets.length}`, uid: "alice", app: "app1", settings, host: "http://127.0.0.1:9/v3.0/", resource: "WEB-me", device: "d" };
    },
    emit: (kind, arg, error) => h.events.push(kind === 7 ? [arg, error?.code] : [kind, arg.uid]),
    userData,
    refuse: (code, message) => new CometChatException(code, message),
    presence: () => ["ALL_USERS"],
    WebSocket: ScriptedSocket,
    setTimeout: (f, ms) => {
      const t = { at: h.now + ms, f };
      h.timers.push(t);
      return t;
    },
    clearTimeout: (t) => (h.timers = h.timers.filter((x) => x !== t)),
    random: () => 1,
    now: () => h.now,
    origin: "http://page",
    online: () => h.online,
    visible: () => true,
    listen: (target, type, f) => (h.listeners[type] = f),
  };
  // Runs the timers due within `ms`, in order.
  h.advance = async (ms) => {
    const end = h.now + ms;
    for (;;) {
      h.timers.sort((a, b) => a.at - b.at);
      const t = h.timers[0];
      if (!t || t.at > end) break;
      h.timers.shift();
      h.now = t.at;
      t.f();
      await settle();
    }
    h.now = end;
  };
  h.socket = () => ScriptedSocket.made.at(-1);
  return h;
}
const settle = () => new Promise((r) => setImmediate(r));

async function connected(h, s) {
  s.serve(1);
  await settle();
  h.socket().open();
  h.socket().say({ type: "auth", body: { code: "200", status: "OK" } });
}

test("a session served: connecting, the auth frame, connected only once the server accepted it", async () => {
  const h = harness();
  const s = createSocket(h.env);
  s.serve(1);
  await settle();
  assert.deepEqual(h.events, [["connecting", undefined]]);
  const ws = h.socket();
  assert.equal(ws.url, "ws://127.0.0.1:9/ws:9");
  ws.open();
  const auth = JSON.parse(ws.sent[0]);
  assert.deepEqual([auth.type, auth.sender, auth.body.auth, auth.body.presenceSubscription], ["auth", "alice", "jwt1", "ALL_USERS"]);
  assert.deepEqual(h.events, [["connecting", undefined]], "open is not connected: the official SDK's lie");
  ws.say({ type: "auth", body: { code: "200", status: "OK" } });
  assert.deepEqual(h.events.at(-1), ["connected", undefined]);
  ws.say({ type: "presence", deviceId: "WEB-bob", body: { action: "online", timestamp: 9, user: { uid: "bob" } } });
  ws.say({ type: "presence", deviceId: "WEB-bob", body: { action: "offline", timestamp: 10, user: { uid: "bob" } } });
  assert.deepEqual(h.events.slice(-2), [[5, "bob"], [6, "bob"]]);
});

test("ping every 15 s; no pong within 3 s: disconnected once, then attempts backing off", async () => {
  const h = harness();
  const s = createSocket(h.env);
  await connected(h, s);
  const first = h.socket();
  await h.advance(15_000);
  assert.equal(first.sent.at(-1), '{"action":"ping","ack":"true"}');
  first.say('{"action":"pong"}');
  await h.advance(15_000);
  assert.equal(first.sent.filter((f) => f.includes("ping")).length, 2);
  await h.advance(2_999);
  assert.equal(first.closed, undefined);
  await h.advance(1);
  assert.deepEqual(first.closed, [1000, "User logged out"], "no pong: closed");
  assert.deepEqual(h.events.slice(-1), [["disconnected", undefined]]);
  // Every attempt fails at once: the waits double (random() = 1: the top of each range).
  const waits = [];
  for (let i = 0; i < 8; i++) {
    const before = h.now;
    const made = ScriptedSocket.made.length;
    while (ScriptedSocket.made.length === made) await h.advance(50);
    waits.push(h.now - before);
    h.socket().drop();
    await settle();
  }
  assert.deepEqual(waits, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.deepEqual(h.events.slice(-2), [["disconnected", undefined], ["connecting", undefined]], "one event per change, none per failed attempt");
  // Connected again: the backoff starts over.
  const count = ScriptedSocket.made.length;
  while (ScriptedSocket.made.length === count) await h.advance(1000);
  h.socket().open();
  h.socket().say({ type: "auth", body: { code: "200" } });
  h.socket().drop();
  const made = ScriptedSocket.made.length;
  await h.advance(500);
  assert.equal(ScriptedSocket.made.length, made + 1);
});

test("an auth refusal gets one fresh credential (one GET me), then is reported and not retried", async () => {
  const h = harness();
  const s = createSocket(h.env);
  s.serve(1);
  await settle();
  h.socket().open();
  h.socket().say({ type: "auth", body: { code: "401", status: "ERROR" } });
  await settle();
  assert.deepEqual(h.tickets, [false, true], "the second ticket is fresh");
  const second = h.socket();
  second.open();
  assert.equal(JSON.parse(second.sent[0]).body.auth, "jwt2");
  second.drop(4001); // the emulator's refusal: a close before any auth reply
  await settle();
  assert.deepEqual(h.events.at(-1), ["disconnected", "SOCKET_AUTH_FAILED"]);
  await h.advance(120_000);
  assert.equal(ScriptedSocket.made.length, 2, "no attempt after the report");
  assert.ok(!h.events.some(([e]) => e === "connected"), "never a silent connected");
  // The page visible again or back online: it tries once more (with a fresh start).
  h.listeners.online();
  await settle();
  assert.equal(ScriptedSocket.made.length, 3);
});

test("a socket host that is not the app's: refused, reported, the credential sent nowhere", async () => {
  const h = harness({ settings: { CHAT_HOST: "evil.example", CHAT_WSS_PORT: 443 } });
  const s = createSocket(h.env);
  s.serve(1);
  await settle();
  assert.equal(ScriptedSocket.made.length, 0);
  assert.deepEqual(h.events.at(-1), ["disconnected", "SOCKET_HOST_REFUSED"]);
  await h.advance(60_000);
  assert.equal(ScriptedSocket.made.length, 0);
});

test("offline: no attempt until the browser is online again, then one at once", async () => {
  const h = harness({ online: false });
  const s = createSocket(h.env);
  s.serve(1);
  await settle();
  await h.advance(60_000);
  assert.equal(ScriptedSocket.made.length, 0);
  assert.deepEqual(h.tickets, []);
  h.online = true;
  h.listeners.online();
  await settle();
  assert.equal(ScriptedSocket.made.length, 1);
  // A drop while offline schedules nothing; visible again (with a socket already there) does nothing.
  h.socket().open();
  h.socket().say({ type: "auth", body: { code: "200" } });
  h.online = false;
  h.listeners.offline();
  h.socket().drop();
  await h.advance(60_000);
  assert.equal(ScriptedSocket.made.length, 1);
  h.online = true;
  h.listeners.visibilitychange();
  await settle();
  assert.equal(ScriptedSocket.made.length, 2);
});

test("no session (logout, disconnect): closed, 'disconnected' told, nothing retried; a new session reconnects", async () => {
  const h = harness();
  const s = createSocket(h.env);
  await connected(h, s);
  const ws = h.socket();
  s.serve(undefined);
  assert.deepEqual(ws.closed, [1000, "User logged out"]);
  assert.deepEqual(h.events.at(-1), ["disconnected", undefined]);
  ws.drop(1000); // its close event, late: ignored
  await h.advance(120_000);
  assert.equal(ScriptedSocket.made.length, 1);
  // Another session: a new socket for it (a frame of the old one is ignored).
  s.serve(2);
  await settle();
  assert.equal(ScriptedSocket.made.length, 2);
  ws.say({ type: "presence", body: { action: "online", user: { uid: "late" } } });
  assert.ok(!h.events.some(([, uid]) => uid === "late"));
});

test("a ticket that fails (network, rate limit) is tried again later; a session gone meanwhile is not", async () => {
  const h = harness();
  let fail = true;
  const ticket = h.env.ticket;
  h.env.ticket = async (fresh) => {
    if (fail) throw new CometChatException("FAILED_TO_FETCH", "net");
    return ticket(fresh);
  };
  const s = createSocket(h.env);
  s.serve(1);
  await settle();
  assert.equal(ScriptedSocket.made.length, 0);
  fail = false;
  await h.advance(500);
  assert.equal(ScriptedSocket.made.length, 1);
});

test("init's presence settings are checked before anything is taken: another kind, or roles that are not up to 25 names, refused", async () => {
  const { start } = await import("../../pkg-template/presence.js");
  const s = start({ useSocket() {}, keeping: () => false, CometChatException }, {});
  for (const ok of [{ presence: "ALL_USERS" }, { presence: "FRIENDS" }, { presence: "ROLES", roles: ["default", "premium"] }, { presence: "ROLES", roles: [] }])
    assert.doesNotThrow(() => s.check(ok), JSON.stringify(ok));
  for (const bad of [
    { presence: "EVERYONE" },
    { presence: "all_users" },
    { presence: "ROLES", roles: "default" },
    { presence: "ROLES", roles: [1] },
    { presence: "ROLES", roles: Array.from({ length: 26 }, (_, i) => `r${i}`) },
  ])
    assert.throws(() => s.check(bad), (e) => e instanceof CometChatException && e.code === "INVALID_PRESENCE_SUBSCRIPTION", JSON.stringify(bad));
});
