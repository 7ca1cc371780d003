// Where the session lives (Part A): the token isolated in the package's Worker, the opt-in
// encrypted persistence in IndexedDB, and the origin's tabs sharing it. The packed package in
// Debian's Chromium against a real emulator; the page's "backend" mints tokens at /api/token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { APP_ID, installTarball, serveStatic, startEmulator, launchBrowser, importMapPage, occurrences, INIT_RACE, heapSnapshot } from "./harness.mjs";

let emulator, site, strictSite, browser;
let signedIn; // whom /api/token mints tokens for
const minted = []; // every token /api/token handed out

const tokenEndpoint = (req, res) =>
  emulator.admin("POST", `users/${signedIn}/auth_tokens`, { force: true }).then(
    (v) => {
      minted.push(v.body.data.authToken);
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify({ authToken: v.body.data.authToken }));
    },
    () => res.writeHead(500).end(),
  );

// A page with nothing inline: the Content-Security-Policy below allows no inline script, no
// eval, no blob: worker; only this origin's files, the wasm compile and the emulator.
const STRICT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/strict.js"></script></head><body><p id="out">loading</p></body></html>`;
const STRICT_SCRIPT = (host) => `import { CometChat } from "/node_modules/cometchat-wasm/index.js";
const out = document.getElementById("out");
try {
  await CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(host)}).build(),
    { worker: new URL("/node_modules/cometchat-wasm/worker.js", location.href) });
  const me = await CometChat.login({ tokenUrl: "/api/token" });
  const again = await CometChat.getUser(me.getUid());
  out.textContent = "hello " + again.getUid();
} catch (e) {
  out.textContent = "failed: " + e.code + " " + e.message;
}`;

// A token URL that never answers (a call through it stays pending), counting who asked.
let hangHits = 0;
const hangEndpoint = () => void hangHits++;
// The package's worker, which the test can end from inside (as a crash or an out-of-memory kill
// would): the page posts it "die". Not part of the package.
const DYING_WORKER = `import "/node_modules/cometchat-wasm/worker.js";
self.addEventListener("message", ({ data }) => data === "die" && self.close());`;
const dyingWorker = (req, res) => res.writeHead(200, { "Content-Type": "text/javascript" }).end(DYING_WORKER);
// Another CometChat host, counting every request that reaches it (preflights included).
let otherHits = 0;
const other = createServer((req, res) => {
  otherHits++;
  res.writeHead(204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "*" }).end();
});

before(async () => {
  const installed = installTarball();
  emulator = await startEmulator();
  await new Promise((ok) => other.listen(0, "127.0.0.1", ok));
  const pages = { "/index.html": importMapPage(), "/api/token": tokenEndpoint, "/api/hang": hangEndpoint, "/test/dying-worker.js": dyingWorker };
  site = await serveStatic(installed.dir, pages);
  const csp = { "Content-Security-Policy": `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self' ${emulator.url}; object-src 'none'; base-uri 'none'` };
  const script = (req, res) => res.writeHead(200, { ...csp, "Content-Type": "text/javascript" }).end(STRICT_SCRIPT(`${emulator.url}/v3.0`));
  strictSite = await serveStatic(installed.dir, { ...pages, "/strict.html": STRICT_PAGE, "/strict.js": script }, csp);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  strictSite?.close();
  other.close();
  emulator?.stop();
});

/** A fresh page of `context` on the test site, failing the test on any uncaught error. */
async function open(t, context = browser, url = `${site.url}/index.html`) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], "uncaught errors in the page");
  });
  await page.goto(url);
  return page;
}

const host = () => `${emulator.url}/v3.0`;

// Runs in the page: `init` with persistence (and the worker if asked), every argument JSON.
const INIT = async ([app, host, worker, persist]) => {
  const { CometChat } = await import("cometchat-wasm");
  let b = new CometChat.AppSettingsBuilder().overrideClientHost(host);
  if (persist) b = b.setSessionPersistence("encrypted");
  await CometChat.init(app, b.build(), worker ? { worker: true } : undefined);
  window.CometChat = CometChat;
};

