// Firefox through geckodriver (WebDriver classic), for the Firefox package suite and the bench's
// Firefox rows: Playwright's patched Firefox cannot be installed here, Debian's firefox-esr can
// (scripts/setup.sh installs both it and geckodriver).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIREFOX = "/usr/bin/firefox";

export const firefoxVersion = () => execFileSync(FIREFOX, ["--version"]).toString().trim();

/**
 * geckodriver on a free port. `session(capabilities)` starts a headless Firefox with a fresh
 * profile (its tabs share storage): `call(method, path, body)` is a WebDriver command of that
 * session (`path` after `/session/{id}`), `close()` ends it and removes the profile.
 */
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
    async session(capabilities = {}) {
      const profile = mkdtempSync(join(tmpdir(), "cometchat-firefox-"));
      const firefox = { binary: FIREFOX, args: ["-headless", "-profile", profile] };
      const { sessionId } = await call("POST", "/session", { capabilities: { alwaysMatch: { browserName: "firefox", ...capabilities, "moz:firefoxOptions": firefox } } });
      const base = `/session/${sessionId}`;
      return {
        call: (method, path, body) => call(method, `${base}${path}`, body),
        async close() {
          await call("DELETE", base).catch(() => {});
          rmSync(profile, { recursive: true, force: true });
        },
      };
    },
    stop: () => child.kill("SIGTERM"),
  };
}
