// End-to-end test of the demo's session lifecycle (www/): signing in through a token provider
// (`CometChat.login({ tokenProvider })` calling the emulator's `POST /demo/token`), a revoked token
// renewed without the person noticing, the banner when the server ends the session (a
// deactivated user; a revoked token no backend can replace), and the footer's rate-limit line.
// The emulator runs with a generous `--rate-limit` (so its answers carry the rate-limit headers)
// in an hour-long window (so no window ends mid-file and the count only goes down), and
// `--record-requests` (so the test reads which requests reached it). Screenshots go to
// test-artifacts/demo-session-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, MOBILE, overflow, shot, signIn, useDemo } from "./harness.mjs";

const LIMIT = 10000;
const WINDOW_SECS = 3600;

// Chromium logs every 4xx response and every failed fetch. Provoked on purpose here: the 401s of
// client calls made with a revoked token or as a deactivated or deleted user, and `/demo/token`
// refusing an unknown uid (404) or cut off.
const demo = useDemo({
  emulatorArgs: ["--rate-limit", String(LIMIT), "--rate-window", String(WINDOW_SECS), "--record-requests"],
  expectedConsoleErrors: (text, where) =>
    (/status of 401/.test(text) && /\/v3\.0\//.test(where)) || (/status of 404|net::ERR_FAILED/.test(text) && /\/demo\/token$/.test(where)),
});
const { problems } = demo;

/** Counts the page's calls to the demo backend, by route. */
function demoBackendCalls(page) {
  const calls = { token: 0, login: 0 };
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.method() === "POST" && path === "/demo/token") calls.token++;
    if (r.method() === "POST" && path === "/demo/login") calls.login++;
  });
  return calls;
}

async function clearRequestLog() {
  const res = await fetch(`${demo.emulator.url}/__emulator/requests`, { method: "DELETE" });
  assert.ok(res.ok, `DELETE /__emulator/requests: ${res.status}`);
}