// Every value the package wrote to IndexedDB, as bytes, and the stored key (in the page).
const STORED = async () => {
  const db = await new Promise((ok, fail) => Object.assign(indexedDB.open("cometchat-wasm"), { onsuccess: (e) => ok(e.target.result), onerror: fail }));
  const all = (name) =>
    new Promise((ok, fail) => {
      if (!db.objectStoreNames.contains(name)) return ok([]);
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = fail;
    });
  const [keys, sessions] = [await all("keys"), await all("sessions")];
  db.close();
  const bytes = (v) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : ArrayBuffer.isView(v) ? [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] : []);
  return { keys, sessions: sessions.map((s) => ({ iv: bytes(s.iv), data: bytes(s.data), fields: Object.keys(s).sort() })) };
};

const count = (text, token) => text.split(token).length - 1;

async function waitUntil(what, check, ms = 1000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("worker mode: login({ tokenUrl }) leaves the token nowhere in the page (heap snapshot, wasm memory, storage, DOM, messages); without the worker it is there", async (t) => {
  const { uid } = await emulator.newUser("isolated");
  signedIn = uid;
  const context = await launchBrowser(); // a fresh profile: its storage is this test's alone
  t.after(() => context.close());
  const page = await open(t, context);
  // Records every message a MessagePort of the page delivers (remote.js sets `onmessage`).
  await page.evaluate(() => {
    window.received = [];
    const setter = Object.getOwnPropertyDescriptor(MessagePort.prototype, "onmessage").set;
    Object.defineProperty(MessagePort.prototype, "onmessage", {
      set(f) {
        setter.call(this, (e) => (window.received.push(JSON.stringify(e.data)), f(e)));
      },
    });
  });
  await page.evaluate(INIT, [APP_ID, host(), true, false]);
  const before = minted.length;
  const me = await page.evaluate(async () => (await CometChat.login({ tokenUrl: "/api/token" })).getUid());
  assert.equal(me, uid);
  assert.equal(minted.length, before + 1, "the worker fetched one token from the backend");
  const token = minted.at(-1);
  const seen = await page.evaluate(async (uid) => {
    const { glueInit } = await import("/node_modules/cometchat-wasm/core.js");
    const exports = await glueInit(); // the page's own instance (memoised by the glue)
    const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
    return {
      memory: [...new Uint8Array(memory.buffer)],
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
      databases: (await indexedDB.databases()).map((d) => d.name),
      dom: document.documentElement.outerHTML,
      messages: window.received.join("\n"),
    };
  }, uid);
  assert.ok(seen.messages.includes(uid), "the recorder saw the worker's answers");
  assert.ok(occurrences(seen.memory, `${host()}/`) > 0, "the memory read is the page's module's (it keeps the host of its init)");
  assert.equal(occurrences(seen.memory, token), 0, "the page's wasm memory");
  assert.equal(count(seen.storage, token), 0);
  assert.deepEqual(seen.databases, []);
  assert.equal(count(seen.dom, token), 0);
  assert.equal(count(seen.messages, token), 0);
  assert.equal(count(await heapSnapshot(page), token), 0, "the page's heap");
  const log = await emulator.requests();
  assert.ok(log.some((r) => r.method === "PUT" && r.path.endsWith("/me")), "the worker logged in");

  // The same check can fail: in the page (no worker), the token is in the heap.
  const inPage = await open(t);
  await inPage.evaluate(INIT, [APP_ID, host(), false, false]);
  // (The session's client, whose headers hold the token, is made by its first call.)
  await inPage.evaluate(async () => CometChat.getUser((await CometChat.login({ tokenUrl: "/api/token" })).getUid()));
  assert.ok(count(await heapSnapshot(inPage), minted.at(-1)) > 0, "without the worker the page's heap holds the token");
});

test("worker mode: every call works through the handle, errors, events, lists and the rate limit included", async (t) => {
  const { uid } = await emulator.newUser("handle");
  const other = await emulator.newUser("handle-other");
  for (const n of [1, 2, 3]) await emulator.newUser(`handle-listed-${n}`); // more than one page of 2
  signedIn = uid;
  const page = await open(t);
  await page.evaluate(INIT, [APP_ID, host(), true, false]);
  const r = await page.evaluate(
    async ([uid, other]) => {
      const { CometChat, CometChatException, User } = await import("cometchat-wasm");
      const events = [];
      CometChat.addLoginListener("t", new CometChat.LoginListener({ loginSuccess: (u) => events.push(["login", u instanceof User, u.getUid()]), logoutSuccess: () => events.push(["logout"]) }));
      CometChat.onSessionEnded((e) => events.push(["ended", e.reason]));
      const fail = (p) => p.then(() => "resolved", (e) => [e instanceof CometChatException, e instanceof Error, e.code, typeof e.message]);
      const out = {};
      out.before = await CometChat.getLoggedinUser();
      out.notLoggedIn = await fail(CometChat.getUser(other));
      const me = await CometChat.login({ tokenUrl: "/api/token" });
      out.me = [me instanceof User, me.getUid()];
      out.loggedIn = (await CometChat.getLoggedinUser()).getUid();
      const them = await CometChat.getUser(other);
      out.them = [them instanceof User, them.getUid(), them.getBlockedByMe()];
      out.missing = await fail(CometChat.getUser("no-such-user-here"));
      out.badUid = await fail(CometChat.getUser("a/b"));
      out.rate = CometChat.getRateLimit() === null ? null : typeof CometChat.getRateLimit().limit;
      const edit = new User(uid);
      edit.setName("Through the worker");
      out.updated = (await CometChat.updateCurrentUserDetails(edit)).getName();
      out.blocked = await CometChat.blockUsers([other]);
      out.blockedSeen = (await CometChat.getUser(other)).getBlockedByMe();
      const blockedList = new CometChat.BlockedUsersRequestBuilder().setLimit(10).build();
      out.blockedList = (await blockedList.fetchNext()).map((u) => u.getUid());
      out.unblocked = await CometChat.unblockUsers([other]);
      const request = new CometChat.UsersRequestBuilder().setLimit(2).build();
      const pages = [];
      for await (const p of request) pages.push(p.map((u) => u instanceof User));
      out.pages = [pages.length > 1, pages.every((p) => p.length <= 2 && p.every(Boolean)), request.hasMore, typeof request.total];
      out.afterEnd = await request.fetchNext();
      out.cloneError = await fail(CometChat.login({ tokenProvider: () => "x" }));
      out.manifest = await CometChat.storageManifest();
      await CometChat.logout();
      out.after = await CometChat.getLoggedinUser();
      await new Promise((r) => setTimeout(r, 50));
      out.events = events;
      return out;
    },
    [uid, other.uid],
  );
  const err = (code) => [true, true, code, "string"];
  assert.deepEqual(r, {
    before: null,
    notLoggedIn: err("USER_NOT_LOGGED_IN"),
    me: [true, uid],
    loggedIn: uid,
    them: [true, other.uid, false],
    missing: err("ERR_UID_NOT_FOUND"),
    badUid: err("INVALID_UID"),
    rate: r.rate, // checked below: the emulator may not send the headers
    updated: "Through the worker",
    blocked: { [other.uid]: "success" },
    blockedSeen: true,
    blockedList: [other.uid],
    unblocked: { [other.uid]: "success" },
    pages: [true, true, false, "number"],
    afterEnd: [],
    cloneError: err("INVALID_ARGUMENT"),
    manifest: { persistence: "none", entries: [] },
    after: null,
    events: [["login", true, uid], ["ended", "logout"], ["logout"]],
  });
  assert.ok(r.rate === null || r.rate === "number");
});

test("the worker refuses a message asking it to fetch another URL, and a second init that moves the session to another host", async (t) => {
  const page = await open(t);
  const r = await page.evaluate(
    async ([app, host, evil]) => {
      const worker = new Worker("/node_modules/cometchat-wasm/worker.js", { type: "module" });
      const { port1, port2 } = new MessageChannel();
      worker.postMessage(port2, [port2]);
      const ask = (msg) => new Promise((ok) => ((port1.onmessage = ({ data }) => ok(data)), port1.postMessage(msg)));
      return {
        init: await ask([1, "init", [app, { clientHost: host }]]),
        fetch: await ask([2, "fetch", [evil]]),
        request: await ask([3, "request", [evil, "GET", {}]]),
        moved: await ask([4, "init", [app, { clientHost: evil }]]),
        proto: await ask([5, "__proto__", []]),
      };
    },
    [APP_ID, host(), `${emulator.url}/evil/v3.0`],
  );
  assert.deepEqual(r.init, [1, 1, { v: true }, null], "init is answered");
  for (const [key, code] of [["fetch", "UNKNOWN_MESSAGE"], ["request", "UNKNOWN_MESSAGE"], ["moved", "WORKER_SETTINGS_FIXED"], ["proto", "UNKNOWN_MESSAGE"]]) {
    assert.equal(r[key][1], 0, `${key} is refused`);
    assert.equal(r[key][2].code, code, key);
  }
  assert.equal((await emulator.requests()).filter((q) => q.path.includes("/evil")).length, 0, "nothing was sent to the other URL");
});

test("a worker that cannot start rejects init with WORKER_FAILED, and the page can init again without it", async (t) => {
  const { uid, token } = await emulator.newUser("no-worker");
  const page = await open(t);
  const r = await page.evaluate(
    async ([app, host, tok]) => {
      const { CometChat, CometChatException } = await import("cometchat-wasm");
      const settings = new CometChat.AppSettingsBuilder().overrideClientHost(host).build();
      const failed = await CometChat.init(app, settings, { worker: "/no-such-worker.js" }).then(() => "resolved", (e) => [e instanceof CometChatException, e.code]);
      await CometChat.init(app, settings);
      return { failed, me: (await CometChat.login(tok)).getUid() };
    },
    [APP_ID, host(), token],
  );
  assert.deepEqual(r, { failed: [true, "WORKER_FAILED"], me: uid });
});

// Runs in the page: `init` in worker mode with the dying worker (its `Worker` kept on window),
// then a login through the token URL that never answers; the worker is told to die once that is
// pending. Resolves how the pending call ended and how long after the death, then how a later
// call ends and how long it took.
const DIE_WHILE_PENDING = async ([app, host, timeout]) => {
  const { CometChat, CometChatException } = await import("cometchat-wasm");
  const workers = [];
  const Real = Worker;
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      workers.push(this);
    }
  };
  const settings = new CometChat.AppSettingsBuilder().overrideClientHost(host).setRequestTimeout(timeout).build();
  await CometChat.init(app, settings, { worker: "/test/dying-worker.js" });
  const outcome = (p) => p.then(() => "resolved", (e) => [e instanceof CometChatException, e.code]);
  const pending = outcome(CometChat.login({ tokenUrl: "/api/hang" }));
  await new Promise((r) => setTimeout(r, 200));
  workers[0].postMessage("die");
  const died = performance.now();
  const first = await Promise.race([pending, new Promise((r) => setTimeout(() => r("still pending"), 10_000))]);
  const after = Math.round(performance.now() - died);
  const started = performance.now();
  const later = await Promise.race([outcome(CometChat.getUser("anyone")), new Promise((r) => setTimeout(() => r("still pending"), 1000))]);
  return { workers: workers.length, first, after, later, laterMs: Math.round(performance.now() - started) };
};

