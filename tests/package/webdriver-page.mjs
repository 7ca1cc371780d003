// The few Playwright calls the package suites make (browser.newPage, page.goto / evaluate /
// waitForFunction / textContent / on("pageerror") / close), over WebDriver classic
// (scripts/lib/webdriver.mjs), so a suite written for Chromium runs unchanged in Firefox and
// WebKitGTK where it needs nothing else (no DevTools protocol, no console or request events).
import { startDriver } from "../../scripts/lib/webdriver.mjs";

// Firefox's WebDriver scripts do not resolve through the page's import map (WebKit's do): the
// package's bare name becomes its file's URL in the scripts this sends.
const source = (fn) => String(fn).replaceAll('import("cometchat-wasm")', 'import("/node_modules/cometchat-wasm/index.js")');

/** The package's file, for scripts that import it (`import(PKG)`): see `source` above. */
export const PKG = "/node_modules/cometchat-wasm/index.js";

/**
 * Runs `fn(...args)` (an async function, serialised, `PKG` in its scope) in the session's current
 * tab; its value comes back as JSON, its failure as an Error naming the code.
 */
export async function run(session, fn, ...args) {
  const script = `const done = arguments[arguments.length - 1];
    const PKG = ${JSON.stringify(PKG)};
    (${fn})(...arguments[0]).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e && (e.code || e.message) || e) }));`;
  const r = await session.call("POST", "/execute/async", { script, args: [args] });
  if ("error" in r) throw new Error(`in the page: ${r.error}`);
  return r.ok;
}

export async function launchWebDriver(engine) {
  const driver = await startDriver(engine);
  const session = await driver.session();
  await session.call("POST", "/timeouts", { script: 60_000 });
  const wd = session.call;
  const evaluate = async (fn, arg) => {
    const script = `const done = arguments[1];
      Promise.resolve().then(() => (${source(fn)})(arguments[0])).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && (e.stack || e.message)) || e) }));`;
    const r = await wd("POST", "/execute/async", { script, args: [arg ?? null] });
    if ("error" in r) throw new Error(`in ${driver.name}: ${r.error}`);
    return r.ok;
  };
  return {
    name: driver.name,
    // One window: a page is that window until it closes (Playwright's pages of one context share
    // storage too).
    async newPage() {
      const on = { pageerror: [] };
      const page = {
        on: (event, f) => on[event]?.push(f),
        async goto(url) {
          await wd("POST", "/url", { url });
          // Uncaught errors from here on (WebDriver classic reports none itself).
          await evaluate(() => {
            window.__pageErrors = [];
            addEventListener("error", (e) => window.__pageErrors.push(String(e.error ?? e.message)));
            addEventListener("unhandledrejection", (e) => window.__pageErrors.push(String(e.reason)));
          });
        },
        evaluate,
        async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
          for (const end = Date.now() + timeout; !(await evaluate(fn, arg)); await new Promise((r) => setTimeout(r, 50)))
            if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
        },
        textContent: (selector) => evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
        async close() {
          const errors = await evaluate(() => window.__pageErrors ?? []).catch(() => []);
          for (const e of errors) for (const f of on.pageerror) f(e);
          await wd("POST", "/url", { url: "about:blank" });
        },
      };
      return page;
    },
    async close() {
      await session.close();
      driver.stop();
    },
  };
}
