// cometchat-wasm's facade over the wasm module: the calls, the builders and the settings, in the
// page and in the package's worker alike (index.js adds the worker option and the namespace).
// The wasm module is loaded by `init` (memoised; no top-level await, no `window`), so importing
// this file has no side effect and is safe during SSR and in workers.
import * as wasm from "./cometchat_wasm.js";
import {
  CometChatException, User, addLoginListener, removeLoginListener, addUserListener, removeUserListener, addConnectionListener,
  removeConnectionListener, getConnectionStatus, onSessionEnded, userChanges, EVENTS, PRESENCE, CONNECTION, useStore, useSocket,
  emit, userData, wrapUser, lastMe, keeping,
} from "./runtime.js";

export {
  CometChatException, User, addLoginListener, removeLoginListener, addUserListener, removeUserListener, addConnectionListener,
  removeConnectionListener, getConnectionStatus, onSessionEnded,
};

/** Whether `e` is an error thrown or rejected by cometchat-wasm. */
export function isCometChatException(e) {
  return e instanceof CometChatException;
}

const notInitialized = (what) =>
  new CometChatException(
    "COMETCHAT_INITIALIZATION_NOT_DONE",
    `CometChat.init(appId, settings) must resolve before ${what} is used.`,
  );

let loading; // the one instantiation of the wasm module, shared by every init
let compiled; // the compiled module, handed to the package's worker (it then compiles nothing)
let loaded = false;
let remote; // worker mode: the handle on the worker (remote.js), for the page's life
let starting; // worker mode: [the first init's app id and settings as JSON, its promise of the handle]
let store; // persistence on: store.js

// The module compiled as it streams in (`source`: a URL, Request, Response, BufferSource or
// WebAssembly.Module; by default the package's .wasm), then instantiated by the glue.
async function compile(source = new URL("./cometchat_wasm_bg.wasm", import.meta.url)) {
  if (typeof source === "string" || source instanceof URL || source instanceof Request) source = fetch(source);
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (!(source instanceof Response)) return WebAssembly.compile(source);
  if (!source.ok) throw new Error(`${source.status} fetching ${source.url}`);
  // Streaming compilation needs the wasm MIME type; a server without it still works, unstreamed.
  return source.headers.get("content-type") === "application/wasm"
    ? WebAssembly.compileStreaming(source)
    : WebAssembly.compile(await source.arrayBuffer());
}

function load(source) {
  loading ??= compile(source).then(
    (module) => {
      compiled = module;
      wasm.initSync({ module });
      const request = wasm.UsersRequest.prototype;
      const { fetchNext } = request;
      // On a freed request the glue throws a plain Error: reject with ours instead.
      request.fetchNext = function () {
        try {
          return fetchNext.call(this);
        } catch (e) {
          return Promise.reject(ours(e, "UsersRequest.fetchNext"));
        }
      };
      request[Symbol.asyncIterator] = pages;
      loaded = true;
    },
    (cause) => {
      loading = undefined; // let a later init try again
      throw new CometChatException("WASM_LOAD_FAILED", `The cometchat-wasm module could not be loaded: ${cause?.message ?? cause}`);
    },
  );
  return loading;
}

