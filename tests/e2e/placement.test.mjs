// End-to-end test of where the demo's session lives (www/src/placement.ts, storage.ts): the sign-in
// card's two options, "Keep me signed in on this device (encrypted)" (`?persist=1`:
// `setSessionPersistence("encrypted")`) and "Isolate the session in a worker" (`?worker=1`:
// `init(…, { worker: true })`), both signing in with `login({ tokenUrl })` through the emulator's
// `GET /demo/token?uid=…`; the "Stored in this browser" panel (`CometChat.storageManifest()`); and
// the strict Content-Security-Policy the emulator's `--static` serving sends, which no mode
// violates. The emulator records requests (`--record-requests`), so the test reads which reached
// it. Screenshots go to test-artifacts/demo-placement-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { APP_ID, ARTIFACTS, DESKTOP, MOBILE, overflow, shot, signIn, useDemo } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; img-src 'self' data: https: {own}; " +
  "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Provoked on purpose: the token URL's 404 for a uid nobody has, and the one CSP violation (the
// probe at the end adds an inline style, to show that a violation would be seen).
let probing = false;
const demo = useDemo({
  emulatorArgs: ["--record-requests"],
  expectedConsoleErrors: (text, where) =>
    (probing && /Content Security Policy/.test(text)) || (/status of 404/.test(text) && /\/demo\/token\?uid=nobody-here$/.test(where)),
});
const { problems } = demo;

/** A page at `viewport` whose CSP reports (console messages and `securitypolicyviolation` events) are collected in `page.csp`. */
async function newPage(viewport) {
  const page = await demo.newPage(viewport);
  page.csp = [];
  page.on("console", (msg) => /Content Security Policy/i.test(msg.text()) && page.csp.push(`${msg.type()}: ${msg.text()}`));
  page.on("worker", (w) => w.on("console", (msg) => /Content Security Policy/i.test(msg.text()) && page.csp.push(`worker ${msg.type()}: ${msg.text()}`)));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.warn(`Content Security Policy violation event: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  return page;
}

async function clearRequestLog() {
  const res = await fetch(`${demo.emulator.url}/__emulator/requests`, { method: "DELETE" });
  assert.ok(res.ok, `DELETE /__emulator/requests: ${res.status}`);
}

/** The demo backend's token requests the emulator saw, as "METHOD path?query status". */
async function tokenRequests() {
  return (await demo.requests()).filter((r) => r.path === "/demo/token").map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ""} ${r.status}`);
}

/** Opens the demo with `query`, checking the page's CSP header; waits for the sign-in card or the profile. */
async function open(page, query) {
  const res = await page.goto(`${demo.emulator.url}/${query}`);
  const own = new URL(demo.emulator.url).origin;
  assert.equal(res.headers()["content-security-policy"], CSP.replace("{own}", own), "the page's CSP");
  await page.locator(".signin-card h1, [data-testid=profile-card]").first().waitFor();
}

/** The storage panel's entries, as "store/key encrypted|plain". */
async function storedEntries(page) {
  return page
    .getByTestId("storage-entry")
    .evaluateAll((els) => els.map((el) => `${el.dataset.store}/${el.dataset.key} ${el.dataset.encrypted === "true" ? "encrypted" : "plain"}`));
}

const SESSION_ENTRIES = ["keys/session-key plain", `sessions/${APP_ID} encrypted`];

async function waitForEntries(page, expected) {
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid="storage-entry"]')].map((el) => `${el.dataset.store}/${el.dataset.key} ${el.dataset.encrypted === "true" ? "encrypted" : "plain"}`)) === JSON.stringify(want),
    expected,
    { timeout: 5000 },
  ).catch(() => {});
  assert.deepEqual(await storedEntries(page), expected);
}

