// The JS half of cometchat-wasm's edge: the error class, and the one `fetch` call of a request.

// The one error type of cometchat-wasm. Defined in JS so that it is a real `Error`
// (stack, `instanceof Error`) and exists before the wasm module is instantiated.
export class CometChatException extends Error {
  constructor(code, message, details, status, retryAfter) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
    if (status !== undefined) this.status = status;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}
CometChatException.prototype.name = "CometChatException";

// A body larger than this (bytes decoded: a compressed body can be small on the wire and huge
// decoded) is refused by the module: far past any real CometChat answer (a page of 100 users with
// full profiles is well under 2 MB).
const MAX_BODY = 8 << 20;

// One request: the global `fetch` (pages and workers alike), no cookies, the default cache mode
// (the only one that lets Chromium reuse its CORS preflight: no-store, no-cache and reload each
// send a preflight per call; answers are still never reused unless the server declares them
// fresh, and CometChat's carry no freshness), never a redirect (fetch would forward the
// `authToken` header to wherever `Location` points), and a deadline that really aborts it, body
// included. Resolves `[status, body, refused, ...rate]`: `body` is the parsed JSON or `undefined`
// when empty or not JSON; `refused` is REDIRECT or TOO_LARGE when the answer was not read, else 0;
// `rate`, when the server sent a rate window or a 429, is the rate-limit headers as numbers (NaN
// when absent; src/rate.rs) and the answer's `Date` (ms since the epoch, NaN when absent).
// Rejects with the fetch error, or a `TimeoutError` past the deadline, whatever fetch threw then
// (WebKit rejects an aborted fetch with an AbortError, whatever the abort's reason).
// Rust decides what all of it means (src/http.rs, src/envelope.rs).
const METHODS = ["GET", "PUT", "POST", "DELETE"]; // src/http.rs `Method`
const REDIRECT = 1, TOO_LARGE = 2; // why an answer was not read (src/http.rs `read`)
export async function request(url, method, headers, body, timeoutMs) {
  const signal = deadline(timeoutMs);
  try {
    return await answer(await fetch(url, { method: METHODS[method], headers, body, cache: "default", credentials: "omit", redirect: "manual", signal }));
  } catch (e) {
    // Told by the signal, not by what fetch threw (nor by its `reason`, not in every engine).
    throw signal.aborted ? new DOMException("The request timed out.", "TimeoutError") : e;
  }
}

async function answer(response) {
  const { status, headers: got } = response;
  if (response.type === "opaqueredirect" || (status > 299 && status < 400)) return [status, undefined, REDIRECT];
  // CometChat's rate-limit headers (it spells them both ways), read when the server exposes them
  // (CORS); src/rate.rs uses the window only when all three are there, Retry-After only on a 429.
  const remaining = header(got, "x-rate-limit-remaining", "x-ratelimit-remaining");
  const known = remaining === remaining;
  const rate =
    known || status === 429
      ? [
          known ? header(got, "x-rate-limit", "x-ratelimit-limit") : NaN,
          remaining,
          known ? header(got, "x-rate-limit-reset", "x-ratelimit-reset") : NaN,
          status === 429 ? header(got, "retry-after") : NaN,
          Date.parse(got.get("date")), // the server's clock, which an absolute reset is read against
        ]
      : [];
  // A declared length over the cap is refused unread; any other body is counted as it decodes.
  if (+got.get("content-length") > MAX_BODY) {
    response.body?.cancel().catch(() => {});
    return [status, undefined, TOO_LARGE, ...rate];
  }
  const text = response.body && (await readBody(response.body));
  if (text === undefined) return [status, undefined, TOO_LARGE, ...rate];
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  return [status, json, 0, ...rate];
}

// A client's two header sets (src/http.rs), written as literals: a literal defines its properties,
// so no setter on `Object.prototype` runs, and none ever sees the token.
export const headers = (appId, authToken, sdk, resource) => {
  const plain = { appId, authToken, Accept: "application/json", sdk, resource };
  return [plain, { ...plain, "Content-Type": "application/json" }];
};