test("worker mode: a worker that dies rejects the pending call with WORKER_FAILED at once (its lock is released), and every later call", async (t) => {
  const page = await open(t);
  const asked = hangHits;
  const r = await page.evaluate(DIE_WHILE_PENDING, [APP_ID, host(), 10_000]);
  assert.equal(hangHits, asked + 1, "the call was pending in the worker, at the token URL");
  assert.deepEqual([r.workers, r.first, r.later], [1, [true, "WORKER_FAILED"], [true, "WORKER_FAILED"]]);
  assert.ok(r.after < 1000, `the pending call rejected ${r.after} ms after the worker died (its deadline: 10 s)`);
  assert.ok(r.laterMs < 50, `a later call took ${r.laterMs} ms`);
});

test("worker mode without Web Locks: a pending call through a dead worker still rejects WORKER_FAILED (its backstop timer), and every later call at once", async (t) => {
  const page = await open(t);
  await page.evaluate(() => Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined, configurable: true }));
  const r = await page.evaluate(DIE_WHILE_PENDING, [APP_ID, host(), 1000]);
  assert.deepEqual([r.workers, r.first, r.later], [1, [true, "WORKER_FAILED"], [true, "WORKER_FAILED"]]);
  // Three request timeouts (a call, its token's renewal, the call again) and 2 s of margin.
  assert.ok(r.after > 3000 && r.after < 6000, `the pending call rejected ${r.after} ms after the worker died`);
  assert.ok(r.laterMs < 50, `a later call took ${r.laterMs} ms`);
});

