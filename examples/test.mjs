// make test-bundlers: each example app installed from the packed tarball (examples/install.sh),
// built with its own tool, served as its users would serve it, and run in Debian's Chromium
// against a fresh emulator: init, login(token), getUser, updateCurrentUserDetails, a User setter
// that throws a CometChatException, logout. Plain Node imports the package as SSR does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, extname, resolve } from "node:path";
import { APP_ID, startEmulator, launchBrowser } from "../tests/package/harness.mjs";
import { HERE, installAndBuild, serveWith } from "./harness.mjs";

let emulator, browser;

before(async () => {
  process.env.RUST_LOG ??= "warn"; // the emulator's log of each request, not needed here
  emulator = await startEmulator();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** A plain static file server over the app's folder, with the MIME types of any web server. */
async function serveStatic(t, app) {
  const root = join(HERE, app);
  const server = createServer((req, res) => {
    let file = resolve(root, "." + decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(root) || !existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  t.after(() => {
    server.closeAllConnections(); // Chromium keeps its connections open
    return new Promise((ok) => server.close(ok));
  });
  return `http://127.0.0.1:${server.address().port}`;
}

/** Opens the app with a fresh user's token and checks what it did, in the page and on the server. */
async function runApp(t, url, tool) {
  const { uid, token } = await emulator.newUser(tool.toLowerCase().replace(/\W/g, ""));
  const page = await browser.newPage();
  const problems = [];
  const wasm = [];
  page.on("pageerror", (e) => problems.push(`uncaught: ${e}`));
  page.on("console", (m) => {
    if (!["error", "warning"].includes(m.type()) || m.location().url.endsWith("/favicon.ico")) return; // no app has one
    problems.push(`console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ status: r.status(), type: r.headers()["content-type"] });
  });
  t.after(() => page.close());

  const query = new URLSearchParams({ app: APP_ID, host: `${emulator.url}/v3.0`, token });
  await page.goto(`${url}/?${query}`);
  await page.waitForFunction(() => document.getElementById("result")?.textContent !== "running", null, { timeout: 15_000 });
  const text = await page.textContent("#result");
  assert.ok(text.startsWith("{"), `the app failed: ${text}`);
  assert.deepEqual(JSON.parse(text), {
    uid,
    name: `Test ${tool.toLowerCase().replace(/\W/g, "")}`,
    statusMessage: `built with ${tool}`,
    setterError: "INVALID_USER_AVATAR",
    loggedOut: true,
  });
  assert.equal((await emulator.user(uid)).statusMessage, `built with ${tool}`, "the update reached the server");
  // One .wasm file fetched, served as application/wasm: compiled by streaming, no fallback warning.
  assert.deepEqual(wasm, [{ status: 200, type: "application/wasm" }]);
  assert.deepEqual(problems, []);
  return page;
}

test("webpack 5, zero configuration: webpack --mode production", async (t) => {
  installAndBuild("webpack");
  await runApp(t, await serveStatic(t, "webpack"), "webpack");
});

test("Rollup 4 with @rollup/plugin-node-resolve and @web/rollup-plugin-import-meta-assets", async (t) => {
  installAndBuild("rollup");
  await runApp(t, await serveStatic(t, "rollup"), "Rollup");
});

test("esbuild --bundle --loader:.wasm=file, the file's URL passed to init", async (t) => {
  installAndBuild("esbuild");
  await runApp(t, await serveStatic(t, "esbuild"), "esbuild");
});

test("Vite 8: vite build, vite preview", async (t) => {
  installAndBuild("vite");
  const url = await serveWith(t, "vite", "vite", (port) => ["preview", "--host", "127.0.0.1", "--port", `${port}`, "--strictPort"]);
  await runApp(t, url, "Vite");
});

test("Vite 8: the dev server, dependency pre-bundling left on", async (t) => {
  // Installed by the test above; --force: pre-bundle the package afresh, never from an old cache.
  const url = await serveWith(t, "vite", "vite", (port) => ["--force", "--host", "127.0.0.1", "--port", `${port}`, "--strictPort"]);
  await runApp(t, url, "Vite");
});

test("Next.js 16 (App Router): next build, next start; the package imported by a server component and a route", async (t) => {
  installAndBuild("next");
  const url = await serveWith(t, "next", "next", (port) => ["start", "--hostname", "127.0.0.1", "--port", `${port}`]);
  const page = await runApp(t, url, "Next.js");
  assert.equal(await page.textContent("#server"), "rendered on the server with CometChat.init: function");
  const html = await (await fetch(url)).text(); // the server component's output, rendered by `next build`
  assert.match(html, /rendered on the server with CometChat.init: (<!-- -->)?function/);
  const route = await fetch(`${url}/api/exports`);
  assert.equal(route.status, 200);
  const { exports } = await route.json();
  assert.ok(exports.includes("CometChat") && exports.includes("init"), JSON.stringify(exports));
});

test("Node: import(\"cometchat-wasm\") in plain Node, as server-side rendering does", () => {
  execFileSync(join(HERE, "install.sh"), ["node"], { stdio: "inherit" });
  const out = execFileSync("node", ["ssr.js"], { cwd: join(HERE, "node"), encoding: "utf8" });
  const result = JSON.parse(out);
  assert.ok(result.exports.includes("CometChat"), out);
  assert.deepEqual(result.settings, { region: "us" });
  assert.equal(result.hasMore, true);
  assert.equal(result.beforeInit, "COMETCHAT_INITIALIZATION_NOT_DONE");
});

test("no bundler: a static copy of the package and an import map", async (t) => {
  installAndBuild("importmap");
  await runApp(t, await serveStatic(t, "importmap"), "an import map");
});