test("persistence on: signed in after a reload through the token URL (no token at rest), the manifest lists the encrypted session, logging out leaves nothing (desktop 1280×800)", async (t) => {
  const page = await newPage(DESKTOP);
  await open(page, "");
  await clearRequestLog();

  await t.test("the sign-in card offers both options, off by default; ticking one reloads with it in the URL", async () => {
    const persist = page.getByLabel("Keep me signed in on this device (encrypted)");
    const worker = page.getByLabel("Isolate the session in a worker");
    assert.equal(await persist.isChecked(), false);
    assert.equal(await worker.isChecked(), false);
    assert.equal(await page.getByTestId("storage-persistence").getAttribute("data-mode"), "none");
    assert.ok(await page.getByTestId("storage-empty").isVisible());
    // From the keyboard: focus the box, Space ticks it, the page reloads with ?persist=1.
    await persist.focus();
    await Promise.all([page.waitForURL(/\?persist=1$/), page.keyboard.press("Space")]);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(await page.getByLabel("Keep me signed in on this device (encrypted)").isChecked(), true);
    assert.equal(await page.getByLabel("Isolate the session in a worker").isChecked(), false);
    await page.getByTestId("storage-persistence").filter({ hasText: "Encrypted, in IndexedDB" }).waitFor();
    assert.ok(await page.getByTestId("storage-empty").isVisible(), "nothing stored before a sign-in");
    assert.match(await page.locator(".callout").innerText(), /token URL[\s\S]*GET \/demo\/token\?uid=…/);
    assert.match(await page.locator("footer").innerText(), /Session kept in this browser, encrypted/);
    assert.equal(await page.locator(".brand").getAttribute("href"), "/?persist=1", "home keeps the choice");
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: "" }, "the demo writes nothing for its options");
    await shot(page, "placement-signin-persist");
  });

  await t.test("signing in asks GET /demo/token?uid=alice (the package fetched it); the manifest lists the key and the encrypted session", async () => {
    await signIn(page, "alice", "Alice Martin");
    assert.deepEqual(await tokenRequests(), ["GET /demo/token?uid=alice 200"]);
    await page.getByTestId("storage-persistence").filter({ hasText: "Encrypted, in IndexedDB" }).waitFor();
    assert.equal(await page.getByTestId("storage-worker").innerText(), "Off: on this page");
    await waitForEntries(page, SESSION_ENTRIES);
    const panel = page.getByTestId("storage-panel");
    assert.match(await panel.innerText(), /Database\s+cometchat-wasm[\s\S]*Store\s+sessions[\s\S]*Key\s+cometchat-emulator-app[\s\S]*Encrypted\s+Yes/);
    await shot(page, "placement-profile-persist");
  });

  await t.test("no token in the DOM, Web Storage, cookies or the URL; IndexedDB holds it encrypted only", async () => {
    const res = await demo.admin("GET", "/users/alice/auth_tokens?perPage=100");
    const tokens = res.body.data.map((x) => x.authToken);
    assert.ok(tokens.length >= 1);
    const found = await page.evaluate(async (tokens) => {
      const db = await new Promise((ok, fail) => Object.assign(indexedDB.open("cometchat-wasm"), { onsuccess: (e) => ok(e.target.result), onerror: fail }));
      const values = await new Promise((ok) => {
        const r = db.transaction("sessions").objectStore("sessions").getAll();
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      const text = (v) => new TextDecoder("latin1").decode(v instanceof ArrayBuffer ? v : new Uint8Array(v.buffer ?? v));
      const places = {
        dom: document.documentElement.outerHTML,
        url: location.href,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
        idb: values.map((v) => text(v.data) + text(v.iv)).join(""),
      };
      return Object.entries(places).filter(([, t]) => tokens.some((tok) => t.includes(tok))).map(([where]) => where);
    }, tokens);
    assert.deepEqual(found, []);
  });

  await t.test("a reload comes back signed in: the profile, no sign-in card; no token was kept, so the token URL is asked once", async () => {
    await clearRequestLog();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Alice Martin" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Sign in" }).count(), 0);
    assert.match(await page.locator("#session").innerText(), /Alice Martin/);
    assert.deepEqual(await tokenRequests(), ["GET /demo/token?uid=alice 200"], "one token asked for");
    const log = await demo.requests();
    const logins = log.filter((r) => r.method === "PUT" && r.path === "/v3.0/me" && r.bodyFields?.includes("deviceId"));
    assert.equal(logins.length, 1, "one login confirms whose the fresh token is");
    await waitForEntries(page, SESSION_ENTRIES);
    // And the restored session works.
    await page.locator("#lookup-uid").fill("bob");
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByTestId("lookup-result").getByText("Bob Okafor").waitFor();
  });

  await t.test("logging out: the sign-in screen, and the manifest shows no session entry; a reload stays signed out", async () => {
    await page.getByTestId("logout").click();
    await page.getByTestId("notice").filter({ hasText: "You're signed out." }).waitFor();
    await page.getByTestId("storage-persistence").filter({ hasText: "Encrypted, in IndexedDB" }).waitFor();
    await waitForEntries(page, []);
    assert.ok(await page.getByTestId("storage-empty").isVisible());
    await shot(page, "placement-signed-out-persist");
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(await page.locator("#session").innerText(), "");
    await waitForEntries(page, []);
  });

  await page.close();
  assert.deepEqual(page.csp, [], "no CSP violation");
  assert.deepEqual(problems, []);
});

