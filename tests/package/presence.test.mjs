// Presence over the real-time socket (Part A, "Presence"): the packed package in Debian's
// Chromium against the emulator's real WebSocket. Users in separate browser profiles see each
// other come and go; the status is true after disconnect() and logout; a dropped link comes back;
// tabs sharing a persisted session share one socket, and another takes over when its holder
// closes; in worker mode the credential never reaches the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { APP_ID, installTarball, serveStatic, startEmulator, launchBrowser, importMapPage, DECRYPT_ALL, heapSnapshot, presenceClient } from "./harness.mjs";

let emulator, site;

before(async () => {
  const installed = installTarball();
  // A short grace period: a user goes offline 300 ms after their last socket closed.
  emulator = await startEmulator(["--presence-grace-ms", "300"]);
  site = await serveStatic(installed.dir, { "/index.html": importMapPage() });
});

after(async () => {
  site?.close();
  emulator?.stop();
});

const host = () => `${emulator.url}/v3.0`;

async function fresh(t) {
  const context = await launchBrowser();
  t.after(() => context.close());
  return context;
}

async function open(t, context) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  if (process.env.DEBUG_PAGES) {
    const n = (open.n = (open.n ?? 0) + 1);
    page.on("console", (m) => console.log(`console ${n}:`, m.text()));
    page.on("websocket", (ws) => {
      console.log(`ws ${n}:`, ws.url());
      ws.on("framereceived", (f) => console.log(`recv ${n}:`, String(f.payload).slice(0, 160)));
      ws.on("close", () => console.log(`ws closed ${n}`));
    });
    page.on("request", (r) => console.log("req:", r.method(), r.url()));
  }
  t.after(() => assert.deepEqual(problems, [], "uncaught errors in the page"));
  await page.goto(`${site.url}/index.html`);
  return page;
}

// Runs in the page: `init` (subscribed to all users unless `subscribe` is false), with listeners
// that record every presence and connection event in `window.events`.
const INIT = async ([app, host, { worker = false, persist = false, subscribe = true, cache = 0 } = {}]) => {
  const { CometChat } = await import("cometchat-wasm");
  let b = new CometChat.AppSettingsBuilder().overrideClientHost(host).setUserCacheTTL(cache);
  if (subscribe) b = b.subscribePresenceForAllUsers();
  if (persist) b = b.setSessionPersistence("encrypted");
  window.events = [];
  CometChat.addUserListener(
    "t",
    new CometChat.UserListener({
      onUserOnline: (u) => events.push(["online", u.getUid(), u.getStatus(), typeof u.getLastActiveAt()]),
      onUserOffline: (u) => events.push(["offline", u.getUid(), u.getStatus(), typeof u.getLastActiveAt()]),
    }),
  );
  CometChat.addConnectionListener(
    "t",
    new CometChat.ConnectionListener({
      inConnecting: () => events.push(["connecting"]),
      onConnected: () => events.push(["connected"]),
      onDisconnected: (e) => events.push(["disconnected", e?.code ?? null]),
    }),
  );
  await CometChat.init(app, b.build(), worker ? { worker: true } : undefined);
  window.CometChat = CometChat;
};

