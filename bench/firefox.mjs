// The benchmark's Firefox rows (per-call cost, end to end, preflights, start-up), driven through
// geckodriver (scripts/lib/webdriver.mjs). Same pages, same page.js, same emulator as the
// Chromium rows; Chromium stays the reference for memory (Firefox has no `gc()` to call from a
// page).
import { startGeckodriver as start, firefoxVersion } from "../scripts/lib/webdriver.mjs";

export { firefoxVersion };

/** geckodriver on a free port; `session()` starts a headless Firefox with a fresh profile. */
export async function startGeckodriver() {
  const gecko = await start();
  return {
    async session() {
      const { call, close } = await gecko.session({ acceptInsecureCerts: true }); // the emulator's self-signed certificate
      await call("POST", "/timeouts", { script: 900_000, pageLoad: 60_000 });
      return {
        goto: (u) => call("POST", "/url", { url: u }),
        /** `fn(...args)` (async, serialised) in the page; its value comes back as JSON. */
        async run(fn, ...args) {
          const script = `const done = arguments[arguments.length - 1];
            (${fn})(...arguments[0]).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && (e.stack || e.message)) || e) }));`;
          const r = await call("POST", "/execute/async", { script, args: [args] });
          if ("error" in r) throw new Error(`in Firefox: ${r.error}`);
          return r.ok;
        },
        /** Polls `expr` (a JS expression) until it is truthy. */
        async until(expr, ms = 30_000) {
          const end = Date.now() + ms;
          for (;;) {
            if (await call("POST", "/execute/sync", { script: `return !!(${expr});`, args: [] })) return;
            if (Date.now() > end) throw new Error(`timed out waiting for ${expr} in Firefox`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        close,
      };
    },
    stop: gecko.stop,
  };
}
