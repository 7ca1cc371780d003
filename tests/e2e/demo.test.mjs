// End-to-end test of the demo app (www/) as a person uses it: Debian's Chromium, driven by
// playwright-core, against a real emulator serving the built app (`--static www/dist`) on the
// same origin as the API (tests/e2e/harness.mjs). Screenshots of each screen go to
// test-artifacts/demo-*.png. The People and Blocked tabs are tested in people.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, MOBILE, overflow as overflowOf, shot, signIn, useDemo } from "./harness.mjs";

// Chromium logs every 4xx response; the one the test provokes on purpose is expected.
const demo = useDemo({
  expectedConsoleErrors: (text, where) => /Failed to load resource: the server responded with a status of 404/.test(text) && /\/v3\.0\/users\/nobody-here$/.test(where),
});
const { problems } = demo;
const tokenFor = (uid) => demo.tokenFor(uid);
const newPage = (viewport) => demo.newPage(viewport);

test("the demo: sign in, profile, edit, validation, look up, reload, log out (desktop 1280×800)", async (t) => {
  const page = await newPage(DESKTOP);
  const puts = []; // every profile update the page sends (a login is a PUT me too, with a device)
  const deletes = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.method() === "PUT" && path === "/v3.0/me" && !("deviceId" in JSON.parse(r.postData() ?? "{}"))) puts.push(r.postData());
    if (r.method() === "DELETE" && path === "/v3.0/me") deletes.push(path);
  });

  // Bob was active a moment ago (his app, elsewhere): gives the lookup a real last-active time.
  const bobToken = await tokenFor("bob");
  const me = await fetch(`${demo.emulator.url}/v3.0/me`, { headers: { authToken: bobToken, appId: "cometchat-emulator-app", Accept: "application/json" } });
  assert.equal(me.status, 200);

  const wasm = [];
  page.on("response", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()["content-type"] });
  });

  await t.test("sign-in screen lists the demo users and says who stands in for the backend", async () => {
    await page.goto(demo.emulator.url);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    for (const name of ["Alice Martin", "Bob Okafor", "Chloé Dubois", "山田 健二", "Priya Raman", "Zoë Ångström"]) {
      assert.ok(await page.getByRole("button", { name: new RegExp(name) }).isVisible(), name);
    }
    assert.match(await page.locator(".callout").innerText(), /token provider[\s\S]*POST \/demo\/token[\s\S]*standing in for your app's backend/);
    assert.match(await page.locator("footer").innerText(), /Session lives in memory only/);
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    const avatars = await page.locator(".people img").evaluateAll((imgs) => imgs.map((i) => i.naturalWidth > 0));
    assert.deepEqual(avatars, [true, true, true, true, true, true], "the emulator's avatars are shown");
    await shot(page, "signin");
    // The package's wasm, emitted by Vite as a hashed asset, loaded by CometChat.init.
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.match(wasm[0].path, /^\/assets\/cometchat_wasm_bg-[\w-]+\.wasm$/);
    assert.equal(wasm[0].status, 200);
    assert.equal(wasm[0].type, "application/wasm");
  });

  await t.test("signing in shows the profile card", async () => {
    await signIn(page, "alice", "Alice Martin");
    const card = page.getByTestId("profile-card");
    const text = await card.innerText();
    assert.match(text, /@alice/);
    assert.match(text, /Online/);
    assert.match(text, /Admin/);
    assert.match(text, /Shipping the new onboarding flow/);
    assert.match(text, /engineering[\s\S]*team-lead/);
    assert.match(await card.getByTestId("metadata").innerText(), /department\s+Engineering[\s\S]*timezone\s+Europe\/Paris/);
    assert.match(text, /Last active\s+just now/);
    assert.ok(await card.locator(".avatar-lg img").evaluate((img) => img.complete && img.naturalWidth > 0), "avatar image loaded");
    assert.match(await page.locator("#session").innerText(), /Alice Martin/);
    await shot(page, "profile");
  });

  await t.test("no token is kept in storage or cookies", async () => {
    const token = await tokenFor("alice"); // the demo endpoint returns the user's latest token
    const stored = await page.evaluate(async () => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
      idb: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
    }));
    assert.deepEqual(stored, { local: "{}", session: "{}", cookie: "", idb: [], caches: [] });
    const cookies = await demo.context.cookies();
    assert.ok(!JSON.stringify(cookies).includes(token), "no cookie holds the token");
  });

  await t.test("editing name, status message, tags and metadata updates the card", async () => {
    await page.getByLabel("Name").fill("Alice M. Martin");
    await page.getByLabel("Status message").fill("Reviewing pull requests");
    await page.getByLabel("Tags").fill("engineering, team-lead,  reviewer ");
    await page.getByLabel("Metadata").fill('{"department":"Engineering","timezone":"Europe/Paris","desk":"4B","languages":["fr","en"]}');
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("form-status").filter({ hasText: "Profile saved." }).waitFor();
    assert.equal(puts.length, 1, JSON.stringify(puts));
    assert.deepEqual(Object.keys(JSON.parse(puts[0])).sort(), ["metadata", "name", "statusMessage", "tags"], "only changed fields are sent");
    const card = page.getByTestId("profile-card");
    assert.equal(await card.getByRole("heading", { level: 1 }).innerText(), "Alice M. Martin");
    assert.equal(await card.getByTestId("status-message").innerText(), "Reviewing pull requests");
    assert.deepEqual(await card.locator(".tag").allInnerTexts(), ["engineering", "team-lead", "reviewer"]);
    assert.match(await card.getByTestId("metadata").innerText(), /desk\s+4B[\s\S]*languages\s+\["fr","en"\]/);
    assert.match(await page.locator("#session").innerText(), /Alice M\. Martin/);
    await shot(page, "saved");
  });

  await t.test("a bad avatar URL (and bad JSON) are shown inline and nothing is sent", async () => {
    const before = puts.length;
    await page.getByLabel("Avatar URL").fill("javascript:alert(1)");
    await page.getByLabel("Metadata").fill('{"department": Engineering}');
    await page.getByRole("button", { name: "Save changes" }).click();
    const avatarError = page.getByTestId("error-avatar");
    await avatarError.waitFor();
    assert.equal(await avatarError.innerText(), "Use an https:// image address (http:// only on localhost).");
    assert.match(await page.getByTestId("error-metadata").innerText(), /^This isn't valid JSON/);
    assert.equal(await page.getByLabel("Avatar URL").getAttribute("aria-invalid"), "");
    assert.match(await page.getByTestId("form-status").innerText(), /Nothing was saved/);
    await page.waitForTimeout(300);
    assert.equal(puts.length, before, "no request was sent");
    await shot(page, "validation");
    await page.getByRole("button", { name: "Reset" }).click();
    assert.ok(await avatarError.isHidden());
    assert.match(await page.getByLabel("Avatar URL").inputValue(), /\/avatars\/alice\.svg$/);
  });

  await t.test("looking up another user shows status, last active and block flags", async () => {
    await page.getByRole("searchbox").or(page.locator("#lookup-uid")).first().fill("bob");
    await page.getByRole("button", { name: "Look up" }).click();
    const result = page.getByTestId("lookup-result");
    await result.getByText("Bob Okafor").waitFor();
    const text = await result.innerText();
    assert.match(text, /@bob/);
    // Bob is seeded offline and nobody in this run signs in as him.
    assert.match(text, /\bOffline\b/);
    assert.doesNotMatch(text, /\bOnline\b/);
    assert.match(await result.getByTestId("last-active").innerText(), /^(just now|\d+ minutes? ago)$/);
    assert.equal(await result.getByTestId("blocked-by-me").innerText(), "No");
    assert.equal(await result.getByTestId("has-blocked-me").innerText(), "No");
    await shot(page, "lookup");
  });

  await t.test("looking up a missing uid or a malformed one shows a visible error", async () => {
    await page.locator("#lookup-uid").fill("nobody-here");
    await page.getByRole("button", { name: "Look up" }).click();
    const err = page.getByTestId("lookup-error");
    await err.waitFor();
    assert.match(await err.innerText(), /No user has the uid “nobody-here”\.\s*ERR_UID_NOT_FOUND/);
    await shot(page, "lookup-missing");
    await page.locator("#lookup-uid").fill("no such/user");
    await page.getByRole("button", { name: "Look up" }).click();
    await err.filter({ hasText: "INVALID_UID" }).waitFor();
    assert.match(await err.innerText(), /A uid is 1 to 100 characters/);
  });

  await t.test("after a reload the session is gone, and signing in again shows what the server kept", async () => {
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(await page.locator("#session").innerText(), "");
    await signIn(page, "alice", "Alice M. Martin");
    const card = page.getByTestId("profile-card");
    assert.equal(await card.getByTestId("status-message").innerText(), "Reviewing pull requests");
    assert.deepEqual(await card.locator(".tag").allInnerTexts(), ["engineering", "team-lead", "reviewer"]);
    assert.match(await card.getByTestId("metadata").innerText(), /desk\s+4B/);
    assert.equal(await page.getByLabel("Name").inputValue(), "Alice M. Martin");
  });

  await t.test("logging out returns to sign-in and tells the server (alice goes offline)", async () => {
    await page.getByTestId("logout").click();
    await page.getByTestId("notice").filter({ hasText: "You're signed out." }).waitFor();
    assert.ok(await page.getByRole("heading", { name: "Sign in" }).isVisible());
    assert.equal(await page.locator("#session").innerText(), "");
    assert.equal(deletes.length, 1, "DELETE me was sent");
    // As on CometChat, logout makes the user offline; the token lives until the backend deletes it.
    const res = await fetch(`${demo.emulator.url}/v3.0/users/alice`, { headers: { authToken: bobToken, Accept: "application/json" } });
    assert.equal((await res.json()).data.status, "offline");
    await shot(page, "signed-out");
  });

  await page.close();
  assert.deepEqual(problems, []);
});

