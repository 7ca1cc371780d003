// The packed npm package (dist/cometchat-wasm-*.tgz) as users get it, in Debian's Chromium,
// against a real emulator: README examples, CometChat's snippets, a page with no bundler, and
// the security promise (no auth-key operation anywhere).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, APP_ID, installTarball, serveStatic, startEmulator, launchBrowser, importMapPage, runModule, presenceClient } from "./harness.mjs";
import { launchWebDriver } from "./webdriver-page.mjs";

// In Chromium (Playwright) by default; in Firefox or WebKitGTK through WebDriver classic when
// package.firefox.test.mjs or package.webkit.test.mjs sets WEBDRIVER_ENGINE. What needs more
// than WebDriver classic gives is Chromium's alone:
const ENGINE = process.env.WEBDRIVER_ENGINE;
const CHROMIUM_ONLY = {
  events: ENGINE && "Chromium only: needs the page's console and request events (Playwright), which WebDriver classic lacks",
  memory: ENGINE && "Chromium only: needs gc() and performance.memory (V8 flags)",
  files: ENGINE && "no browser: runs once, with the Chromium suite",
};

let emulator, site, browser, pkgDir;
const fetched = []; // the package files /hints.html loaded
// Whom the page's "backend" mints tokens for (`POST /api/cometchat-token`, the README's provider).
let signedIn;

before(async () => {
  const installed = installTarball();
  pkgDir = installed.pkgDir;
  emulator = await startEmulator(["--presence-grace-ms", "300"]);
  const counted = (file, type) => (req, res) => {
    fetched.push(file);
    res.writeHead(200, { "Content-Type": type }).end(readFileSync(join(installed.pkgDir, file)));
  };
  site = await serveStatic(installed.dir, {
    "/index.html": importMapPage(),
    // The README's start-up hints (its "Start-up" section), on a page whose package files are counted.
    "/hints.html": `<!doctype html><html><head><meta charset="utf-8">
<link rel="modulepreload" href="/hinted/index.js" /><link rel="modulepreload" href="/hinted/core.js" />
<link rel="preload" href="/hinted/cometchat_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin />
<script type="module">import { CometChat } from "/hinted/index.js"; await CometChat.init("app"); document.title = "ready";</script></head><body></body></html>`,
    "/hinted/index.js": counted("index.js", "text/javascript"),
    "/hinted/core.js": counted("core.js", "text/javascript"),
    "/hinted/cometchat_wasm_bg.wasm": counted("cometchat_wasm_bg.wasm", "application/wasm"),
    "/no-bundler.html": NO_BUNDLER_PAGE,
    "/api/cometchat-token": (req, res) =>
      emulator.admin("POST", `users/${signedIn}/auth_tokens`, { force: true }).then(
        (v) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authToken: v.body.data.authToken })),
        () => res.writeHead(500).end(),
      ),
  });
  browser = ENGINE ? await launchWebDriver(ENGINE) : await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  emulator?.stop();
});

/** A fresh page on the test site, failing the test on any uncaught error. */
async function newPage(t) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  const logs = [];
  page.on("console", (m) => logs.push(m.text()));
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], "uncaught errors in the page");
  });
  await page.goto(`${site.url}/index.html`);
  return { page, logs };
}

const settingsFor = (url) => `new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(url + "/v3.0")}).build()`;

async function waitFor(logs, text, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (logs.some((l) => l.includes(text))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`no console line with ${JSON.stringify(text)} in ${JSON.stringify(logs)}`);
}

const NO_BUNDLER_PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><p id="out">loading</p>
<script type="module">
  import { CometChat } from "./node_modules/cometchat-wasm/index.js";
  const q = new URLSearchParams(location.search);
  const out = document.getElementById("out");
  try {
    await CometChat.init(q.get("app"), new CometChat.AppSettingsBuilder().overrideClientHost(q.get("host")).build());
    const me = await CometChat.login(q.get("token"));
    const again = await CometChat.getUser(me.getUid());
    out.textContent = "hello " + again.getName();
  } catch (e) {
    out.textContent = "failed: " + e.code + " " + e.message;
  }