/** Every auth token the server holds for `uid` (the admin API). */
async function tokensOf(uid) {
  const res = await demo.admin("GET", `/users/${uid}/auth_tokens?perPage=100`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.map((t) => t.authToken);
}

async function lookUp(page, uid, name) {
  await page.getByRole("tab", { name: "Profile" }).click();
  await page.locator("#lookup-uid").fill(uid);
  await page.getByRole("button", { name: "Look up" }).click();
  if (name) await page.getByTestId("lookup-result").getByText(name).waitFor();
}

/** The number of requests left that the footer shows, or null when it shows none. */
async function remainingShown(page) {
  const line = page.getByTestId("rate-limit");
  if (await line.isHidden()) return null;
  const m = (await line.innerText()).match(/^API: (\d+)\/(\d+) left/);
  assert.ok(m, await line.innerText());
  return Number(m[1]);
}

test("session lifecycle: sign in through the token provider, a revoked token renewed, a deactivated user signed out (desktop 1280×800)", async (t) => {
  const page = await demo.newPage(DESKTOP);
  const calls = demoBackendCalls(page);
  await page.goto(demo.emulator.url);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await clearRequestLog();

  await t.test("signing in asks POST /demo/token (not /demo/login) and shows the profile", async () => {
    assert.match(await page.locator(".callout").innerText(), /token provider[\s\S]*POST \/demo\/token/);
    await signIn(page, "priya", "Priya Raman");
    assert.match(await page.getByTestId("profile-card").innerText(), /@priya/);
    assert.match(await page.locator("#session").innerText(), /Priya Raman/);
    assert.deepEqual(calls, { token: 1, login: 0 }, "the page asked the demo backend once, through the token provider");

    const log = await demo.requests();
    const demoRoutes = log.filter((r) => r.path.startsWith("/demo/"));
    assert.deepEqual(
      demoRoutes.map((r) => [r.method, r.path, r.status, r.bodyFields]),
      [["POST", "/demo/token", 200, ["uid"]]],
      "the emulator saw one POST /demo/token {uid}",
    );
    // The login itself (a PUT me with the device) came after the token, with that token.
    const login = log.findIndex((r) => r.method === "PUT" && r.path === "/v3.0/me" && r.bodyFields?.includes("deviceId"));
    assert.ok(login > log.indexOf(demoRoutes[0]), JSON.stringify(log.map((r) => `${r.method} ${r.path} ${r.status}`)));
    assert.equal(log[login].status, 200);
    assert.equal(await page.getByTestId("session-ended").count(), 0, "no banner");
    await shot(page, "session-signed-in");
  });

  await t.test("the page keeps no token: not in the DOM, storage or cookies", async () => {
    const tokens = await tokensOf("priya");
    assert.ok(tokens.length >= 1);
    const found = await page.evaluate(async (tokens) => {
      const places = {
        dom: document.documentElement.outerHTML,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
        idb: JSON.stringify((await indexedDB.databases()).map((d) => d.name)),
      };
      return Object.entries(places).filter(([, text]) => tokens.some((tok) => text.includes(tok))).map(([where]) => where);
    }, tokens);
    assert.deepEqual(found, []);
    const cookies = JSON.stringify(await demo.context.cookies());
    assert.ok(!tokens.some((tok) => cookies.includes(tok)), "no cookie holds a token");
  });

  await t.test("all of priya's tokens revoked: the next calls still work, no banner, and /demo/token was asked again", async () => {
    const flushed = await demo.admin("DELETE", "/users/priya/auth_tokens");
    assert.equal(flushed.status, 200, JSON.stringify(flushed.body));
    assert.deepEqual(await tokensOf("priya"), [], "the server holds no token for priya");
    await clearRequestLog();

    await lookUp(page, "bob", "Bob Okafor");
    assert.equal(calls.token, 2, "the token provider was called a second time");
    assert.equal(calls.login, 0);
    const log = await demo.requests();
    // The page's real-time socket meets the revocation too (the server closes it, "auth token
    // revoked", and its reconnection asks GET me with the old token), racing the look-up: either
    // may ask first, and they share one renewal. Whatever met the old token was sent again with
    // the new one.
    const seen = log.filter((r) => ["/v3.0/users/bob", "/v3.0/me", "/demo/token"].includes(r.path)).map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(seen.filter((r) => r.includes("/demo/token")), ["POST /demo/token 200"], `one renewal: ${seen}`);
    const renewed = seen.indexOf("POST /demo/token 200");
    assert.ok(seen.slice(0, renewed).some((r) => / 401$/.test(r)), `a call met the revoked token before the renewal: ${seen}`);
    const bob = seen.filter((r) => r.includes("/users/bob")).join();
    assert.match(bob, /^(GET \/v3\.0\/users\/bob 401,)?GET \/v3\.0\/users\/bob 200$/, `the look-up succeeded, sent again after a 401 if it met the old token: ${seen}`);
    assert.equal(seen.at(-1), "GET /v3.0/users/bob 200", seen.join());
    assert.equal((await tokensOf("priya")).length, 1, "the session runs on the one new token");

    // Other calls go on with the new token: the People tab lists everyone.
    await page.getByRole("tab", { name: "People" }).click();
    await page.getByTestId("people-count").filter({ hasText: /61 people$/ }).waitFor();
    assert.equal(calls.token, 2, "no further renewal");
    assert.equal(await page.getByTestId("session-ended").count(), 0, "no banner");
    assert.match(await page.locator("#session").innerText(), /Priya Raman/);
    await shot(page, "session-renewed");
  });

  await t.test("priya deactivated: the session ends with the user-gone banner, signed out, with no action in the page", async () => {
    const done = await demo.admin("DELETE", "/users", { uidsToDeactivate: ["priya"] });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body.data.deactivatedUids, ["priya"]);

    // The server closes the page's real-time socket ("user deactivated"); reconnecting, the
    // package asks for a fresh credential (GET me), hears ERR_USER_DEACTIVATED and ends the
    // session: the banner comes by itself, before any call of the page's.
    const banner = page.getByTestId("session-ended");
    await banner.waitFor();
    assert.equal(await banner.getAttribute("data-reason"), "user-gone");
    assert.equal(await banner.getAttribute("role"), "alert");
    assert.equal(await page.getByTestId("session-ended-text").innerText(), "Your account was deactivated by the app's administrator, so you were signed out.");
    assert.match(await banner.innerText(), /Account deactivated[\s\S]*ERR_USER_DEACTIVATED/);
    // Signed out: the sign-in screen, no user in the top bar, no tabs.
    assert.ok(await page.getByRole("heading", { name: "Sign in" }).isVisible());
    assert.equal(await page.locator("#session").innerText(), "");
    assert.equal(await page.getByRole("tab").count(), 0);
    assert.equal(calls.token, 2, "a user who is gone is not renewed");
    await shot(page, "session-user-gone");
  });

  await t.test("reactivated, priya signs in again (the banner goes); logging out is no alarm, just the sign-in screen", async () => {
    const back = await demo.admin("PUT", "/users", { uidsToActivate: ["priya"] });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    await signIn(page, "priya", "Priya Raman");
    assert.equal(calls.token, 3);
    assert.equal(await page.getByTestId("session-ended").count(), 0);
    await page.getByTestId("logout").click();
    await page.getByTestId("notice").filter({ hasText: "You're signed out." }).waitFor();
    assert.equal(await page.getByTestId("session-ended").count(), 0, "no banner after a logout");
    assert.equal(await page.locator("#session").innerText(), "");
    assert.equal(calls.token, 3, "logging out asks for no token");
  });

  await page.close();
  assert.deepEqual(problems, []);
});

