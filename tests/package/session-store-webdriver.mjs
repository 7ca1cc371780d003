// Where the session lives, in Firefox and WebKitGTK: the checks of session-store.test.mjs and
// trust.test.mjs that need no DevTools protocol (heap snapshots are Chromium's), driven through
// WebDriver classic (scripts/lib/webdriver.mjs). The engine is WEBDRIVER_ENGINE, set by the
// suite's file for that engine (session-store.firefox.test.mjs, session-store.webkit.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { startDriver } from "../../scripts/lib/webdriver.mjs";
import { APP_ID, installTarball, serveStatic, startEmulator, importMapPage, occurrences, DECRYPT_ALL, INIT_RACE, OPEN_NEWER_VERSION } from "./harness.mjs";
import { PKG, run as runIn } from "./webdriver-page.mjs";

const ENGINE = process.env.WEBDRIVER_ENGINE;
const NAME = { firefox: "Firefox", webkit: "WebKit" }[ENGINE];
let emulator, site, strictSite, driver, session;
const cspReports = []; // what the strict page's Content-Security-Policy reported (its report-uri)
let signedIn;
const minted = [];

const wd = (method, path, body) => session.call(method, path, body);

const run = (fn, ...args) => runIn(session, fn, ...args);

const goto = (path) => wd("POST", "/url", { url: `${site.url}${path}` });

before(async () => {
  const installed = installTarball();
  emulator = await startEmulator();
  const token = (req, res) =>
    emulator.admin("POST", `users/${signedIn}/auth_tokens`, { force: true }).then(
      (v) => (minted.push(v.body.data.authToken), res.writeHead(200, { "Content-Type": "text/plain" }).end(v.body.data.authToken)),
      () => res.writeHead(500).end(),
    );
  site = await serveStatic(installed.dir, {
    "/index.html": importMapPage(),
    "/api/token": token,
    // A token URL that never answers, and the package's worker, which the test can end from
    // inside (as a crash would) by posting it "die" (session-store.test.mjs).
    "/api/hang": () => {},
    "/test/dying-worker.js": (req, res) =>
      res.writeHead(200, { "Content-Type": "text/javascript" }).end(`import "/node_modules/cometchat-wasm/worker.js";
self.addEventListener("message", ({ data }) => data === "die" && self.close());`),
  });
  // A page with nothing inline (session-store.test.mjs's strict page): no inline script, no eval,
  // no blob: worker. WebDriver classic shows no console, so violations come to its report-uri.
  const csp = { "Content-Security-Policy": `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self' ${emulator.url}; object-src 'none'; base-uri 'none'; report-uri /csp-report` };
  strictSite = await serveStatic(installed.dir, {
    "/strict.html": `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/strict.js"></script></head><body><p id="out">loading</p></body></html>`,
    "/strict.js": (req, res) => res.writeHead(200, { ...csp, "Content-Type": "text/javascript" }).end(`import { CometChat } from "/node_modules/cometchat-wasm/index.js";
const out = document.getElementById("out");
try {
  await CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(`${emulator.url}/v3.0`)}).build(),
    { worker: new URL("/node_modules/cometchat-wasm/worker.js", location.href) });
  const me = await CometChat.login({ tokenUrl: "/api/token" });
  out.textContent = "hello " + (await CometChat.getUser(me.getUid())).getUid();
} catch (e) {
  out.textContent = "failed: " + e.code + " " + e.message;
}`),
    "/api/token": token,
    "/csp-report": (req, res) => {
      let body = "";
      req.on("data", (d) => (body += d)).on("end", () => (cspReports.push(body), res.writeHead(204).end()));
    },
  }, csp);
  driver = await startDriver(ENGINE);
  session = await driver.session();
  await wd("POST", "/timeouts", { script: 30000 });
});

after(async () => {
  await session?.close();
  driver?.stop();
  site?.close();
  strictSite?.close();
  emulator?.stop();
});

// In the page: `init` (persistence and worker as asked), `CometChat` kept on window.
const INIT = async (app, host, worker, persist) => {
  const { CometChat } = await import(PKG);
  let b = new CometChat.AppSettingsBuilder().overrideClientHost(host);
  if (persist) b = b.setSessionPersistence("encrypted");
  await CometChat.init(app, b.build(), worker ? { worker: true } : undefined);
  window.CometChat = CometChat;
  // The memory of this CometChat's own module (an import() in a later script may be another instance).
  const { glueInit } = await import(PKG.replace("index.js", "core.js"));
  window.wasmMemory = Object.values(await glueInit()).find((v) => v instanceof WebAssembly.Memory);
};

