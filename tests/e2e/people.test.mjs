// End-to-end tests of the demo's People and Blocked tabs (www/src/people.ts): search as you type,
// the status filter, infinite scroll to the end, Block / Unblock, the blocked list and its
// direction filter, keyboard use, and 375 px. Real emulator (`--seed demo`, 62 users), real
// package, Debian's Chromium (tests/e2e/harness.mjs). Screenshots: test-artifacts/demo-people*.png,
// demo-blocked*.png, demo-mobile-people.png, demo-mobile-blocked.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ARTIFACTS, DESKTOP, MOBILE, overflow, shot, signIn, useDemo } from "./harness.mjs";

const demo = useDemo();
const PAGE = 20; // the demo's page size (www/src/people.ts)

/** Every `GET /v3.0/users` the page sends, as its query parameters. */
function recordListRequests(page) {
  const seen = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (r.method() === "GET" && url.pathname === "/v3.0/users") seen.push(Object.fromEntries(url.searchParams));
  });
  return seen;
}

const cards = (page, list = "people") => page.getByTestId(`${list}-list`).getByTestId("person-card");
const uids = (page, list = "people") => cards(page, list).evaluateAll((els) => els.map((el) => el.dataset.uid));
const end = (page, list = "people") => page.getByTestId(`${list}-end`);

/** Scrolls to the bottom until the end marker shows; returns how many scrolls it took. */
async function scrollToEnd(page, list = "people") {
  for (let i = 0; i < 20; i++) {
    if (await end(page, list).isVisible()) return i;
    const before = await cards(page, list).count();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(
      ([list, before]) => document.querySelector(`[data-testid="${list}-end"]`) || document.querySelectorAll(`[data-testid="${list}-list"] > li`).length > before,
      [list, before],
    );
  }
  assert.fail("the end of the list never showed");
}

/** Waits until the list settled on exactly `expected` (in any order), with the end marker. */
async function expectList(page, expected, list = "people") {
  const want = [...expected].sort();
  const settled = ([list, want]) =>
    document.querySelector(`[data-testid="${list}-end"], [data-testid="${list}-empty"]`) &&
    JSON.stringify([...document.querySelectorAll(`[data-testid="${list}-list"] > li`)].map((li) => li.dataset.uid).sort()) === JSON.stringify(want);
  await page.waitForFunction(settled, [list, want], { timeout: 5000 }).catch(() => {});
  assert.deepEqual((await uids(page, list)).sort(), want);
  assert.ok(await end(page, list).or(page.getByTestId(`${list}-empty`)).isVisible(), "the end of the list shows");
}

async function openTab(page, name) {
  await page.getByRole("tab", { name }).click();
  assert.equal(await page.getByRole("tab", { name }).getAttribute("aria-selected"), "true");
}

async function pickSegment(page, filter, label) {
  await page.getByTestId(filter).getByText(label, { exact: true }).click();
}

