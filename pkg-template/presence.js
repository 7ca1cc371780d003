// cometchat-wasm's real-time socket, loaded only when a presence subscription or `connect()` asks
// for it: CometChat's WebSocket as its servers speak it (the auth frame, ping and pong, presence
// frames; shared/spec/realtime-protocol.md), serving the session the module names
// (src/socket.rs). Where the official SDK is broken we are not (Part A, "Presence"): the status is
// true ("connected" once the server accepted the credential; "disconnected" after `disconnect()`
// or a session's end, with `onDisconnected`), reconnection backs off with jitter (0.5 s doubling
// to 30 s), nothing is tried while offline and an attempt goes at once when the browser is back
// online or the page visible again, an auth refusal gets one fresh credential and is then
// reported, and bad frames are dropped without growing memory.
//
// Nothing is imported: the facade hands in what the socket needs (`side`), so this file has no
// import back into the package, and the logic here runs in Node's tests with a scripted socket.

const PING_MS = 15_000; // as the official SDK: a ping every 15 s…
const PONG_MS = 3_000; // …answered within 3 s, or the link is dead
const FIRST_MS = 500;
const CAP_MS = 30_000;
export const MAX_FRAME = 65_536;
/** The close code a server refusing the credential may use (the emulator's). */
const AUTH_CLOSE = 4001;

/** The wait before reconnection attempt `attempt` (0, 1, …): 0.5 s doubling to 30 s, the
 * second half of each drawn at random so that a server's clients do not return in step. */
export function backoff(attempt, random = Math.random) {
  const d = Math.min(CAP_MS, FIRST_MS * 2 ** Math.min(attempt, 16));
  return d / 2 + (random() * d) / 2;
}

/**
 * The socket's URL from the app's settings, as the official SDK builds it
 * (`wss://{CHAT_HOST}:{CHAT_WSS_PORT}`), or a reason to refuse: the credential goes only to the
 * host of the client API `base` (the app's configured host), or, for CometChat's cloud, to a host
 * of cometchat.io; `ws://` only where the client API itself is plain http (loopback).
 */
export function socketUrl(settings, base) {
  const host = settings?.CHAT_HOST_OVERRIDE || settings?.CHAT_HOST_APP_SPECIFIC || settings?.CHAT_HOST;
  const port = settings?.CHAT_WSS_PORT;
  if (typeof host !== "string" || !/^\d{1,5}$/.test(String(port))) return [, "the app's settings name no socket host and port"];
  const client = new URL(base);
  let url;
  try {
    url = new URL(`${client.protocol === "http:" ? "ws" : "wss"}://${host}:${port}`);
  } catch {
    return [, "the app's settings name no valid socket host"];
  }
  const cloud = (h) => h.endsWith(".cometchat.io");
  const ours = url.hostname === client.hostname || (cloud(client.hostname) && cloud(url.hostname));
  if (!ours || url.username || url.password)
    return [, `the socket host ${JSON.stringify(url.hostname)} is not the app's (${client.hostname}); the credential goes nowhere else`];
  return [url.href];
}

/**
 * What a server frame says: `["auth", ok]`, `["pong"]`, `["online" | "offline", user]`, or nothing
 * (dropped): not a string, over 64 KB, not JSON, of another type, an unknown action, no user, or
 * the echo of this page's own device (`own`).
 */
export function readFrame(data, own, userData) {
  if (typeof data !== "string" || data.length > MAX_FRAME) return;
  let m;
  try {
    m = JSON.parse(data);
  } catch {
    return;
  }
  if (m === null || typeof m !== "object") return;
  if (m.action === "pong") return ["pong"];
  const body = m.body;
  if (m.type === "auth") return ["auth", (body?.code === "200" || body?.code === 200) && (body.status ?? "OK") === "OK"];
  if (m.type !== "presence" || m.deviceId === own || body === null || typeof body !== "object") return;
  const on = body.action === "online" || body.action === "available";
  if (!on && body.action !== "offline") return;
  let { user, timestamp } = body;
  if (typeof user === "string") user = { uid: user };
  if (user === null || typeof user !== "object" || Array.isArray(user)) return;
  // The wire's words, as REST answers them (User.getStatus says "online"/"offline").
  const seen = { ...user, status: on ? "available" : "offline" };
  if (Number.isFinite(timestamp)) seen.lastActiveAt = timestamp;
  else if (!Number.isFinite(seen.lastActiveAt)) delete seen.lastActiveAt;
  const record = userData(seen);
  return record && [on ? "online" : "offline", record];
}