test("worker on: sign in through the worker, edit and save, search People, log out (desktop 1280×800)", async (t) => {
  const page = await newPage(DESKTOP);
  const workers = [];
  page.on("worker", (w) => workers.push(new URL(w.url()).pathname));
  await open(page, "?worker=1");
  await clearRequestLog();

  await t.test("the page started the package's worker; the options show it", async () => {
    assert.equal(workers.length, 1, JSON.stringify(workers));
    assert.match(workers[0], /^\/assets\/worker-[\w-]+\.js$/);
    assert.equal(await page.getByLabel("Isolate the session in a worker").isChecked(), true);
    assert.equal(await page.getByLabel("Keep me signed in on this device (encrypted)").isChecked(), false);
    assert.match(await page.locator(".callout").innerText(), /token URL[\s\S]*GET \/demo\/token\?uid=…[\s\S]*worker fetches the token itself/);
    assert.match(await page.locator("footer").innerText(), /Session lives in memory only[\s\S]*run in a Worker/);
    await page.getByTestId("storage-worker").filter({ hasText: "On: the token lives in it" }).waitFor();
    assert.equal(await page.getByTestId("storage-persistence").getAttribute("data-mode"), "none");
  });

  await t.test("a uid the backend gives no token for: the sign-in form says so", async () => {
    await page.locator("#other-uid").fill("nobody-here");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("signin-error").filter({ hasText: "The demo backend gave no token for “nobody-here”" }).waitFor();
    assert.deepEqual(await tokenRequests(), ["GET /demo/token?uid=nobody-here 404"]);
    assert.equal(await page.locator("#session").innerText(), "");
    assert.equal(await page.getByLabel("Isolate the session in a worker").isDisabled(), false, "the options are usable again");
    await clearRequestLog();
  });

  await t.test("signing in: the worker asks GET /demo/token?uid=priya; the profile loads", async () => {
    await signIn(page, "priya", "Priya Raman");
    assert.deepEqual(await tokenRequests(), ["GET /demo/token?uid=priya 200"]);
    assert.match(await page.getByTestId("profile-card").innerText(), /@priya/);
    await page.getByTestId("storage-worker").filter({ hasText: "On: the token lives in it" }).waitFor();
    assert.equal(await page.getByTestId("storage-persistence").getAttribute("data-mode"), "none");
    assert.ok(await page.getByTestId("storage-empty").isVisible(), "memory only: nothing stored");
  });

  await t.test("editing the name saves through the worker", async () => {
    await page.getByLabel("Name").fill("Priya R. Raman");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("form-status").filter({ hasText: "Profile saved." }).waitFor();
    assert.equal(await page.getByTestId("profile-card").getByRole("heading", { level: 1 }).innerText(), "Priya R. Raman");
    const back = await demo.admin("GET", "/users/priya");
    assert.equal(back.body.data.name, "Priya R. Raman", "the server has it");
    await shot(page, "placement-profile-worker");
  });

  await t.test("the People tab lists and searches through the worker", async () => {
    await page.getByRole("tab", { name: "People" }).click();
    await page.getByTestId("people-count").filter({ hasText: /of 61 people$/ }).waitFor();
    await page.getByRole("searchbox", { name: "Search people" }).fill("Chloé");
    await page.getByTestId("people-count").filter({ hasText: /^1 person$/ }).waitFor();
    const shown = await page.locator('[data-testid="people-list"] [data-uid]').evaluateAll((els) => els.map((el) => el.dataset.uid));
    assert.deepEqual(shown, ["chloe"]);
    await page.getByRole("tab", { name: "Profile" }).click();
  });

  await t.test("logging out returns to sign-in", async () => {
    await page.getByTestId("logout").click();
    await page.getByTestId("notice").filter({ hasText: "You're signed out." }).waitFor();
    assert.equal(await page.locator("#session").innerText(), "");
    const me = await demo.admin("GET", "/users/priya");
    assert.equal(me.body.data.status, "offline", "the server was told");
    assert.equal(workers.length, 1, "one worker for the page's life");
  });

  await page.close();
  assert.deepEqual(page.csp, [], "no CSP violation");
  assert.deepEqual(problems, []);
});

