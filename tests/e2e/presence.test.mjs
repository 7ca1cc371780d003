// End-to-end tests of the demo's live presence (www/src/presence.ts): two people in two browser
// contexts that share nothing. Alice watches the People tab and her look-up card; Bob signs in
// elsewhere and her dot for him turns green, then grey with "Last seen just now" when he signs
// out, with no directory read in between (the change comes over CometChat's real-time socket).
// The top bar's connection indicator (a live region): connected, reconnecting after the server
// drops the socket, offline when the browser is. The same with both session options on (the
// socket in the package's worker). Real emulator (`--seed demo`: bob is seeded
// offline), real package, Debian's Chromium (tests/e2e/harness.mjs). Screenshots:
// test-artifacts/demo-presence-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, MOBILE, overflow, shot, signIn, useDemo } from "./harness.mjs";

// `--record-requests` for the emulator's socket hooks (`/__emulator/sockets…`).
const demo = useDemo({ emulatorArgs: ["--record-requests"] });

/** Every `GET /v3.0/users…` (the directory, `getUser`) the page sends. */
function recordDirectoryReads(page) {
  const seen = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (r.method() === "GET" && url.pathname.startsWith("/v3.0/users")) seen.push(url.pathname + url.search);
  });
  return seen;
}

/** Waits until every `[data-testid="presence"]` pill for `uid` (in any panel) says `status`. */
async function pillsSay(page, uid, status) {
  await page.waitForFunction(
    ([uid, status]) => {
      const pills = [...document.querySelectorAll(`[data-presence-uid="${uid}"]`)];
      return pills.length > 0 && pills.every((p) => p.dataset.status === status && p.textContent === (status === "online" ? "Online" : "Offline"));
    },
    [uid, status],
    { timeout: 10_000 },
  );
}

/** The states the connection indicator went through, recorded in the page as they happen. */
async function recordIndicator(page) {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="connection"]');
    window.__states = [el.dataset.state];
    new MutationObserver(() => window.__states.at(-1) !== el.dataset.state && window.__states.push(el.dataset.state)).observe(el, { attributes: true });
  });
  return () => page.evaluate(() => window.__states);
}

const indicator = (page) => page.getByTestId("connection");
const indicatorSays = (page, state) =>
  page.waitForFunction((state) => document.querySelector('[data-testid="connection"]')?.dataset.state === state, state, { timeout: 10_000 });

/** The emulator's open sockets: `[{ uid, subscription, authenticated, … }]`. */
async function sockets() {
  const res = await fetch(`${demo.emulator.url}/__emulator/sockets`);
  assert.equal(res.status, 200);
  return (await res.json()).data;
}

