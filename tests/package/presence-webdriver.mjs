// Presence in Firefox and WebKitGTK (WebDriver classic, scripts/lib/webdriver.mjs; the engine is
// WEBDRIVER_ENGINE, set by presence.firefox.test.mjs or presence.webkit.test.mjs): a subscribed
// user in the browser hears another come online and go, the other a second client of CometChat's
// protocol in Node (harness.mjs `presenceClient`); the status is true after disconnect(); a
// server drop comes back by itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDriver } from "../../scripts/lib/webdriver.mjs";
import { APP_ID, installTarball, serveStatic, startEmulator, importMapPage, presenceClient } from "./harness.mjs";
import { PKG, run as runIn } from "./webdriver-page.mjs";

const ENGINE = process.env.WEBDRIVER_ENGINE;
const NAME = { firefox: "Firefox", webkit: "WebKit" }[ENGINE];
let emulator, site, driver, session;
const wd = (method, path, body) => session.call(method, path, body);

const run = (fn, ...args) => runIn(session, fn, ...args);

before(async () => {
  const installed = installTarball();
  emulator = await startEmulator(["--presence-grace-ms", "300"]);
  site = await serveStatic(installed.dir, { "/index.html": importMapPage() });
  driver = await startDriver(ENGINE);
  session = await driver.session();
  await wd("POST", "/timeouts", { script: 30000 });
});

after(async () => {
  await session?.close();
  driver?.stop();
  site?.close();
  emulator?.stop();
});

async function until(what, check, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what} (waited ${ms} ms)`);
}

test(`${NAME}, presence: online and offline events as Users, a true status after disconnect(), a server drop reconnects`, async () => {
  const alice = await emulator.newUser("ff-alice");
  const bob = await emulator.newUser("ff-bob");
  await wd("POST", "/url", { url: `${site.url}/index.html` });
  await run(
    async (app, host, tok) => {
      const { CometChat } = await import(PKG);
      window.CometChat = CometChat;
      window.events = [];
      CometChat.addUserListener("t", new CometChat.UserListener({
        onUserOnline: (u) => events.push(["online", u.getUid(), u.getStatus()]),
        onUserOffline: (u) => events.push(["offline", u.getUid(), u.getStatus()]),
      }));
      CometChat.addConnectionListener("t", new CometChat.ConnectionListener({
        inConnecting: () => events.push(["connecting"]),
        onConnected: () => events.push(["connected"]),
        onDisconnected: (e) => events.push(["disconnected", e?.code ?? null]),
      }));
      await CometChat.init(app, new CometChat.AppSettingsBuilder().overrideClientHost(host).subscribePresenceForAllUsers().build());
      await CometChat.login(tok);
    },
    APP_ID,
    `${emulator.url}/v3.0`,
    alice.token,
  );
  const events = () => run(async () => window.events);
  const has = (e) => until(`Firefox saw ${JSON.stringify(e)}`, async () => (await events()).some((x) => JSON.stringify(x) === JSON.stringify(e)));
  await has(["connected"]);

  const ws = await presenceClient(emulator.url, bob);
  await has(["online", bob.uid, "online"]);
  ws.close();
  await has(["offline", bob.uid, "offline"]);

  await run(async () => CometChat.disconnect());
  await until("disconnected", async () => (await run(async () => CometChat.getConnectionStatus())) === "disconnected");
  await run(async () => CometChat.connect());
  await until("connected again", async () => (await run(async () => CometChat.getConnectionStatus())) === "connected");
  const before = (await events()).length;
  await emulator.dropSockets(alice.uid);
  await until("back after a server drop", async () => (await events()).slice(before).map(([e]) => e).join() === "disconnected,connecting,connected");
  await run(async () => CometChat.logout());
  assert.equal(await run(async () => CometChat.getConnectionStatus()), "disconnected");
});