// In the page: every value in the package's database, as byte arrays, and the key's properties.
const STORED = async () => {
  const db = await new Promise((ok, fail) => Object.assign(indexedDB.open("cometchat-wasm"), { onsuccess: (e) => ok(e.target.result), onerror: fail }));
  const all = (name) =>
    new Promise((ok, fail) => {
      if (!db.objectStoreNames.contains(name)) return ok([]);
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = fail;
    });
  const keys = await all("keys");
  const sessions = await all("sessions");
  db.close();
  const bytes = (v) => [...new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer)];
  const key = keys[0];
  return {
    keys: keys.length,
    sessions: sessions.map((s) => [...bytes(s.iv), ...bytes(s.data)]),
    key: key ? { extractable: key.extractable, exported: await crypto.subtle.exportKey("raw", key).then(() => "exported", (e) => e.name) } : null,
  };
};

const host = () => `${emulator.url}/v3.0`;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test(`${NAME}, persistence: a reload restores the session with no login request, nothing stored holds the token, the key cannot be exported, logout leaves nothing`, async () => {
  const { uid, token } = await emulator.newUser("ff-persist");
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  assert.equal(await run(async (tok) => (await CometChat.login(tok)).getUid(), token), uid);
  await pause(150);
  const stored = await run(STORED);
  assert.equal(stored.keys, 1);
  assert.equal(stored.sessions.length, 1);
  assert.equal(occurrences(stored.sessions[0], token), 0);
  assert.deepEqual(stored.key, { extractable: false, exported: "InvalidAccessError" });
  await emulator.clearRequests();
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  assert.equal(await run(async () => (await CometChat.getLoggedinUser())?.getUid()), uid);
  assert.equal(await run(async (u) => (await CometChat.getUser(u)).getUid(), uid), uid);
  assert.equal((await emulator.requests()).filter((r) => r.method === "PUT").length, 0, "no login request after the reload");
  await run(async () => CometChat.logout());
  await pause(150);
  assert.deepEqual(await run(STORED), { keys: 0, sessions: [], key: null });
});

test(`${NAME}, persistence: two tabs share the session; a login and a logout in one reach the other within a second`, async () => {
  const { uid, token } = await emulator.newUser("ff-tabs");
  await goto("/index.html");
  const a = await wd("GET", "/window");
  await run(INIT, APP_ID, host(), false, true);
  const { handle: b } = await wd("POST", "/window/new", { type: "tab" });
  await wd("POST", "/window", { handle: b });
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  await run(async () => {
    window.events = [];
    CometChat.onSessionEnded((e) => window.events.push(e.reason));
  });
  await wd("POST", "/window", { handle: a });
  await run(async (tok) => void (await CometChat.login(tok)), token);
  await wd("POST", "/window", { handle: b });
  const seen = async (check) => {
    const end = Date.now() + 1000;
    while (!(await run(check))) {
      assert.ok(Date.now() < end, `not within a second: ${check}`);
      await pause(25);
    }
  };
  await seen(async () => (await CometChat.getLoggedinUser()) !== null);
  assert.equal(await run(async () => (await CometChat.getLoggedinUser()).getUid()), uid);
  await wd("POST", "/window", { handle: a });
  await run(async () => CometChat.logout());
  await wd("POST", "/window", { handle: b });
  await seen(async () => (await CometChat.getLoggedinUser()) === null);
  await pause(50);
  assert.deepEqual(await run(async () => window.events), ["logout-elsewhere"]);
  await wd("DELETE", "/window");
  await wd("POST", "/window", { handle: a });
});