test("two browsers: alice sees bob's dot turn green when he signs in, grey with “last seen” when he signs out", async (t) => {
  const page = await demo.newPage(DESKTOP);
  const reads = recordDirectoryReads(page);
  await page.goto(demo.emulator.url);
  await signIn(page, "alice", "Alice Martin");

  await t.test("alice's page connects: the indicator is a live region that says so; her own pill says Online", async () => {
    assert.equal(await indicator(page).getAttribute("role"), "status");
    await indicatorSays(page, "connected");
    assert.equal(await indicator(page).textContent(), "Real-time: Connected");
    assert.equal(await page.getByTestId("profile-card").getByTestId("presence").textContent(), "Online");
    const mine = (await sockets()).filter((s) => s.uid === "alice");
    assert.equal(mine.length, 1, "one socket for her page");
    assert.equal(mine[0].authenticated, true);
    assert.equal(mine[0].subscription, "ALL_USERS");
  });

  // Bob as the directory shows him before: offline (the seed), last seen some time ago.
  await page.getByRole("button", { name: "bob", exact: true }).click(); // the look-up card's suggestion
  const lookup = page.getByTestId("lookup-result");
  await lookup.getByTestId("presence").filter({ hasText: "Offline" }).waitFor();
  const seededLastActive = Number(await lookup.getByTestId("last-active").locator("time").getAttribute("data-unix"));
  await page.getByRole("tab", { name: "People" }).click();
  await page.getByRole("searchbox", { name: "Search people" }).fill("bob");
  const bobCard = page.locator('[data-testid="people-list"] [data-uid="bob"]');
  await bobCard.waitFor();
  await page.getByTestId("people-end").waitFor();
  assert.equal(await bobCard.getByTestId("presence").textContent(), "Offline");
  assert.ok(await bobCard.getByTestId("last-seen").isVisible(), "an offline person shows when they were last seen");
  assert.equal(Number(await bobCard.getByTestId("last-seen").locator("time").getAttribute("data-unix")), seededLastActive);
  assert.doesNotMatch(await bobCard.getByTestId("last-seen").innerText(), /just now/);
  await shot(page, "presence-before");
  const readsBefore = reads.length;

  // Bob, in another browser.
  const other = await demo.newContext();
  const bobPage = await demo.newPage(DESKTOP, other);
  await bobPage.goto(demo.emulator.url);
  await signIn(bobPage, "bob", "Bob Okafor");

  await t.test("bob signs in elsewhere: his dot turns green in alice's page, on the People tab and the look-up card", async () => {
    await pillsSay(page, "bob", "online");
    assert.equal(await page.locator('[data-presence-uid="bob"]').count(), 2, "the People card and the look-up card");
    assert.ok(await bobCard.getByTestId("last-seen").isHidden(), "no “last seen” while online");
    // His own page: connected, and his profile says Online although the directory said offline.
    await indicatorSays(bobPage, "connected");
    assert.equal(await bobPage.getByTestId("profile-card").getByTestId("presence").textContent(), "Online");
    await shot(page, "presence-online");
  });

  await t.test("bob signs out: his dot turns grey and “last seen” says just now", async () => {
    const before = Date.now() / 1000;
    await bobPage.getByTestId("logout").click();
    await bobPage.getByTestId("notice").waitFor();
    assert.equal(await bobPage.getByTestId("connection").count(), 0, "signed out: no indicator");
    await pillsSay(page, "bob", "offline");
    const seen = bobCard.getByTestId("last-seen");
    assert.ok(await seen.isVisible());
    assert.equal(await seen.innerText(), "Last seen just now");
    const at = Number(await seen.locator("time").getAttribute("data-unix"));
    assert.ok(at >= Math.floor(before) - 1 && at <= Date.now() / 1000 + 1, `last seen at the sign-out (${at}, signed out at ${before})`);
    assert.equal(await page.getByTestId("lookup-result").getByTestId("last-active").innerText(), "just now");
    await shot(page, "presence-offline");
  });

  // Both changes came over the socket: alice's page read nothing from the directory meanwhile.
  assert.deepEqual(reads.slice(readsBefore), []);

  await bobPage.close();
  await other.close();
  await page.close();
  assert.deepEqual(demo.problems, []);
});

test("a list answer older than an event shows the event's status (the answer is held back by a Playwright route; nothing else is stubbed)", async () => {
  const page = await demo.newPage(DESKTOP);
  await page.goto(demo.emulator.url);
  await signIn(page, "priya", "Priya Raman");
  await indicatorSays(page, "connected");
  // The look-up card shows kenji (seeded offline): it tells when the event has reached the page.
  await page.getByRole("button", { name: "kenji", exact: true }).click();
  await page.getByTestId("lookup-result").getByTestId("presence").filter({ hasText: "Offline" }).waitFor();

  // The People tab's search for kenji: the server's answer (offline) is held until after the event.
  let release;
  const held = new Promise((ok) => (release = ok));
  let answered;
  const fetched = new Promise((ok) => (answered = ok));
  await page.route(
    (url) => url.pathname === "/v3.0/users" && url.searchParams.get("searchKey") === "kenji",
    async (route) => {
      const response = await route.fetch();
      answered(await response.json());
      await held;
      await route.fulfill({ response });
    },
  );
  await page.getByRole("tab", { name: "People" }).click();
  await page.getByRole("searchbox", { name: "Search people" }).fill("kenji");
  const answer = await fetched;
  assert.equal(answer.data.find((u) => u.uid === "kenji").status, "offline", "the held answer says offline");

  const other = await demo.newContext();
  const kenjiPage = await demo.newPage(DESKTOP, other);
  await kenjiPage.goto(demo.emulator.url);
  await signIn(kenjiPage, "kenji", "山田 健二");
  await pillsSay(page, "kenji", "online"); // the look-up card heard it
  release();
  const card = page.locator('[data-testid="people-list"] [data-uid="kenji"]');
  await card.waitFor();
  assert.equal(await card.getByTestId("presence").textContent(), "Online", "not the older answer's Offline");
  assert.ok(await card.getByTestId("last-seen").isHidden());

  await kenjiPage.close();
  await other.close();
  await page.close();
  assert.deepEqual(demo.problems, []);
});