// A body's text (UTF-8, as `response.json()` decodes), or `undefined` past MAX_BODY decoded
// bytes, where the read stops. Each chunk is decoded as it arrives (a decoder per body: it keeps
// a character split between two chunks).
async function readBody(body) {
  const reader = body.getReader();
  const utf8 = new TextDecoder();
  let text = "";
  let size = 0;
  for (let next; !(next = await reader.read()).done; ) {
    if ((size += next.value.byteLength) > MAX_BODY) return void reader.cancel().catch(() => {});
    text += utf8.decode(next.value, { stream: true });
  }
  return text + utf8.decode();
}

// A header as a number: NaN when absent, empty or not a number (`+""` would be 0).
function header(got, a, b) {
  const v = got.get(a) ?? (b ? got.get(b) : null);
  return v?.trim() ? +v : NaN;
}

// A monotonic clock (ms): deadlines and rate-limit waits never jump with the wall clock.
export const now = () => performance.now();

// The deadlines: requests due at about the same time (within 1% of the timeout, at most 100 ms
// late) share one AbortController, aborted by one timer armed for the earliest. A controller and
// a timer per request measured as a tenth of a call's client-side cost. Aborting a controller
// whose requests have all been answered does nothing.
const due = new Map(); // when (`now()` ms) → its controller
let timer, timerAt = Infinity;
function deadline(timeoutMs) {
  const width = Math.min(100, Math.max(1, timeoutMs / 100));
  const at = Math.ceil((now() + timeoutMs) / width) * width;
  let controller = due.get(at);
  if (!controller) {
    due.set(at, (controller = new AbortController()));
    if (at < timerAt) arm(at);
  }
  return controller.signal;
}
function arm(at) {
  clearTimeout(timer);
  timerAt = at;
  timer = at < Infinity ? setTimeout(expire, Math.max(0, at - now())) : undefined;
}
function expire() {
  const t = now();
  let next = Infinity;
  for (const [at, controller] of due) {
    if (at <= t) {
      due.delete(at);
      controller.abort(); // `request` tells its requests that it was the deadline
    } else if (at < next) next = at;
  }
  arm(next);
}

// A server's user object, checked and cleaned for src/record.rs: a string `uid`, the known fields
// of their JSON types when present. Returns the record: the object itself, or, when it carries
// the credentials of a logged-in user's answer, a copy without them (a copy, not `delete`: a
// deleted property takes the object out of V8's fast layout; the copy made a stubbed update 2–4%
// faster in the same page). Returns undefined for anything else.
const isString = (t) => typeof t === "string";
const is = (v, type) => v == null || typeof v === type;
// Written out field by field: named loads stay monomorphic across a page's 100 users (a loop
// over the names was 3–4% of a stubbed list page's profile; this is 0.4%).
export function userData(o) {
  if (typeof o?.uid !== "string" || Array.isArray(o)) return undefined;
  if (
    !(is(o.name, "string") && is(o.avatar, "string") && is(o.link, "string") && is(o.role, "string") &&
      is(o.status, "string") && is(o.statusMessage, "string") && is(o.lastActiveAt, "number") &&
      is(o.deactivatedAt, "number") && is(o.hasBlockedMe, "boolean") && is(o.blockedByMe, "boolean"))
  )
    return undefined;
  const { tags } = o;
  if (tags != null && !(Array.isArray(tags) && tags.every(isString))) return undefined;
  if (!("authToken" in o || "jwt" in o || "wsChannel" in o || "fat" in o || "settings" in o)) return o;
  const { authToken, jwt, wsChannel, fat, settings, ...record } = o;
  if (typeof jwt === "string") me = { jwt, uid: o.uid, settings };
  return record;
}

