// cometchat-wasm's session store, loaded by `init` only with
// `AppSettingsBuilder.setSessionPersistence("encrypted")` (in the worker, in worker mode).
//
// The session (user, token URL, and the token only when there is no token URL) is kept in
// IndexedDB, encrypted with AES-GCM under a non-extractable key generated for the origin and kept
// beside it; the app id is the record's key and the cipher's additional data, so one app's record
// never opens as another's. A session logged in with a token URL is kept WITHOUT its token: a
// restore asks the token URL again (src/restore.rs). In worker mode a raw-token session is kept in
// memory only. A record that does not decrypt (key gone, data corrupted, moved) is deleted. Never a
// plaintext fallback: if IndexedDB or WebCrypto fails, the session stays in memory and
// `storageManifest()` says why.
//
// Tabs: each record carries its session's id (`sid`, in the clear, not a secret). Writes follow
// the module's rule (`storeAdmits`, src/machine.rs): a new session replaces the record, a later
// save or a drop applies only over its own session. Writes and reads run in one queue, in the
// order the session changed; a write tells the origin's other tabs (BroadcastChannel: the app
// id only, never a value), which read the store after their own writes and take what it holds. A
// write that was refused reads too. The model test of src/machine.rs checks that every tab ends
// on the store's session whatever the interleaving.
// What it uses of the module and of runtime.js is handed to `open` by the facade (no import of
// core.js: the facade imports this module, so that would be a cycle).
import { tokenFrom } from "./token-url.js";

let useStore, emit, adoptSession, sessionUser, keepSession, storeAdmits, CometChatException;

const DB = "cometchat-wasm";
const KEYS = "keys"; // "session-key" → the CryptoKey
const SESSIONS = "sessions"; // app id → { sid, iv, data }
const KEY = "session-key";
// `init` never waits longer than this for IndexedDB (an open blocked by another tab, a
// browser that never answers): the session then stays in memory.
const OPEN_MS = 3000;
const inWorker = typeof WorkerGlobalScope === "function" && globalThis instanceof WorkerGlobalScope;

let app; // the app id of the last `init`
let db; // Promise<IDBDatabase>
let channel;
let failure; // why the session is in memory only
let memory; // the sid of a worker-mode raw-token session: memory only, not shared
let queue = Promise.resolve(); // writes and reads, in the order the session changed
let writes = 0; // writes queued and not yet done

const done = (r) => new Promise((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
// One request (or a few) in one transaction, resolved once it has committed.
async function run(stores, mode, f) {
  const t = (await db).transaction(stores, mode);
  const r = f(t.objectStore([stores].flat()[0]), t);
  await new Promise((ok, fail) => ((t.oncomplete = ok), (t.onerror = t.onabort = () => fail(t.error))));
  return r?.result;
}
const aes = (iv, id = app) => ({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(id) });

function fail(e) {
  failure ??= `IndexedDB or WebCrypto failed (${e?.name ?? e}): the session is kept in memory only.`;
  useStore(undefined);
}

// The origin's key, made on first use; `add` fails if another tab made one meanwhile.
async function key(create) {
  const found = await run(KEYS, "readonly", (s) => s.get(KEY));
  if (found || !create) return found;
  const made = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  return run(KEYS, "readwrite", (s) => s.add(made, KEY)).then(() => made, () => key(false));
}

// The app's stored session `{ token?, user, url?, sid }`, or null; a record that does not open is deleted.
async function load() {
  const record = await run(SESSIONS, "readonly", (s) => s.get(app));
  if (!record) return null;
  try {
    const plain = await crypto.subtle.decrypt(aes(record.iv), await key(false), record.data);
    return { ...JSON.parse(new TextDecoder().decode(plain)), sid: record.sid };
  } catch {
    await run(SESSIONS, "readwrite", (s) => s.get(app).onsuccess = ({ target }) => target.result?.sid === record.sid && s.delete(app));
    return null;
  }
}

// Takes what the store holds into the module (or ends the session if it holds none), unless this
// page's own writes are queued (they speak last) or its session is memory only.
async function read() {
  if (writes || memory) return;
  const kept = await load();
  // A write queued while it loaded (this page's login ended meanwhile) speaks last: what was
  // loaded is older than this page's session (the model's read is one step; this keeps it one).
  if (writes) return;
  const before = sessionUser()?.getUid();
  // A token URL that no longer answers (signed out of the app) leaves this page signed out.
  await adoptSession(kept ? { ...kept, provider: kept.url && tokenFrom(kept.url, CometChatException) } : undefined); // never rejects
  const now = sessionUser()?.getUid();
  if (now && now !== before) emit(0, sessionUser()); // loginSuccess: signed in by another tab
}

// A write in the queue, then what follows it: the other tabs are told, or, refused, this page
// reads what the store holds instead.
function write(job) {
  writes++;
  const id = app;
  queue = queue
    .then(job)
    .then(
      (admitted) => {
        writes--;
        if (admitted) channel?.postMessage({ app: id });
        else if (id === app) return read();
      },
      (e) => {
        writes--;
        throw e;
      },
    )
    .catch(fail);
}

// In one transaction: the stored record's sid, and the write if the rule admits it.
const admitted = (s, id, sid, first, put) =>
  new Promise((ok) => {
    s.get(id).onsuccess = ({ target }) => {
      const yes = storeAdmits(target.result?.sid, sid, first);
      if (yes) put();
      ok(yes);
    };
  });

const store = {
  // The module asks (src/machine.rs `Reread`): what the store holds now is taken.
  reread() {
    queue = queue.then(read).catch(fail);
  },
  // `provider`: a token URL's (token-url.js) is kept as its URL, and then the token is not.
  save(token, user, provider, sid, first) {
    const url = provider?.url;
    if (inWorker && !url) return void (memory = sid);
    memory = undefined;
    const id = app;
    write(async () => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(url ? { user, url } : { token, user }));
      const data = await crypto.subtle.encrypt(aes(iv, id), await key(true), plain);
      let yes;
      await run(SESSIONS, "readwrite", (s) => void (yes = admitted(s, id, sid, first, () => s.put({ sid, iv, data }, id))));
      return yes;
    });
  },
  // The session `sid` of `app` ended here: its record goes (if it is still that session's), and
  // the key with the origin's last session, so a logout leaves nothing stored.
  drop(id, sid) {
    if (sid === memory) return void (memory = undefined);
    write(async () => {
      let yes;
      await run([SESSIONS, KEYS], "readwrite", (s, t) => {
        yes = admitted(s, id, sid, false, () => {
          s.delete(id);
          s.count().onsuccess = ({ target }) => target.result || t.objectStore(KEYS).delete(KEY);
        });
      });
      return yes;
    });
  },
};