</script></body></html>`;

test("a plain HTML page imports the package's files with no bundler", async (t) => {
  const { page } = await newPage(t);
  const { token } = await emulator.newUser("nobundler");
  const q = new URLSearchParams({ app: APP_ID, host: `${emulator.url}/v3.0`, token });
  await page.goto(`${site.url}/no-bundler.html?${q}`);
  await page.waitForFunction(() => document.getElementById("out").textContent !== "loading");
  assert.equal(await page.textContent("#out"), "hello Test nobundler");
});

test("every js example in the README runs, in order, against the emulator", { skip: CHROMIUM_ONLY.events }, async (t) => {
  const { page, logs } = await newPage(t);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 6, `only ${blocks.length} js blocks found`);
  // The README's examples name "UID" and "user1"; the backend creates them, as yours would.
  const { uid, token } = await emulator.newUser("readme");
  signedIn = uid;
  for (const other of ["UID", "user1"]) await emulator.admin("POST", "users", { uid: other, name: `Named ${other}` });
  await page.evaluate(([app, tok]) => Object.assign(window, { APP_ID: app, AUTH_TOKEN: tok }), [APP_ID, token]);
  // Some snippets do not await their call (`.then(…)`). As for a reader running them one at a
  // time, each block's requests end before the next block runs, or two updates would race.
  let inFlight = 0, lastChange = Date.now();
  const track = (delta) => (r) => {
    if (r.url().startsWith(emulator.url)) [inFlight, lastChange] = [inFlight + delta, Date.now()];
  };
  page.on("request", track(1));
  page.on("requestfinished", track(-1));
  page.on("requestfailed", track(-1));
  const quiet = async () => {
    const end = Date.now() + 5000;
    while (inFlight > 0 || Date.now() - lastChange < 150) {
      assert.ok(Date.now() < end, `${inFlight} requests still in flight`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  for (const [i, block] of blocks.entries()) {
    // The README points at the emulator's default port; this one was given a free port.
    const source = block.replaceAll("http://127.0.0.1:8787", emulator.url);
    await runModule(page, source).catch((e) => assert.fail(`README js block ${i + 1} failed: ${e}\n${block}`));
    lastChange = Date.now(); // its requests may not have been reported yet
    await quiet();
    // The presence example: connected, then another user comes and goes, as the snippets print.
    if (block.includes("subscribePresenceForAllUsers")) {
      await waitFor(logs, "ConnectionListener => On Connected");
      const other = await emulator.newUser("readme-other");
      const ws = await presenceClient(emulator.url, other);
      await waitFor(logs, `online: ${other.uid} online`);
      await waitFor(logs, "On User Online:");
      ws.close();
      await waitFor(logs, "On User Offline:");
      await waitFor(logs, `offline: ${other.uid}`);
    }
  }
  await waitFor(logs, "User details fetched for user:");
  // The directory and blocking: our example, then the official snippets.
  await waitFor(logs, "page of 2 of 2");
  await waitFor(logs, "hasMore after the last page: false");
  for (const line of ["User list received:", "users list blocked", "Blocked user list received:", "users list unblocked"]) await waitFor(logs, line);
  await waitFor(logs, "user updated");
  // The session lifecycle: the provider's login, the listeners, the event.
  for (const line of [`logged in as ${uid}`, "rate limit: null", "logged out", "session ended: logout"]) await waitFor(logs, line);
  // Where the session lives: the encrypted store's manifest, then the worker's session.
  for (const line of ["persistence: encrypted", "stored: cometchat-wasm keys session-key plain", `stored: cometchat-wasm sessions ${APP_ID} encrypted`, `isolated session of ${uid} named`]) await waitFor(logs, line);
  assert.ok(logs.some((l) => l.startsWith("not found 404")), logs.join("\n"));
  assert.ok(logs.includes("INVALID_USER_AVATAR"), logs.join("\n"));
  // Chromium itself logs the 404 of the not-found example as a failed resource load.
  const snippetFailures = logs.filter((l) => /failed|error/i.test(l) && !l.startsWith("Failed to load resource"));
  assert.deepEqual(snippetFailures, []);
  // The examples really changed the server: the snippet's update, then the plain-object one.
  const server = await emulator.user(uid);
  assert.equal(server.name, "Kevin Fernandez");
  assert.equal(server.statusMessage, "Back at 3pm");
  assert.deepEqual(server.tags, ["support", "emea"]);
  assert.deepEqual(server.metadata, { "@private": { email: "kevin@example.com" }, team: "core" });
  const log = await emulator.requests();
  assert.ok(log.some((r) => r.method === "DELETE" && r.path === "/v3.0/me"), "the README's logout reached the server");
  // A login no longer sets the status (the emulator: online = an authenticated socket), so the
  // request log shows the worker section's login after the README's logout.
  const lastLogout = log.findLastIndex((r) => r.method === "DELETE" && r.path === "/v3.0/me");
  const isLogin = (r) => r.method === "PUT" && r.path === "/v3.0/me" && (r.bodyFields ?? []).some((f) => ["platform", "deviceId", "appInfo"].includes(f));
  assert.ok(log.slice(lastLogout + 1).some(isLogin), "the worker section's login reached the server after it");
});

test("no auth-key operation exists, before or after init, and none is ever sent", async (t) => {
  const { page } = await newPage(t);
  const { token } = await emulator.newUser("nokey");
  await emulator.clearRequests();
  const result = await page.evaluate(
    async ([app, host, tok]) => {
      const mod = await import("cometchat-wasm");
      const { CometChat } = mod;
      const missing = () => ["createUser", "updateUser", "deleteUser"].map((n) => [n, typeof CometChat[n], typeof mod[n]]);
      const before = missing();
      await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).build());
      const refused = [];
      for (const args of [["user1", "0123456789abcdef"], [{ uid: "user1", authKey: "k" }], [{ apiKey: "k" }]]) {
        refused.push(await CometChat.login(...args).then(() => "logged in", (e) => e.code));
      }
      await CometChat.login(tok);
      return { before, after: missing(), refused, exports: Object.keys(mod).sort() };
    },
    [APP_ID, `${emulator.url}/v3.0`, token],
  );
  const none = [["createUser", "undefined", "undefined"], ["updateUser", "undefined", "undefined"], ["deleteUser", "undefined", "undefined"]];
  assert.deepEqual(result.before, none);
  assert.deepEqual(result.after, none);
  assert.deepEqual(result.refused, ["AUTH_KEY_NOT_SUPPORTED", "AUTH_KEY_NOT_SUPPORTED", "AUTH_KEY_NOT_SUPPORTED"]);
  assert.deepEqual(result.exports, [
    "AppSettings", "AppSettingsBuilder", "BlockedUsersRequestBuilder", "CometChat", "CometChatException", "ConnectionListener", "LoginListener",
    "User", "UserListener", "UsersRequestBuilder", "addConnectionListener", "addLoginListener", "addUserListener", "blockUsers", "connect",
    "default", "disconnect", "getConnectionStatus", "getLoggedinUser", "getRateLimit", "getUser", "init", "isCometChatException", "login", "logout",
    "onSessionEnded", "removeConnectionListener", "removeLoginListener", "removeUserListener", "storageManifest", "unblockUsers",
    "updateCurrentUserDetails",
  ]);
  const requests = await emulator.requests();
  assert.equal(requests.filter((r) => r.method === "PUT").length, 1, "only the token login reached the server");
  for (const r of requests) assert.ok(!r.headerNames.includes("apikey"), `apiKey header sent: ${JSON.stringify(r)}`);
});

test("the shipped files name no auth-key header or setter", { skip: CHROMIUM_ONLY.files }, () => {
  const files = readdirSync(pkgDir).filter((f) => /\.(js|wasm|d\.ts)$/.test(f));
  assert.deepEqual(files.sort(), ["cometchat_wasm_bg.wasm", "core.js", "index.d.ts", "index.js", "messages.js", "presence.js", "remote.js", "store.js", "token-url.js", "worker.js"]);
  for (const f of files) {
    const text = readFileSync(join(pkgDir, f)).toString("latin1");
    const hit = text.match(/\b(apiKey|authKey|restApiKey|setAuthKey|setApiKey|createUser|updateUser|deleteUser)\b/);
    assert.equal(hit, null, `${f} contains ${hit?.[0]}`);
  }
});

test("before init every call rejects with a CometChatException, and User cannot be built", async (t) => {
  const { page } = await newPage(t);
  const result = await page.evaluate(async () => {
    const { CometChat, CometChatException } = await import("cometchat-wasm");
    const outcome = (p) => p.then(() => "resolved", (e) => [e instanceof CometChatException, e instanceof Error, e.code]);
    let built;
    try {
      new CometChat.User("user1");
      built = "built";
    } catch (e) {
      built = [e instanceof CometChatException, e.code];
    }
    return {
      getUser: await outcome(CometChat.getUser("user1")),
      login: await outcome(CometChat.login("tok")),
      logout: await outcome(CometChat.logout()),
      me: await outcome(CometChat.getLoggedinUser()),
      built,
      builder: new CometChat.AppSettingsBuilder().setRegion("us").build().region,
    };
  });
  const notDone = [true, true, "COMETCHAT_INITIALIZATION_NOT_DONE"];
  assert.deepEqual(result, { getUser: notDone, login: notDone, logout: notDone, me: notDone, built: [true, "COMETCHAT_INITIALIZATION_NOT_DONE"], builder: "us" });
});

test("getLoggedinUser is null without a session, as the official SDK's, and the user with one", async (t) => {
  const { page } = await newPage(t);
  const { uid, token } = await emulator.newUser("loggedin");
  const result = await page.evaluate(
    async ([app, host, tok]) => {
      const { CometChat } = await import("cometchat-wasm");
      await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).build());
      const before = await CometChat.getLoggedinUser();
      await CometChat.login(tok);
      const during = (await CometChat.getLoggedinUser()).getUid();
      await CometChat.logout();
      const after = await CometChat.getLoggedinUser();
      return { before, during, after };
    },
    [APP_ID, `${emulator.url}/v3.0`, token],
  );
  assert.deepEqual(result, { before: null, during: uid, after: null });
});

test("a User changed while its update is in flight: the update sends what was set when it was called", async (t) => {
  const { page } = await newPage(t);
  const { uid, token } = await emulator.newUser("inflight");
  const result = await page.evaluate(
    async ([app, host, tok]) => {
      const { CometChat } = await import("cometchat-wasm");
      await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).build());
      const me = await CometChat.login(tok);
      const edit = new CometChat.User(me.getUid());
      edit.setName("Sent name");
      const pending = CometChat.updateCurrentUserDetails(edit);
      edit.setName("Changed after the call");
      const updated = await pending;
      return { name: updated.getName(), local: edit.getName() };
    },
    [APP_ID, `${emulator.url}/v3.0`, token],
  );
  assert.deepEqual(result, { name: "Sent name", local: "Changed after the call" });
  assert.equal((await emulator.user(uid)).name, "Sent name");
});

test("a User or LoginListener given hostile input throws only CometChatExceptions with the field's code; the User stays as it was", async (t) => {
  const { page } = await newPage(t);
  const result = await page.evaluate(async (app) => {
    const { CometChat } = await import("cometchat-wasm");
    await CometChat.init(app);
    const outcome = (f) => {
      try {
        f();
        return "returned";
      } catch (e) {
        return [e instanceof CometChat.CometChatException, e.code].join(" ");
      }
    };
    const boom = () => {
      throw new Error("boom");
    };
    const throwing = new Proxy({}, { get: boom, ownKeys: boom, getPrototypeOf: boom });
    const user = new CometChat.User("hostile", "Before");
    const outcomes = {
      proxyBag: outcome(() => new CometChat.User(throwing)),
      throwingGetter: outcome(() => new CometChat.User({ uid: "u1", get name() { throw new Error("boom"); } })),
      symbolName: outcome(() => user.setName(Symbol("x"))),
      proxyMetadata: outcome(() => user.setMetadata(throwing)),
      cyclicMetadata: outcome(() => { const m = {}; m.self = m; user.setMetadata(m); }),
      bigintTags: outcome(() => user.setTags([1n])),
      objectUid: outcome(() => new CometChat.User({ uid: { toString: () => "u1" } })),
      listenerNumber: outcome(() => new CometChat.LoginListener(42)),
      listenerString: outcome(() => new CometChat.LoginListener({ loginSuccess: "yes" })),
      listenerPartial: outcome(() => CometChat.addLoginListener("partial", new CometChat.LoginListener({ logoutSuccess() {} }))),
    };
    return { outcomes, name: user.getName(), metadata: user.getMetadata() ?? null, json: JSON.stringify(user) };
  }, APP_ID);
  assert.deepEqual(result.outcomes, {
    proxyBag: "true INVALID_UID", // its uid cannot be read
    throwingGetter: "returned", // a field that cannot be read is not set
    symbolName: "true INVALID_USER_NAME",
    proxyMetadata: "true INVALID_USER_METADATA",
    cyclicMetadata: "true INVALID_USER_METADATA",
    bigintTags: "true INVALID_USER_TAGS",
    objectUid: "true INVALID_UID",
    listenerNumber: "true INVALID_ARGUMENT",
    listenerString: "true INVALID_ARGUMENT",
    listenerPartial: "returned",
  });
  assert.deepEqual([result.name, result.metadata], ["Before", null]);
  assert.equal(result.json, JSON.stringify({ uid: "hostile", name: "Before", status: "offline", hasBlockedMe: false, blockedByMe: false }));
});

test("list builders: setters throw at once after init, build() before init rejects fetchNext, for await pages through", async (t) => {
  const { page } = await newPage(t);
  const { token } = await emulator.newUser("lists");
  const tag = `lst${process.pid}`;
  for (let i = 0; i < 5; i++) await emulator.admin("POST", "users", { uid: `${tag}-${i}`, name: `List ${tag} ${i}` });
  await emulator.clearRequests();
  const result = await page.evaluate(
    async ([app, host, tok, tag]) => {
      const { CometChat, UsersRequestBuilder, BlockedUsersRequestBuilder } = await import("cometchat-wasm");
      const early = new CometChat.UsersRequestBuilder().setLimit(0).build(); // not checked before init
      const beforeInit = await early.fetchNext().then(() => "sent", (e) => e.code);
      const lateBuilder = new CometChat.UsersRequestBuilder().setLimit(101);
      await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).build());
      const atBuild = (() => {
        try {
          lateBuilder.build();
          return "built";
        } catch (e) {
          return [e instanceof CometChat.CometChatException, e.code];
        }
      })();
      const thrown = (f) => {
        try {
          f();
          return "accepted";
        } catch (e) {
          return e.code;
        }
      };
      const b = new UsersRequestBuilder();
      const setters = {
        limit: thrown(() => b.setLimit("30")),
        keyword: thrown(() => b.setSearchKeyword("k".repeat(1001))),
        status: thrown(() => b.setStatus("away")),
        sortBy: thrown(() => b.sortBy("email")),
        order: thrown(() => b.sortByOrder("sideways")),
        uids: thrown(() => b.setUIDs(["a/b"])),
        roles: thrown(() => b.setRoles(["a b"])),
        tags: thrown(() => b.setTags([""])),
        searchIn: thrown(() => b.searchIn(["email"])),
        withTags: thrown(() => b.withTags("yes")),
        direction: thrown(() => new BlockedUsersRequestBuilder().setDirection("mine")),
        block: await CometChat.blockUsers([]).then(() => "sent", (e) => e.code),
        blockMany: await CometChat.blockUsers(Array.from({ length: 26 }, (_, i) => `u${i}`)).then(() => "sent", (e) => e.code),
        blockNotArray: await CometChat.unblockUsers("u1").then(() => "sent", (e) => e.code),
      };
      const noSession = await new UsersRequestBuilder().build().fetchNext().then(() => "sent", (e) => e.code);
      await CometChat.login(tok);
      // Bad values left the builder as it was: it still builds, with a keyword.
      const request = b.setLimit(2).setSearchKeyword(tag).sortBy("name").build();
      const pages = [];
      for await (const p of request) pages.push(p.map((u) => u.getUid()));
      const blocked = new BlockedUsersRequestBuilder().blockedByMe().setLimit(10).build();
      const freedRequest = new UsersRequestBuilder().build();
      freedRequest.free();
      const freed = await freedRequest.fetchNext().then(() => "resolved", (e) => [e instanceof CometChat.CometChatException, e.code]);
      return { beforeInit, atBuild, setters, noSession, pages, total: request.total, hasMore: request.hasMore, blocked: await blocked.fetchNext(), freed };
    },
    [APP_ID, `${emulator.url}/v3.0`, token, tag],
  );
  assert.equal(result.beforeInit, "COMETCHAT_INITIALIZATION_NOT_DONE");
  assert.deepEqual(result.atBuild, [true, "INVALID_SET_LIMIT"]);
  assert.deepEqual(result.setters, {
    limit: "INVALID_SET_LIMIT", keyword: "INVALID_SEARCH_KEYWORD", status: "INVALID_STATUS_VALUE", sortBy: "INVALID_SORT_BY",
    order: "INVALID_SORT_BY_ORDER", uids: "INVALID_UIDs", roles: "INVALID_ROLES", tags: "INVALID_TAGS", searchIn: "INVALID_SEARCH_IN",
    withTags: "INVALID_WITH_TAGS", direction: "INVALID_DIRECTION_VALUE", block: "EMPTY_USERS_LIST", blockMany: "INVALID_USER_LIST",
    blockNotArray: "INVALID_USER_LIST",
  });
  assert.equal(result.noSession, "USER_NOT_LOGGED_IN");
  assert.deepEqual(result.pages, [[`${tag}-0`, `${tag}-1`], [`${tag}-2`, `${tag}-3`], [`${tag}-4`]]);
  assert.equal(result.total, 5);
  assert.equal(result.hasMore, false);
  assert.deepEqual(result.blocked, []);
  assert.deepEqual(result.freed, [true, "INVALID_ARGUMENT"], "a freed request rejects with ours");
  const sent = (await emulator.requests()).filter((r) => r.method !== "OPTIONS");
  // Only the login and the pages: nothing for any refused call, and nothing past the last page.
  assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), ["PUT /v3.0/me", "GET /v3.0/users", "GET /v3.0/users", "GET /v3.0/users", "GET /v3.0/blockedusers"]);
});

test("a wasm URL that fails gives WASM_LOAD_FAILED, and a later init recovers", async (t) => {
  const { page } = await newPage(t);
  const result = await page.evaluate(async (app) => {
    const { CometChat } = await import("cometchat-wasm");
    const bad = await CometChat.init(app, undefined, { wasm: "/nowhere.wasm" }).then(() => "ok", (e) => e.code);
    const good = await CometChat.init(app);
    return { bad, good, user: new CometChat.User("after").getUid() };
  }, APP_ID);
  assert.deepEqual(result, { bad: "WASM_LOAD_FAILED", good: true, user: "after" });
});

test("memory stays flat over 20,000 getUser + User cycles (fetch stubbed with ready Responses, so only our code runs)", { skip: CHROMIUM_ONLY.memory }, async (t) => {
  const { page } = await newPage(t);
  const result = await page.evaluate(async (app) => {
    const { CometChat } = await import("cometchat-wasm");
    const { glueInit } = await import("/node_modules/cometchat-wasm/core.js");
    const user = { uid: "target", name: "Target", status: "available", lastActiveAt: 1700000000, tags: ["a"], metadata: { k: "v" } };
    const body = JSON.stringify({ data: { ...user, authToken: "tok_0123" } });
    await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost("http://127.0.0.1:9/v3.0").build());
    globalThis.fetch = async () => new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
    await CometChat.login("tok_0123");
    // (Export names are minified in the shipped module: find the memory by its type.)
    const memory = Object.values(await glueInit()).find((v) => v instanceof WebAssembly.Memory);
    const settle = () => new Promise((r) => setTimeout(r, 0));
    const sample = async () => {
      const heaps = [];
      for (let k = 0; k < 3; k++) {
        gc();
        await settle(); // FinalizationRegistry callbacks
        heaps.push(performance.memory.usedJSHeapSize);
      }
      return { heap: Math.min(...heaps), wasm: memory.buffer.byteLength };
    };
    const cycles = async (n) => {
      for (let i = 0; i < n; i++) {
        const u = await CometChat.getUser("target");
        u.getName();
        const e = new CometChat.User("target");
        e.setName("x");
      }
    };
    await cycles(5000); // warm-up: caches, JIT, the allocator's first pages
    const before = await sample();
    await cycles(15000);
    const after = await sample();
    return { heapGrowth: after.heap - before.heap, wasmGrowth: after.wasm - before.wasm };
  }, APP_ID);
  assert.equal(result.wasmGrowth, 0, "wasm memory grew");
  // A leak of one JS value per call would be about 100 KB here; noise is a few KB.
  assert.ok(result.heapGrowth < 40_000, `JS heap grew by ${result.heapGrowth} bytes over 15,000 cycles`);
});

test("the hand-written index.d.ts declares exactly the methods the User class has", async (t) => {
  const { page } = await newPage(t);
  const runtime = await page.evaluate(async (app) => {
    const { CometChat } = await import("cometchat-wasm");
    await CometChat.init(app);
    return Object.getOwnPropertyNames(CometChat.User.prototype).filter((n) => n !== "constructor" && !n.startsWith("__"));
  }, APP_ID);
  const dts = readFileSync(join(pkgDir, "index.d.ts"), "utf8");
  const body = dts.slice(dts.indexOf("export class User {"), dts.indexOf("\n}", dts.indexOf("export class User {")));
  const declared = [...body.matchAll(/^  (\w+)\(/gm)].map((m) => m[1]).filter((n) => n !== "constructor");
  assert.deepEqual(declared.sort(), runtime.sort());
});

test("the README's start-up hints are used: each file is fetched once (WebKit: the .wasm twice, as the README says)", async (t) => {
  const { page } = await newPage(t);
  fetched.length = 0;
  await page.goto(`${site.url}/hints.html`);
  await page.waitForFunction(() => document.title === "ready");
  await new Promise((r) => setTimeout(r, 200));
  // WebKit (WebKitGTK 2.50) does not hand an as="fetch" preload to the fetch() that init makes,
  // whatever the hint's attributes (tried: without type, crossorigin="anonymous", without
  // crossorigin); it reuses the two modulepreloads.
  const wasm = ENGINE === "webkit" ? 2 : 1;
  assert.deepEqual(fetched.sort(), ["cometchat_wasm_bg.wasm", ...(wasm === 2 ? ["cometchat_wasm_bg.wasm"] : []), "core.js", "index.js"]);
});
