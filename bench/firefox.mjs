// The benchmark's Firefox rows (per-call cost, end to end, preflights, start-up), driven through
// geckodriver (WebDriver classic): Playwright's patched Firefox cannot be installed here, Debian's
// firefox-esr can (scripts/setup.sh installs both it and geckodriver). Same pages, same page.js,
// same emulator as the Chromium rows; Chromium stays the reference for memory (Firefox has no
// `gc()` to call from a page).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BINARY = "/usr/bin/firefox";

export const firefoxVersion = () => execFileSync(BINARY, ["--version"]).toString().trim();

/** geckodriver on a free port; `session()` starts a headless Firefox with a fresh profile. */
export async function startGeckodriver() {
  const child = spawn("geckodriver", ["--port", "0", "--websocket-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    const read = (d) => {
      out += d;
      const m = out.match(/Listening on (\S+)/);
      if (m) ok(`http://${m[1]}`);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => fail(new Error(`geckodriver exited with ${code}: ${out}`)));
  });
  const call = async (method, path, body) => {
    const res = await fetch(`${url}${path}`, { method, headers: { "Content-Type": "application/json" }, body: method === "GET" ? undefined : JSON.stringify(body ?? {}) });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  return {
    async session() {
      const profile = mkdtempSync(join(tmpdir(), "cometchat-bench-firefox-"));
      const caps = {
        browserName: "firefox",
        acceptInsecureCerts: true, // the emulator's self-signed certificate
        "moz:firefoxOptions": { binary: BINARY, args: ["-headless", "-profile", profile] },
      };
      const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: caps } });
      const base = `/session/${sessionId}`;
      await call("POST", `${base}/timeouts`, { script: 900_000, pageLoad: 60_000 });
      return {
        goto: (u) => call("POST", `${base}/url`, { url: u }),
        /** `fn(...args)` (async, serialised) in the page; its value comes back as JSON. */
        async run(fn, ...args) {
          const script = `const done = arguments[arguments.length - 1];
            (${fn})(...arguments[0]).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String((e && (e.stack || e.message)) || e) }));`;
          const r = await call("POST", `${base}/execute/async`, { script, args: [args] });
          if ("error" in r) throw new Error(`in Firefox: ${r.error}`);
          return r.ok;
        },
        /** Polls `expr` (a JS expression) until it is truthy. */
        async until(expr, ms = 30_000) {
          const end = Date.now() + ms;
          for (;;) {
            if (await call("POST", `${base}/execute/sync`, { script: `return !!(${expr});`, args: [] })) return;
            if (Date.now() > end) throw new Error(`timed out waiting for ${expr} in Firefox`);
            await new Promise((r) => setTimeout(r, 50));
          }
        },
        async close() {
          await call("DELETE", base).catch(() => {});
          rmSync(profile, { recursive: true, force: true });
        },
      };
    },
    stop: () => child.kill("SIGTERM"),
  };
}
