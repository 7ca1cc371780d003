// The README's browser-support line, checked against what the shipped JS needs: its syntax
// (esbuild, with the line's versions as its target, must leave every file as it is: anything
// newer would be lowered, or refused) and the web APIs it calls, each with the first versions
// that have it (MDN's browser-compat data). A global or static member the files name that has no
// entry below fails the test, and so does an entry the files no longer name: add a new API
// here, with its versions, and the line must still hold.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";
import { chromium } from "playwright-core";
import { ROOT, installTarball } from "./harness.mjs";

// What the README says (its "Browser and bundler support" section); worker mode needs module
// workers, which Firefox has from 114.
const FLOOR = { chrome: 98, firefox: 94, safari: 16.4 };
const WORKER_FLOOR = { ...FLOOR, firefox: 114 };

// [first Chrome, first Firefox, first Safari], and how the package copes where an API is newer
// than the floor ("guarded": feature-detected, with the fallback the package's tests check).
const APIS = {
  AbortController: [66, 57, 12.1],
  BroadcastChannel: [54, 38, 15.4],
  DOMException: [1, 1, 1],
  DataView: [9, 15, 5.1],
  FinalizationRegistry: [84, 79, 14.1],
  MessageChannel: [2, 41, 5],
  MessagePort: [2, 41, 5],
  "Object.fromEntries": [73, 63, 12.1],
  "Object.hasOwn": [93, 92, 15.4],
  "Object.values": [54, 47, 10.1],
  Request: [40, 39, 10.1],
  Response: [40, 39, 10.1],
  "Symbol.asyncIterator": [63, 57, 11.1],
  "Symbol.dispose": [125, 135, 26.2, "guarded: `if (Symbol.dispose)` in wasm-bindgen's glue; without it `free()` stays"],
  TextDecoder: [38, 19, 10.1],
  TextEncoder: [38, 18, 10.1],
  WebSocket: [16, 11, 7, "presence only"],
  "WebAssembly.compileStreaming": [61, 58, 15],
  "WebAssembly.instantiateStreaming": [61, 58, 15],
  "WebAssembly.Instance": [57, 52, 11],
  "WebAssembly.Module": [57, 52, 11],
  "WebAssembly.RuntimeError": [57, 52, 11],
  "WebAssembly.compile": [57, 52, 11],
  "WebAssembly.instantiate": [57, 52, 11],
  Worker: [4, 3.5, 4],
  "Worker (module)": [80, 114, 15, "worker mode only: the README's worker floor"],
  "crypto.subtle": [37, 34, 11],
  "document.visibilityState": [33, 18, 7, "presence only, read through globalThis (absent in a worker)"],
  fetch: [42, 39, 10.1],
  globalThis: [71, 65, 12.1],
  indexedDB: [24, 16, 10],
  "navigator.locks": [69, 96, 15.4, "guarded: without Web Locks a dead worker's call ends by its backstop timer (session-store.test.mjs), and each tab keeps its own presence socket"],
  performance: [6, 7, 8],
  queueMicrotask: [71, 69, 12.1],
  structuredClone: [98, 94, 15.4],
};
// ES2015 and older, far below the floor: named without versions.
const OLD = ["Array", "Array.isArray", "Date", "Date.now", "Date.parse", "Error", "Infinity", "JSON", "JSON.parse", "JSON.stringify", "Map", "Math.ceil", "Math.max", "Math.min", "Math.random", "NaN", "Number.MAX_SAFE_INTEGER", "Number.isFinite", "Object", "Object.assign", "Object.freeze", "Object.getPrototypeOf", "Object.keys", "Object.prototype", "Promise", "Promise.race", "Promise.reject", "Promise.resolve", "Reflect.get", "Reflect.set", "Set", "String", "Symbol", "URL", "Uint8Array", "clearTimeout", "console.warn", "isFinite", "setTimeout", "location.href", "self.navigator", "self.onmessage", "navigator", "crypto", "globalThis.location", "globalThis.navigator"];
// Globals whose names the files use for their own locals or properties, not the browser's.
const NOT_APIS = ["__proto__", "close", "closed", "constructor", "event", "length", "name", "open", "origin", "status", "stop"];
// Members newer than ES2015 that a scan of globals would not see (prototype methods, members
// of objects reached through a global): any of these in the files needs an entry above.
const WATCHED = [/\.locks\b/, /\.subtle\b/, /\.visibilityState\b/, /\.at\(/, /\.replaceAll\(/, /\.findLast(Index)?\(/, /\.toSorted\(/, /\.toReversed\(/, /\.toSpliced\(/, /\.with\(/, /\.groupBy\(/, /\.withResolvers\(/, /\.fromAsync\(/, /\.canParse\(/, /\.transfer\(/, /\.hasIndices\b/, /\.cause\b/];

let files; // { name: code without comments }
before(async () => {
  const { pkgDir } = installTarball();
  files = {};
  for (const f of readdirSync(pkgDir).filter((f) => f.endsWith(".js")))
    files[f] = (await transform(readFileSync(join(pkgDir, f), "utf8"), { format: "esm", minifyWhitespace: true, legalComments: "none" })).code;
});

test("the README's support line is the floor this test checks", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.match(readme, new RegExp(`Chrome/Edge ${FLOOR.chrome}\\+, Firefox ${FLOOR.firefox}\\+ \\(${WORKER_FLOOR.firefox}\\+ for worker mode[^)]*\\), Safari ${String(FLOOR.safari).replace(".", "\\.")}\\+`));
});

test("no syntax newer than the floor: esbuild targeting it leaves every shipped file as it is", async () => {
  const target = [`chrome${FLOOR.chrome}`, `firefox${FLOOR.firefox}`, `safari${FLOOR.safari}`];
  for (const [f, code] of Object.entries(files)) {
    const newest = (await transform(code, { format: "esm", minifyWhitespace: true, target: "esnext" })).code;
    const floor = await transform(code, { format: "esm", minifyWhitespace: true, target }).then((r) => r.code, (e) => assert.fail(`${f}: ${e.message}`));
    let at = 0;
    while (at < newest.length && floor[at] === newest[at]) at++;
    assert.ok(floor === newest, `${f} has syntax esbuild lowers for ${target}, at …${newest.slice(Math.max(0, at - 60), at + 60)}…`);
  }
});

test("every web API the shipped files call is listed with its first versions, and is within the floor or guarded", async () => {
  // The browser's own global names (and their static members), from Chromium.
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
  const globals = await (await browser.newPage()).evaluate(() => {
    const out = {};
    for (const n of Object.getOwnPropertyNames(globalThis)) {
      let v;
      try {
        v = globalThis[n];
      } catch {}
      out[n] = typeof v === "function" || (typeof v === "object" && v) ? Object.getOwnPropertyNames(v) : [];
    }
    return out;
  });
  await browser.close();
  const used = new Set();
  for (const code of Object.values(files)) {
    // (Not in a string: "window" as an event target's name is not `window`.)
    for (const [, g, member] of code.matchAll(/(?<![\w$.'"])([A-Za-z_$][\w$]*)(?:\s*\.\s*([A-Za-z_$][\w$]*))?/g))
      if (g in globals) used.add(member && globals[g].includes(member) ? `${g}.${member}` : g);
    if (/new Worker\([^)]*type:"module"/.test(code)) used.add("Worker (module)");
    for (const w of WATCHED) if (w.test(code)) used.add(w.source.replace(/\\b|\\\(|\\/g, "").replace(/^\./, ""));
  }
  // The watched members, under their entries' names.
  for (const [watched, entry] of [["locks", "navigator.locks"], ["subtle", "crypto.subtle"], ["visibilityState", "document.visibilityState"]]) if (used.delete(watched)) used.add(entry);
  const known = new Set([...Object.keys(APIS), ...OLD, ...NOT_APIS]);
  assert.deepEqual([...used].filter((u) => !known.has(u)).sort(), [], "APIs the files use with no entry here");
  assert.deepEqual([...known].filter((k) => !used.has(k)).sort(), [], "entries the files no longer use");
  for (const [api, [chrome, firefox, safari, guarded]] of Object.entries(APIS)) {
    if (guarded) continue;
    const floor = api === "Worker (module)" ? WORKER_FLOOR : FLOOR;
    assert.ok(chrome <= floor.chrome && firefox <= floor.firefox && safari <= floor.safari, `${api} (Chrome ${chrome}, Firefox ${firefox}, Safari ${safari}) is newer than the floor`);
  }
});
