// What the end-to-end tests of the demo share: an in-memory emulator serving the built app
// (`--static www/dist`, `--seed demo`) on the same origin as the API, Debian's Chromium driven
// by playwright-core, and helpers. Each test file calls `useDemo()` once, at top level: that
// registers the hooks that start and stop its own emulator and browser.
//
// Needs: `npm run build` in www/ (scripts/test-demo.sh does it) and the emulator binary
// (target/debug/cometchat-emulator, or $COMETCHAT_EMULATOR_BIN).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = join(ROOT, "test-artifacts");
const BIN = process.env.COMETCHAT_EMULATOR_BIN ?? join(ROOT, "target", "debug", "cometchat-emulator");
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 375, height: 800 };
export const APP_ID = "cometchat-emulator-app";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function startEmulator(args = []) {
  assert.ok(existsSync(BIN), `${BIN} is missing: cargo build -p cometchat-emulator`);
  assert.ok(existsSync(join(ROOT, "www", "dist", "index.html")), "www/dist is missing: build the demo (scripts/test-demo.sh)");
  const child = spawn(BIN, ["serve", "--memory", "--port", "0", "--seed", "demo", "--static", join(ROOT, "www", "dist"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  // The banner: `listening on URL`, then `app id`, then `api key: KEY` (for the admin API).
  const { url, apiKey } = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`emulator did not start in 20 s:\n${out}${log}`)), 20_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)/m);
      const k = out.match(/^api key: (\S+)$/m);
      if (m && k) {
        clearTimeout(timer);
        ok({ url: m[1].replace(/\/$/, ""), apiKey: k[1] });
      }
    });
    child.on("exit", (code) => fail(new Error(`emulator exited with ${code}:\n${out}${log}`)));
  });
  return { child, url, apiKey, log: () => log };
}

/**
 * Starts an emulator and a browser for this file (before its tests) and stops them after.
 * `expectedConsoleErrors`: `(text, url) => boolean` for console errors a test provokes on purpose.
 * `emulatorArgs`: more `serve` flags for this file's emulator (e.g. `--rate-limit`, `--record-requests`).
 */
export function useDemo({ expectedConsoleErrors = () => false, emulatorArgs = [] } = {}) {
  const demo = {
    /** The emulator: `{ child, url, apiKey, log }`. */
    emulator: null,
    context: null,
    /** A second Chromium (launched by the first `newContext()`) for contexts that share nothing with `context`. */
    browser: null,
    /** Page errors and console errors, from every page. */
    problems: [],
    profileDir: null,

    /** What the app's backend would do: a token for `uid` (the emulator's demo-only endpoint). */
    async tokenFor(uid) {
      const res = await fetch(`${demo.emulator.url}/demo/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ uid }) });
      assert.equal(res.status, 200);
      return (await res.json()).data.authToken;
    },

    /** A client API call as `token`'s user (what another person's app would send). */
    async api(token, method, path, body) {
      const res = await fetch(`${demo.emulator.url}/v3.0${path}`, {
        method,
        headers: { authToken: token, appId: APP_ID, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json() };
    },

    /** An admin API call (header `apiKey`), as the app's backend would make it. */
    async admin(method, path, body) {
      const res = await fetch(`${demo.emulator.url}/v3${path}`, {
        method,
        headers: { apiKey: demo.emulator.apiKey, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json() };
    },

    /** The emulator's request log (needs `--record-requests` in `emulatorArgs`): `[{ method, path, status, … }]`. */
    async requests() {
      const res = await fetch(`${demo.emulator.url}/__emulator/requests`);
      assert.equal(res.status, 200, "the emulator records requests (--record-requests)");
      return (await res.json()).data;
    },

    /** A fresh browser context (its own storage, cookies and network): another person's browser. */
    async newContext() {
      demo.browser ??= await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
      return demo.browser.newContext({ viewport: DESKTOP });
    },

    /** A page in `context` (default: the file's persistent one), its errors collected in `problems`. */
    async newPage(viewport, context = demo.context) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on("pageerror", (e) => demo.problems.push(`pageerror: ${e.message}`));
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const where = msg.location()?.url ?? "";
        if (expectedConsoleErrors(msg.text(), where)) return;
        demo.problems.push(`console.error: ${msg.text()} (${where})`);
      });
      return page;
    },
  };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo.emulator = await startEmulator(emulatorArgs);
    demo.profileDir = mkdtempSync(join(tmpdir(), "cometchat-demo-chromium-"));
    demo.context = await chromium.launchPersistentContext(demo.profileDir, {
      executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
    });
  });

  after(async () => {
    await demo.context?.close();
    await demo.browser?.close();
    demo.emulator?.child.kill("SIGTERM");
    if (demo.profileDir) rmSync(demo.profileDir, { recursive: true, force: true });
  });

  return demo;
}

/** A full-page screenshot in test-artifacts/demo-`name`.png. */
export async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky top bar stays at the top of a full-page shot
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  await page.screenshot({ path: join(ARTIFACTS, `demo-${name}.png`), fullPage: true });
}

export async function signIn(page, uid, name) {
  await page.getByRole("button", { name: new RegExp(`@${uid}\\b`) }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/** How far the page scrolls sideways (0: nothing overflows). */
export function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
