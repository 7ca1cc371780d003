// A small WebDriver classic client, for the engines Playwright cannot drive here: Firefox through
// geckodriver (Playwright's patched Firefox cannot be installed here, Debian's firefox-esr can)
// and WebKitGTK through WebKitWebDriver (Debian's webkit2gtk-driver: MiniBrowser, Safari's
// engine; Playwright's WebKit is its own patched build, not installable here either). Used by the
// WebDriver package suites and the bench's Firefox rows; scripts/setup.sh installs the drivers.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIREFOX = "/usr/bin/firefox";

export const firefoxVersion = () => execFileSync(FIREFOX, ["--version"]).toString().trim();
export const webkitVersion = () => `WebKitGTK ${execFileSync("dpkg-query", ["-W", "-f", "${Version}", "webkit2gtk-driver"]).toString().split("-")[0]}`;

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer().on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** A virtual display for MiniBrowser, which has no headless mode: Xvfb on a free display number. */
async function startXvfb() {
  const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  const display = await new Promise((ok, fail) => {
    let out = "";
    child.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) ok(`:${out.trim()}`);
    });
    child.on("exit", (code) => fail(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, stop: () => child.kill("SIGTERM") };
}

const ENGINES = {
  firefox: {
    name: "Firefox",
    async start() {
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
      return { url, stop: () => child.kill("SIGTERM") };
    },
    // A fresh profile per session (its tabs share storage), removed at close.
    session(capabilities) {
      const profile = mkdtempSync(join(tmpdir(), "cometchat-firefox-"));
      const firefox = { binary: FIREFOX, args: ["-headless", "-profile", profile] };
      return { capabilities: { browserName: "firefox", ...capabilities, "moz:firefoxOptions": firefox }, cleanup: () => rmSync(profile, { recursive: true, force: true }) };
    },
  },
  webkit: {
    name: "WebKit",
    async start() {
      const xvfb = await startXvfb();
      const port = await freePort();
      // WebKitWebDriver takes no port 0: a free one, then wait until it answers.
      const child = spawn("WebKitWebDriver", [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DISPLAY: xvfb.display } });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      const url = `http://127.0.0.1:${port}`;
      for (const end = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 50))) {
        if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}: ${err}`);
        if (await fetch(`${url}/status`).then((r) => r.ok, () => false)) break;
        if (Date.now() > end) throw new Error(`WebKitWebDriver did not answer: ${err}`);
      }
      return { url, stop: () => (child.kill("SIGTERM"), xvfb.stop()) };
    },
    // WebKitWebDriver's default browser is Debian's MiniBrowser with --automation, which keeps
    // its website data in memory: each session starts empty, its windows share storage.
    session(capabilities) {
      return { capabilities: { browserName: "MiniBrowser", ...capabilities }, cleanup: () => {} };
    },
  },
};

/**
 * The engine's driver on a free port (`engine`: "firefox" or "webkit"). `session(capabilities)`
 * starts a browser with fresh storage (its tabs share it): `call(method, path, body)` is a
 * WebDriver command of that session (`path` after `/session/{id}`), `close()` ends it.
 */
export async function startDriver(engine) {
  const e = ENGINES[engine];
  if (!e) throw new Error(`no WebDriver engine ${engine}`);
  const driver = await e.start();
  // A test process that ends without its after() hook (a crash, an uncaught error) takes the
  // driver, its browser and Xvfb with it.
  process.once("exit", driver.stop);
  const call = async (method, path, body) => {
    const res = await fetch(`${driver.url}${path}`, { method, headers: { "Content-Type": "application/json" }, body: method === "GET" ? undefined : JSON.stringify(body ?? {}) });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  return {
    name: e.name,
    async session(capabilities = {}) {
      const s = e.session(capabilities);
      const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: s.capabilities } });
      const base = `/session/${sessionId}`;
      return {
        call: (method, path, body) => call(method, `${base}${path}`, body),
        async close() {
          await call("DELETE", base).catch(() => {});
          s.cleanup();
        },
      };
    },
    stop: driver.stop,
  };
}

export const startGeckodriver = () => startDriver("firefox");
