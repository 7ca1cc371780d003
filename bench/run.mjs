// cometchat-wasm benchmarks, side by side with the official CometChat JS SDK, in headless Chromium.
// Run by scripts/bench.sh (which builds everything first); writes bench/RESULTS.md and prints it.
//   BENCH_QUICK=1 node bench/run.mjs   small N, for developing the benchmark itself
// Diagnosis (prints, writes nothing): BENCH_COMPARE=getUser|list|update (one stubbed comparison),
// BENCH_PROFILE=kind:who (a CPU profile of one contender, e.g. list:ours), BENCH_START=1 (the
// Chromium start-up row alone), and with the first two,
// BENCH_B=<an unpacked package> (a baseline build as "ours (B)", e.g. a copy of dist/package made
// before a change), so a change is measured against its baseline in the same page.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir, cpus } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants as zc } from "node:zlib";
import { chromium } from "playwright-core";
import { startGeckodriver, firefoxVersion } from "./firefox.mjs";
import { CHROMIUM, CHROMIUM_ARGS, launchChromium, median } from "./common.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const QUICK = process.env.BENCH_QUICK === "1";
const APP_ID = "bench-app";
const API_KEY = `bench-key-${process.pid}`;
const SDK_FILE = join(BENCH, "node_modules", "@cometchat", "chat-sdk-javascript", "CometChat.js");
const SDK_VERSION = JSON.parse(readFileSync(join(dirname(SDK_FILE), "package.json"))).version;

// Sizes of every run (QUICK divides them so the whole thing takes seconds).
const N = QUICK
  ? { cost: { batches: 10, perBatch: 20, warmup: 2 }, costList: { batches: 5, perBatch: 5, warmup: 1 }, e2e: { batches: 5, perBatch: 10, warmup: 1 }, concurrent: 100, rounds: 1, loads: 3, firefoxLoads: 2, memory: { cycles: 2000, every: 500 } }
  : { cost: { batches: 100, perBatch: 100, warmup: 5 }, costList: { batches: 30, perBatch: 20, warmup: 3 }, e2e: { batches: 20, perBatch: 50, warmup: 2 }, concurrent: 100, rounds: 3, loads: 30, firefoxLoads: 8, memory: { cycles: 100_000, every: 10_000 } };

const log = (...a) => console.error("bench:", ...a);

