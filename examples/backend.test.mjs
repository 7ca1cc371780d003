// The backend's token endpoint as tested recipes: the Next.js app's route handlers and the plain
// Node server (examples/server/), each with its own cookie sign-in, run against a fresh emulator
// with the REST API key in their environment. First sign-in creates the CometChat user, a second
// reuses it; no session, no token (401); only the session's own user's token; a rename or a new
// avatar reaches CometChat, deleting the app's user deletes the CometChat user; and nothing the
// browser loads carries the key (the built files scanned, and every response of a real visit).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { API_KEY, APP_ID, startEmulator, launchBrowser, occurrences } from "../tests/package/harness.mjs";
import { HERE, installAndBuild, serveWith } from "./harness.mjs";

let emulator, browser;

before(async () => {
  process.env.RUST_LOG ??= "warn";
  emulator = await startEmulator();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

const env = () => ({
  COMETCHAT_APP_ID: APP_ID,
  COMETCHAT_REST_API_KEY: API_KEY,
  COMETCHAT_API_URL: `${emulator.url}/v3`,
  COMETCHAT_CLIENT_HOST: `${emulator.url}/v3.0`,
});

/** Every file under `dir` (recursively) whose name passes `keep`. */
function files(dir, keep = () => true) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && keep(f));
}

/** Neither the key's value (as text, UTF-16 or base64) nor the name "apiKey" in any case. */
function assertNoKey(name, bytes) {
  assert.equal(occurrences(bytes, API_KEY), 0, `the API key in ${name}`);
  assert.doesNotMatch(Buffer.from(bytes).toString("latin1"), /apikey/i, `"apiKey" in ${name}`);
}

/**
 * What the browser received: Playwright's copy, or, for a body it never hands over (the .wasm
 * compiled while streaming), the same static file fetched again.
 */
async function bodyOf(response) {
  const timeout = new Promise((ok) => setTimeout(ok, 3000, null));
  const body = await Promise.race([response.body().catch(() => null), timeout]);
  return body ?? Buffer.from(await (await fetch(response.url())).arrayBuffer());
}

/** A session of the app's own: its cookie, from the demo sign-in. */
async function signIn(url, uid, name) {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ uid, name }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.getSetCookie()[0];
  assert.match(cookie, /^app_session=[\w-]{43}; .*HttpOnly; SameSite=Lax/);
  return cookie.split(";")[0];
}

const call = (url, path, cookie, init = {}) =>
  fetch(`${url}${path}`, { ...init, headers: { ...(cookie && { Cookie: cookie }), ...init.headers } });

const tokenOf = async (url, cookie, query = "") => call(url, `/api/cometchat-token${query}`, cookie);

/** Whose a token is, by the client API. */
async function ownerOf(token) {
  const res = await fetch(`${emulator.url}/v3.0/me`, { headers: { appId: APP_ID, authToken: token } });
  return res.status === 200 ? (await res.json()).data.uid : res.status;
}

const adminRequests = async () => (await emulator.requests()).filter((r) => r.path.startsWith("/v3/"));