test("worker mode: the settings are fixed when the first init starts: a second init with another host in the same tick is refused, one worker starts, the other host hears nothing", async (t) => {
  const { uid, token } = await emulator.newUser("fixed");
  const page = await open(t);
  const heard = otherHits;
  const r = await page.evaluate(INIT_RACE, ["cometchat-wasm", APP_ID, host(), `http://127.0.0.1:${other.address().port}/v3.0`, token]);
  assert.deepEqual(r, { first: true, moved: "WORKER_SETTINGS_FIXED", same: true, workers: 1, me: uid, movedLater: "WORKER_SETTINGS_FIXED" });
  assert.equal(otherHits, heard, "a request reached the other host");
});

test("login({ tokenUrl }) without URL.canParse (Chrome < 120, Firefox < 115, Safari < 17): works, and a bad URL is INVALID_TOKEN_URL", async (t) => {
  const { uid } = await emulator.newUser("old-engine");
  signedIn = uid;
  for (const worker of [false, true]) {
    const page = await open(t);
    await page.evaluate(() => delete URL.canParse);
    await page.evaluate(INIT, [APP_ID, host(), worker, false]);
    const r = await page.evaluate(async () => {
      const code = (p) => p.then((u) => u.getUid(), (e) => [e instanceof CometChat.CometChatException, e.code]);
      return { bad: await code(CometChat.login({ tokenUrl: "http://[::1" })), me: await code(CometChat.login({ tokenUrl: "/api/token" })) };
    });
    assert.deepEqual(r, { bad: [true, "INVALID_TOKEN_URL"], me: uid }, worker ? "worker mode" : "in the page");
  }
});