test("no CSP violation in any mode, and nothing overflows at 375×800 (both options on)", async () => {
  for (const query of ["", "?persist=1", "?worker=1", "?persist=1&worker=1"]) {
    const page = await newPage(DESKTOP);
    await open(page, query);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    await signIn(page, "zoe", "Zoë Ångström");
    await page.getByTestId("storage-persistence").waitFor();
    await page.getByTestId("logout").click();
    await page.getByTestId("notice").waitFor();
    await page.close();
    assert.deepEqual(page.csp, [], `no CSP violation with "${query}"`);
  }

  const page = await newPage(MOBILE);
  await open(page, "?persist=1&worker=1");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await overflow(page), 0);
  await shot(page, "placement-mobile-signin");
  await page.getByTestId("placement").screenshot({ path: join(ARTIFACTS, "demo-placement-mobile-options.png") });
  await signIn(page, "kenji", "山田 健二");
  await waitForEntries(page, SESSION_ENTRIES);
  assert.equal(await page.getByTestId("storage-worker").innerText(), "On: the token lives in it");
  assert.equal(await overflow(page), 0);
  await shot(page, "placement-mobile-profile");
  await page.getByTestId("storage-panel").screenshot({ path: join(ARTIFACTS, "demo-placement-mobile-storage.png") });
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "山田 健二" }).waitFor();
  await page.getByTestId("logout").click();
  await page.getByTestId("notice").waitFor();
  await waitForEntries(page, []);
  assert.equal(await overflow(page), 0);
  await page.close();
  assert.deepEqual(page.csp, [], "no CSP violation");

  // The watch sees a violation when there is one: an inline style, refused by style-src 'self'.
  const probe = await newPage(DESKTOP);
  await open(probe, "");
  probing = true;
  await probe.evaluate(() => {
    const style = document.createElement("style");
    style.textContent = "body { outline: 1px solid red; }";
    document.head.append(style);
  });
  await probe.waitForTimeout(200);
  await probe.close();
  probing = false;
  assert.ok(probe.csp.some((m) => /style-src/.test(m)), JSON.stringify(probe.csp));
  assert.deepEqual(problems, []);
});

test("two tabs share the kept session (both options on): a sign-in in one signs the other in, a logout in one ends the other", async () => {
  const [a, b] = [await newPage(DESKTOP), await newPage(DESKTOP)];
  await open(a, "?persist=1&worker=1");
  await open(b, "?persist=1&worker=1");
  await b.getByRole("heading", { name: "Sign in" }).waitFor();
  await signIn(a, "bob", "Bob Okafor");
  // The other tab heard it (the package's tabs channel) and shows the profile, with no sign-in.
  await b.getByRole("heading", { level: 1, name: "Bob Okafor" }).waitFor();
  assert.match(await b.locator("#session").innerText(), /Bob Okafor/);
  await waitForEntries(b, SESSION_ENTRIES);

  await a.getByTestId("logout").click();
  await a.getByTestId("notice").filter({ hasText: "You're signed out." }).waitFor();
  const banner = b.getByTestId("session-ended");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-reason"), "logout-elsewhere");
  assert.equal(await b.getByTestId("session-ended-text").innerText(), "You signed out in another tab or device. Sign in again to continue here.");
  assert.equal(await b.locator("#session").innerText(), "");
  await waitForEntries(b, []);
  await shot(b, "placement-logout-elsewhere");
  await a.close();
  await b.close();
  assert.deepEqual([...a.csp, ...b.csp], [], "no CSP violation");
  assert.deepEqual(problems, []);
});