// ---------------------------------------------------------------- helpers
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};
const fmt = (x, d = 1) => (x >= 100 ? x.toFixed(0) : x.toFixed(d));
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map((h, i) => (i ? "---:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

/** The packed tarball, unpacked as npm would into node_modules. */
function installTarball() {
  const tgz = readdirSync(join(ROOT, "dist")).find((f) => /^cometchat-wasm-.*\.tgz$/.test(f));
  if (!tgz) throw new Error("dist/cometchat-wasm-*.tgz is missing: run scripts/build-pkg.sh");
  const dir = mkdtempSync(join(tmpdir(), "cometchat-bench-pkg-"));
  execFileSync("tar", ["xzf", join(ROOT, "dist", tgz), "-C", dir, "--strip-components=1"]);
  return dir;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

/** Loopback static server: /pkg/* → the installed package, /sdk/CometChat.js → the official SDK file,
 *  /page.js → bench/page.js, plus in-memory pages. `isolate` adds COOP/COEP (cross-origin isolation
 *  makes performance.now() fine-grained). Scripts and wasm are cacheable (max-age) so "warm" loads
 *  can hit the HTTP cache; cold loads use a fresh browser context, whose cache is empty. */
async function serve(pkgDir, pages, { isolate }) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const headers = isolate ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } : {};
    if (pages[path] !== undefined) return res.writeHead(200, { ...headers, "Content-Type": "text/html", "Cache-Control": "no-store" }).end(pages[path]);
    let file;
    // BENCH_B (diagnosis): another build of the package, at /pkg-b/, measured against this one.
    const [prefix, dir] = path.startsWith("/pkg-b/") && process.env.BENCH_B ? ["/pkg-b/", process.env.BENCH_B] : ["/pkg/", pkgDir];
    if (path.startsWith(prefix)) file = join(dir, path.slice(prefix.length)); // join normalises ".."
    if (file && !file.startsWith(dir + "/")) file = undefined;
    else if (path === "/sdk/CometChat.js") file = SDK_FILE;
    else if (path === "/page.js") file = join(BENCH, "page.js");
    else if (path === "/src/runtime.js") file = join(ROOT, "js", "runtime.js");
    if (!file || !existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "max-age=3600" }).end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** The release emulator over TLS (self-signed), logging requests. */
async function startEmulator() {
  const bin = join(ROOT, "target", "release", "cometchat-emulator");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release -p cometchat-emulator`);
  const child = spawn(bin, ["serve", "--memory", "--port", "0", "--record-requests", "--tls", "--app-id", APP_ID, "--api-key", API_KEY], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
  const url = await new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (https:\/\/[^\s]+)/);
      if (m) ok(m[1].replace(/\/$/, ""));
    });
    child.on("exit", (code) => fail(new Error(`emulator exited with ${code}`)));
  });
  // Node's fetch has no per-request way to accept a self-signed certificate: node:https does.
  const call = (method, path, body, headers = {}) =>
    new Promise((ok, fail) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = httpsRequest(`${url}${path}`, { method, rejectUnauthorized: false, headers: { Accept: "application/json", ...(data ? { "Content-Type": "application/json" } : {}), ...headers } }, (res) => {
        let s = "";
        res.on("data", (d) => (s += d)).on("end", () => ok({ status: res.statusCode, body: JSON.parse(s) }));
      });
      req.on("error", fail);
      req.end(data);
    });
  const admin = (method, path, body) => call(method, `/v3/${path}`, body, { apiKey: API_KEY, appId: APP_ID });
  return {
    url,
    async newUser(uid, extra = {}) {
      const { status, body } = await admin("POST", "users", { uid, name: `Bench ${uid}`, withAuthToken: true, ...extra });
      if (status !== 200) throw new Error(`create user ${uid}: ${JSON.stringify(body)}`);
      return { uid, token: body.data.authToken };
    },
    requests: async () => (await call("GET", "/__emulator/requests")).body.data,
    clearRequests: () => call("DELETE", "/__emulator/requests"),
    stop: () => child.kill("SIGTERM"),
  };
}

// ---------------------------------------------------------------- 1. size
function sizes(pkgDir) {
  const measure = (buf) => ({
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: zc.BROTLI_MAX_QUALITY, [zc.BROTLI_PARAM_LGWIN]: zc.BROTLI_MAX_WINDOW_BITS, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  });
  // What every page loads; worker mode, persistence and token URLs add modules loaded only then.
  const of = (names) => names.map((f) => ({ file: f, ...measure(readFileSync(join(pkgDir, f))) }));
  const sum = (list) => list.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const files = of(["cometchat_wasm_bg.wasm", "index.js", "core.js"]);
  const lazy = of(["remote.js", "messages.js", "worker.js", "store.js", "token-url.js"]);
  const ours = sum(files);
  return { files, ours, lazy, lazyTotal: sum(lazy), official: measure(readFileSync(SDK_FILE)), wasmSections: wasmSections(readFileSync(join(pkgDir, "cometchat_wasm_bg.wasm"))) };
}

/** Bytes per section of a wasm module (and per data segment total), to see what the size is made of. */
function wasmSections(buf) {
  const NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
  const leb = (at) => {
    let v = 0, shift = 0, b;
    do { b = buf[at++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return [v, at];
  };
  const out = [];
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [len, body] = leb(at + 1);
    let name = NAMES[id] ?? `id ${id}`;
    let count;
    if (id === 0) { const [n, p] = leb(body); name = `custom "${buf.subarray(p, p + n).toString()}"`; }
    else if (id === 10 || id === 11 || id === 2 || id === 7) count = leb(body)[0];
    out.push({ name, bytes: body + len - at, count, gzip: gzipSync(buf.subarray(body, body + len), { level: 9 }).length });
    at = body + len;
  }
  return out;
}

// ---------------------------------------------------------------- 5. cold start
/** The start-up pages: each records `window.__initDone` (ms since navigation start). "ours" has
 *  the preload hints the README recommends (PRELOAD); "ours-bare" is the same page without. */
const PRELOAD = `<link rel="modulepreload" href="/pkg/index.js"><link rel="modulepreload" href="/pkg/core.js"><link rel="preload" href="/pkg/cometchat_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin>`;
function startPages(emulatorUrl) {
  const host = `${emulatorUrl}/v3.0`;
  const ours = `<script type="module">
import { CometChat } from "/pkg/index.js";
await CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(host)}).build());
window.__initDone = performance.now();
</script>`;
  return {
    "/blank.html": `<!doctype html><html><body><script>window.__initDone = performance.now();</script></body></html>`,
    "/ours.html": `<!doctype html><html><head>${PRELOAD}</head><body>${ours}</body></html>`,
    "/ours-bare.html": `<!doctype html><html><body>${ours}</body></html>`,
    "/ours-worker.html": `<!doctype html><html><body><script type="module">
import { CometChat } from "/pkg/index.js";
await CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(host)}).build(), { worker: true });
window.__initDone = performance.now();
</script></body></html>`,
    "/official.html": `<!doctype html><html><body><script src="/sdk/CometChat.js"></script><script>
CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().setRegion("us").overrideClientHost(${JSON.stringify(host.replace(/^https:\/\//, ""))}).autoEstablishSocketConnection(false).build())
  .then(() => { window.__initDone = performance.now(); }, (e) => { window.__initError = String(e && (e.message || e.code || JSON.stringify(e))); });
</script></body></html>`,
  };
}
const START_NAMES = ["blank", "ours", "ours-bare", "official", "ours-worker"];

/** Navigation start → init resolved, each load in a fresh browser context (empty HTTP cache, no
 *  storage). "warm" loads the page once in the context first and measures the second load. */

async function coldStart(pkgDir, emulatorUrl) {
  const server = await serve(pkgDir, startPages(emulatorUrl), { isolate: false });
  const browser = await launchChromium();
  const version = browser.version();
  const load = async (page, name) => {
    await page.goto(`${server.url}/${name}.html`);
    await page.waitForFunction(() => window.__initDone !== undefined || window.__initError !== undefined, null, { timeout: 30_000 });
    const { done, error } = await page.evaluate(() => ({ done: window.__initDone, error: window.__initError }));
    if (error) throw new Error(`${name}: init failed: ${error}`);
    return done;
  };
  const names = START_NAMES;
  const out = { cold: Object.fromEntries(names.map((n) => [n, []])), warm: Object.fromEntries(names.map((n) => [n, []])) };
  try {
    for (let i = -1; i < N.loads; i++) { // i = -1: one discarded round (the first launch of anything is slower)
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + 1 + k) % names.length];
        for (const mode of ["cold", "warm"]) {
          const ctx = await browser.newContext();
          const page = await ctx.newPage();
          if (mode === "warm") {
            await load(page, name);
            await page.close();
          }
          const p = mode === "warm" ? await ctx.newPage() : page;
          const t = await load(p, name);
          if (i >= 0) out[mode][name].push(t);
          await ctx.close();
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { ...out, version };
}

// getUser end to end through the worker (`init(…, { worker: true })`) against in-page, each in
// a page of its own (worker mode is per page), batches interleaved. The worker's fetch cannot be
// stubbed from the page, so this is over the network: the difference is the worker's share.
async function workerCost(pkgDir, emulatorUrl, token, target) {
  const page = (worker) => `<!doctype html><html><body><script type="module">
import { CometChat } from "/pkg/index.js";
await CometChat.init(${JSON.stringify(APP_ID)}, new CometChat.AppSettingsBuilder().overrideClientHost(${JSON.stringify(`${emulatorUrl}/v3.0`)}).build()${worker ? ", { worker: true }" : ""});
await CometChat.login(${JSON.stringify(token)});
window.batch = async (n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await CometChat.getUser(${JSON.stringify(target)});
  return ((performance.now() - t0) * 1000) / n;
};
window.ready = true;
</script></body></html>`;
  const server = await serve(pkgDir, { "/in-page.html": page(false), "/worker.html": page(true) }, { isolate: true });
  const browser = await launchChromium();
  const samples = { "in-page": [], worker: [] };
  try {
    const pages = {};
    for (const name of Object.keys(samples)) {
      pages[name] = await browser.newPage();
      await pages[name].goto(`${server.url}/${name}.html`);
      await pages[name].waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
    }
    const { batches, perBatch, warmup } = N.e2e;
    for (let b = -warmup; b < batches; b++) {
      for (const name of b % 2 ? ["worker", "in-page"] : ["in-page", "worker"]) {
        const us = await pages[name].evaluate((n) => window.batch(n), perBatch);
        if (b >= 0) samples[name].push(us);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return samples;
}

/** What `run()` (calls made in a page) put on the wire, from the emulator's request log: the
 *  GETs of `target` and the CORS preflights, with what `run` resolved. */
async function onWire(emu, target, run) {
  await emu.clearRequests();
  const res = await run();
  const entries = await emu.requests();
  return {
    ...res,
    gets: entries.filter((e) => e.method === "GET" && e.path.endsWith(`/users/${target}`)).length,
    preflights: entries.filter((e) => e.method === "OPTIONS").length,
  };
}

// ---------------------------------------------------------------- 7. Firefox
/** The per-call, end-to-end, preflight and start-up rows again in Firefox (bench/firefox.mjs). */
async function firefoxRows(pkgDir, emu, setupArgs, benchPage, target) {
  const gecko = await startGeckodriver();
  const out = { version: firefoxVersion() };
  try {
    const server = await serve(pkgDir, benchPage, { isolate: true });
    const ff = await gecko.session();
    try {
      await ff.goto(`${server.url}/bench.html`);
      await ff.until("window.benchReady === true");
      out.setup = await ff.run((c) => window.bench.setup(c), setupArgs);
      log("Firefox: setup", JSON.stringify(out.setup.checks), "crossOriginIsolated:", out.setup.crossOriginIsolated);
      const compare = (kind, n, stubbed) => ff.run((k, o) => window.bench.compare(k, o), kind, { ...n, stubbed });
      log("Firefox: client-side cost …");
      out.costGet = await compare("getUser", N.cost, true);
      out.costList = await compare("list", N.costList, true);
      out.costUpdate = await compare("update", N.cost, true);
      log("Firefox: end to end …");
      out.e2e = await compare("getUserE2E", N.e2e, false);
      out.sequentialWire = {};
      for (const who of ["ours", "raw", "official"])
        out.sequentialWire[who] = await onWire(emu, target, () => ff.run((w) => window.bench.wire(w, 20, false), who));
    } finally {
      await ff.close();
      server.close();
    }
    log("Firefox: start-up …");
    const pages = await serve(pkgDir, startPages(emu.url), { isolate: false });
    out.start = { loads: N.firefoxLoads, cold: Object.fromEntries(START_NAMES.map((n) => [n, []])), warm: Object.fromEntries(START_NAMES.map((n) => [n, []])) };
    try {
      for (let i = -1; i < N.firefoxLoads; i++) {
        for (let k = 0; k < START_NAMES.length; k++) {
          const name = START_NAMES[(i + 1 + k) % START_NAMES.length];
          // A fresh profile per round: the first load is cold, the second (same profile) warm.
          const session = await gecko.session();
          try {
            for (const mode of ["cold", "warm"]) {
              await session.goto(`${pages.url}/${name}.html`);
              await session.until("window.__initDone !== undefined || window.__initError !== undefined");
              const { done, error } = await session.run(async () => ({ done: window.__initDone, error: window.__initError ?? null }));
              if (error) throw new Error(`Firefox ${name}: init failed: ${error}`);
              if (i >= 0) out.start[mode][name].push(done);
            }
          } finally {
            await session.close();
          }
        }
      }
    } finally {
      pages.close();
    }
  } finally {
    gecko.stop();
  }
  return out;
}

// ---------------------------------------------------------------- main
async function main() {
  const started = Date.now();
  const commit = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]).toString().trim();
  const dirty = execFileSync("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "pkg-template", "Cargo.toml", "Cargo.lock"]).toString().trim() !== "";
  const pkgDir = installTarball();
  const size = sizes(pkgDir);
  log("sizes measured");

  const emu = await startEmulator();
  const results = { size };
  try {
    const users = {
      ours: await emu.newUser("bench-ours"),
      raw: await emu.newUser("bench-raw"),
      official: await emu.newUser("bench-official"),
    };
    // The user everyone reads: every profile field filled in, as a real profile would be.
    const target = await emu.newUser("bench-target", {
      avatar: "https://data.example.com/avatars/bench-target.png",
      link: "https://example.com/u/bench-target",
      metadata: { "@private": { email: "target@example.com", contactNumber: "0123456789" }, team: "bench", level: 3 },
      statusMessage: "Benchmarking things",
      tags: ["bench", "tagged", "vip"],
    });

    // A diagnosis run (BENCH_COMPARE, BENCH_PROFILE) skips straight to the stubbed calls;
    // BENCH_START=1 runs the Chromium start-up row alone and prints it.
    const diagnosis = process.env.BENCH_COMPARE || process.env.BENCH_PROFILE;
    if (process.env.BENCH_START) {
      const cs = await coldStart(pkgDir, emu.url);
      for (const mode of ["cold", "warm"]) console.error(startRow(mode, Object.fromEntries(Object.entries(cs[mode]).map(([k, v]) => [k, median(v)]))).join(" | "));
      return;
    }
    if (!diagnosis) {
      log("cold start …");
      results.coldStart = await coldStart(pkgDir, emu.url);
      log("getUser through the worker …");
      results.worker = await workerCost(pkgDir, emu.url, (await emu.newUser("bench-worker")).token, target.uid);
    }

    const pages = {
      "/bench.html": `<!doctype html><html><head><meta charset="utf-8"><script src="/sdk/CometChat.js"></script><script type="module" src="/page.js"></script></head><body></body></html>`,
    };
    const setupArgs = { appId: APP_ID, host: `${emu.url}/v3.0`, target: target.uid, ...users };
    const server = await serve(pkgDir, pages, { isolate: true });
    // A persistent context (its own profile folder, removed after), as a user's browser has.
    const profile = mkdtempSync(join(tmpdir(), "cometchat-bench-chromium-"));
    const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => log("page error:", e.message));
      await page.goto(`${server.url}/bench.html`);
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
      const ev = (fn, arg) => page.evaluate(fn, arg);
      results.setup = await ev((c) => window.bench.setup(c), { ...setupArgs, b: process.env.BENCH_B ? (await emu.newUser("bench-b")).token : undefined });
      log("setup", JSON.stringify(results.setup.checks), "crossOriginIsolated:", results.setup.crossOriginIsolated);

      if (process.env.BENCH_COMPARE) {
        // Diagnosis only (not part of RESULTS.md): one stubbed comparison, e.g. BENCH_COMPARE=list,
        // with the batches of the full run.
        const kind = process.env.BENCH_COMPARE;
        const n = kind === "list" ? N.costList : N.cost;
        const samples = await ev(([k, n]) => window.bench.compare(k, { ...n, stubbed: true }), [kind, n]);
        for (const [who, v] of Object.entries(samples)) console.error(`${who.padEnd(28)} median ${median(v).toFixed(1)} µs`);
        return;
      }
      if (process.env.BENCH_PROFILE) {
        // Diagnosis only (not part of RESULTS.md): a CPU profile of one contender's stubbed calls,
        // printed as the functions with the most self time.
        const [kind, who] = process.env.BENCH_PROFILE.split(":"); // e.g. getUser:ours
        const cdp = await ctx.newCDPSession(page);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
        await ev(([k, w]) => window.bench.compare(k, { batches: 5, perBatch: 100, warmup: 2, stubbed: true, only: [w] }), [kind, who]);
        await cdp.send("Profiler.start");
        await ev(([k, w]) => window.bench.compare(k, { batches: 20, perBatch: 100, warmup: 0, stubbed: true, only: [w] }), [kind, who]);
        const { profile } = await cdp.send("Profiler.stop");
        const self = new Map();
        const dt = profile.timeDeltas, byId = new Map(profile.nodes.map((n) => [n.id, n]));
        profile.samples.forEach((id, i) => {
          const f = byId.get(id).callFrame;
          const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
          self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
        });
        const total = [...self.values()].reduce((a, b) => a + b, 0);
        const calls = 20 * 100; // µs per call below: the profile's time over the calls it covers
        const line = (k, v) => console.error(`${((100 * v) / total).toFixed(1).padStart(5)}% ${(v / calls).toFixed(2).padStart(7)} µs/call  ${k}`);
        [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).forEach(([k, v]) => line(k, v));
        // And by where the code lives (the wasm module, its glue, the package's JS, the browser).
        const byFile = new Map();
        for (const [k, v] of self) {
          const file = k.split(" ").pop().replace(/:\d+$/, "") || "(browser)";
          byFile.set(file, (byFile.get(file) ?? 0) + v);
        }
        [...byFile.entries()].sort((a, b) => b[1] - a[1]).forEach(([k, v]) => line(`[${k}]`, v));
        return;
      }
      log("client-side cost, getUser …");
      results.costGet = await ev((n) => window.bench.compare("getUser", { ...n, stubbed: true }), N.cost);
      log("client-side cost, fetchNext of a 100-user page …");
      results.costList = await ev((n) => window.bench.compare("list", { ...n, stubbed: true }), N.costList);
      log("client-side cost, updateCurrentUserDetails …");
      results.costUpdate = await ev((n) => window.bench.compare("update", { ...n, stubbed: true }), N.cost);
      log("end to end getUser …");
      results.e2e = await ev((n) => window.bench.compare("getUserE2E", { ...n, stubbed: false }), N.e2e);

      log("requests on the wire …");
      // What each call costs on the wire: sequential calls (CORS preflights per call?) and
      // concurrent calls of one uid (coalesced?), counted in the emulator's request log.
      const wire = (who, n, parallel) => onWire(emu, target.uid, () => ev(([w, k, p]) => window.bench.wire(w, k, p), [who, n, parallel]));
      results.sequentialWire = {};
      for (const who of ["ours", "raw", "official"]) results.sequentialWire[who] = await wire(who, 20, false);
      results.concurrent = { ours: [], raw: [], official: [] };
      for (let r = 0; r < N.rounds; r++) {
        for (const who of ["ours", "raw", "official"]) results.concurrent[who].push(await wire(who, N.concurrent, true));
      }

      results.memory = {};
      for (const who of ["ours", "official", "raw"]) {
        log(`memory, ${who} …`);
        results.memory[who] = await ev(([w, n]) => window.bench.memory(w, n), [who, N.memory]);
      }
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
      server.close();
    }
    log("Firefox …");
    results.firefox = await firefoxRows(pkgDir, emu, setupArgs, pages, target.uid);
  } finally {
    emu.stop();
    rmSync(pkgDir, { recursive: true, force: true });
  }
  results.meta = {
    date: new Date().toISOString(),
    commit: commit + (dirty ? " (with uncommitted changes to the package sources)" : ""),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    chromium: results.coldStart.version,
    node: process.version,
    sdkVersion: SDK_VERSION,
    quick: QUICK,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(BENCH, "results.json"), JSON.stringify(results, null, 1) + "\n");
  const md = report(results);
  writeFileSync(join(BENCH, "RESULTS.md"), md);
  console.log(md);
}

// ---------------------------------------------------------------- report
const START_HEAD = ["mode", "blank page ms", "ours ms", "official ms", "ours ÷ official", "(ours − blank) ÷ (official − blank)", "ours without the hints ms", "(without − blank) ÷ (official − blank)", "ours, worker mode ms", "(worker − blank) ÷ (official − blank)"];
const startRow = (mode, med) => {
  const net = (k) => ratio(med[k] - med.blank, med.official - med.blank);
  return [mode, fmt(med.blank), fmt(med.ours), fmt(med.official), ratio(med.ours, med.official), net("ours"), fmt(med["ours-bare"]), net("ours-bare"), fmt(med["ours-worker"]), net("ours-worker")];
};

// ---------------------------------------------------------------- report
function report(r) {
  const m = r.meta;
  const out = [];
  out.push(`# cometchat-wasm benchmark results${m.quick ? " (QUICK run: small N, not for quoting)" : ""}`);
  out.push("");
  out.push(`Measured ${m.date} on ${m.nproc} × ${m.cpu}, headless Chromium ${m.chromium} (Debian), Node ${m.node}; ` +
    `cometchat-wasm at commit ${m.commit}; official SDK \`@cometchat/chat-sdk-javascript@${m.sdkVersion}\` (its \`CometChat.js\`, loaded by a plain \`<script>\` tag). ` +
    `Emulator: release build, in-memory, TLS, on loopback. Every comparison ran in the same run (and, for 2–4 and 6, the same page), contenders interleaved; ` +
    `the machine is shared and noisy, so read the ratios, not the absolute times. Benchmark run took ${m.seconds} s.`);
  out.push("");
  out.push("Reproduce: `make bench` (= `scripts/bench.sh`: setup, package build, release emulator build, `npm ci` in bench/, `node bench/run.mjs`).");
  out.push("");

  // 1
  const s = r.size;
  out.push("## 1. What a user ships");
  out.push("");
  out.push(table(["file", "raw", "gzip -9", "brotli (q 11, max window)"], [
    ...s.files.map((f) => [`ours: ${f.file}`, `${f.raw}`, `${f.gzip}`, `${f.brotli}`]),
    ["**ours, total**", `**${s.ours.raw}** (${kb(s.ours.raw)})`, `**${s.ours.gzip}** (${kb(s.ours.gzip)})`, `**${s.ours.brotli}** (${kb(s.ours.brotli)})`],
    ["**official SDK** (CometChat.js)", `**${s.official.raw}** (${kb(s.official.raw)})`, `**${s.official.gzip}** (${kb(s.official.gzip)})`, `**${s.official.brotli}** (${kb(s.official.brotli)})`],
    ["ours / official", ratio(s.ours.raw, s.official.raw), ratio(s.ours.gzip, s.official.gzip), ratio(s.ours.brotli, s.official.brotli)],
  ]));
  out.push("");
  out.push("Loaded only when asked for (worker mode, session persistence, `login({ tokenUrl })`), as published:");
  out.push("");
  out.push(table(["file", "raw", "gzip -9", "brotli (q 11, max window)"], [
    ...s.lazy.map((f) => [`ours: ${f.file}`, `${f.raw}`, `${f.gzip}`, `${f.brotli}`]),
    ["**all of them**", `${s.lazyTotal.raw}`, `${s.lazyTotal.gzip}`, `${s.lazyTotal.brotli}`],
  ]));
  out.push("");
  out.push("Bytes. Target (#14): everything an app bundles (the wasm, plus the package's JS bundled and minified) ≤ 30,000 bytes gzip; `scripts/build-pkg.sh` measures that figure at each build.");
  out.push("");
  out.push("The wasm module by section (gzip of each section alone, so the column does not add up exactly):");
  out.push("");
  out.push(table(["section", "entries", "bytes", "gzip -9 alone"], s.wasmSections.map((x) => [x.name, x.count === undefined ? "" : `${x.count}`, `${x.bytes}`, `${x.gzip}`])));
  out.push("");

  // 2, 3
  const costTable = (samples, note) => {
    const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const label = { ours: "ours (cometchat-wasm)", raw: "raw fetch + json() + object", official: "official SDK", "raw, default cache mode": "raw fetch, `cache: \"default\"` (preflight cache usable)" };
    const rows = Object.entries(samples).map(([k, v]) => [label[k] ?? k, fmt(med[k]), `${fmt(quantile(v, 0.25))} – ${fmt(quantile(v, 0.75))}`, ratio(med[k], med.raw), ratio(med[k], med.official)]);
    return [table(["contender", "median µs / call", "p25 – p75 of batches", "÷ raw", "÷ official"], rows), "", note].join("\n");
  };
  const c = r.setup;
  out.push("## 2. Client-side cost per call (fetch stubbed: a ready `Response` per call, no network)");
  out.push("");
  out.push(`Batches of ${N.cost.perBatch} sequential awaited calls, ${N.cost.batches} batches per contender (${N.cost.batches * N.cost.perBatch} calls) after ${N.cost.warmup} warm-up batches, order rotating each round; median over batches of the per-call time. ` +
    `The stub answers with the target user exactly as the emulator served it (${c.stubGetBytes} bytes of JSON; every field filled in). crossOriginIsolated = ${c.crossOriginIsolated}; performance.now() steps measured in the page: ${c.timerResolutionUs} µs at the finest.`);
  out.push("");
  out.push("### getUser(uid)");
  out.push("");
  out.push(costTable(r.costGet, "Target (#14): ours ≤ 1.0× official and ≤ 1.5× raw. \"ours, JS request layer only\" is ours without the wasm (`js/runtime.js`'s `request`, then raw's plain object): the difference between it and ours is the wasm side's cost."));
  out.push("");
  out.push("### UsersRequest.fetchNext(): a page of 100 users");
  out.push("");
  out.push(costTable(r.costList, `${N.costList.batches} batches of ${N.costList.perBatch}. Each call builds its request (\`new UsersRequestBuilder().setLimit(100).build()\`) and reads one page: the stub answers with 100 copies of the target user (distinct uids). Raw = \`fetch\` + \`json()\` + a plain object per user: the floor. Target: ours ≤ official.`));
  out.push("");
  out.push("### updateCurrentUserDetails({ name, statusMessage })");
  out.push("");
  out.push(costTable(r.costUpdate, "Raw = `fetch` PUT me with a `JSON.stringify` body, `json()`, a plain object. The stub answers with each session's real `PUT me` response. Target (#14): ours ≤ 0.4× official."));
  out.push("");
  out.push("## 3. End to end: sequential getUser over loopback against the TLS emulator");
  out.push("");
  out.push(`${N.e2e.batches} batches × ${N.e2e.perBatch} sequential calls per contender (${N.e2e.batches * N.e2e.perBatch} calls each), interleaved as above, after ${N.e2e.warmup} warm-up batches. Raw fetch sends the same headers as ours (appId, Accept, sdk, resource, authToken; \`cache: "no-store"\`, \`credentials: "omit"\`).`);
  out.push("");
  out.push(costTable(r.e2e, "Target (#14): ours ≤ 0.85× raw (whose `no-store` pays a preflight per call)."));
  out.push("");
  out.push("Requests on the wire for 20 sequential getUser (a separate short run after the timed one, counted in the emulator's request log):");
  out.push("");
  out.push(table(["contender", "GET users/{uid}", "CORS preflights (OPTIONS)"], ["ours", "raw", "official"].map((w) => [w === "ours" ? "ours (cometchat-wasm)" : w === "raw" ? "raw fetch" : "official SDK", `${r.sequentialWire[w].gets}`, `${r.sequentialWire[w].preflights}`])));
  out.push("");

  // 4
  out.push(`## 4. ${N.concurrent} concurrent getUser of one uid (\`Promise.all\`)`);
  out.push("");
  const conc = (who) => r.concurrent[who];
  const who3 = (w) => (w === "ours" ? "ours (cometchat-wasm)" : w === "raw" ? "raw fetch" : "official SDK");
  out.push(table(["contender", "GET users/{uid} that reached the emulator (each round)", "CORS preflights (each round)", "distinct result objects"], ["ours", "raw", "official"].map((w) => [who3(w), conc(w).map((x) => x.gets).join(", "), conc(w).map((x) => x.preflights).join(", "), conc(w).map((x) => x.distinctObjects).join(", ")])));
  out.push("");
  out.push(`Counted in the emulator's request log. Measured on main at ${m.commit}. Target: ours → 1 request (official: ${N.concurrent}).`);
  out.push("");

  // 5
  const cs = r.coldStart;
  out.push("## 5. Start-up: navigation start → `init` resolved");
  out.push("");
  out.push(`${N.loads} loads per contender and mode, interleaved, each in a fresh browser context (new renderer, empty HTTP cache, no storage). ` +
    "**cold**: the first load in the context (everything fetched and compiled). **warm**: the page was loaded once in the same context first; scripts and wasm are served `Cache-Control: max-age=3600`, so they come from the HTTP cache (and Chromium's code caches where it uses them). " +
    "Ours = module import of `index.js` + `CometChat.init` (fetches, compiles, instantiates the wasm), on a page with the preload hints the README recommends (`<link rel=modulepreload>` for the two modules every page loads, `<link rel=preload as=fetch crossorigin>` for the `.wasm`, so that all three are fetched in parallel as the HTML is parsed); \"without the hints\" is the same page without them. Official = `<script src=CometChat.js>` + `CometChat.init` (no request with `autoEstablishSocketConnection(false)`). Blank = an empty page that records the same timestamp: the floor of navigation itself.");
  out.push("");
  const rowsCs = [];
  for (const mode of ["cold", "warm"]) {
    const med = Object.fromEntries(Object.entries(cs[mode]).map(([k, v]) => [k, median(v)]));
    rowsCs.push(startRow(mode, med));
  }
  out.push(table(START_HEAD, rowsCs));
  out.push("");
  out.push("Medians. Target: ≤ 0.25× the official SDK's. Worker mode (`init(…, { worker: true })`) loads the module in the page (for `User`) and again in the worker, where `init` runs a second time.");
  out.push("");

  // 5b
  const w = Object.fromEntries(Object.entries(r.worker).map(([k, v]) => [k, median(v)]));
  out.push("## 5b. getUser through the worker against in-page");
  out.push("");
  out.push(`End to end over loopback against the TLS emulator (the worker's \`fetch\` cannot be stubbed from the page): two pages, one in-page and one with \`init(…, { worker: true })\`, ${N.e2e.batches} batches × ${N.e2e.perBatch} sequential calls each, batches alternating, after ${N.e2e.warmup} warm-up batches.`);
  out.push("");
  out.push(table(["mode", "median µs / call", "p25 – p75 of batches", "÷ in-page"], Object.entries(r.worker).map(([k, v]) => [k, fmt(w[k]), `${fmt(quantile(v, 0.25))} – ${fmt(quantile(v, 0.75))}`, ratio(w[k], w["in-page"])])));
  out.push("");
  out.push("The difference is the worker's share: a message each way over a `MessageChannel` (structured clone of the user) and a `User` made again on the page.");
  out.push("");

  // 6
  out.push(`## 6. Memory over ${N.memory.cycles.toLocaleString("en")} stubbed getUser cycles`);
  out.push("");
  out.push("Sampled every " + N.memory.every.toLocaleString("en") + " cycles after `gc()` (×3, with a task turn between, so FinalizationRegistry callbacks run). " +
    "ours: `getUser` → `getName()`, then `new User(uid)` → `setName()` (Users are plain JS objects, left to the GC). official / raw: `getUser` → read the name. " +
    "Growth is from the first sample after warm-up (" + N.memory.every.toLocaleString("en") + " cycles) to the last.");
  out.push("");
  const memRows = Object.entries(r.memory).map(([who, ss]) => {
    const first = ss[1] ?? ss[0], last = ss[ss.length - 1];
    const calls = last.calls - first.calls || 1;
    return [who, kb(ss[0].wasm), kb(last.wasm), `${last.wasm - first.wasm} B`, kb(ss[0].heap), kb(first.heap), kb(last.heap), `${last.heap - first.heap} B (${((last.heap - first.heap) / calls).toFixed(2)} B/call)`];
  });
  out.push(table(["contender", "wasm memory at start", "wasm memory at end", "wasm growth after warm-up", "JS heap at start", "JS heap after warm-up", "JS heap at end", "JS heap growth after warm-up"], memRows));
  out.push("");
  out.push("JS heap samples (KB), every " + N.memory.every.toLocaleString("en") + " cycles:");
  out.push("");
  for (const [who, ss] of Object.entries(r.memory)) out.push(`- ${who}: ${ss.map((x) => (x.heap / 1024).toFixed(0)).join(", ")}${who.startsWith("ours") ? `; wasm: ${ss.map((x) => (x.wasm / 1024).toFixed(0)).join(", ")}` : ""}`);
  out.push("");
  out.push("Target: flat after warm-up (no growth proportional to calls).");
  out.push("");

  // 7
  const f = r.firefox;
  out.push(`## 7. Firefox: the per-call, end-to-end, preflight and start-up rows again`);
  out.push("");
  out.push(`Headless ${f.version} (Debian), driven through geckodriver (bench/firefox.mjs), same pages, same \`page.js\`, same emulator and sizes as the Chromium rows above. crossOriginIsolated = ${f.setup.crossOriginIsolated}; performance.now() steps: ${f.setup.timerResolutionUs} µs at the finest.`);
  out.push("");
  for (const [title, samples] of [
    ["getUser(uid), fetch stubbed", f.costGet],
    ["UsersRequest.fetchNext(): a page of 100 users, fetch stubbed", f.costList],
    ["updateCurrentUserDetails({ name, statusMessage }), fetch stubbed", f.costUpdate],
    ["getUser end to end over loopback against the TLS emulator", f.e2e],
  ])
    out.push(`### ${title}`, "", costTable(samples, ""));
  out.push("Requests on the wire for 20 sequential getUser:");
  out.push("");
  out.push(table(["contender", "GET users/{uid}", "CORS preflights (OPTIONS)"], ["ours", "raw", "official"].map((w) => [who3(w), `${f.sequentialWire[w].gets}`, `${f.sequentialWire[w].preflights}`])));
  out.push("");
  out.push("### Start-up: navigation start → `init` resolved");
  out.push("");
  out.push(`${f.start.loads} rounds per page, interleaved; each round in a fresh Firefox profile: **cold** is its first load, **warm** the second load in the same profile (scripts and wasm from the HTTP cache).`);
  out.push("");
  const rowsFs = [];
  for (const mode of ["cold", "warm"]) {
    const med = Object.fromEntries(Object.entries(f.start[mode]).map(([k, v]) => [k, median(v)]));
    rowsFs.push(startRow(mode, med));
  }
  out.push(table(START_HEAD, rowsFs));
  out.push("");
  return out.join("\n");
}

// BENCH_REPORT_ONLY=1: RESULTS.md again from results.json (the report's text changed, not the run).
if (process.env.BENCH_REPORT_ONLY) {
  const results = JSON.parse(readFileSync(join(BENCH, "results.json")));
  writeFileSync(join(BENCH, "RESULTS.md"), report(results));
  process.exit(0);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