/** Builds the settings `init` takes; works before `init`, as in CometChat's snippets. */
export class AppSettingsBuilder {
  #settings = {};
  /** "us", "eu" (default), "in", … → https://{appId}.apiclient-{region}.cometchat.io/v3.0/ */
  setRegion(region) {
    this.#settings.region = region;
    return this;
  }
  /** host[:port][/path] (https), an https:// URL, or an http:// URL on loopback; include /v3.0. */
  overrideClientHost(host) {
    this.#settings.clientHost = host;
    return this;
  }
  /** Deadline of each request in milliseconds (default 15000). */
  setRequestTimeout(ms) {
    this.#settings.requestTimeout = ms;
    return this;
  }
  /**
   * Answer `getUser` from memory for `ms` milliseconds after a fetch (0, the default, never;
   * at most 300000). Cleared by `updateCurrentUserDetails`, `logout` and a new login.
   */
  setUserCacheTTL(ms) {
    this.#settings.userCacheTtl = ms;
    return this;
  }
  /**
   * "encrypted": keep the session in IndexedDB under a non-extractable AES-GCM key, so that a
   * reload stays signed in and the origin's tabs share it; "none" (the default): memory only.
   */
  setSessionPersistence(mode) {
    this.#settings.sessionPersistence = mode;
    return this;
  }
  /** Presence of every user (`UserListener`), over the real-time socket opened after login. */
  subscribePresenceForAllUsers() {
    this.#settings.presence = "ALL_USERS";
    return this;
  }
  /** Presence of the users whose role is one of `roles`. */
  subscribePresenceForRoles(roles) {
    Object.assign(this.#settings, { presence: "ROLES", roles });
    return this;
  }
  /** Presence of the logged-in user's friends. */
  subscribePresenceForFriends() {
    this.#settings.presence = "FRIENDS";
    return this;
  }
  /** `false`: the socket opens only on `connect()` (default `true`: after login, if subscribed). */
  autoEstablishSocketConnection(on) {
    this.#settings.autoConnect = on;
    return this;
  }
  build() {
    return new AppSettings(this.#settings);
  }
}

export class AppSettings {
  constructor(settings = {}) {
    Object.assign(this, settings);
    Object.freeze(this);
  }
}

// The list builders only collect options (official names); the module checks them: at each
// setter once it is loaded, and all of them at `build()`. Before `init`, `build()` gives a
// request whose `fetchNext()` rejects as every call does then.
class ListRequestBuilder {
  #blocked;
  #options = {};
  constructor(blocked) {
    this.#blocked = blocked;
  }
  set(key, value) {
    if (loaded) wasm.checkListOptions(this.#blocked, { [key]: value }); // throws a CometChatException
    this.#options[key] = value;
    return this;
  }
  setLimit(limit) {
    return this.set("limit", limit);
  }
  setSearchKeyword(keyword) {
    return this.set("searchKeyword", keyword);
  }
  build() {
    const options = { ...this.#options };
    if (remote) return remote.request(this.#blocked, options);
    return loaded ? new wasm.UsersRequest(this.#blocked, options) : new RequestBeforeInit();
  }
}

// `for await (const page of request)`: the pages until the last, empty ones skipped.
async function* pages() {
  while (this.hasMore) {
    const page = await this.fetchNext();
    if (page.length) yield page;
  }
}

class RequestBeforeInit {
  hasMore = true;
  fetchNext() {
    return Promise.reject(notInitialized("fetchNext"));
  }
}
RequestBeforeInit.prototype[Symbol.asyncIterator] = pages;

/** `new UsersRequestBuilder().setLimit(30)…build()`, then `fetchNext()` for each page. */
export class UsersRequestBuilder extends ListRequestBuilder {
  constructor() {
    super(false);
  }
  searchIn(fields) {
    return this.set("searchIn", fields);
  }
  setStatus(status) {
    return this.set("status", status);
  }
  setRoles(roles) {
    return this.set("roles", roles);
  }
  setTags(tags) {
    return this.set("tags", tags);
  }
  withTags(on) {
    return this.set("withTags", on);
  }
  friendsOnly(on) {
    return this.set("friendsOnly", on);
  }
  hideBlockedUsers(on) {
    return this.set("hideBlockedUsers", on);
  }
  setUIDs(uids) {
    return this.set("uids", uids);
  }
  sortBy(field) {
    return this.set("sortBy", field);
  }
  sortByOrder(order) {
    return this.set("sortOrder", order);
  }
}

/** `new BlockedUsersRequestBuilder().setLimit(30)…build()`, then `fetchNext()` for each page. */
export class BlockedUsersRequestBuilder extends ListRequestBuilder {
  constructor() {
    super(true);
  }
  setDirection(direction) {
    return this.set("direction", direction);
  }
  blockedByMe() {
    return this.set("direction", "blockedByMe");
  }
  hasBlockedMe() {
    return this.set("direction", "hasBlockedMe");
  }
}

/**
 * `init`: loads the wasm module (once), then checks and applies the settings. With
 * `options.worker`, `worker()` (index.js: the import of remote.js, which the worker's own graph
 * must not hold) starts the worker, and the session lives there for the page's life.
 */
export async function init(appId, settings, options, worker) {
  // Worker mode's settings are fixed when its first init starts, not when its worker answers: a
  // later init, even in the same tick, joins it with the same settings and is refused with others
  // (two workers, or a script's init racing the app's to another host, would split the session).
  if (starting) return join(appId, settings);
  if (options?.worker) {
    const handle = start(appId, settings, options, worker);
    starting = [json([appId, settings]), handle];
    try {
      remote = await handle;
    } catch (e) {
      starting = undefined; // the page may init again
      throw e;
    }
    return true;
  }
  await load(options?.wasm);
  // A presence subscription loads the socket, which checks it before the module takes anything.
  const presence = settings?.presence === undefined ? undefined : await sockets();
  presence?.check(settings);
  await wasm.init(appId, settings); // checks the settings here, in the page
  if (settings?.sessionPersistence === "encrypted") await (store ??= await import("./store.js")).open(appId, storeSide());
  else store = store?.close();
  presence?.configure(settings);
  return true;
}

// The real-time socket (presence.js), loaded the first time a subscription or `connect()` asks;
// a failed load is a CometChatException, and the next ask tries again.
let socket;
const sockets = () =>
  (socket ??= import("./presence.js").then(
    (m) =>
      m.start({ get: wasm.sessionGet, forget: wasm.forgetUser, user: wasm.getLoggedinUser, emit, userData, wrapUser, lastMe, keeping, useSocket, CometChatException }),
    (cause) => {
      socket = undefined;
      throw new CometChatException("PRESENCE_LOAD_FAILED", `The presence module could not be loaded: ${cause?.message ?? cause}`);
    },
  ));

// What the session store (store.js) uses of the module and of runtime.js, handed to it rather than
// imported, so that no module loaded only when asked for imports this one back (no import cycle).
const storeSide = () => ({
  useStore,
  emit,
  adoptSession: wasm.adoptSession,
  keepSession: wasm.keepSession,
  storeAdmits: wasm.storeAdmits,
  sessionUser: wasm.getLoggedinUser,
  CometChatException,
});

// The worker is started first, so that its scripts load while the page compiles the module; it
// is then handed the compiled module, so the `.wasm` is fetched and compiled once, not twice.
async function start(appId, settings, options, worker) {
  const spawning = worker().then((remote) => [remote, remote.spawn(options.worker)]);
  try {
    await load(options.wasm);
    await wasm.init(appId, settings); // checks the settings here, in the page
  } catch (e) {
    spawning.then(([, spawned]) => spawned.terminate(), () => {});
    throw e;
  }
  const [remote, spawned] = await spawning;
  return remote.connect(spawned, compiled, [appId, settings], pages);
}

async function join(appId, settings) {
  const [fixed, handle] = starting;
  const asked = json([appId, settings]);
  if (asked === undefined || asked !== fixed)
    throw new CometChatException("WORKER_SETTINGS_FIXED", "The worker's app id and settings are those of its first init; reload the page to change them.");
  await handle;
  return true;
}

// As the worker compares them (worker.js); `undefined` for what JSON cannot hold.
function json(v) {
  try {
    return JSON.stringify(v);
  } catch {}
}

// What the wasm glue throws is not always ours: its argument errors (a wrong type) are plain
// Errors, and a trap is a RuntimeError. Every failure the
// package hands out is a CometChatException: argument errors are INVALID_ARGUMENT, a trap is a
// bug of ours (INTERNAL_ERROR).
function ours(e, what) {
  if (e instanceof CometChatException) return e;
  const code = e instanceof WebAssembly.RuntimeError ? "INTERNAL_ERROR" : "INVALID_ARGUMENT";
  return new CometChatException(code, `${what}: ${e?.message ?? String(e)}`);
}

// Calls made before `init` reject instead of reaching an unloaded module. The module's promises
// only ever reject with a CometChatException, and are handed back as they are (no extra
// promise or microtask per call); what the glue throws synchronously becomes one (`ours`).
function call(name, run) {
  return (...args) => {
    if (remote) return remote.send(name, args);
    if (!loaded) return Promise.reject(notInitialized(`CometChat.${name}`));
    try {
      return Promise.resolve(run(...args));
    } catch (e) {
      return Promise.reject(ours(e, `CometChat.${name}`));
    }
  };
}

// A listener class: it keeps the callbacks of `names` it is given, each a function.
const listener = (what, names) =>
  class {
    constructor(callbacks = {}) {
      if (callbacks === null || typeof callbacks !== "object")
        throw new CometChatException("INVALID_ARGUMENT", `${what} takes an object of callbacks.`);
      for (const kind of names) {
        const f = callbacks[kind];
        if (f !== undefined && typeof f !== "function") throw new CometChatException("INVALID_ARGUMENT", `${what}: ${kind} must be a function.`);
        if (f) this[kind] = f;
      }
    }
  };

/**
 * `new LoginListener({ loginSuccess, loginFailure, logoutSuccess, logoutFailure })` for
 * `addLoginListener(id, listener)`; any of the four may be left out.
 */
export const LoginListener = listener("LoginListener", EVENTS);
/** `new UserListener({ onUserOnline, onUserOffline })` for `addUserListener(id, listener)`. */
export const UserListener = listener("UserListener", PRESENCE);
/**
 * `new ConnectionListener({ onConnected, inConnecting, onDisconnected })` for
 * `addConnectionListener(id, listener)`; `onDisconnected(error?)` says why when it was refused.
 */
export const ConnectionListener = listener("ConnectionListener", Object.values(CONNECTION));

/** The app's rate-limit window as CometChat's last answer described it, or `null`. */
export const getRateLimit = () => (remote ? remote.rateLimit() : loaded ? wasm.getRateLimit() : null);

/**
 * `login(authToken)`, `login({ authToken })`, `login({ tokenProvider })` or
 * `login({ tokenUrl })` → `Promise<User>`. Auth keys are refused.
 */
export const login = call("login", (c, key) =>
  c?.tokenUrl === undefined ? wasm.login(c, key) : import("./token-url.js").then((m) => wasm.login(m.credential(c, CometChatException), key)),
);
/** The user of the current session, or `null`; makes no request. */
export const getLoggedinUser = call("getLoggedinUser", () => wasm.getLoggedinUser() ?? null); // wasm says undefined
/** `getUser(uid)` or `getUser({ uid })` → `Promise<User>`. */
export const getUser = call("getUser", (uid) => wasm.getUser(uid));
/** Sends what changed on a `User` (or the fields of a plain object) for the logged-in user. */
export const updateCurrentUserDetails = call("updateCurrentUserDetails", (user) =>
  wasm.updateCurrentUserDetailsFromObject(user instanceof User ? userChanges(user) : user),
);
/** Ends the session here at once, and on the server. */
export const logout = call("logout", () => wasm.logout());
/** Opens the real-time socket for the session (and each later one) until `disconnect()`. */
export const connect = call("connect", () => sockets().then((s) => s.connect()));
/** Closes the real-time socket; `getConnectionStatus()` is then "disconnected". */
export const disconnect = call("disconnect", () => socket?.then((s) => s.connect(false)));
/** Blocks 1 to 25 users: `{ [uid]: "success" | "fail" }`. */
export const blockUsers = call("blockUsers", (uids) => wasm.blockUsers(uids));
/** Unblocks 1 to 25 users: `{ [uid]: "success" | "fail" }`. */
export const unblockUsers = call("unblockUsers", (uids) => wasm.unblockUsers(uids));
/**
 * What the package has written to browser storage: `{ persistence, reason?, entries }`, each
 * entry a database, store and key name, where, and whether it is encrypted; never a value.
 */
export const storageManifest = call("storageManifest", () => store?.manifest() ?? { persistence: "none", entries: [] });