// `[copy]` of `v` if it is plain JSON data (null, booleans, finite numbers, strings, arrays, plain
// objects), else why not, as a string (src/convert.rs): functions, symbols, BigInts, class
// instances, non-finite numbers, cycles (past 32 levels), more than 5120 nodes (more than 5 KB of
// JSON anyway), and getters or proxies that throw. `undefined` goes as JSON.stringify drops it.
export function plainCopy(v) {
  let nodes = 0;
  const walk = (v, depth) => {
    const t = typeof v;
    if (++nodes > 5120) throw "it is too large";
    if (v === null || t === "string" || t === "boolean" || t === "undefined") return v;
    if (t === "number") {
      if (isFinite(v)) return v;
      throw "NaN and Infinity are not JSON numbers";
    }
    if (t !== "object") throw `a ${{ bigint: "BigInt", symbol: "Symbol" }[t] ?? t} is not JSON`;
    if (depth > 31) throw "it is nested too deeply (a cycle?)";
    if (Array.isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(walk(v[i], depth + 1) ?? null);
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && proto !== Object.prototype) throw "only plain objects are JSON, not class instances such as Date or Map";
    const out = {};
    for (const k of Object.keys(v)) {
      const copy = walk(v[k], depth + 1);
      if (copy !== undefined) out[k] = copy;
    }
    return out;
  };
  try {
    const copy = walk(v, 0);
    return copy === undefined ? "undefined is not JSON" : [copy];
  } catch (e) {
    return typeof e === "string" ? e : "reading it threw";
  }
}