/** The whole path against one backend at `url`, its page at `page`. */
async function checkBackend(t, url, pagePath, tag) {
  const uid = `${tag}-${process.pid}`;
  assert.equal((await emulator.admin("GET", `users/${uid}`)).status, 404);

  // In Chromium: the page's sign-in form, then login({ tokenUrl }) and getUser.
  const page = await browser.newPage();
  t.after(() => page.close());
  const bodies = [];
  page.on("response", (r) => bodies.push(bodyOf(r).then((b) => [r.url(), b])));
  const problems = [];
  page.on("pageerror", (e) => problems.push(`uncaught: ${e}`));
  page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && problems.push(m.text()));
  await page.goto(`${url}${pagePath}`);
  await page.waitForSelector("#sign-in", { timeout: 15_000 });
  await page.fill("#uid", uid);
  await page.fill("#name", `Ana ${tag}`);
  await page.click("#sign-in button");
  await page.waitForFunction(() => !["running", "signed out"].includes(document.getElementById("result")?.textContent), null, { timeout: 15_000 });
  const text = await page.textContent("#result");
  assert.deepEqual(JSON.parse(text.startsWith("{") ? text : "null") ?? text, { uid, name: `Ana ${tag}` });
  assert.deepEqual(problems, []);
  // First sign-in: the CometChat user was created, with the app's profile.
  const created = (await emulator.admin("GET", `users/${uid}`)).body.data;
  assert.equal(created.name, `Ana ${tag}`);
  // Nothing the browser received carries the key: the page, its scripts, the wasm, every answer.
  const received = await Promise.all(bodies);
  assert.ok(received.some(([u]) => u.endsWith(".wasm")) && received.some(([u]) => u.includes("/api/cometchat-token")), received.map(([u]) => u).join("\n"));
  for (const [u, b] of received) assertNoKey(u, b);

  await t.test("a second sign-in reuses the CometChat user and gets that user's token", async () => {
    await emulator.admin("PUT", `users/${uid}`, { statusMessage: "set in CometChat" });
    const cookie = await signIn(url, uid);
    await emulator.clearRequests();
    const res = await tokenOf(url, cookie);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const { authToken } = await res.json();
    assert.equal(await ownerOf(authToken), uid);
    const calls = (await adminRequests()).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(calls, [`POST /v3/users/${uid}/auth_tokens`], "no user created again");
    const user = (await emulator.admin("GET", `users/${uid}`)).body.data;
    assert.equal(user.createdAt, created.createdAt);
    assert.equal(user.statusMessage, "set in CometChat", "the user is the same, not re-created");
  });

  await t.test("no session of the app's own: 401 and no token, and CometChat is not asked", async () => {
    await emulator.clearRequests();
    for (const cookie of [undefined, "app_session=forged", `app_session=${"A".repeat(43)}`, "other=1"]) {
      const res = await tokenOf(url, cookie, `?uid=${uid}`);
      assert.equal(res.status, 401, `${cookie}`);
      const body = await res.text();
      assert.deepEqual(JSON.parse(body), { error: "not signed in" });
    }
    assert.deepEqual(await adminRequests(), []);
    // Signed out: the session's cookie no longer works.
    const cookie = await signIn(url, uid);
    assert.equal((await call(url, "/api/session", cookie, { method: "DELETE" })).status, 200);
    assert.equal((await tokenOf(url, cookie)).status, 401);
  });

  await t.test("the endpoint answers only the signed-in user's own token, whatever the request names", async () => {
    const other = `${tag}-other-${process.pid}`;
    const cookie = await signIn(url, other, "Other");
    for (const query of ["", `?uid=${uid}`, `?uid=${uid}&user=${uid}`]) {
      const res = await tokenOf(url, cookie, query);
      assert.equal(res.status, 200);
      assert.equal(await ownerOf((await res.json()).authToken), other, query);
    }
    const res = await call(url, "/api/cometchat-token", cookie, { headers: { "X-User": uid } });
    assert.equal(await ownerOf((await res.json()).authToken), other);
  });

  await t.test("a rename or a new avatar reaches CometChat; a write from another site does not", async () => {
    const cookie = await signIn(url, uid);
    const put = (body, headers = {}) =>
      call(url, "/api/me", cookie, { method: "PUT", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
    let res = await put({ name: "Ana Renamed", avatar: "https://cdn.example.com/ana.png" });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).cometchatUpdated, true);
    let user = (await emulator.admin("GET", `users/${uid}`)).body.data;
    assert.deepEqual([user.name, user.avatar], ["Ana Renamed", "https://cdn.example.com/ana.png"]);
    res = await put({ avatar: null });
    assert.equal(res.status, 200);
    user = (await emulator.admin("GET", `users/${uid}`)).body.data;
    assert.deepEqual([user.name, user.avatar], ["Ana Renamed", undefined]);
    // Refused, and nothing reaches CometChat: another site's page, bad input.
    assert.equal((await put({ name: "Evil" }, { Origin: "http://evil.test" })).status, 403);
    for (const [body, status] of [[{ name: "  " }, 400], [{ avatar: "javascript:alert(1)" }, 400]]) {
      res = await put(body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.ok((await res.json()).error);
    }
    res = await call(url, "/api/me", cookie, { method: "PUT", headers: { "Content-Type": "text/plain" }, body: "{}" });
    assert.equal(res.status, 415);
    assert.equal((await emulator.admin("GET", `users/${uid}`)).body.data.name, "Ana Renamed");
    assert.equal((await call(url, "/api/me", undefined, { method: "PUT", headers: { "Content-Type": "application/json" }, body: "{}" })).status, 401);
  });

  await t.test("bad sign-ins are 400s with a reason, never a session", async () => {
    for (const body of ['{"uid":"a b"}', '{"uid":""}', "[]", "not json", `{"uid":"${"x".repeat(101)}"}`]) {
      const res = await fetch(`${url}/api/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      assert.equal(res.status, 400, body);
      assert.equal(res.headers.getSetCookie().length, 0);
      assert.ok((await res.json()).error);
    }
  });

  await t.test("deleting the app's user deletes the CometChat user and ends the session", async () => {
    const cookie = await signIn(url, uid);
    const { authToken } = await (await tokenOf(url, cookie)).json();
    assert.equal(await ownerOf(authToken), uid);
    const res = await call(url, "/api/me", cookie, { method: "DELETE" });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { deleted: uid, cometchatDeleted: true });
    assert.equal((await emulator.admin("GET", `users/${uid}`)).status, 404);
    assert.equal(await ownerOf(authToken), 401, "its token is refused");
    assert.equal((await tokenOf(url, cookie)).status, 401);
  });
}

test("Next.js route handlers: the token endpoint, profile sync and deletion against the emulator", async (t) => {
  // The key in the build's environment too, as a developer's .env would put it: still not bundled.
  installAndBuild("next", env());
  const client = files(join(HERE, "next", ".next", "static"));
  const pages = files(join(HERE, "next", ".next", "server", "app"), (f) => /\.(html|rsc|body)$/.test(f));
  assert.ok(client.some((f) => f.endsWith(".wasm")) && pages.length > 0);
  for (const f of [...client, ...pages]) assertNoKey(f, readFileSync(f));
  // The scan finds the header where it belongs, in the server's bundles: it would find it here.
  const server = files(join(HERE, "next", ".next", "server"), (f) => f.endsWith(".js"));
  assert.ok(server.some((f) => /apikey/i.test(readFileSync(f, "latin1"))), "the route handlers' bundle names the header");

  const url = await serveWith(t, "next", "next", (port) => ["start", "--hostname", "127.0.0.1", "--port", `${port}`], env());
  await checkBackend(t, url, "/account", "next");
});

test("a plain Node server (node:http): the token endpoint, profile sync and deletion against the emulator", async (t) => {
  execFileSync(join(HERE, "install.sh"), ["server"], { stdio: "inherit" });
  // What it serves to a browser: public/ and the package's .js and .wasm files.
  const dir = join(HERE, "server");
  const served = [...files(join(dir, "public")), ...files(join(dir, "node_modules", "cometchat-wasm"), (f) => /\.(js|wasm)$/.test(f))];
  assert.ok(served.some((f) => f.endsWith(".wasm")));
  for (const f of served) assertNoKey(f, readFileSync(f));
  assert.match(readFileSync(join(dir, "cometchat-admin.js"), "utf8"), /apikey/i, "the scan would find it");
  // Anything else of the package or the server is not served.
  const url = await serveWith(t, "server", "node", () => ["server.js"], env());
  for (const path of ["/vendor/cometchat-wasm/README.md", "/vendor/cometchat-wasm/package.json", "/server.js", "/cometchat-admin.js", "/vendor/cometchat-wasm/../../cometchat-admin.js"]) {
    const res = await fetch(`${url}${path}`);
    assert.equal(res.status, 404, path);
  }
  await checkBackend(t, url, "/", "server");
});

test("the two recipes share their framework-free modules byte for byte", () => {
  for (const f of ["cometchat-admin.js", "demo-auth.js"])
    assert.equal(readFileSync(join(HERE, "next", "lib", f), "utf8"), readFileSync(join(HERE, "server", f), "utf8"), f);
});