async function until(what, check, ms = 5000, state = async () => "") {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what} (waited ${ms} ms); ${JSON.stringify(await state())}`);
}
const events = (page) => page.evaluate(() => window.events);
async function saw(page, ...event) {
  const seen = () => events(page).then((all) => all.some((e) => JSON.stringify(e) === JSON.stringify(event)));
  if (!(await until(`the page saw ${JSON.stringify(event)}`, seen, 5000, () => events(page)))) return;
}
const status = (page) => page.evaluate(() => CometChat.getConnectionStatus());
const socketsOf = async (uid) => (await emulator.sockets()).filter((s) => s.uid === uid && s.authenticated);

async function signedIn(t, tag, options) {
  const user = await emulator.newUser(tag);
  const page = await open(t, await fresh(t));
  await page.evaluate(INIT, [APP_ID, host(), options]);
  await page.evaluate((tok) => CometChat.login(tok), user.token);
  return { ...user, page };
}

test("presence: a subscribed user hears another come online and go, each a User with its status and time", async (t) => {
  const alice = await signedIn(t, "alice");
  await saw(alice.page, "connected");
  assert.equal(await status(alice.page), "connected");
  assert.deepEqual((await events(alice.page)).slice(0, 2), [["connecting"], ["connected"]], "connected only once the server accepted it");
  const [socket] = await socketsOf(alice.uid);
  assert.equal(socket.subscription, "ALL_USERS");

  // Bob is not subscribed: his socket opens on connect().
  const bob = await signedIn(t, "bob", { subscribe: false });
  assert.equal(await status(bob.page), "disconnected", "no subscription, no connect(): no socket");
  assert.deepEqual(await socketsOf(bob.uid), []);
  await bob.page.evaluate(() => CometChat.connect());
  await saw(bob.page, "connected");
  await saw(alice.page, "online", bob.uid, "online", "number");

  await bob.page.evaluate(() => CometChat.logout());
  assert.equal(await status(bob.page), "disconnected", "logout: disconnected at once, not the official SDK's 'connected'");
  await saw(bob.page, "disconnected", null);
  await saw(alice.page, "offline", bob.uid, "offline", "number");
  // REST agrees with what was pushed.
  assert.equal((await emulator.user(bob.uid)).status, "offline");
  await until("bob's socket closed on the server", async () => (await socketsOf(bob.uid)).length === 0);
});

test("presence: disconnect() is true (status and event), connect() comes back, a server drop reconnects by itself", async (t) => {
  const carol = await signedIn(t, "carol");
  await saw(carol.page, "connected");
  await carol.page.evaluate(() => CometChat.disconnect());
  await until("disconnected after disconnect()", async () => (await status(carol.page)) === "disconnected");
  assert.deepEqual((await events(carol.page)).at(-1), ["disconnected", null]);
  await until("the server saw the socket close", async () => (await socketsOf(carol.uid)).length === 0);
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(await socketsOf(carol.uid), [], "no reconnection after disconnect()");

  await carol.page.evaluate(() => CometChat.connect());
  await until("connected again", async () => (await status(carol.page)) === "connected");
  const before = (await events(carol.page)).length;
  await emulator.dropSockets(carol.uid);
  await until("reconnected after the server dropped it", async () => {
    const after = (await events(carol.page)).slice(before).map(([e]) => e);
    return after.join() === "disconnected,connecting,connected";
  });
  assert.equal((await socketsOf(carol.uid)).length, 1);
});

test("presence: an event drops the user cache's copy, so getUser is never staler than the event", async (t) => {
  const kim = await signedIn(t, "kim", { cache: 60_000 });
  await saw(kim.page, "connected");
  const leo = await emulator.newUser("leo");
  const statusOf = () => kim.page.evaluate(async (uid) => (await CometChat.getUser(uid)).getStatus(), leo.uid);
  assert.equal(await statusOf(), "offline");
  const ws = await presenceClient(emulator.url, leo);
  await saw(kim.page, "online", leo.uid, "online", "number");
  assert.equal(await statusOf(), "online", "answered from a cache older than the event");
  ws.close();
  await saw(kim.page, "offline", leo.uid, "offline", "number");
  assert.equal(await statusOf(), "offline");
});

test("presence: a listener that throws keeps neither the others nor the socket from working", async (t) => {
  const dave = await signedIn(t, "dave");
  await dave.page.evaluate(() => {
    CometChat.addUserListener("boom", new CometChat.UserListener({ onUserOnline: () => { throw new Error("listener bug"); } }));
    window.addEventListener("error", (e) => e.preventDefault()); // the browser reports it; the test expects it
  });
  await saw(dave.page, "connected");
  const erin = await signedIn(t, "erin", { subscribe: false });
  await erin.page.evaluate(() => CometChat.connect());
  await saw(dave.page, "online", erin.uid, "online", "number");
});

test("presence, tabs sharing a persisted session: one socket, and another tab takes over within 2 s when its holder closes", async (t) => {
  const frank = await emulator.newUser("frank");
  const context = await fresh(t);
  const [a, b] = [await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), { persist: true }]);
  await a.evaluate((tok) => CometChat.login(tok), frank.token);
  await until("tab b signed in by tab a", () => b.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid()));
  for (const p of [a, b]) await until("both tabs connected", async () => (await status(p)) === "connected");
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await socketsOf(frank.uid)).length, 1, "one socket for the session, not one per tab");

  const grace = await signedIn(t, "grace", { subscribe: false });
  await grace.page.evaluate(() => CometChat.connect());
  for (const p of [a, b]) await saw(p, "online", grace.uid, "online", "number");

  // The holder (tab a: it signed in first, so it asked for the lock first) closes: b takes over,
  // with a socket of its own (another device id on the server).
  const [holder] = await socketsOf(frank.uid);
  await a.close();
  const closedAt = Date.now();
  await until("tab b holds a socket of its own", async () => {
    const now = await socketsOf(frank.uid);
    return now.length === 1 && now[0].deviceId !== holder.deviceId && (await status(b)) === "connected";
  });
  assert.ok(Date.now() - closedAt < 2000, `took ${Date.now() - closedAt} ms`);
  await grace.page.evaluate(() => CometChat.logout());
  await saw(b, "offline", grace.uid, "offline", "number");
});

// The session's socket credential, as the emulator issues it (one per token).
const jwtOf = async ({ token }) =>
  (await (await fetch(`${emulator.url}/v3.0/me`, { headers: { appId: APP_ID, authToken: token, Accept: "application/json" } })).json()).data.jwt;

test("presence in worker mode: the socket lives in the worker, the page hears the events and never holds the credential", async (t) => {
  // The check can fail: in page mode the page's heap holds the credential, as it holds the token.
  const inPage = await signedIn(t, "in-page");
  await saw(inPage.page, "connected");
  assert.ok((await heapSnapshot(inPage.page)).includes(await jwtOf(inPage)), "page mode: the credential is in the page (the check sees it)");

  const henry = await signedIn(t, "henry", { worker: true, persist: true });
  await saw(henry.page, "connected");
  const jwt = await jwtOf(henry);
  assert.match(jwt, /\S{16,}/);
  assert.ok(!(await heapSnapshot(henry.page)).includes(jwt), "worker mode: the credential reached the page's heap");
  assert.equal(await status(henry.page), "connected");
  const ivy = await signedIn(t, "ivy", { subscribe: false });
  await ivy.page.evaluate(() => CometChat.connect());
  await saw(henry.page, "online", ivy.uid, "online", "number");
  // Neither the page's globals, its storage nor its stored session hold a jwt.
  const { plain } = await henry.page.evaluate(DECRYPT_ALL, APP_ID);
  assert.ok(plain.every((p) => !p.includes("jwt")), "no credential at rest");
  const seen = await henry.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie);
  assert.ok(!seen.includes("jwt"));
  // The page's own realm never loaded the socket's module: it lives in the worker.
  const scripts = await henry.page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  assert.ok(!scripts.some((s) => s.endsWith("/presence.js")), "presence.js was loaded by the page");
  await henry.page.evaluate(() => CometChat.logout());
  await until("disconnected after logout", async () => (await status(henry.page)) === "disconnected");
});