// A CometChat user: getters over a record (the server's user object, checked by `userData`, or
// one built by the constructor), setters checked by the module (src/user.rs). A record is never
// changed in place (a setter replaces it), so the session and any number of Users share one.
// Plain JS: a page of 100 users costs 100 small objects, not 100 handles into wasm memory.
let edit; // (field number, value) → the value to store, or throws; src/user.rs installs it at `init`
export const setEdit = (f) => (edit = f);
const WRAP = Symbol();
let changes; // (user) → { field: value } of what its setters set; defined in the class
// The fields with setters, numbered as src/user.rs numbers them (the uid is -1).
const FIELDS = ["name", "avatar", "link", "metadata", "statusMessage", "tags", "role"];
const present = (v) => v ?? undefined;
const copy = (v) => (v == null ? undefined : structuredClone(v));
const presence = (status) => (typeof status !== "string" || status === "" || status === "offline" ? "offline" : "online");
// An options bag: a non-null object, not an array; false for a revoked Proxy, where
// Array.isArray throws. Also the module's test (src/convert.rs `is_plain_bag`).
export function isBag(v) {
  try {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}
export class User {
  #record;
  #changed; // the self-editable fields a setter (or the constructor) set: a Set, made on first use

  /** `new User(uid)`, `new User(uid, name)` or `new User({ uid, name, avatar, … })`. */
  constructor(uid, name) {
    if (uid === WRAP) {
      this.#record = name;
      return;
    }
    if (!edit) throw new CometChatException("COMETCHAT_INITIALIZATION_NOT_DONE", "CometChat.init(appId, settings) must resolve before CometChat.User is used.");
    const bag = isBag(uid) ? uid : undefined;
    this.#record = { uid: edit(-1, bag ? read(bag, "uid") : uid) };
    if (!bag) {
      if (name !== undefined) this.#set("name", name);
      return;
    }
    for (const field of FIELDS) {
      const value = read(bag, field);
      if (value !== undefined) this.#set(field, value);
    }
  }
  #set(field, value) {
    this.#record = { ...this.#record, [field]: edit(FIELDS.indexOf(field), value) };
    if (field !== "role") (this.#changed ??= new Set()).add(field); // the role is the backend's: never sent
  }
  getUid() { return this.#record.uid; }
  getName() { return present(this.#record.name); }
  setName(name) { this.#set("name", name); }
  getAvatar() { return present(this.#record.avatar); }
  setAvatar(avatar) { this.#set("avatar", avatar); }
  getLink() { return present(this.#record.link); }
  setLink(link) { this.#set("link", link); }
  getRole() { return present(this.#record.role); }
  /** Local only: roles are the backend's to assign, so updates never send it. */
  setRole(role) { this.#set("role", role); }
  /** A fresh copy each call. */
  getMetadata() { return copy(this.#record.metadata); }
  setMetadata(metadata) { this.#set("metadata", metadata); }
  /** "online" or "offline", as CometChat's SDK reports presence (the wire says "available"…). */
  getStatus() { return presence(this.#record.status); }
  getStatusMessage() { return present(this.#record.statusMessage); }
  setStatusMessage(message) { this.#set("statusMessage", message); }
  getLastActiveAt() { return present(this.#record.lastActiveAt); }
  /** A fresh copy each call. */
  getTags() { return copy(this.#record.tags); }
  setTags(tags) { this.#set("tags", tags); }
  getHasBlockedMe() { return this.#record.hasBlockedMe === true; }
  getBlockedByMe() { return this.#record.blockedByMe === true; }
  /** Unix seconds when the backend deactivated the user; 0 for an active user. */
  getDeactivatedAt() { return typeof this.#record.deactivatedAt === "number" ? this.#record.deactivatedAt : 0; }
  /** The wire's camelCase keys, as the getters report them, plus any field the server added. */
  toJSON() {
    const r = this.#record;
    return { ...structuredClone(r), status: this.getStatus(), hasBlockedMe: this.getHasBlockedMe(), blockedByMe: this.getBlockedByMe() };
  }
  static {
    // What `updateCurrentUserDetails(user)` sends: the fields set on this object, as set.
    changes = (user) => Object.fromEntries([...(user.#changed ?? [])].map((field) => [field, user.#record[field]]));
  }
}
// A field of an options bag: `undefined` also when reading it throws (a hostile getter or Proxy).
function read(bag, key) {
  try {
    return bag[key];
  } catch {
    return undefined;
  }
}
export const wrapUser = (record) => new User(WRAP, record);
export const userChanges = (user) => changes(user);

// A list page's users (src/directory.rs), in one call: `undefined` if any item is not a user;
// else the users whose uid, lower-cased, is not in `seen` yet (they are added to it).
export function pageUsers(items, seen) {
  // The parsed answer is the module's own: each item is replaced by its record in place.
  for (let i = 0; i < items.length; i++) if (!(items[i] = userData(items[i]))) return undefined;
  const out = [];
  for (const record of items) {
    const uid = record.uid.toLowerCase();
    if (seen.has(uid)) continue;
    seen.add(uid);
    out.push(wrapUser(record));
  }
  return out;
}

// A list answer's `[total_pages, total]` (src/directory.rs): parsed JSON, so no getter runs.
export const pagination = (body) => [body.meta?.pagination?.total_pages, body.meta?.pagination?.total];

// The own enumerable property `key` of `o` (src/convert.rs `own`): `undefined` when absent,
// inherited, or when reading it throws. The module asks for the names it knows, so no other key of
// the caller's object (a 50 MB name, say) is ever copied into wasm memory.
export function own(o, key) {
  try {
    return Object.prototype.propertyIsEnumerable.call(o, key) ? o[key] : undefined;
  } catch {
    return undefined;
  }
}

// Whether an own key of `o` looks like a key or names a user: an auth-key login was meant
// (src/login.rs). Decided here, so the keys stay in JS.
export function keyLike(o) {
  try {
    return Object.keys(o).some((k) => ((k = k.toLowerCase()), k.includes("key") || k === "uid" || k === "username"));
  } catch {
    return false;
  }
}

// `navigator.userAgent` (pages and workers alike), sent with the login's device registration.
export const userAgent = () => globalThis.navigator?.userAgent;

// `getRateLimit()`'s answer (src/exports.rs): the module keeps `resetAt` on the monotonic clock
// (`now`); the app gets it in ms since the epoch.
export const rateLimit = (limit, remaining, resetAt) => ({ limit, remaining, resetAt: Date.now() + (resetAt - now()) });

// The promises of the module's calls that are still running, by task number (src/task.rs).
const settlers = new Map();
export const pending = (id) => new Promise((resolve, reject) => settlers.set(id, [resolve, reject]));
export function settle(id, ok, value) {
  const settler = settlers.get(id);
  settlers.delete(id);
  settler?.[ok ? 0 : 1](value);
}
// A promise a task awaits: its outcome goes to `woke(slot, ok, value)`, installed once by the module.
let woke;
export const setWoke = (f) => (woke = f);
export const watch = (promise, slot) => void promise.then((v) => woke(slot, true, v), (e) => woke(slot, false, e));

// Resolves after `ms` (a wait for the rate-limit window; src/http.rs).
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The app's token provider, called once: resolves what it resolves, rejects what it throws or
// rejects, and a `TimeoutError` past `ms`. Rust checks the value (src/renewal.rs).
export function ask(provider, ms) {
  let deadline;
  return Promise.race([
    new Promise((_, reject) => (deadline = setTimeout(() => reject(new DOMException("", "TimeoutError")), ms))),
    Promise.resolve().then(() => provider()),
  ]).finally(() => clearTimeout(deadline));
}

// The session store (pkg-template/store.js), set by `init` when persistence is on. The module
// hands it each change of the session (`keep`, `sid` naming it across tabs, `first` when it is
// new) and each end (`ended`).
let store;
export const useStore = (s) => (store = s);
export const keep = (token, user, provider, sid, first) => store?.save(token, user, provider, sid, first);
export const keeping = () => store !== undefined;
export const reread = () => store?.reread();
// Session `sid` of `app` ended: the store forgets it (unless another tab ended it), then the
// listeners hear why.
export function ended(reason, error, app, sid) {
  me = undefined;
  if (reason !== "logout-elsewhere") store?.drop(app, sid);
  emit(4, reason, error);
}

// The real-time socket (pkg-template/presence.js), set by the facade once the app asks for it:
// the module names the session it is to serve (src/socket.rs), or none.
// `me`: the credential of the last `me` answer (a login's), so the socket opened right after a
// login asks nothing more.
let sockets, serving = [], me;
export const useSocket = (s) => (sockets = s)(...serving);
export function socket(...now) {
  serving = now;
  sockets?.(...now);
}
export const lastMe = () => me;

// The listeners: the facade registers them, the module and the socket emit (src/events.rs). Each
// runs in a microtask of its own after the state changed, so a listener that calls back into
// the package finds it settled, and one that throws is reported by the browser (as an event
// listener's error is) without keeping the others from running.
const loginListeners = new Map();
const userListeners = new Map();
const connectionListeners = new Map();
const endedListeners = new Set();
const invalid = (message) => new CometChatException("INVALID_ARGUMENT", message);
const listenerId = (id) => {
  if (typeof id !== "string" || !id) throw invalid("A listener id must be a non-empty string.");
};
const adder = (listeners, what) => (id, listener) => {
  listenerId(id);
  if (listener === null || typeof listener !== "object") throw invalid(`add${what}Listener(id, listener) needs a CometChat.${what}Listener.`);
  listeners.set(id, listener);
};
const remover = (listeners) => (id) => {
  listenerId(id);
  listeners.delete(id);
};
export const addLoginListener = adder(loginListeners, "Login");
export const removeLoginListener = remover(loginListeners);
export const addUserListener = adder(userListeners, "User");
export const removeUserListener = remover(userListeners);
export const addConnectionListener = adder(connectionListeners, "Connection");
export const removeConnectionListener = remover(connectionListeners);
export function onSessionEnded(listener) {
  if (typeof listener !== "function") throw invalid("onSessionEnded(listener) needs a function.");
  const entry = (event) => listener(event); // one subscription per call, even for the same function
  endedListeners.add(entry);
  return () => void endedListeners.delete(entry);
}
// The events, by number (src/events.rs): a login listener's four callbacks, then 4, the end of
// a session, then a user's presence (5, 6) and 7, the connection's status (presence.js).
export const EVENTS = ["loginSuccess", "loginFailure", "logoutSuccess", "logoutFailure"];
export const PRESENCE = ["onUserOnline", "onUserOffline"];
export const CONNECTION = { connecting: "inConnecting", connected: "onConnected", disconnected: "onDisconnected" };
let connection = "disconnected";
/** The socket's status as it is: "connected" only once the server accepted its credential. */
export const getConnectionStatus = () => connection;
// `arg`: the user (loginSuccess, presence), the reason (an end) or the status (7); `error`: the
// failure, if any.
export function emit(kind, arg, error) {
  const ended = kind === 4;
  let value = ended ? (error ? { reason: arg, error } : { reason: arg }) : arg ?? error;
  let name = kind < 4 ? EVENTS[kind] : PRESENCE[kind - 5];
  let listeners = kind < 4 ? loginListeners : userListeners;
  if (kind === 7) [connection, name, listeners, value] = [arg, CONNECTION[arg], connectionListeners, error];
  for (const l of ended ? [...endedListeners] : [...listeners.values()])
    queueMicrotask(() => (ended ? l(value) : typeof l[name] === "function" && l[name](value)));
}