/** The auth frame of realtime-protocol.md §2.1, for ticket `t`. */
export function authFrame(t, [subscription, roles], origin, now) {
  const body = { auth: t.jwt, deviceId: t.resource };
  if (subscription) body.presenceSubscription = subscription;
  if (subscription === "ROLES" && roles?.length) body.roles = roles;
  body.params = { appInfo: { apiVersion: "v3.0", origin, uts: now }, deviceId: t.device, platform: "javascript" };
  return JSON.stringify({ appId: t.app, deviceId: t.resource, type: "auth", sender: t.uid, body });
}

/**
 * The socket of one page (or worker), serving one session at a time. `side`: `ticket(fresh)`,
 * `emit(kind, arg, error)` (a presence event's `arg`: the user's record; the connection's: its
 * status), `userData`, `refuse(code, message)` (a CometChatException), `presence()` (`[subscription, roles]`), and the
 * platform: `WebSocket`, `setTimeout`, `clearTimeout`, `random`, `now`, `origin`, `online()`,
 * `visible()`, `listen(target, type, f)` (what Node's tests script).
 */
export function createSocket(side) {
  let epoch; // the session served, or undefined
  let ws; // its socket, opening or open
  let t; // the ticket that socket uses
  let attempt = 0; // attempts that failed since the last "connected"
  let refusals = 0; // auth refusals in a row (the second, with a fresh credential, is reported)
  let retry, ping, pong; // timers
  let stopped = false; // reported, not retried until something changes
  let status = "disconnected";

  const set = (to, error) => {
    if (to === status && !error) return;
    status = to;
    side.emit(7, to, error);
  };
  const clear = () => {
    side.clearTimeout(retry);
    side.clearTimeout(ping);
    side.clearTimeout(pong);
    retry = ping = pong = undefined;
  };
  // Closes this page's socket; its close event is then ignored.
  const drop = () => {
    clear();
    const s = ws;
    ws = undefined;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try {
        s.close(1000, "User logged out");
      } catch {}
    }
  };

  async function open(fresh) {
    side.clearTimeout(retry);
    retry = undefined;
    if (epoch === undefined || ws || stopped) return;
    if (!side.online()) return; // the `online` event resumes
    const mine = epoch;
    set("connecting");
    let ticket;
    try {
      ticket = await side.ticket(fresh);
    } catch {
      // A revoked token was renewed or ended the session (the module serves another, or none);
      // otherwise (network, rate limit) try again later.
      if (epoch === mine && !ws) later();
      return;
    }
    if (epoch !== mine || ws || stopped) return;
    const [url, why] = socketUrl(ticket.settings, ticket.host);
    if (!url) return stop("SOCKET_HOST_REFUSED", why);
    t = ticket;
    const s = (ws = new side.WebSocket(url));
    s.onopen = () => s.send(authFrame(t, side.presence(), side.origin, side.now()));
    s.onmessage = ({ data }) => ws === s && received(s, data);
    s.onclose = ({ code }) => ws === s && closed(code);
  }

  function received(s, data) {
    const frame = readFrame(data, t.resource, side.userData);
    if (!frame) return;
    const [kind, value] = frame;
    if (kind === "pong") {
      side.clearTimeout(pong);
      pong = undefined;
    } else if (kind === "auth") {
      if (!value) return refused();
      attempt = refusals = 0;
      set("connected");
      keepAlive(s);
    } else side.emit(kind === "online" ? 5 : 6, value);
  }

  function keepAlive(s) {
    ping = side.setTimeout(() => {
      if (ws !== s) return;
      s.send('{"action":"ping","ack":"true"}');
      pong = side.setTimeout(() => ws === s && (drop(), lost()), PONG_MS);
      keepAlive(s);
    }, PING_MS);
  }

  // The server refused the credential: once with a fresh one (one `GET me`), then reported.
  function refused() {
    drop();
    if (refusals++ === 0) return void open(true);
    stop("SOCKET_AUTH_FAILED", "the real-time server refused the session's credential twice, the second time a fresh one.");
  }

  function closed(code) {
    ws = undefined;
    clear();
    if (code === AUTH_CLOSE && status !== "connected") return refused();
    lost();
  }

  // The link went (closed, or no pong): "disconnected" once, then attempts in "connecting".
  function lost() {
    if (status === "connected") set("disconnected");
    later();
  }

  function later() {
    if (epoch === undefined || stopped || !side.online()) return;
    retry = side.setTimeout(() => open(false), backoff(attempt++, side.random));
  }

  function stop(code, message) {
    drop();
    stopped = true;
    set("disconnected", side.refuse(code, `No real-time connection: ${message}`));
  }

  // Back online, or the page visible again: an attempt at once, the backoff started over.
  const resume = () => {
    if (epoch === undefined || ws) return;
    stopped = false;
    attempt = 0;
    open(false);
  };
  side.listen("window", "online", resume);
  side.listen("window", "offline", () => {
    side.clearTimeout(retry);
    retry = undefined;
  });
  side.listen("document", "visibilitychange", () => side.visible() && resume());

  return {
    /** The session to serve (the module's epoch), or none: reconnects for a new one, or closes. */
    serve(next) {
      if (next === epoch) return;
      drop();
      epoch = next;
      attempt = refusals = 0;
      stopped = false;
      if (next === undefined) set("disconnected");
      else open(false);
    },
  };
}