test("People and Blocked as alice (desktop 1280×800)", async (t) => {
  const page = await demo.newPage(DESKTOP);
  const requests = recordListRequests(page);
  await page.goto(demo.emulator.url);
  await signIn(page, "alice", "Alice Martin");
  const aliceToken = await demo.tokenFor("alice"); // the latest token: the page's session
  const search = page.getByRole("searchbox", { name: "Search people" });

  // Everyone alice can see, from the server: the oracle for the list tests.
  const all = (await demo.api(aliceToken, "GET", "/users?per_page=100")).body.data;
  assert.equal(all.length, 61, "62 seeded users, minus alice herself");

  await t.test("the tabs: Profile first; People shows the first page of everyone", async () => {
    assert.equal(await page.getByRole("tab", { name: "Profile" }).getAttribute("aria-selected"), "true");
    assert.ok(await page.getByTestId("profile-card").isVisible());
    assert.equal(requests.length, 0, "nothing is listed before the People tab opens");
    await openTab(page, "People");
    assert.ok(await page.getByTestId("profile-card").isHidden());
    await page.getByTestId("people-count").filter({ hasText: /of 61 people$/ }).waitFor();
    assert.ok((await cards(page).count()) >= PAGE);
    const first = cards(page).first();
    assert.match(await first.innerText(), /@\w+[\s\S]*(Online|Offline)[\s\S]*Block/);
    assert.ok(await first.locator(".avatar img").evaluate((img) => img.complete && img.naturalWidth > 0), "avatar image loaded");
    await shot(page, "people");
  });

  await t.test("scrolling loads the next pages until the end: everyone once, then no more requests", async () => {
    await scrollToEnd(page);
    const shown = await uids(page);
    assert.equal(shown.length, 61);
    assert.equal(new Set(shown).size, 61, "no one twice");
    assert.deepEqual([...shown].sort(), all.map((u) => u.uid).sort());
    assert.ok(!shown.includes("alice"), "not me");
    assert.equal(await end(page).innerText(), "End of list · 61 people");
    assert.equal(await page.getByTestId("people-count").innerText(), "61 people");
    const pages = requests.filter((q) => !q.searchKey && !q.status);
    assert.deepEqual(pages.map((q) => q.page), ["1", "2", "3", "4"], "ceil(61 / 20) pages, each once");
    // Scrolling again (up, then down to the end) asks for nothing and adds nothing.
    const before = requests.length;
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(400);
    assert.equal(requests.length, before, "no request past the last page");
    assert.equal(await cards(page).count(), 61);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.screenshot({ path: join(ARTIFACTS, "demo-people-end.png") });
  });

  await t.test("search as you type: debounced, only matching users, clearing shows everyone again", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const before = requests.length;
    await search.pressSequentially("Ol", { delay: 60 }); // faster than the 250 ms debounce
    await page.getByTestId("people-count").filter({ hasText: /^2 people$/ }).waitFor();
    const sent = requests.slice(before);
    assert.deepEqual(sent.map((q) => q.searchKey), ["Ol"], "one request, for the whole keyword");
    // Case-insensitive substring of name or uid: Ольга Смирнова (@olga) and Zoltán Kovács (@zoltan).
    await expectList(page, ["olga", "zoltan"]);
    assert.equal(await end(page).innerText(), "End of list · 2 people");
    for (const text of await cards(page).allInnerTexts()) assert.match(text.toLowerCase(), /ol/);
    await shot(page, "people-search");

    // Nothing matches: a clear empty state.
    await search.fill("qqq-nobody");
    await page.getByTestId("people-empty").waitFor();
    assert.match(await page.getByTestId("people-empty").innerText(), /No one matches “qqq-nobody”\.$/);
    assert.equal(await cards(page).count(), 0);

    // A keyword the package refuses: the error and its code are shown, nothing is sent.
    const sentBefore = requests.length;
    await search.fill("x".repeat(1001));
    const error = page.getByTestId("people-error");
    await error.waitFor();
    assert.match(await error.innerText(), /INVALID_SEARCH_KEYWORD/);
    assert.equal(requests.length, sentBefore);

    await search.fill("");
    await page.getByTestId("people-count").filter({ hasText: / of 61 people$/ }).waitFor();
    assert.ok(await error.isHidden());
    assert.ok((await cards(page).count()) >= PAGE);
  });

  await t.test("the status filter shows only online or only offline people, all of them", async () => {
    const counts = {};
    for (const [label, pill] of [["Online", /\bOnline\b/], ["Offline", /\bOffline\b/]]) {
      const expected = all.filter((u) => (u.status === "available" ? "Online" : "Offline") === label).map((u) => u.uid);
      await pickSegment(page, "people-status-filter", label);
      await page.getByTestId("people-count").filter({ hasText: new RegExp(`(^| of )${expected.length} people$`) }).waitFor();
      await scrollToEnd(page);
      const shown = await uids(page);
      assert.deepEqual([...shown].sort(), expected.sort(), label);
      for (const text of await cards(page).locator('[data-testid="presence"]').allInnerTexts()) assert.match(text, pill);
      counts[label] = shown.length;
      if (label === "Online") await shot(page, "people-online");
    }
    assert.equal(counts.Online + counts.Offline, 61);
    // With a keyword too: offline people matching "ol" (Zoltán is online).
    await search.fill("ol");
    await expectList(page, ["olga"]);
    await pickSegment(page, "people-status-filter", "All");
    await expectList(page, ["olga", "zoltan"]);
    await search.fill("");
    await page.getByTestId("people-count").filter({ hasText: / of 61 people$/ }).waitFor();
  });

  await t.test("Block a person; the Blocked tab lists them by direction; Unblock there", async () => {
    // kenji (elsewhere, in his own app) blocks alice: she sees him under "Blocked me".
    const kenji = await demo.tokenFor("kenji");
    assert.equal((await demo.api(kenji, "POST", "/blockedusers", { blockedUids: ["alice"] })).status, 200);

    await search.fill("bob");
    await expectList(page, ["bob"]);
    const bob = page.locator('[data-testid="people-list"] [data-uid="bob"]');
    await bob.getByRole("button", { name: "Block Bob Okafor" }).click();
    await bob.getByTestId("block-result").filter({ hasText: /^Blocked$/ }).waitFor();
    assert.equal(await bob.getByTestId("block-toggle").innerText(), "Unblock");
    assert.ok(await bob.getByTestId("flag-blocked-by-me").isVisible());
    assert.equal((await demo.api(aliceToken, "GET", "/users/bob")).body.data.blockedByMe, true, "the server has the block");
    await shot(page, "people-blocked-bob");

    await openTab(page, "Blocked");
    assert.ok(await page.getByTestId("people-panel").isHidden());
    await expectList(page, ["bob"], "blocked");
    assert.equal(await page.getByTestId("blocked-count").innerText(), "1 person");
    const bobHere = page.locator('[data-testid="blocked-list"] [data-uid="bob"]');
    assert.equal(await bobHere.getByTestId("block-toggle").innerText(), "Unblock");

    await pickSegment(page, "blocked-direction-filter", "Blocked me");
    await page.getByTestId("blocked-list").locator('[data-uid="kenji"]').waitFor();
    await expectList(page, ["kenji"], "blocked");
    const kenjiHere = page.locator('[data-testid="blocked-list"] [data-uid="kenji"]');
    assert.ok(await kenjiHere.getByTestId("flag-has-blocked-me").isVisible());
    assert.equal(await kenjiHere.getByTestId("block-toggle").count(), 0, "no Unblock on someone who blocked me");

    await pickSegment(page, "blocked-direction-filter", "Both");
    await page.getByTestId("blocked-count").filter({ hasText: /^2 people$/ }).waitFor();
    await expectList(page, ["bob", "kenji"], "blocked");
    await shot(page, "blocked");

    await pickSegment(page, "blocked-direction-filter", "Blocked by me");
    await page.getByTestId("blocked-count").filter({ hasText: /^1 person$/ }).waitFor();
    await expectList(page, ["bob"], "blocked");
    await bobHere.getByRole("button", { name: "Unblock Bob Okafor" }).click();
    await bobHere.getByTestId("block-result").filter({ hasText: /^Unblocked$/ }).waitFor();
    assert.equal(await bobHere.getByTestId("block-toggle").innerText(), "Block");
    assert.equal((await demo.api(aliceToken, "GET", "/users/bob")).body.data.blockedByMe, false, "the server dropped the block");

    // The People tab shows it too, and the Blocked tab reads the list again when reopened.
    await openTab(page, "People");
    assert.equal(await bob.getByTestId("block-toggle").innerText(), "Block");
    assert.ok(await bob.getByTestId("flag-blocked-by-me").isHidden());
    await openTab(page, "Blocked");
    await page.getByTestId("blocked-empty").waitFor();
    assert.match(await page.getByTestId("blocked-empty").innerText(), /You haven't blocked anyone\./);
    await openTab(page, "People");
    await search.fill("");
    await page.getByTestId("people-count").filter({ hasText: / of 61 people$/ }).waitFor();
  });

  await t.test("a failed page shows the error code, and Try again reads it", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const shown = await cards(page).count();
    await demo.context.setOffline(true); // the network drops (Chromium's offline emulation)
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const error = page.getByTestId("people-error");
    await error.waitFor();
    assert.match(await error.innerText(), /Can't reach the server[\s\S]*FAILED_TO_FETCH[\s\S]*Try again/);
    assert.equal(await cards(page).count(), shown);
    await demo.context.setOffline(false);
    await error.getByRole("button", { name: "Try again" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="people-list"] > li').length >= n, shown + PAGE);
    assert.ok(await error.isHidden());
    // The focus went on to the first person of the page it read (not lost with the button).
    const focused = await page.evaluate(() => [...document.querySelectorAll('[data-testid="people-list"] > li')].indexOf(document.activeElement));
    assert.equal(focused, shown);
    await scrollToEnd(page);
    assert.equal(new Set(await uids(page)).size, 61);
  });

  await page.close();
  // Chromium logs the request the offline network refused; that one was on purpose.
  const offline = (p) => /Failed to load resource: net::ERR_INTERNET_DISCONNECTED \(http:\/\/[^/]+\/v3\.0\/users\?/.test(p);
  demo.problems.splice(0, demo.problems.length, ...demo.problems.filter((p) => !offline(p)));
  assert.deepEqual(demo.problems, []);
});

test("a slow answer to an earlier search never replaces a newer one (the earlier answer is delayed by a Playwright route; nothing else is stubbed)", async () => {
  const page = await demo.newPage(DESKTOP);
  const requests = recordListRequests(page);
  // The real server answers; only the answer for "a" is held back 1.5 s before the page gets it.
  let delayed = 0;
  await page.route(
    (url) => url.pathname === "/v3.0/users" && url.searchParams.get("searchKey") === "a",
    async (route) => {
      const response = await route.fetch();
      await new Promise((ok) => setTimeout(ok, 1500));
      delayed++;
      await route.fulfill({ response });
    },
  );
  await page.goto(demo.emulator.url);
  await signIn(page, "priya", "Priya Raman");
  await openTab(page, "People");
  await page.getByTestId("people-count").filter({ hasText: /of 61 people$/ }).waitFor();
  const search = page.getByRole("searchbox", { name: "Search people" });

  const slow = page.waitForResponse((r) => new URL(r.url()).searchParams.get("searchKey") === "a");
  await search.fill("a");
  await page.waitForRequest((r) => new URL(r.url()).searchParams.get("searchKey") === "a");
  await search.fill("zoltan");
  await expectList(page, ["zoltan"]);
  await slow; // the answer for "a" (many users) arrives after the one for "zoltan"…
  assert.equal(delayed, 1);
  await page.waitForTimeout(300);
  // …and is dropped.
  assert.deepEqual(await uids(page), ["zoltan"]);
  assert.equal(await page.getByTestId("people-count").innerText(), "1 person");
  assert.equal(await end(page).innerText(), "End of list · 1 person");
  assert.equal(await search.inputValue(), "zoltan");
  assert.deepEqual(
    requests.filter((q) => q.searchKey).map((q) => q.searchKey),
    ["a", "zoltan"],
  );
  await page.close();
  assert.deepEqual(demo.problems, []);
});

test("keyboard: tabs with arrow keys, then search, filter and Block without a mouse", async () => {
  const page = await demo.newPage(DESKTOP);
  await page.goto(demo.emulator.url);
  await signIn(page, "chloe", "Chloé Dubois");
  const active = () => page.evaluate(() => ({ id: document.activeElement?.id, testid: document.activeElement?.dataset.testid, text: document.activeElement?.textContent }));
  const focusRing = () => page.evaluate(() => {
    const el = document.activeElement;
    const target = el?.matches('input[type="radio"]') ? el.nextElementSibling : el; // the radio's label shows its focus
    const s = getComputedStyle(target);
    return s.boxShadow !== "none" || (s.outlineStyle !== "none" && s.outlineWidth !== "0px");
  });
  const selected = () => page.getByRole("tab", { selected: true }).innerText();

  // Tab from the top of the page reaches the tab list (one stop: the selected tab).
  for (let i = 0; i < 6 && (await active()).id !== "tab-profile"; i++) await page.keyboard.press("Tab");
  assert.equal((await active()).id, "tab-profile");
  assert.ok(await focusRing(), "the focused tab shows a focus ring");
  assert.deepEqual(await page.getByRole("tab").evaluateAll((els) => els.map((e) => e.tabIndex)), [0, -1, -1]);

  await page.keyboard.press("ArrowRight");
  assert.equal((await active()).id, "tab-people");
  assert.equal(await selected(), "People");
  assert.ok(await page.getByTestId("people-panel").isVisible());
  await page.keyboard.press("ArrowRight");
  assert.equal(await selected(), "Blocked");
  await page.keyboard.press("ArrowRight"); // wraps around
  assert.equal(await selected(), "Profile");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await selected(), "Blocked");
  await page.keyboard.press("Home");
  assert.equal(await selected(), "Profile");
  await page.keyboard.press("End");
  assert.equal(await selected(), "Blocked");
  assert.equal((await active()).id, "tab-blocked");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await selected(), "People");
  assert.deepEqual(await page.getByRole("tab").evaluateAll((els) => els.map((e) => e.tabIndex)), [-1, 0, -1]);

  // Into the panel: the search box, then the status filter (arrow keys), then the first card.
  await page.keyboard.press("Tab");
  assert.equal((await active()).id, "people-search");
  await page.keyboard.type("zo");
  await page.getByTestId("people-end").waitFor();
  const matches = await uids(page);
  assert.ok(matches.includes("zoe") && matches.includes("zoltan"), matches.join());
  await page.keyboard.press("Tab");
  assert.equal((await active()).id, "people-status-all");
  assert.ok(await focusRing(), "the focused filter shows a focus ring");
  await page.keyboard.press("ArrowRight"); // Online
  await page.keyboard.press("ArrowRight"); // Offline
  assert.equal((await active()).id, "people-status-offline");
  await page.waitForFunction(() => document.querySelector('[data-testid="people-end"]') && !document.querySelector('[data-testid="people-list"] [data-uid="zoltan"]'));
  assert.ok((await uids(page)).includes("zoe"));
  for (const text of await cards(page).locator('[data-testid="presence"]').allInnerTexts()) assert.equal(text, "Offline");
  await page.keyboard.press("Tab");
  const first = await active();
  assert.equal(first.testid, "block-toggle");
  assert.equal(first.text, "Block");
  assert.ok(await focusRing(), "the focused button shows a focus ring");
  const card = page.locator('[data-testid="people-list"] [data-testid="person-card"]').first();
  await page.keyboard.press("Enter");
  await card.getByTestId("block-result").filter({ hasText: /^Blocked$/ }).waitFor();
  assert.deepEqual(await active(), { ...first, text: "Unblock" }, "the focus stays on the button");
  await page.keyboard.press("Space");
  await card.getByTestId("block-result").filter({ hasText: /^Unblocked$/ }).waitFor();
  assert.equal((await active()).text, "Block");
  await page.close();
  assert.deepEqual(demo.problems, []);
});