test(`${NAME}, worker mode: login({ tokenUrl }) in the worker; calls, errors and logout through the handle; the token is nowhere in the page's wasm memory, storage or DOM`, async () => {
  const { uid } = await emulator.newUser("ff-worker");
  signedIn = uid;
  await goto("/index.html");
  await run(INIT, APP_ID, host(), true, false);
  const r = await run(async (me) => {
    const { CometChatException, User } = CometChat; // one module instance (a new import() from WebDriver's script may be another)
    const user = await CometChat.login({ tokenUrl: "/api/token" });
    const again = await CometChat.getUser(me);
    const missing = await CometChat.getUser("no-such-user-ff").then(() => "resolved", (e) => [e instanceof CometChatException, e.code]);
    const memory = window.wasmMemory;
    const out = {
      user: [user instanceof User, user.getUid(), again.getUid()],
      missing,
      memory: [...new Uint8Array(memory.buffer)],
      page: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie + document.documentElement.outerHTML,
    };
    await CometChat.logout();
    out.after = await CometChat.getLoggedinUser();
    return out;
  }, uid);
  assert.deepEqual([r.user, r.missing, r.after], [[true, uid, uid], [true, "ERR_UID_NOT_FOUND"], null]);
  const token = minted.at(-1);
  assert.ok(token, "the worker fetched a token");
  assert.ok(occurrences(r.memory, `${host()}/`) > 0, "the memory read is the page's module's (it keeps the host of its init)");
  assert.equal(occurrences(r.memory, token), 0, "the page's wasm memory");
  assert.equal(r.page.split(token).length - 1, 0, "the page's storage and DOM");
});

test(`${NAME}, worker mode: a worker that dies rejects the pending call with WORKER_FAILED at once, and every later call`, async () => {
  await goto("/index.html");
  const r = await run(async (app, host) => {
    const { CometChat, CometChatException } = await import(PKG);
    const workers = [];
    const Real = Worker;
    window.Worker = class extends Real {
      constructor(...args) {
        super(...args);
        workers.push(this);
      }
    };
    const settings = new CometChat.AppSettingsBuilder().overrideClientHost(host).setRequestTimeout(10_000).build();
    await CometChat.init(app, settings, { worker: "/test/dying-worker.js" });
    const outcome = (p) => p.then(() => "resolved", (e) => [e instanceof CometChatException, e.code]);
    const pending = outcome(CometChat.login({ tokenUrl: "/api/hang" }));
    await new Promise((r) => setTimeout(r, 200));
    workers[0].postMessage("die");
    const died = performance.now();
    const first = await Promise.race([pending, new Promise((r) => setTimeout(() => r("still pending"), 10_000))]);
    const after = Math.round(performance.now() - died);
    const later = await Promise.race([outcome(CometChat.getUser("anyone")), new Promise((r) => setTimeout(() => r("still pending"), 1000))]);
    return { first, after, later };
  }, APP_ID, host());
  assert.deepEqual([r.first, r.later], [[true, "WORKER_FAILED"], [true, "WORKER_FAILED"]]);
  assert.ok(r.after < 1000, `the pending call rejected ${r.after} ms after the worker died`);
});

test(`${NAME}, no persistence (the default): nothing is written to any storage`, async () => {
  const { token } = await emulator.newUser("ff-default");
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, false);
  await run(async (tok) => void (await CometChat.login(tok)), token);
  const r = await run(async () => ({
    manifest: await CometChat.storageManifest(),
    sessions: await new Promise((ok) => {
      const open = indexedDB.open("cometchat-wasm");
      open.onupgradeneeded = () => open.transaction.abort(); // absent: leave it absent
      open.onsuccess = () => (ok(open.result.objectStoreNames.contains("sessions") ? "present" : "absent"), open.result.close());
      open.onerror = () => ok("absent");
    }),
    storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  }));
  // The database may exist from the tests above (one profile), but holds no session.
  assert.deepEqual(r.manifest, { persistence: "none", entries: [] });
  assert.equal(r.storage, "{}{}");
  if (r.sessions === "present") assert.deepEqual(await run(STORED), { keys: 0, sessions: [], key: null });
  await run(async () => CometChat.logout());
});