test("both session options on (the socket in the worker, the session kept): connected, and the dots follow", async () => {
  const page = await demo.newPage(DESKTOP);
  await page.goto(`${demo.emulator.url}/?persist=1&worker=1`);
  await signIn(page, "zoe", "Zoë Ångström");
  await indicatorSays(page, "connected");
  assert.equal(await page.getByTestId("profile-card").getByTestId("presence").textContent(), "Online");
  await page.getByRole("button", { name: "bob", exact: true }).click();
  await page.getByTestId("lookup-result").getByTestId("presence").filter({ hasText: "Offline" }).waitFor();

  const other = await demo.newContext();
  const bobPage = await demo.newPage(DESKTOP, other);
  await bobPage.goto(demo.emulator.url);
  await signIn(bobPage, "bob", "Bob Okafor");
  await pillsSay(page, "bob", "online");
  await bobPage.getByTestId("logout").click();
  await pillsSay(page, "bob", "offline");
  assert.equal(await page.getByTestId("lookup-result").getByTestId("last-active").innerText(), "just now");

  await page.getByTestId("logout").click();
  await page.getByTestId("notice").waitFor();
  await bobPage.close();
  await other.close();
  await page.close();
  assert.deepEqual(demo.problems, []);
});

test("the connection indicator: reconnecting when the server drops the socket, offline when the browser is", async (t) => {
  const page = await demo.newPage(DESKTOP);
  await page.goto(demo.emulator.url);
  await signIn(page, "chloe", "Chloé Dubois");
  await indicatorSays(page, "connected");
  const states = await recordIndicator(page);

  await t.test("the server drops the socket: “Reconnecting…”, then connected again by itself", async () => {
    const res = await fetch(`${demo.emulator.url}/__emulator/sockets/close`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ uid: "chloe", code: 4000 }),
    });
    assert.equal((await res.json()).data.closed, 1);
    await page.waitForFunction(() => window.__states.includes("reconnecting") && window.__states.at(-1) === "connected", null, { timeout: 10_000 });
    assert.deepEqual(await states(), ["connected", "reconnecting", "connected"]);
    assert.equal(await indicator(page).textContent(), "Real-time: Connected");
  });

  await t.test("the browser goes offline: “Offline”; back online: connected", async () => {
    await demo.context.setOffline(true);
    await indicatorSays(page, "offline");
    assert.equal(await indicator(page).textContent(), "Real-time: Offline");
    assert.match(await indicator(page).getAttribute("title"), /browser is offline/);
    assert.equal(await page.getByTestId("profile-card").getByTestId("presence").textContent(), "Offline");
    await shot(page, "presence-indicator-offline");
    await demo.context.setOffline(false);
    await indicatorSays(page, "connected");
    assert.equal(await page.getByTestId("profile-card").getByTestId("presence").textContent(), "Online");
  });

  await t.test("at 375 px only the dot shows; its words stay for screen readers; nothing overflows", async () => {
    await page.setViewportSize(MOBILE);
    assert.equal(await overflow(page), 0);
    assert.equal(await indicator(page).textContent(), "Real-time: Connected");
    const box = await indicator(page).boundingBox();
    assert.ok(box.width <= 24, `the indicator is a dot (${box.width} px wide)`);
    await shot(page, "mobile-presence");
  });

  await page.close();
  // Chromium may log a request the offline network refused; that was on purpose.
  const offline = (p) => /net::ERR_INTERNET_DISCONNECTED/.test(p);
  assert.deepEqual(demo.problems.filter((p) => !offline(p)), []);
  demo.problems.length = 0;
});