test("a strict-CSP page (no inline script, no eval, no blob:) works with the worker URL option", async (t) => {
  const { uid } = await emulator.newUser("strict");
  signedIn = uid;
  const page = await browser.newPage();
  const violations = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  t.after(() => page.close());
  await page.goto(`${strictSite.url}/strict.html`);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 10000 });
  assert.equal(await page.textContent("#out"), `hello ${uid}`);
  assert.deepEqual(violations, []);
});

test("persistence: a reload restores the session with no login request; the stored values never hold the token; the key cannot be exported; logout leaves nothing", async (t) => {
  const { uid, token } = await emulator.newUser("persist");
  const page = await open(t);
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  await page.evaluate(async (tok) => CometChat.login(tok), token);
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100))); // the write commits
  const stored = await page.evaluate(STORED);
  assert.equal(stored.sessions.length, 1);
  assert.deepEqual(stored.sessions[0].fields, ["data", "iv", "sid"], "the session id is in the clear (not a secret), the rest encrypted");
  for (const s of stored.sessions) assert.equal(occurrences([...s.iv, ...s.data], token), 0);
  assert.equal(stored.keys.length, 1);
  const key = await page.evaluate(async () => {
    const db = await new Promise((ok) => (indexedDB.open("cometchat-wasm").onsuccess = (e) => ok(e.target.result)));
    const k = await new Promise((ok) => (db.transaction("keys").objectStore("keys").getAll().onsuccess = (e) => ok(e.target.result[0])));
    db.close();
    const exported = await crypto.subtle.exportKey("raw", k).then(() => "exported", (e) => e.name);
    return { type: k.constructor.name, extractable: k.extractable, algorithm: k.algorithm.name, exported };
  });
  assert.deepEqual(key, { type: "CryptoKey", extractable: false, algorithm: "AES-GCM", exported: "InvalidAccessError" });
  const manifest = await page.evaluate(() => CometChat.storageManifest());
  assert.equal(manifest.persistence, "encrypted");
  assert.deepEqual(manifest.entries.map((e) => [e.where, e.database, e.store, e.key, e.encrypted]), [
    ["IndexedDB", "cometchat-wasm", "keys", "session-key", false],
    ["IndexedDB", "cometchat-wasm", "sessions", APP_ID, true],
  ]);
  assert.equal(count(JSON.stringify(manifest), token), 0);

  await emulator.clearRequests();
  await page.reload();
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.equal(await page.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid()), uid);
  assert.equal(await page.evaluate(async (u) => (await CometChat.getUser(u)).getUid(), uid), uid, "the restored token works");
  const log = await emulator.requests();
  assert.deepEqual(log.filter((r) => r.method === "PUT").length, 0, "no login request after the reload");

  await page.evaluate(() => CometChat.logout());
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100)));
  assert.deepEqual(await page.evaluate(STORED), { keys: [], sessions: [] }, "logout leaves nothing stored");
  await page.reload();
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.equal(await page.evaluate(() => CometChat.getLoggedinUser()), null);
});