test(`${NAME}, attacker in the page, worker mode with persistence and a token URL: the stored session decrypts, holds no token, and a reload restores it through the token URL`, async () => {
  const { uid } = await emulator.newUser("ff-at-rest");
  signedIn = uid;
  await goto("/index.html");
  await run(INIT, APP_ID, host(), true, true);
  assert.equal(await run(async () => (await CometChat.login({ tokenUrl: "/api/token" })).getUid()), uid);
  await run(async () => void (await CometChat.storageManifest()));
  const { records, plain } = await run(DECRYPT_ALL, APP_ID);
  assert.equal(records, 1);
  assert.equal(plain.length, 1, "the script decrypts it");
  assert.ok(plain[0].includes(uid));
  assert.ok(!minted.some((tok) => plain[0].includes(tok)), "no token at rest");
  const before = minted.length;
  await goto("/index.html");
  await run(INIT, APP_ID, host(), true, true);
  assert.equal(await run(async () => (await CometChat.getLoggedinUser())?.getUid()), uid);
  assert.equal(minted.length, before + 1, "the restore asked the token URL");
  await run(async () => CometChat.logout());
});

test(`${NAME}, tabs: two logins at once end with both tabs and the store on the same session`, async () => {
  const [x, y] = [await emulator.newUser("ff-race-a"), await emulator.newUser("ff-race-b")];
  await goto("/index.html");
  const a = await wd("GET", "/window");
  await run(INIT, APP_ID, host(), false, true);
  const { handle: b } = await wd("POST", "/window/new", { type: "tab" });
  await wd("POST", "/window", { handle: b });
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  // Each login is started and left in flight; the other tab's starts before either has answered.
  const start = async (tok) => void (window.login = CometChat.login(tok));
  await run(start, y.token);
  await wd("POST", "/window", { handle: a });
  await run(start, x.token);
  const state = async () => {
    const on = [];
    for (const h of [a, b]) {
      await wd("POST", "/window", { handle: h });
      on.push(await run(async () => (await window.login.catch(() => {}), (await CometChat.getLoggedinUser())?.getUid() ?? null)));
    }
    const stored = await run(DECRYPT_ALL, APP_ID);
    return [...on, stored.plain[0] && JSON.parse(stored.plain[0]).user.uid];
  };
  let last;
  for (const end = Date.now() + 3000; Date.now() < end; await pause(50)) {
    last = await state();
    if (last[0] && last[0] === last[1] && last[1] === last[2]) break;
  }
  assert.ok(last[0] && last[0] === last[1] && last[1] === last[2], `tabs and store disagree: ${last}`);
  await wd("POST", "/window", { handle: b });
  await wd("DELETE", "/window");
  await wd("POST", "/window", { handle: a });
  await run(async () => CometChat.logout());
});

test(`${NAME}, IndexedDB: a newer version opened elsewhere is not blocked; the session stays in memory and the manifest says why`, async () => {
  const { token } = await emulator.newUser("ff-idb");
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  await run(async (tok) => void (await CometChat.login(tok)), token);
  const upgraded = await run(OPEN_NEWER_VERSION);
  assert.equal(upgraded, "opened");
  const manifest = await run(async () => CometChat.storageManifest());
  assert.equal(manifest.persistence, "memory");
  assert.ok(await run(async () => (await CometChat.getLoggedinUser()) !== null), "the session stays, in memory");
  // Later tests of this profile start from version 1 again.
  await run(async () => new Promise((ok) => Object.assign(indexedDB.deleteDatabase("cometchat-wasm"), { onsuccess: ok, onerror: ok, onblocked: ok })));
  await run(async () => CometChat.logout());
});