test("People and Blocked at 375×800: nothing overflows", async () => {
  const page = await demo.newPage(MOBILE);
  await page.goto(demo.emulator.url);
  await signIn(page, "zoe", "Zoë Ångström");
  assert.equal(await overflow(page), 0);
  await openTab(page, "People");
  await page.getByTestId("people-count").filter({ hasText: /of 61 people$/ }).waitFor();
  assert.equal(await overflow(page), 0);
  await shot(page, "mobile-people");
  await scrollToEnd(page);
  assert.equal(await cards(page).count(), 61);
  assert.equal(await overflow(page), 0);
  // The widest name and a long keyword's empty state still fit.
  await page.getByRole("searchbox", { name: "Search people" }).fill("Fatima Zahra");
  await expectList(page, ["fatima"]);
  assert.equal(await overflow(page), 0);
  await page.getByRole("searchbox", { name: "Search people" }).fill("a-very-long-keyword-that-matches-nobody-at-all-anywhere");
  await page.getByTestId("people-empty").waitFor();
  assert.equal(await overflow(page), 0);
  await shot(page, "mobile-people-empty");

  const zoltan = await demo.tokenFor("zoltan");
  assert.equal((await demo.api(zoltan, "POST", "/blockedusers", { blockedUids: ["zoe"] })).status, 200);
  await page.getByRole("searchbox", { name: "Search people" }).fill("sam");
  await expectList(page, ["sam"]);
  await page.locator('[data-uid="sam"]').getByTestId("block-toggle").click();
  await page.locator('[data-uid="sam"]').getByTestId("block-result").filter({ hasText: "Blocked" }).waitFor();
  assert.equal(await overflow(page), 0);
  await openTab(page, "Blocked");
  await pickSegment(page, "blocked-direction-filter", "Both");
  await page.getByTestId("blocked-count").filter({ hasText: /^2 people$/ }).waitFor();
  await expectList(page, ["sam", "zoltan"], "blocked");
  assert.equal(await overflow(page), 0);
  await shot(page, "mobile-blocked");
  await page.close();
  assert.deepEqual(demo.problems, []);
});