test("the footer's rate-limit line: none before CometChat said, then what is left, going down after calls", async () => {
  const page = await demo.newPage(DESKTOP);
  const lastRemaining = {}; // per client-API path, the X-Rate-Limit-Remaining of its last answer
  page.on("response", (r) => {
    const { pathname } = new URL(r.url());
    const left = r.headers()["x-rate-limit-remaining"];
    if (pathname.startsWith("/v3.0/") && left !== undefined) lastRemaining[pathname] = Number(left);
  });
  await page.goto(demo.emulator.url);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  const line = page.getByTestId("rate-limit");
  assert.ok(await line.isHidden(), "nothing shown before an answer with rate-limit headers");
  assert.equal(await remainingShown(page), null);

  await signIn(page, "zoe", "Zoë Ångström");
  await line.waitFor();
  const text = await line.innerText();
  const m = text.match(/^API: (\d+)\/(\d+) left, resets (\d\d):(\d\d):(\d\d)$/);
  assert.ok(m, text);
  assert.equal(Number(m[2]), LIMIT);
  const first = Number(m[1]);
  assert.ok(first < LIMIT && first > LIMIT - 200, text);
  // The window opened with this file's first client-API request and lasts --rate-window.
  const now = new Date();
  const shown = new Date(now);
  shown.setHours(Number(m[3]), Number(m[4]), Number(m[5]), 0);
  let ahead = (shown - now) / 1000;
  if (ahead < -43200) ahead += 86400; // past midnight
  assert.ok(ahead > 0 && ahead <= WINDOW_SECS + 1, `resets ${m[3]}:${m[4]}:${m[5]}, now ${now.toTimeString()}`);
  await shot(page, "session-rate-limit");

  // One lookup: one request, and the line shows what its answer said is left.
  await lookUp(page, "kenji", "山田 健二");
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="rate-limit"]')?.textContent?.startsWith(`API: ${expected}/`),
    lastRemaining["/v3.0/users/kenji"],
  );
  const after = await remainingShown(page);
  assert.equal(after, lastRemaining["/v3.0/users/kenji"]);
  assert.ok(after < first, `${after} < ${first}`);

  // And again, from the People tab's list.
  await page.getByRole("tab", { name: "People" }).click();
  await page.getByTestId("people-count").filter({ hasText: /61 people$/ }).waitFor();
  await page.waitForFunction(
    (before) => Number(document.querySelector('[data-testid="rate-limit"]')?.textContent?.match(/^API: (\d+)\//)?.[1]) < before,
    after,
  );
  await page.getByTestId("logout").click();
  await page.getByTestId("notice").waitFor();
  await page.close();
  assert.deepEqual(problems, []);
});