// Signs in with persistence, then breaks what is stored with `damage` (in the page) and reloads.
async function afterDamage(t, damage, app = APP_ID) {
  const { token } = await emulator.newUser("damage");
  const page = await open(t);
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  await page.evaluate(async (tok) => CometChat.login(tok), token);
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100)));
  await page.evaluate(damage);
  await page.reload();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const result = await page.evaluate(
    async (args) => {
      const { CometChat } = await import("cometchat-wasm");
      await CometChat.init(args[0], new CometChat.AppSettingsBuilder().overrideClientHost(args[1]).setSessionPersistence("encrypted").build());
      return { me: await CometChat.getLoggedinUser(), manifest: await CometChat.storageManifest() };
    },
    [app, host()],
  );
  return { ...result, errors, stored: await page.evaluate(STORED) };
}

const edit = (store, f) =>
  new Promise((ok, fail) => {
    const r = indexedDB.open("cometchat-wasm");
    r.onsuccess = () => {
      const t = r.result.transaction(store, "readwrite");
      f(t.objectStore(store));
      t.oncomplete = () => (r.result.close(), ok());
      t.onerror = fail;
    };
  });

test("persistence: corrupted ciphertext starts signed out cleanly and the record is deleted", async (t) => {
  const r = await afterDamage(t, () =>
    new Promise((ok) => {
      const open = indexedDB.open("cometchat-wasm");
      open.onsuccess = () => {
        const s = open.result.transaction("sessions", "readwrite").objectStore("sessions");
        const c = s.openCursor();
        c.onsuccess = () => {
          const v = c.result.value;
          const data = new Uint8Array(v.data.slice(0));
          data[5] ^= 0xff;
          c.result.update({ ...v, data: data.buffer });
          s.transaction.oncomplete = () => (open.result.close(), ok());
        };
      };
    }),
  );
  assert.equal(r.me, null);
  assert.deepEqual(r.errors, []);
  assert.equal(r.stored.sessions.length, 0);
  assert.equal(r.manifest.persistence, "encrypted");
});

test("persistence: a deleted key starts signed out cleanly", async (t) => {
  const r = await afterDamage(t, `(${edit})("keys", (s) => s.clear())`);
  assert.equal(r.me, null);
  assert.deepEqual(r.errors, []);
  assert.equal(r.stored.sessions.length, 0);
});

test("persistence: another app id starts signed out, and leaves the first app's session alone", async (t) => {
  const r = await afterDamage(t, () => {}, "another-app");
  assert.equal(r.me, null);
  assert.deepEqual(r.errors, []);
  assert.equal(r.stored.sessions.length, 1, "the first app's session is not another app's to delete");
});