test(`${NAME}, worker mode: the settings are fixed when the first init starts: a second init with another host in the same tick is refused, one worker starts, the other host hears nothing`, async () => {
  const { uid, token } = await emulator.newUser("ff-fixed");
  let hits = 0;
  const other = createServer((req, res) => (hits++, res.writeHead(204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*" }).end()));
  await new Promise((ok) => other.listen(0, "127.0.0.1", ok));
  try {
    await goto("/index.html");
    const r = await run(INIT_RACE, [PKG, APP_ID, host(), `http://127.0.0.1:${other.address().port}/v3.0`, token]);
    assert.deepEqual(r, { first: true, moved: "WORKER_SETTINGS_FIXED", same: true, workers: 1, me: uid, movedLater: "WORKER_SETTINGS_FIXED" });
    assert.equal(hits, 0, "a request reached the other host");
  } finally {
    other.close();
  }
});

test(`${NAME}, login({ tokenUrl }) without URL.canParse (Chrome < 120, Firefox < 115, Safari < 17): works, and a bad URL is INVALID_TOKEN_URL, in the page and in worker mode`, async () => {
  const { uid } = await emulator.newUser("ff-old-engine");
  signedIn = uid;
  for (const worker of [false, true]) {
    await goto("/index.html");
    await run(async () => void delete URL.canParse);
    await run(INIT, APP_ID, host(), worker, false);
    const r = await run(async () => {
      const code = (p) => p.then((u) => u.getUid(), (e) => [e instanceof CometChat.CometChatException, e.code]);
      const out = { bad: await code(CometChat.login({ tokenUrl: "http://[::1" })), me: await code(CometChat.login({ tokenUrl: "/api/token" })) };
      await CometChat.logout();
      return out;
    });
    assert.deepEqual(r, { bad: [true, "INVALID_TOKEN_URL"], me: uid }, worker ? "worker mode" : "in the page");
  }
});

test(`${NAME}, tabs: init with another app ends the old app's session in its other tab and deletes its record; a logout is never undone by the other tab's save`, async () => {
  const { token } = await emulator.newUser("ff-old-app");
  await goto("/index.html");
  const a = await wd("GET", "/window");
  await run(INIT, APP_ID, host(), false, true);
  const { handle: b } = await wd("POST", "/window/new", { type: "tab" });
  await wd("POST", "/window", { handle: b });
  await goto("/index.html");
  await run(INIT, APP_ID, host(), false, true);
  await run(async () => void ((window.ended = []), CometChat.onSessionEnded((e) => window.ended.push(e.reason))));
  const signedInHere = async () => {
    for (const end = Date.now() + 2000; !(await run(async () => (await CometChat.getLoggedinUser()) !== null)); await pause(25))
      assert.ok(Date.now() < end, "not signed in within 2 s");
  };
  await wd("POST", "/window", { handle: a });
  await run(async (tok) => void (await CometChat.login(tok)), token);
  await wd("POST", "/window", { handle: b });
  await signedInHere();
  // Tab a moves to another app: b hears of it, the old app's record goes. (Through the tab's own
  // CometChat: an import() from a later WebDriver script may be another instance of the module.)
  const reinit = async (app, host) => void (await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).setSessionPersistence("encrypted").build()));
  await wd("POST", "/window", { handle: a });
  await run(reinit, "other-app", host());
  await wd("POST", "/window", { handle: b });
  for (const end = Date.now() + 2000; (await run(async () => window.ended.length)) === 0; await pause(25)) assert.ok(Date.now() < end, "b heard nothing");
  assert.deepEqual(await run(async () => window.ended), ["logout-elsewhere"]);
  assert.equal((await run(DECRYPT_ALL, APP_ID)).records, 0, "the old app's record is deleted");
  // Both tabs on the first app again; b signs in, a saves a profile update while b logs out.
  await run(async (tok) => void (await CometChat.login(tok)), token);
  await wd("POST", "/window", { handle: a });
  await run(reinit, APP_ID, host());
  await signedInHere();
  await run(async () => void (window.saving = CometChat.updateCurrentUserDetails({ statusMessage: "saved late" }).catch(() => {})));
  await wd("POST", "/window", { handle: b });
  await run(async () => CometChat.logout());
  await wd("POST", "/window", { handle: a });
  await run(async () => void (await window.saving));
  await pause(300);
  assert.equal(await run(async () => await CometChat.getLoggedinUser()), null, "tab a is still signed in");
  assert.equal((await run(DECRYPT_ALL, APP_ID)).records, 0, "the logout came back");
  await wd("POST", "/window", { handle: b });
  await wd("DELETE", "/window");
  await wd("POST", "/window", { handle: a });
});

test(`${NAME}, a strict-CSP page (no inline script, no eval, no blob:) works with the worker URL option, and reports no violation`, async () => {
  const { uid } = await emulator.newUser("strict");
  signedIn = uid;
  await wd("POST", "/url", { url: `${strictSite.url}/strict.html` });
  let out;
  for (const end = Date.now() + 10_000; (out = await wd("POST", "/execute/sync", { script: "return document.getElementById('out').textContent", args: [] })) === "loading"; await pause(50))
    assert.ok(Date.now() < end, "the page did not finish");
  assert.equal(out, `hello ${uid}`);
  await pause(200); // reports are sent after the fact
  assert.deepEqual(cspReports, []);
});
