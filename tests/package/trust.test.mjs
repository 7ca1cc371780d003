// Trust under concurrency and hostile pages (Part A): an attacker's script in the page, for each
// mode the README's table "What each mode protects" names, and the origin's tabs racing each other.
// The packed package in Debian's Chromium against a real emulator; the page's "backend" mints
// tokens at /api/token for `signedIn`. Each test failed on the code before the session machine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { APP_ID, installTarball, serveStatic, startEmulator, launchBrowser, importMapPage, DECRYPT_ALL, OPEN_NEWER_VERSION } from "./harness.mjs";

let emulator, site;
let signedIn;
const minted = []; // every token /api/token handed out
const raw = []; // every token the tests log in with directly
const newUser = async (tag) => {
  const user = await emulator.newUser(tag);
  raw.push(user.token);
  return user;
};

before(async () => {
  const installed = installTarball();
  emulator = await startEmulator();
  const token = (req, res) =>
    emulator.admin("POST", `users/${signedIn}/auth_tokens`, { force: true }).then((v) => {
      minted.push(v.body.data.authToken);
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify({ authToken: v.body.data.authToken }));
    });
  site = await serveStatic(installed.dir, { "/index.html": importMapPage(), "/api/token": token });
});

after(async () => {
  site?.close();
  emulator?.stop();
});

const host = () => `${emulator.url}/v3.0`;

async function fresh(t) {
  const context = await launchBrowser(); // a fresh profile: its storage is this test's alone
  t.after(() => context.close());
  return context;
}

async function open(t, context) {
  const page = await context.newPage();
  const problems = [];
  const logged = []; // what the page printed: the package never prints a token
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => logged.push(m.text()));
  t.after(() => {
    assert.deepEqual(problems, [], "uncaught errors in the page");
    const tokens = [...minted, ...raw];
    assert.deepEqual(logged.filter((line) => tokens.some((tok) => line.includes(tok))), [], "a token in the console");
  });
  await page.goto(`${site.url}/index.html`);
  return page;
}

// Runs in the page: `init` with the given mode, every argument JSON.
const INIT = async ([app, host, worker, persist]) => {
  const { CometChat } = await import("cometchat-wasm");
  let b = new CometChat.AppSettingsBuilder().overrideClientHost(host);
  if (persist) b = b.setSessionPersistence("encrypted");
  await CometChat.init(app, b.build(), worker ? { worker: true } : undefined);
  window.CometChat = CometChat;
};

for (const [mode, worker] of [["page", false], ["worker", true]])
  test(`attacker in the page, ${mode} mode with persistence and a token URL: the stored session decrypts, and holds no token`, async (t) => {
    const { uid } = await newUser(`at-rest-${mode}`);
    signedIn = uid;
    const page = await open(t, await fresh(t));
    await page.evaluate(INIT, [APP_ID, host(), worker, true]);
    await page.evaluate(() => CometChat.login({ tokenUrl: "/api/token" }));
    await page.evaluate(() => CometChat.storageManifest()); // the save has committed
    const { records, plain } = await page.evaluate(DECRYPT_ALL, APP_ID);
    assert.equal(records, 1, "the session is kept");
    assert.equal(plain.length, 1, "the attacker decrypts it: the encryption is no defence against a script of the origin");
    assert.ok(plain[0].includes(uid), "it holds the user");
    assert.ok(!minted.some((tok) => plain[0].includes(tok)), "it holds no token");
    // A reload restores it by asking the token URL again (one new token).
    const before = minted.length;
    await page.reload();
    await page.evaluate(INIT, [APP_ID, host(), worker, true]);
    assert.equal(await page.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid()), uid);
    assert.equal(minted.length, before + 1, "the restore asked the token URL");
  });

test("attacker in the page, worker mode with persistence and a raw token: nothing is stored, and the manifest says why", async (t) => {
  const { uid, token } = await newUser("worker-raw");
  const page = await open(t, await fresh(t));
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  assert.equal(await page.evaluate(async (tok) => (await CometChat.login(tok)).getUid(), token), uid);
  const manifest = await page.evaluate(() => CometChat.storageManifest());
  assert.equal(manifest.persistence, "memory");
  assert.match(manifest.reason, /raw auth token is kept in memory only/);
  const { records } = await page.evaluate(DECRYPT_ALL, APP_ID);
  assert.equal(records, 0, "no session record");
  await page.reload();
  await page.evaluate(INIT, [APP_ID, host(), true, true]);
  assert.equal(await page.evaluate(async () => await CometChat.getLoggedinUser()), null, "a reload starts signed out");
});

test("attacker in the page, page mode with persistence and a raw token: the token is stored, and the attacker's script decrypts it (the README says so)", async (t) => {
  const { token } = await newUser("page-raw");
  const page = await open(t, await fresh(t));
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  await page.evaluate((tok) => CometChat.login(tok), token);
  await page.evaluate(() => CometChat.storageManifest());
  const { plain } = await page.evaluate(DECRYPT_ALL, APP_ID);
  assert.ok(plain.some((p) => p.includes(token)), "the one mode that keeps a token at rest");
});

test("tabs: two logins at once end with both tabs and the store on the same session", async (t) => {
  const [a1, b1] = [await newUser("race-a"), await newUser("race-b")];
  const context = await fresh(t);
  const [a, b] = [await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), false, true]);
  await Promise.all([a.evaluate((tok) => CometChat.login(tok), a1.token), b.evaluate((tok) => CometChat.login(tok), b1.token)]);
  const uid = (p) => p.evaluate(async () => (await CometChat.getLoggedinUser())?.getUid());
  const stored = async () => JSON.parse((await a.evaluate(DECRYPT_ALL, APP_ID)).plain[0] ?? "null")?.user?.uid;
  let last;
  for (const end = Date.now() + 3000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    last = [await uid(a), await uid(b), await stored()];
    if (last[0] && last[0] === last[1] && last[1] === last[2]) break;
  }
  assert.ok(last[0] && last[0] === last[1] && last[1] === last[2], `tabs and store disagree: ${last}`);
});

