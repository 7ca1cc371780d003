// Shared by the example tests (test.mjs, backend.test.mjs): install and build an example app,
// run its own server until the test ends.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = dirname(fileURLToPath(import.meta.url));
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Installs the app from the tarball, then runs its `npm run build` on a clean output folder. */
export function installAndBuild(app, env = {}) {
  execFileSync(join(HERE, "install.sh"), [app], { stdio: "inherit", env: ENV });
  for (const out of ["dist", "vendor", ".next"]) rmSync(join(HERE, app, out), { recursive: true, force: true });
  execFileSync("npm", ["run", "--silent", "build"], { cwd: join(HERE, app), stdio: "inherit", env: { ...ENV, ...env } });
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * Runs the app's own server (`vite preview`, `next start`, …; `node` for a script) until the test
 * ends, with `env` added to its environment; its URL once it answers.
 */
export async function serveWith(t, app, command, args, env = {}) {
  const port = await freePort();
  const bin = command === "node" ? process.execPath : join(HERE, app, "node_modules", ".bin", command);
  const child = spawn(bin, args(port), {
    cwd: join(HERE, app),
    env: { ...ENV, PORT: `${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, ended whole below
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((ok) => child.on("exit", ok));
  t.after(async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 30_000; Date.now() < end; ) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return url;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${app}: ${command} did not serve ${url}:\n${output}`);
}

