// cometchat-wasm's worker (worker mode: `init(appId, settings, { worker: true | URL })`).
// The module, the token, the session and its persistence live here; the page holds a handle
// (remote.js). The worker runs the package's calls by name and nothing else: no message makes it
// fetch a URL of its own, so it only ever talks to the CometChat host of its one `init` and to
// the login's same-origin `tokenUrl`. An unknown message is refused.
import {
  init, login, logout, getLoggedinUser, getUser, updateCurrentUserDetails, blockUsers, unblockUsers, storageManifest,
  getRateLimit, onSessionEnded, addLoginListener, LoginListener, UsersRequestBuilder, BlockedUsersRequestBuilder,
  CometChatException, connect, disconnect, addUserListener, UserListener, addConnectionListener, ConnectionListener,
} from "./core.js";
import { encode, fields } from "./messages.js";

// Named, not a namespace import of core.js: what the worker does not use stays out of its bundle.
const CALLS = { login, logout, getLoggedinUser, getUser, updateCurrentUserDetails, blockUsers, unblockUsers, storageManifest, connect, disconnect };
const requests = new Map(); // the page's list requests, by id
let port;
let settings; // the first `init`'s app id and settings, as JSON: fixed for the worker's life

const post = (kind, arg, error) => port.postMessage([0, kind, encode(arg), error && fields(error)]);

// Held for the worker's life: the page is granted the same Web Lock once the worker is gone,
// however it ended (closed, crashed, out of memory; remote.js). Resolves once held, or at once
// where there are no locks. Only the package's names: a message cannot make it hold another.
const hold = (lock) =>
  new Promise((held) => {
    if (typeof lock !== "string" || !lock.startsWith("cometchat-wasm:") || !self.navigator?.locks) return held();
    navigator.locks.request(lock, () => (held(), new Promise(() => {}))).catch(held);
  });

self.onmessage = ({ data }) => {
  if (port || !(data instanceof MessagePort)) return;
  port = data;
  self.onmessage = null;
  port.onmessage = ({ data }) => Array.isArray(data) && answer(...data);
  // The session's events go to the page's listeners, numbered as js/runtime.js `emit` takes them.
  onSessionEnded(({ reason, error }) => post(4, reason, error));
  addLoginListener(
    "cometchat-wasm:page",
    new LoginListener({
      loginSuccess: (user) => post(0, user),
      loginFailure: (e) => post(1, undefined, e),
      logoutSuccess: () => post(2),
      logoutFailure: (e) => post(3, undefined, e),
    }),
  );
  // The socket lives here: the page hears of presence and of the connection, never the credential.
  addUserListener("cometchat-wasm:page", new UserListener({ onUserOnline: (u) => post(5, u), onUserOffline: (u) => post(6, u) }));
  addConnectionListener(
    "cometchat-wasm:page",
    new ConnectionListener({
      inConnecting: () => post(7, "connecting"),
      onConnected: () => post(7, "connected"),
      onDisconnected: (e) => post(7, "disconnected", e),
    }),
  );
};

async function answer(id, name, args) {
  if (!id) return name === "drop" && requests.delete(args?.[0]);
  let ok = 1;
  let value;
  try {
    value = encode(await run(name, Array.isArray(args) ? args : []));
  } catch (e) {
    ok = 0;
    value = fields(e);
  }
  port.postMessage([id, ok, value, getRateLimit()]);
}

async function run(name, args) {
  if (name === "init") {
    // A page script must not point the session at another host: the first settings stay.
    const asked = JSON.stringify(args.slice(0, 2));
    if (settings !== undefined && asked !== settings)
      throw new CometChatException("WORKER_SETTINGS_FIXED", "The worker's app id and settings are those of its first init; reload the page to change them.");
    await init(args[0], args[1], { wasm: args[2] });
    if (settings === undefined) await hold(args[3]); // before the answer: the page then watches it
    settings = asked;
    return true;
  }
  if (name === "fetchNext") {
    const [id, blocked, options] = args;
    let request = requests.get(id);
    if (!request) {
      const builder = blocked ? new BlockedUsersRequestBuilder() : new UsersRequestBuilder();
      for (const key in options) builder.set(key, options[key]);
      requests.set(id, (request = builder.build()));
    }
    return [await request.fetchNext(), request.hasMore, request.total];
  }
  if (!Object.hasOwn(CALLS, name)) // own names only: not "toString", "__proto__", …
    throw new CometChatException("UNKNOWN_MESSAGE", `cometchat-wasm's worker runs the package's calls only; it refuses ${JSON.stringify(String(name))}.`);
  return CALLS[name](...args);
}