test("tabs: a logout in one tab while the other saves a profile update is never undone by that save", async (t) => {
  const { uid, token } = await newUser("undo");
  const context = await fresh(t);
  const [a, b] = [await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), false, true]);
  await a.evaluate((tok) => CometChat.login(tok), token);
  for (const end = Date.now() + 2000; !(await b.evaluate(async () => !!(await CometChat.getLoggedinUser()))) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  // Both at once: a's update saves the session while b logs out of it.
  await Promise.all([
    a.evaluate(() => CometChat.updateCurrentUserDetails({ statusMessage: "saved late" }).catch(() => {})),
    b.evaluate(() => CometChat.logout()),
  ]);
  await new Promise((r) => setTimeout(r, 500));
  const reload = await open(t, context);
  await reload.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.equal(await reload.evaluate(async () => await CometChat.getLoggedinUser()), null, "the logout came back");
  assert.equal(await a.evaluate(async () => await CometChat.getLoggedinUser()), null, "tab a still signed in as " + uid);
  assert.equal((await a.evaluate(DECRYPT_ALL, APP_ID)).records, 0, "a record is stored");
});

test("tabs: init with another app ends the old app's session in its tabs and deletes its record, and leaves the new app's alone", async (t) => {
  const old = await newUser("old-app");
  const context = await fresh(t);
  const [a, b, c] = [await open(t, context), await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), false, true]);
  await c.evaluate(INIT, ["other-app", host(), false, true]);
  await c.evaluate(() => { window.ended = []; CometChat.onSessionEnded((e) => ended.push(e.reason)); });
  await b.evaluate(() => { window.ended = []; CometChat.onSessionEnded((e) => ended.push(e.reason)); });
  await a.evaluate((tok) => CometChat.login(tok), old.token);
  for (const end = Date.now() + 2000; !(await b.evaluate(async () => !!(await CometChat.getLoggedinUser()))) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  // Tab a moves to the other app.
  await a.evaluate(INIT, ["other-app", host(), false, true]);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await b.evaluate(() => window.ended), ["logout-elsewhere"], "the old app's tab heard of it");
  assert.deepEqual(await c.evaluate(() => window.ended), [], "the new app's tab did not");
  assert.equal((await a.evaluate(DECRYPT_ALL, APP_ID)).records, 0, "the old app's record is deleted");
});

test("tabs: a tab that adopts its own session (another tab saved it) keeps its call in flight", async (t) => {
  const { token } = await newUser("in-flight");
  const context = await fresh(t);
  const [a, b] = [await open(t, context), await open(t, context)];
  for (const p of [a, b]) await p.evaluate(INIT, [APP_ID, host(), false, true]);
  await a.evaluate((tok) => CometChat.login(tok), token);
  for (const end = Date.now() + 2000; !(await b.evaluate(async () => !!(await CometChat.getLoggedinUser()))) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  // Tab a's update is held on the wire while tab b's update is saved and reaches a.
  let release;
  const held = new Promise((r) => (release = r));
  await a.route("**/v3.0/me", async (route) => (route.request().method() === "PUT" ? (await held, route.continue()) : route.continue()));
  const pending = a.evaluate(() => CometChat.updateCurrentUserDetails({ name: "From A" }).then((u) => u.getName()));
  await b.evaluate(() => CometChat.updateCurrentUserDetails({ name: "From B" }));
  for (const end = Date.now() + 2000; (await a.evaluate(async () => (await CometChat.getLoggedinUser()).getName())) !== "From B" && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  release();
  assert.equal(await pending, "From A");
  assert.equal(await a.evaluate(async () => (await CometChat.getLoggedinUser()).getName()), "From A", "a's own answer was dropped as another session's");
});

test("IndexedDB: a newer version opened elsewhere is not blocked (the package closes its connection), and an open that cannot succeed leaves init in memory, not hanging", async (t) => {
  const { token } = await newUser("idb");
  const context = await fresh(t);
  const a = await open(t, context);
  await a.evaluate(INIT, [APP_ID, host(), false, true]);
  await a.evaluate((tok) => CometChat.login(tok), token);
  await a.evaluate(() => CometChat.storageManifest());
  // A newer package in another tab upgrades the database.
  const b = await open(t, context);
  const upgraded = await b.evaluate(OPEN_NEWER_VERSION);
  assert.equal(upgraded, "opened");
  const manifest = await a.evaluate(() => CometChat.storageManifest());
  assert.equal(manifest.persistence, "memory");
  assert.match(manifest.reason, /Another version/);
  assert.ok(await a.evaluate(async () => !!(await CometChat.getLoggedinUser())), "the session stays, in memory");
  // This (older) package on a database of version 2: init settles in memory.
  const c = await open(t, context);
  const started = Date.now();
  await c.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.ok(Date.now() - started < 4000);
  assert.equal((await c.evaluate(() => CometChat.storageManifest())).persistence, "memory");
});

test("a write pending when persistence is turned off does not turn it off for the page's life", async (t) => {
  const { token } = await newUser("pending-close");
  const page = await open(t, await fresh(t));
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  await page.evaluate(async ([tok, app, host]) => {
    await CometChat.login(tok); // its save is queued, not yet committed
    await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).build()); // persistence off
  }, [token, APP_ID, host()]);
  await page.evaluate(INIT, [APP_ID, host(), false, true]);
  assert.equal((await page.evaluate(() => CometChat.storageManifest())).persistence, "encrypted");
});
