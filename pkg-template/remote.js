// Worker mode, the page's side: `init(appId, settings, { worker: true | URL })` starts the
// package's dedicated module Worker (worker.js), where the token, the session and its
// persistence live, and the facade forwards every call to it over a MessageChannel.
// Calls go as `[id, name, args]`; answers come back as `[id, ok, value, rateLimit]`, and the
// session's events as `[0, kind, arg, error]`, values as messages.js writes them.
import { CometChatException, User, userChanges, emit, getConnectionStatus } from "./core.js";
import { decode, error } from "./messages.js";

const failed = (why) => new CometChatException("WORKER_FAILED", `cometchat-wasm's worker ${why}.`);

// The URL the worker fetches for `tokenUrl`: a relative one is the page's, not the worker's. A
// `new URL` that may throw, not `URL.canParse` (Chrome 120, Firefox 115, Safari 17).
function absolute(url) {
  try {
    return new URL(url, location.href).href;
  } catch {}
}

// Once the worker holds its Web Lock (worker.js; not before, or the page would be granted it at
// once), the page asks for it too: it is granted when the worker is gone, however it ended.
async function watch(lock, gone) {
  const locks = navigator.locks;
  try {
    const { held = [] } = await locks.query();
    if (held.some((l) => l.name === lock)) await locks.request(lock, gone);
  } catch {} // no Web Locks here (an insecure context): the backstop timers stand alone
}

/** Starts the package's worker (`where`: true, or its URL): its scripts load from now on. */
export function spawn(where) {
  const worker =
    where === true
      ? new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "cometchat-wasm" })
      : new Worker(where, { type: "module", name: "cometchat-wasm" });
  // A failure before `connect` listens (a wrong URL fails fast) is kept for it.
  worker.onerror = (e) => void (worker.early = e);
  return worker;
}

/**
 * Connects to the worker `spawn` started and runs `init(...args)` there with `module`, the page's
 * compiled wasm module (a `WebAssembly.Module` crosses to a worker as it is: the worker neither
 * fetches nor compiles it again); resolves the handle `{ send(name, args), rateLimit(),
 * request(blocked, options) }`. `pages` makes a list request async-iterable (index.js).
 */
export async function connect(worker, module, args, pages) {
  const lock = `cometchat-wasm:worker:${Math.random().toString(36).slice(2)}`;
  args.push(module, lock);
  // A call's backstop: a call lives at most three request timeouts (the request, the token
  // provider asked for a revoked token, the request again), so no answer by then means the worker
  // is gone, even where no lock tells (or stuck). Starting it may take a download: a minute.
  const patience = 3 * (+args[1]?.requestTimeout || 15_000) + 2000;
  const { port1: port, port2 } = new MessageChannel();
  const waiting = new Map();
  let ids = 0;
  let rate = null;
  let broken;
  const stop = (e) => {
    // The worker's socket went with it: the page hears so once (presence.js's status event).
    if (!broken && getConnectionStatus() !== "disconnected") emit(7, "disconnected", e);
    broken ??= e;
    worker.terminate();
    for (const [, reject, backstop] of waiting.values()) {
      clearTimeout(backstop);
      reject(broken);
    }
    waiting.clear();
  };
  const fail = (e) => stop(failed(`could not start or stopped (${e.message || "is its URL right?"})`));
  worker.onerror = fail;
  if (worker.early) fail(worker.early);
  port.onmessageerror = () => stop(failed("sent an answer this page cannot read"));
  port.onmessage = ({ data: [id, ok, value, last] }) => {
    if (!id) return emit(ok, decode(value), last && error(last)); // an event: [0, kind, arg, error]
    const [resolve, reject, backstop] = waiting.get(id) ?? [];
    clearTimeout(backstop);
    waiting.delete(id);
    rate = last;
    ok ? resolve?.(decode(value)) : reject?.(error(value));
  };
  worker.postMessage(port2, [port2]);

  // A User goes as what its setters set; a relative tokenUrl is the page's, not the worker's.
  const arg = (a) => {
    if (a instanceof User) return userChanges(a);
    const url = a?.tokenUrl;
    const href = (typeof url === "string" || url instanceof URL) && absolute(url);
    return href ? { ...a, tokenUrl: href } : a;
  };
  const send = (name, args) =>
    new Promise((resolve, reject) => {
      if (broken) return reject(broken);
      const id = ++ids;
      const backstop = setTimeout(() => stop(failed("did not answer in time")), name === "init" ? Math.max(patience, 60_000) : patience);
      waiting.set(id, [resolve, reject, backstop]);
      try {
        port.postMessage([id, name, args.map(arg)]);
      } catch (e) {
        clearTimeout(backstop);
        waiting.delete(id);
        reject(new CometChatException("INVALID_ARGUMENT", `CometChat.${name}: its arguments cannot be sent to the worker (${e.message}). Functions stay on the page: log in with { tokenUrl }.`));
      }
    });

  // A list request: its pages are fetched in the worker; the worker forgets it when this goes.
  const forget = new FinalizationRegistry((id) => port.postMessage([0, "drop", [id]]));
  let requests = 0;
  class RemoteRequest {
    hasMore = true;
    total = undefined;
    #id = ++requests;
    #options;
    constructor(options) {
      this.#options = options;
      forget.register(this, this.#id);
    }
    fetchNext() {
      return send("fetchNext", [this.#id, ...this.#options]).then(([users, hasMore, total]) => {
        this.hasMore &&= hasMore;
        this.total = total;
        return users;
      });
    }
  }

  RemoteRequest.prototype[Symbol.asyncIterator] = pages;

  try {
    await send("init", args);
  } catch (e) {
    worker.terminate();
    throw e;
  }
  watch(lock, () => stop(failed("stopped")));
  return { send, rateLimit: () => rate, request: (blocked, options) => new RemoteRequest([blocked, options]) };
}
