// cometchat-wasm's session store, loaded by `init` only with
// `AppSettingsBuilder.setSessionPersistence("encrypted")` (in the worker, in worker mode).
//
// The session (token, user, token URL) is kept in IndexedDB, encrypted with AES-GCM under a
// non-extractable key generated for the origin and kept beside it; the app id is the record's
// key and the cipher's additional data, so one app's record never opens as another's. A record
// that does not decrypt (key gone, data corrupted, moved) is deleted: the app starts signed out.
// Never a plaintext fallback: if IndexedDB or WebCrypto fails, the session stays in memory and
// `storageManifest()` says why. The origin's tabs share the session over a BroadcastChannel
// whose messages name the app and what happened, never a token: the others read the store.
import { useStore, emit, adoptSession, sessionUser, keepSession } from "./core.js";
import { tokenFrom } from "./token-url.js";

const DB = "cometchat-wasm";
const KEYS = "keys"; // "session-key" → the CryptoKey
const SESSIONS = "sessions"; // app id → { iv, data }
const KEY = "session-key";

let app; // the app id of the last `init`
let db; // Promise<IDBDatabase>
let channel;
let failure; // why the session is in memory only
let queue = Promise.resolve(); // writes, in the order the session changed

const done = (r) => new Promise((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
// One request (or a few) in one transaction, resolved once it has committed.
async function run(stores, mode, f) {
  const t = (await db).transaction(stores, mode);
  const r = f(t.objectStore([stores].flat()[0]), t);
  await new Promise((ok, fail) => ((t.oncomplete = ok), (t.onerror = t.onabort = () => fail(t.error))));
  return r?.result;
}
const aes = (iv) => ({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(app) });

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

// The app's stored session `{ token, user, url }`, or null; a record that does not open is deleted.
async function load() {
  const record = await run(SESSIONS, "readonly", (s) => s.get(app));
  if (!record) return null;
  try {
    const plain = await crypto.subtle.decrypt(aes(record.iv), await key(false), record.data);
    return JSON.parse(new TextDecoder().decode(plain));
  } catch {
    await run(SESSIONS, "readwrite", (s) => s.delete(app));
    return null;
  }
}

// Takes the stored session into the module; `true` if it signed in someone who was not here.
async function restore() {
  const kept = await load();
  if (!kept) return false;
  const before = sessionUser()?.getUid();
  adoptSession({ ...kept, provider: kept.url && tokenFrom(kept.url) });
  return before !== kept.user.uid;
}

const write = (job, notice) =>
  (queue = queue
    .then(job)
    .then(() => notice && channel.postMessage({ app, ...notice }))
    .catch(fail));

const store = {
  // `provider`: a token URL's (token-url.js) is kept as its URL; a function cannot be.
  save(token, user, provider) {
    const url = provider?.url;
    write(async () => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify({ token, user, url }));
      const data = await crypto.subtle.encrypt(aes(iv), await key(true), plain);
      await run(SESSIONS, "readwrite", (s) => s.put({ iv, data }, app));
    }, { saved: true });
  },
  // A session that ended here is deleted, and the other tabs end theirs; one that ended
  // elsewhere is gone already.
  // The key goes with the origin's last session: a logout leaves nothing stored.
  drop(reason) {
    if (reason !== "logout-elsewhere") write(() => run([SESSIONS, KEYS], "readwrite", (s, t) => {
      s.delete(app);
      s.count().onsuccess = ({ target }) => target.result || t.objectStore(KEYS).delete(KEY);
    }), { ended: true });
  },
};

/** `init`: opens the store for `appId` and restores its session, if one was kept. Never throws. */
export async function open(appId) {
  app = appId;
  if (failure) return;
  try {
    db ??= done(
      Object.assign(indexedDB.open(DB, 1), {
        onupgradeneeded: ({ target }) => {
          target.result.createObjectStore(KEYS);
          target.result.createObjectStore(SESSIONS);
        },
      }),
    );
    await db;
  } catch (e) {
    return fail(e);
  }
  channel ??= new BroadcastChannel(DB);
  channel.onmessage = ({ data }) => {
    if (data?.app !== app) return;
    if (data.ended) return adoptSession();
    restore().then((signedIn) => signedIn && emit(0, sessionUser()) /* loginSuccess */, fail);
  };
  useStore(store);
  await queue;
  // Signed in already (persistence turned on by this init): that session is the one to keep.
  if (sessionUser()) keepSession();
  else await restore().catch(fail);
  await queue;
}

/** `init` without persistence after one with it: this page stops keeping and sharing the session. */
export function close() {
  useStore(undefined);
  channel?.close();
  channel = undefined;
}

/** What the package wrote, where, and whether it is encrypted: names only, never a value. */
export async function manifest() {
  await queue; // what the last change of the session wrote
  if (failure) return { persistence: "memory", reason: failure, entries: [] };
  const entries = [];
  for (const [name, encrypted, holds] of [
    [KEYS, false, "the AES-GCM key that encrypts the sessions (non-extractable)"],
    [SESSIONS, true, "a session of the app named by the key: auth token, user, token URL"],
  ])
    for (const key of await run(name, "readonly", (s) => s.getAllKeys()))
      entries.push({ where: "IndexedDB", database: DB, store: name, key, encrypted, holds });
  return { persistence: "encrypted", entries };
}
