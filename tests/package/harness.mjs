// Shared by the package tests: the packed tarball installed into a temp folder, a static
// server for it, a real emulator, admin calls (the backend's role), and Debian's Chromium.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import WebSocket from "ws";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const APP_ID = "pkg-test-app";
export const API_KEY = `pkg-test-key-${process.pid}`;

/** The tarball `scripts/build-pkg.sh` made, unpacked as npm would into node_modules. */
export function installTarball() {
  const tgz = readdirSync(join(ROOT, "dist")).find((f) => /^cometchat-wasm-.*\.tgz$/.test(f));
  if (!tgz) throw new Error("dist/cometchat-wasm-*.tgz is missing: run scripts/build-pkg.sh");
  const dir = mkdtempSync(join(tmpdir(), "cometchat-pkg-"));
  const target = join(dir, "node_modules", "cometchat-wasm");
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["xzf", join(ROOT, "dist", tgz), "-C", target, "--strip-components=1"]);
  return { dir, pkgDir: target };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** Serves `dir` plus in-memory `pages` ({ "/x.html": "<html>…" }), with `headers` on every file and page. */
export async function serveStatic(dir, pages = {}, headers = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    // A page is HTML, or a handler standing in for the app's backend (`(req, res) => …`).
    if (typeof pages[path] === "function") return pages[path](req, res);
    if (pages[path] !== undefined) return res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(pages[path]);
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** A fresh in-memory emulator that logs the header names it sees. */
export async function startEmulator(extra = []) {
  const bin = join(ROOT, "target", "debug", "cometchat-emulator");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build -p cometchat-emulator`);
  const args = ["serve", "--memory", "--port", "0", "--record-requests", "--app-id", APP_ID, "--api-key", API_KEY, ...extra];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (https?:\/\/[^\s]+)/);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`emulator exited with ${code}`)));
  });
  const admin = async (method, path, body) => {
    const res = await fetch(`${url}/v3/${path}`, {
      method,
      headers: { apiKey: API_KEY, appId: APP_ID, "Content-Type": "application/json", Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  let n = 0;
  return {
    url,
    admin,
    /** A new user and an auth token for it, as the app's backend would make. */
    async newUser(tag) {
      const uid = `${tag}-${process.pid}-${++n}`;
      const { status, body } = await admin("POST", "users", { uid, name: `Test ${tag}`, withAuthToken: true });
      if (status !== 200) throw new Error(`create user: ${JSON.stringify(body)}`);
      return { uid, token: body.data.authToken };
    },
    async user(uid) {
      return (await admin("GET", `users/${uid}`)).body.data;
    },
    /** The emulator's real-time sockets: `{ uid, deviceId, subscription, roles, authenticated }`. */
    async sockets() {
      return (await (await fetch(`${url}/__emulator/sockets`)).json()).data;
    },
    /** Closes the sockets of `uid` from the server's side, as a dropped link would. */
    async dropSockets(uid, code = 4000) {
      await fetch(`${url}/__emulator/sockets/close`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ uid, code }) });
    },
    async requests() {
      return (await (await fetch(`${url}/__emulator/requests`)).json()).data;
    },
    async clearRequests() {
      await fetch(`${url}/__emulator/requests`, { method: "DELETE" });
    },
    stop: () => child.kill("SIGTERM"),
  };
}

export async function launchBrowser(extra = []) {
  const profile = mkdtempSync(join(tmpdir(), "cometchat-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      // For the memory regression test: gc() and exact heap sizes.
      "--js-flags=--expose-gc", "--enable-precise-memory-info", ...extra],
  });
}

/** A page whose import map resolves `cometchat-wasm` to the installed package, as a bundler would. */
export const importMapPage = (body = "") => `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{ "imports": { "cometchat-wasm": "/node_modules/cometchat-wasm/index.js" } }</script>
</head><body>${body}</body></html>`;

/** Runs `source` as a module script in `page`; resolves when it has finished (top-level await included). */
export async function runModule(page, source) {
  return page.evaluate(
    (src) =>
      new Promise((ok, fail) => {
        const id = `__done${Math.random().toString(36).slice(2)}`;
        window[id] = ok;
        const onError = (e) => fail(String(e.error?.stack ?? e.reason?.stack ?? e.message ?? e.reason));
        window.addEventListener("error", onError, { once: true });
        window.addEventListener("unhandledrejection", onError, { once: true });
        const s = document.createElement("script");
        s.type = "module";
        s.textContent = `${src}\n;window.${id}();`;
        document.head.append(s);
      }),
    source,
  );
}

/** How often `token` occurs in `bytes`: as UTF-8, UTF-16LE, and base64 (of its UTF-8) text. */
export function occurrences(bytes, token) {
  const hay = Buffer.from(bytes);
  const forms = [Buffer.from(token, "utf8"), Buffer.from(token, "utf16le"), Buffer.from(Buffer.from(token).toString("base64").replace(/=+$/, ""), "utf8")];
  let n = 0;
  for (const form of forms) for (let i = hay.indexOf(form); i !== -1; i = hay.indexOf(form, i + 1)) n++;
  return n;
}

/**
 * The attacker's script, run in a page (a self-contained function, for Playwright and WebDriver
 * alike): every record the package stored, decrypted with the key it stored beside them
 * (non-extractable stops `exportKey`, not `decrypt`), as text; and how many records there are.
 */
export const DECRYPT_ALL = async (app) => {
  const db = await new Promise((ok, fail) => Object.assign(indexedDB.open("cometchat-wasm"), { onsuccess: (e) => ok(e.target.result), onerror: fail }));
  const all = (name) =>
    new Promise((ok) => {
      if (!db.objectStoreNames.contains(name)) return ok([]);
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
    });
  const [keys, sessions] = [await all("keys"), await all("sessions")];
  db.close();
  const plain = [];
  for (const key of keys)
    for (const s of sessions)
      await crypto.subtle
        .decrypt({ name: "AES-GCM", iv: s.iv, additionalData: new TextEncoder().encode(app) }, key, s.data)
        .then((p) => plain.push(new TextDecoder().decode(p)), () => {});
  return { records: sessions.length, plain };
};

/** In a page: the package's database opened at a newer version, as a newer package in another tab would: "opened", "blocked" or "hung". */
export const OPEN_NEWER_VERSION = () =>
  new Promise((ok) => {
    const r = indexedDB.open("cometchat-wasm", 2);
    r.onblocked = () => ok("blocked");
    r.onsuccess = () => (r.result.close(), ok("opened"));
    setTimeout(() => ok("hung"), 3000);
  });

/**
 * In a page (`pkg`: how it imports the package): three worker-mode `init`s in one tick, the
 * second to `otherHost`, then a login and an `init` to `otherHost` once started; their outcomes
 * (a value or an error code) and how many Workers the page made.
 */
export const INIT_RACE = async ([pkg, app, host, otherHost, tok]) => {
  const { CometChat } = await import(pkg);
  let workers = 0;
  const Real = Worker;
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      workers++;
    }
  };
  const settings = (h) => new CometChat.AppSettingsBuilder().overrideClientHost(h).build();
  const outcome = (p) => p.then((v) => v, (e) => e.code);
  const [first, moved, same] = await Promise.all([
    outcome(CometChat.init(app, settings(host), { worker: true })),
    outcome(CometChat.init(app, settings(otherHost), { worker: true })),
    outcome(CometChat.init(app, settings(host), { worker: true })),
  ]);
  const me = await outcome(CometChat.login(tok).then((u) => u.getUid()));
  const movedLater = await outcome(CometChat.init(app, settings(otherHost)));
  return { first, moved, same, workers, me, movedLater };
};

/** A heap snapshot of the page's main thread (Chrome DevTools Protocol), as text. */
export async function heapSnapshot(page) {
  const cdp = await page.context().newCDPSession(page);
  const chunks = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e) => chunks.push(e.chunk));
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  await cdp.detach();
  return chunks.join("");
}

/**
 * Another user's device on the emulator's real-time socket, as CometChat's protocol has it (a
 * second client of the protocol, in Node with the `ws` package): `GET me` for the jwt and `GET
 * settings` for the socket's address, then the auth frame. Resolves the open, accepted socket.
 */
export async function presenceClient(emulatorUrl, user) {
  const get = async (path) =>
    (await (await fetch(`${emulatorUrl}/v3.0/${path}`, { headers: { appId: APP_ID, authToken: user.token, Accept: "application/json" } })).json()).data;
  const [me, settings] = [await get("me"), await get("settings")];
  // The emulator's own self-signed certificate, with --tls.
  const scheme = emulatorUrl.startsWith("https:") ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${settings.CHAT_HOST}:${settings.CHAT_WSS_PORT}`, { rejectUnauthorized: false });
  await new Promise((ok, fail) => ((ws.onopen = ok), (ws.onerror = fail)));
  const code = new Promise((ok) => (ws.onmessage = ({ data }) => JSON.parse(String(data)).type === "auth" && ok(JSON.parse(String(data)).body.code)));
  ws.send(JSON.stringify({ appId: APP_ID, deviceId: "WEB-node", type: "auth", sender: user.uid, body: { auth: me.jwt, deviceId: "WEB-node" } }));
  if ((await code) !== "200") throw new Error(`the emulator refused ${user.uid}'s socket`);
  return ws;
}