test("persistence: a record moved under another app's name does not open (the app id is authenticated)", async (t) => {
  const r = await afterDamage(
    t,
    `(${edit})("sessions", (s) => { const g = s.get(${JSON.stringify(APP_ID)}); g.onsuccess = () => s.put(g.result, "another-app"); })`,
    "another-app",
  );
  assert.equal(r.me, null);
  assert.deepEqual(r.errors, []);
  assert.equal(r.stored.sessions.length, 1, "the moved copy is deleted, the real one stays");
});

test("persistence: two tabs share the session; a login and a logout in one reach the other within a second", async (t) => {
  const { uid, token } = await emulator.newUser("tabs");
  const context = await launchBrowser();
  t.after(() => context.close());
  const [a, b] = [await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), false, true]);
  await b.evaluate(() => {
    window.events = [];
    CometChat.addLoginListener("tabs", new CometChat.LoginListener({ loginSuccess: (u) => events.push(["login", u.getUid()]) }));
    CometChat.onSessionEnded((e) => events.push(["ended", e.reason]));
  });
  await a.evaluate(async (tok) => CometChat.login(tok), token);
  await waitUntil("tab b signed in", () => b.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid()));
  assert.equal(await b.evaluate(async () => (await CometChat.getLoggedinUser()).getUid()), uid);
  await a.evaluate(() => CometChat.logout());
  await waitUntil("tab b signed out", () => b.evaluate(async () => (await CometChat.getLoggedinUser()) === null));
  await waitUntil("tab b's events", () => b.evaluate(() => window.events.length === 2));
  assert.deepEqual(await b.evaluate(() => window.events), [["login", uid], ["ended", "logout-elsewhere"]]);
});

test("persistence with IndexedDB unavailable (mocked: open throws, as in a sandboxed document): memory only, the manifest says so, nothing stored", async (t) => {
  const { uid, token } = await emulator.newUser("no-idb");
  const context = await launchBrowser(); // a fresh profile: its storage is this test's alone
  t.after(() => context.close());
  const page = await open(t, context);
  await page.evaluate(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException("The user denied permission to access the database.", "SecurityError");
    };
  });
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.equal(await page.evaluate(async (tok) => (await CometChat.login(tok)).getUid(), token), uid);
  const manifest = await page.evaluate(() => CometChat.storageManifest());
  assert.equal(manifest.persistence, "memory");
  assert.match(manifest.reason, /SecurityError/);
  assert.deepEqual(manifest.entries, []);
  assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), []);
  assert.equal(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })), "{}{}");
});

test("no persistence (the default): nothing is written to any storage", async (t) => {
  const { token } = await emulator.newUser("default");
  const context = await launchBrowser(); // a fresh profile: its storage is this test's alone
  t.after(() => context.close());
  const page = await open(t, context);
  await page.evaluate(INIT, [APP_ID, host(), false, false]);
  await page.evaluate(async (tok) => CometChat.login(tok), token);
  const r = await page.evaluate(async () => ({
    manifest: await CometChat.storageManifest(),
    databases: (await indexedDB.databases()).map((d) => d.name),
    storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  }));
  assert.deepEqual(r, { manifest: { persistence: "none", entries: [] }, databases: [], storage: "{}{}" });
});

test("worker mode with persistence: the worker keeps the session without its token, and a reload restores it there through the token URL", async (t) => {
  const { uid } = await emulator.newUser("worker-persist");
  signedIn = uid;
  const page = await open(t);
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  await page.evaluate(() => CometChat.login({ tokenUrl: "/api/token" }));
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100)));
  const manifest = await page.evaluate(() => CometChat.storageManifest());
  assert.deepEqual(manifest.entries.map((e) => e.store), ["keys", "sessions"]);
  await emulator.clearRequests();
  const asked = minted.length;
  await page.reload();
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  assert.equal(await page.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid()), uid);
  assert.equal((await emulator.requests()).filter((r) => r.method === "PUT").length, 1, "one login confirms the fresh token");
  assert.equal(minted.length, asked + 1, "no token at rest: the restore asked the token URL");
  await page.evaluate(() => CometChat.logout());
});