test("the demo at 375×800: nothing overflows, every screen is usable", async () => {
  const page = await newPage(MOBILE);
  const overflow = () => overflowOf(page);
  await page.goto(demo.emulator.url);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await overflow(), 0);
  await shot(page, "mobile-signin");
  await signIn(page, "chloe", "Chloé Dubois");
  assert.match(await page.getByTestId("profile-card").innerText(), /En réunion jusqu'à 15h[\s\S]*design[\s\S]*pronouns\s+elle/);
  assert.equal(await overflow(), 0);
  await shot(page, "mobile-profile");
  await page.getByLabel("Link").fill("ftp://example.com");
  await page.getByRole("button", { name: "Save changes" }).click();
  assert.equal(await page.getByTestId("error-link").innerText(), "Use an https:// address (http:// only on localhost).");
  await page.locator("#lookup-uid").fill("kenji");
  await page.getByRole("button", { name: "Look up" }).click();
  await page.getByTestId("lookup-result").getByText("山田 健二").waitFor();
  // The seed made kenji last active 26 hours ago.
  assert.equal(await page.getByTestId("last-active").innerText(), "yesterday");
  assert.equal(await overflow(), 0);
  await shot(page, "mobile-lookup");
  await page.getByTestId("logout").click();
  await page.getByTestId("notice").waitFor();
  await page.close();
  assert.deepEqual(problems, []);
});