const SUBSCRIPTIONS = ["ALL_USERS", "ROLES", "FRIENDS"];

/**
 * The package's socket (facade.js loads this module the first time a subscription or `connect()`
 * asks for it). `side`: the module's `get(settings)` (src/socket.rs), `forget(uid)` (its user
 * cache), `user()` (the session's `User`), and js/runtime.js's `emit`, `userData`, `wrapUser`,
 * `lastMe`, `keeping` (persistence on), `useSocket` and `CometChatException`; `g`, the platform
 * (the page's or worker's global; Node's tests hand in a scripted one).
 *
 * One socket per session, not per tab: tabs that share a persisted session (its `sid`) elect one
 * holder with a Web Lock; the holder's events reach the others over a BroadcastChannel, and when
 * it goes (closed, crashed: the lock is released either way) a waiting tab is granted the lock
 * and connects. Without persistence, locks or channels, each page has its own.
 */
export function start(side, g = globalThis) {
  const id = () => g.crypto?.randomUUID?.() ?? String(Math.random()).slice(2);
  const device = { resource: `WEB-${id()}`, device: id() }; // this page's, as the official SDK's
  let subscription = [];
  let wanted = false;
  let served = []; // [epoch, base, app, sid] as the module last named them
  let settings; // the app's socket settings, once known
  const refuse = (code, message) => new side.CometChatException(code, message);

  // The credential and where it goes: the login's `jwt` if it is this session's user's, else (or
  // `fresh`, the last one refused) one `GET me`; the settings from the login, else `GET settings`.
  async function ticket(fresh) {
    const [, base, app] = served;
    const uid = side.user()?.getUid();
    let me = side.lastMe();
    if (fresh || me?.uid !== uid) me = await side.get(false);
    if (typeof me?.jwt !== "string" || me.uid !== uid) throw refuse("INVALID_RESPONSE", "The server's `me` answer has no credential for the real-time socket.");
    settings = me.settings ?? settings ?? (await side.get(true));
    return { jwt: me.jwt, uid, app, settings, host: base, ...device };
  }

  // The tabs' channel, and this tab's part in it: `held` releases its lock, `asking` aborts its
  // wait for one; `key` names the session they are for.
  // (Made once persistence is known to be on: `init` loads this module before it opens the store.)
  // `term`: when this tab became the holder; `heard`: the latest holder's term a message carried.
  // What a gone holder posted may arrive after its successor's news: the older term is ignored.
  let channel, key, held, asking, term;
  let heardTerm = 0;
  let status = "disconnected";
  const holding = () => !key || held !== undefined;
  const shared = () => {
    if (channel || !side.keeping() || !g.navigator?.locks || !g.BroadcastChannel) return channel;
    channel = new g.BroadcastChannel("cometchat-wasm:presence");
    channel.onmessage = heard;
    return channel;
  };

  // An event for this page's listeners and, from the holder, for the other tabs of the session.
  function tell(kind, arg, error, from) {
    if (kind === 7) status = arg;
    if (kind !== 7) side.forget(arg.uid);
    side.emit(kind, kind === 7 ? arg : side.wrapUser(arg), error);
    if (!from && held) channel.postMessage({ key, term, kind, arg, error: error && { code: error.code, message: error.message } });
  }
  function heard({ data: m }) {
    if (!m || m.key !== key || !key) return;
    if (m.ask) return held && channel.postMessage({ key, term, kind: 7, arg: status });
    if (held || !(m.term >= heardTerm)) return; // only the holder speaks, and only the latest one
    heardTerm = m.term;
    // Same-origin code could post here too: only well-formed events go on.
    if (m.kind === 7 && ["connecting", "connected", "disconnected"].includes(m.arg))
      return tell(7, m.arg, m.error && refuse(String(m.error.code), String(m.error.message)), true);
    const record = (m.kind === 5 || m.kind === 6) && side.userData(m.arg);
    if (record) tell(m.kind, record, undefined, true);
  }

  const socket = createSocket({
    ticket,
    emit: tell,
    userData: side.userData,
    refuse,
    presence: () => subscription,
    WebSocket: g.WebSocket,
    setTimeout: (f, ms) => g.setTimeout(f, ms),
    clearTimeout: (t) => g.clearTimeout(t),
    random: Math.random,
    now: Date.now,
    origin: g.location?.origin,
    online: () => g.navigator?.onLine !== false,
    visible: () => g.document?.visibilityState !== "hidden",
    // `online`/`offline` reach a worker's global too; `visibilitychange` only a document.
    listen: (target, type, f) => (target === "document" ? g.document : g)?.addEventListener?.(type, f),
  });

  function serve() {
    const [epoch, , app, sid] = served;
    const on = wanted && epoch !== undefined;
    const next = on && shared() ? `${app} ${sid}` : undefined;
    if (next !== key) {
      // Another session (or none): this tab's lock, or its wait for one, is for the old one. A
      // holder closes its socket first, telling only itself: the next holder speaks for the
      // others (what two holders post may reach a tab in either order).
      const release = held;
      held = undefined;
      if (release) socket.serve(undefined), release();
      else if (key && status !== "disconnected") tell(7, "disconnected", undefined, true); // a follower's
      asking?.abort();
      asking = undefined;
      key = next;
      heardTerm = 0;
      if (key) {
        const mine = (asking = new AbortController());
        g.navigator.locks
          .request(`cometchat-wasm:socket:${key}`, { signal: mine.signal }, () => {
            if (mine.signal.aborted) return;
            asking = undefined;
            return new Promise((release) => {
              held = release;
              term = g.performance.timeOrigin + g.performance.now();
              socket.serve(served[0]);
            });
          })
          .catch(() => {});
        channel.postMessage({ key, ask: true }); // the holder says how it stands
      }
    }
    if (holding()) socket.serve(on ? epoch : undefined);
  }
  side.useSocket((...now) => {
    served = now;
    serve();
  });

  return {
    /** `init`'s presence settings, checked before the module takes any of them. */
    check({ presence, roles }) {
      const bad = (why) => refuse("INVALID_PRESENCE_SUBSCRIPTION", why);
      if (!SUBSCRIPTIONS.includes(presence)) throw bad("presence must be ALL_USERS, ROLES or FRIENDS.");
      if (roles !== undefined && !(Array.isArray(roles) && roles.length <= 25 && roles.every((r) => typeof r === "string")))
        throw bad("subscribePresenceForRoles takes an array of at most 25 role names.");
    },
    /** After `init`: the subscription (sent at the next connection), and connect unless told not to. */
    configure({ presence, roles, autoConnect }) {
      subscription = [presence, roles];
      if (autoConnect !== false) this.connect();
    },
    /** `connect()` (`false`: `disconnect()`): the socket serves the session in force, and each later one. */
    connect(on = true) {
      wanted = on;
      serve();
    },
  };
}