test("worker mode with persistence: a revoked token is renewed from the tokenUrl by the worker, and a session the server ends is deleted", async (t) => {
  const { uid } = await emulator.newUser("renewed");
  signedIn = uid;
  const page = await open(t);
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  await page.evaluate(async () => {
    window.ended = [];
    CometChat.onSessionEnded((e) => window.ended.push([e.reason, e.error?.code]));
    await CometChat.login({ tokenUrl: "/api/token" });
  });
  const first = minted.at(-1);
  const revoke = (token) => emulator.admin("DELETE", `users/${uid}/auth_tokens/${token}`);
  assert.equal((await revoke(first)).status, 200);
  // The next call fails on the revoked token; the worker asks the token URL again and resends it.
  assert.equal(await page.evaluate(async (u) => (await CometChat.getUser(u)).getUid(), uid), uid);
  const second = minted.at(-1);
  assert.notEqual(second, first, "a new token was minted");
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100)));
  await page.reload();
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  assert.equal(await page.evaluate(async (u) => (await CometChat.getUser(u)).getUid(), uid), uid, "the session was restored");
  assert.notEqual(minted.at(-1), second, "no token at rest: after the reload the token URL was asked again");
  // The backend deletes the user: the session ends as user-gone, and nothing stays stored.
  await page.evaluate(() => {
    window.ended = [];
    CometChat.onSessionEnded((e) => window.ended.push([e.reason, e.error?.code]));
  });
  assert.equal((await emulator.admin("DELETE", `users/${uid}`, { permanent: true })).status, 200);
  const code = await page.evaluate(async (u) => CometChat.getUser(u).then(() => "resolved", (e) => e.code), uid);
  assert.ok(["ERR_UID_NOT_FOUND", "AUTH_ERR_AUTH_TOKEN_NOT_FOUND"].includes(code), code);
  await waitUntil("the session ended", () => page.evaluate(() => window.ended.length === 1));
  const manifest = await page.evaluate(() => CometChat.storageManifest());
  assert.deepEqual(manifest.entries.filter((e) => e.store === "sessions").map((e) => e.key), [], "the ended session is no longer stored");
});

test("init without persistence after one with it: the page stops keeping the session", async (t) => {
  const { uid, token } = await emulator.newUser("switched-off");
  const context = await launchBrowser(); // a fresh profile: its storage is this test's alone
  t.after(() => context.close());
  const page = await open(t, context);
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  await page.evaluate(INIT, [APP_ID, host(), false, false]);
  assert.equal(await page.evaluate(async (tok) => (await CometChat.login(tok)).getUid(), token), uid);
  await page.evaluate(async () => new Promise((r) => setTimeout(r, 100)));
  assert.deepEqual(await page.evaluate(() => CometChat.storageManifest()), { persistence: "none", entries: [] });
  assert.deepEqual((await page.evaluate(STORED)).sessions, [], "the login was not stored");
});

test("setSessionPersistence refuses anything but \"none\" and \"encrypted\" at init, and login({ tokenUrl }) refuses another origin", async (t) => {
  const page = await open(t);
  const r = await page.evaluate(
    async ([app, host]) => {
      const { CometChat } = await import("cometchat-wasm");
      const code = (p) => p.then(() => "resolved", (e) => e.code);
      const settings = (mode) => new CometChat.AppSettingsBuilder().overrideClientHost(host).setSessionPersistence(mode).build();
      const out = { plain: await code(CometChat.init(app, settings("localStorage"))), none: await code(CometChat.init(app, settings("none"))) };
      out.otherOrigin = await code(CometChat.login({ tokenUrl: "https://evil.example/token" }));
      out.both = await code(CometChat.login({ tokenUrl: "/api/token", authToken: "abc" }));
      out.notString = await code(CometChat.login({ tokenUrl: 42 }));
      return out;
    },
    [APP_ID, host()],
  );
  assert.deepEqual(r, { plain: "INVALID_SESSION_PERSISTENCE", none: "resolved", otherOrigin: "INVALID_TOKEN_URL", both: "INVALID_TOKEN_PROVIDER", notString: "INVALID_TOKEN_URL" });
});
