// What the session tells the app and the store (src/events.rs), and the app's token provider
// asked (src/provider.rs).
import { CometChatException } from "./errors.js";

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
// Session `sid` of `app` ended: the store forgets it (unless another tab ended it), then the
// listeners hear why.
export function ended(reason, error, app, sid) {
  if (reason !== "logout-elsewhere") store?.drop(app, sid);
  emit(4, reason, error);
}

// The session's listeners: the facade registers them, the module emits (src/events.rs). Each
// runs in a microtask of its own after the state changed, so a listener that calls back into
// the package finds it settled, and one that throws is reported by the browser (as an event
// listener's error is) without keeping the others from running.
const loginListeners = new Map();
const endedListeners = new Set();
const invalid = (message) => new CometChatException("INVALID_ARGUMENT", message);
const listenerId = (id) => {
  if (typeof id !== "string" || !id) throw invalid("A listener id must be a non-empty string.");
};
export function addLoginListener(id, listener) {
  listenerId(id);
  if (listener === null || typeof listener !== "object") throw invalid("addLoginListener(id, listener) needs a CometChat.LoginListener.");
  loginListeners.set(id, listener);
}
export function removeLoginListener(id) {
  listenerId(id);
  loginListeners.delete(id);
}
export function onSessionEnded(listener) {
  if (typeof listener !== "function") throw invalid("onSessionEnded(listener) needs a function.");
  const entry = (event) => listener(event); // one subscription per call, even for the same function
  endedListeners.add(entry);
  return () => void endedListeners.delete(entry);
}
// The events, by number (src/events.rs): a login listener's four callbacks, then 4, the end of
// a session.
export const EVENTS = ["loginSuccess", "loginFailure", "logoutSuccess", "logoutFailure"];
// `arg`: the user (loginSuccess) or the reason (an end); `error`: the failure, if any.
export function emit(kind, arg, error) {
  const ended = kind === 4;
  const value = ended ? (error ? { reason: arg, error } : { reason: arg }) : arg ?? error;
  const name = EVENTS[kind];
  for (const l of ended ? [...endedListeners] : [...loginListeners.values()])
    queueMicrotask(() => (ended ? l(value) : typeof l[name] === "function" && l[name](value)));
}