// The database, or a rejection within OPEN_MS; another version opened elsewhere (a newer
// package) closes this connection instead of blocking it, and this page keeps its session in memory.
function connect() {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new DOMException("IndexedDB did not open in time", "TimeoutError")), OPEN_MS);
    const request = Object.assign(indexedDB.open(DB, 1), {
      onupgradeneeded: ({ target }) => {
        target.result.createObjectStore(KEYS);
        target.result.createObjectStore(SESSIONS);
      },
      onblocked: () => fail(new DOMException("IndexedDB's upgrade is blocked by another tab", "VersionError")),
    });
    done(request).then((opened) => {
      clearTimeout(timer);
      opened.onversionchange = () => {
        opened.close();
        failure ??= "Another version of the package opened this origin's store: the session is kept in memory only until a reload.";
        useStore(undefined);
      };
      ok(opened);
    }, fail);
  });
}

/** `init`: opens the store for `appId` and restores its session, if one was kept. Never throws. */
export async function open(appId, side) {
  ({ useStore, emit, adoptSession, sessionUser, keepSession, storeAdmits, CometChatException } = side);
  app = appId;
  if (failure) return;
  try {
    await (db ??= connect());
  } catch (e) {
    return fail(e);
  }
  channel ??= new BroadcastChannel(DB);
  channel.onmessage = ({ data }) => {
    if (data?.app === app) queue = queue.then(read).catch(fail);
  };
  useStore(store);
  // Signed in already (persistence turned on by this init): that session is the one to keep.
  if (sessionUser()) keepSession();
  else queue = queue.then(read).catch(fail);
  await queue;
}

/** `init` without persistence after one with it: this page stops keeping and sharing the session. */
export function close() {
  useStore(undefined);
  channel?.close();
  channel = undefined; // a write still queued completes, and tells no one
}

/** What the package wrote, where, and whether it is encrypted: names only, never a value. */
export async function manifest() {
  await queue; // what the last change of the session wrote
  if (failure) return { persistence: "memory", reason: failure, entries: [] };
  const entries = [];
  for (const [name, encrypted, holds] of [
    [KEYS, false, "the AES-GCM key that encrypts the sessions (non-extractable)"],
    [SESSIONS, true, "a session of the app named by the key: the user and its token URL, or its auth token when it has none"],
  ])
    for (const key of await run(name, "readonly", (s) => s.getAllKeys()))
      entries.push({ where: "IndexedDB", database: DB, store: name, key, encrypted, holds });
  if (memory)
    return {
      persistence: "memory",
      reason: "Worker mode: a session logged in with a raw auth token is kept in memory only. Log in with { tokenUrl } to keep it across reloads (its token is then never stored).",
      entries,
    };
  return { persistence: "encrypted", entries };
}
