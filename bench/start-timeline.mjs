// Diagnosis of the start-up row (not part of `make bench`): where a cold load of the package's
// page goes, in headless Chromium, each load in a fresh browser context as in bench/run.mjs.
//   node bench/start-timeline.mjs [loads]      (after scripts/build-pkg.sh; no emulator needed:
//                                               `init` makes no request)
// Two pages, interleaved with a blank one, each with the preload hints for what it loads:
//   published: the package as npm ships it (index.js, core.js, the .wasm);
//   one module: everything bundled into one file, as an app's bundler would (esbuild).
// Per page, medians: the last byte of the files (Resource Timing), the module script running,
// `compileStreaming` called and resolved, the module instantiated, `init` resolved; all from
// navigation start, and the load net of a blank page's.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, median } from "./common.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LOADS = Number(process.argv[2] ?? 20);
const esbuild = join(ROOT, "node_modules", ".bin", "esbuild");

// The two builds, side by side in one folder each.
const dirs = { published: join(ROOT, "dist", "package") };
const work = mkdtempSync(join(tmpdir(), "cometchat-start-"));
dirs.one = join(work, "one");
cpSync(dirs.published, dirs.one, { recursive: true });
execFileSync(esbuild, [join(dirs.published, "index.js"), "--bundle", "--format=esm", "--minify", `--outfile=${join(dirs.one, "index.js")}`], { stdio: "ignore" });

const hints = (base, modules) =>
  modules.map((m) => `<link rel="modulepreload" href="${base}/${m}">`).join("") +
  `<link rel="preload" href="${base}/cometchat_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin>`;
// As bench/run.mjs's page: a static import, then `init`; the marks wrap the browser's calls.
const page = (base, modules) => `<!doctype html><html><head>${hints(base, modules)}</head><body><script type="module">
import { CometChat } from "${base}/index.js";
const mark = (k) => (window.__t[k] = performance.now());
window.__t = {};
mark("imported");
const streaming = WebAssembly.compileStreaming, Instance = WebAssembly.Instance;
WebAssembly.compileStreaming = (r) => (mark("compile"), streaming(r).then((m) => (mark("compiled"), m)));
WebAssembly.Instance = function (m, i) { const x = new Instance(m, i); mark("instantiated"); return x; };
await CometChat.init("app", new CometChat.AppSettingsBuilder().overrideClientHost("https://127.0.0.1:9/v3.0").build());
mark("done");
</script></body></html>`;
const pages = {
  "/blank.html": `<!doctype html><html><body><script>window.__t = { done: performance.now() };</script></body></html>`,
  "/published.html": page("/published", ["index.js", "core.js"]),
  "/one.html": page("/one", ["index.js"]),
};

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (pages[path]) return res.writeHead(200, { "Content-Type": "text/html", "Cache-Control": "no-store" }).end(pages[path]);
  const [, name, file] = path.match(/^\/(\w+)\/([\w.]+)$/) ?? [];
  if (dirs[name] && readdirSync(dirs[name]).includes(file)) {
    return res.writeHead(200, { "Content-Type": TYPES[file.slice(file.lastIndexOf("."))], "Cache-Control": "max-age=3600" }).end(readFileSync(join(dirs[name], file)));
  }
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium(); // the flags of bench/run.mjs's start-up row
const names = ["blank", "published", "one"];
const rows = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let i = -2; i < LOADS; i++) { // two discarded rounds: the first launches are slower
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + 2 + k) % names.length];
      const ctx = await browser.newContext();
      const tab = await ctx.newPage();
      await tab.goto(`${url}/${name}.html`);
      await tab.waitForFunction(() => window.__t?.done !== undefined, null, { timeout: 30_000 });
      const t = await tab.evaluate(() => ({ ...window.__t, bytes: Math.max(0, ...performance.getEntriesByType("resource").map((e) => e.responseEnd)) }));
      if (i >= 0) rows[name].push(t);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true });
}

const at = (name, key) => median(rows[name].map((t) => t[key]));
const blank = at("blank", "done");
console.log(`${LOADS} cold loads per page, medians in ms from navigation start; blank page ${blank.toFixed(1)}`);
console.log("| page | last byte | imported | compile called | compiled | instantiated | init resolved | net of blank |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const name of ["published", "one"]) {
  const cells = ["bytes", "imported", "compile", "compiled", "instantiated", "done"].map((k) => at(name, k).toFixed(1));
  console.log(`| ${name} | ${cells.join(" | ")} | ${(at(name, "done") - blank).toFixed(1)} |`);
}