test("a revoked token the backend cannot replace: the token-revoked banner (375×800)", async () => {
  const page = await demo.newPage(MOBILE);
  const calls = demoBackendCalls(page);
  await page.goto(demo.emulator.url);
  await signIn(page, "chloe", "Chloé Dubois");
  assert.equal(calls.token, 1);

  // The demo backend becomes unreachable (as DevTools' request blocking does), then the server
  // revokes every token of chloe's: the renewal fails, and the session ends.
  await page.route("**/demo/token", (route) => route.abort());
  const flushed = await demo.admin("DELETE", "/users/chloe/auth_tokens");
  assert.equal(flushed.status, 200);
  // The server closes her real-time socket ("auth token revoked"); reconnecting, the package
  // meets the revoked token, asks for a new one and cannot get it: the session ends by itself.
  const banner = page.getByTestId("session-ended");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-reason"), "token-revoked");
  assert.equal(await page.getByTestId("session-ended-text").innerText(), "Your session was revoked by the server. Sign in again.");
  assert.match(await banner.innerText(), /The demo backend could not issue a new token: Can't reach the demo backend[\s\S]*AUTH_ERR_AUTH_TOKEN_NOT_FOUND/);
  assert.equal(calls.token, 2, "the provider was asked once more");
  assert.ok(await page.getByRole("heading", { name: "Sign in" }).isVisible());
  assert.equal(await page.locator("#session").innerText(), "");
  assert.equal(await overflow(page), 0);
  await shot(page, "mobile-session-revoked");

  // Backend back: signing in works again, and the banner goes.
  await page.unroute("**/demo/token");
  await signIn(page, "chloe", "Chloé Dubois");
  assert.equal(await banner.count(), 0);
  await page.getByTestId("logout").click();
  await page.getByTestId("notice").waitFor();
  await page.close();
  assert.deepEqual(problems, []);
});

test("another uid: the backend's refusal is shown; a deleted user gets the account-deleted banner", async () => {
  const page = await demo.newPage(DESKTOP);
  const calls = demoBackendCalls(page);
  await page.goto(demo.emulator.url);
  const other = async (uid) => {
    await page.locator("#other-uid").fill(uid);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  // The provider's own error never comes back from the package; the page heard it from the provider.
  await other("nobody-here");
  await page.getByTestId("signin-error").filter({ hasText: "There is no user “nobody-here” on this server." }).waitFor();
  assert.equal(calls.token, 1);
  assert.equal(await page.locator("#session").innerText(), "");

  await other("olga");
  await page.getByRole("heading", { level: 1, name: "Ольга Смирнова" }).waitFor();
  assert.equal(calls.token, 2);
  const gone = await demo.admin("DELETE", "/users/olga");
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  // Her real-time socket is closed ("user deleted") and its reconnection ends the session.
  const banner = page.getByTestId("session-ended");
  await banner.waitFor();
  assert.equal(await banner.getAttribute("data-reason"), "user-gone");
  assert.equal(await page.getByTestId("session-ended-text").innerText(), "Your account no longer exists on this server, so you were signed out.");
  assert.match(await banner.innerText(), /Account deleted[\s\S]*ERR_UID_NOT_FOUND/);
  assert.ok(await page.getByRole("heading", { name: "Sign in" }).isVisible());
  assert.equal(await page.locator("#session").innerText(), "");
  assert.equal(calls.token, 2, "a deleted user is not renewed");
  await shot(page, "session-user-deleted");
  await page.close();
  assert.deepEqual(problems, []);
});
