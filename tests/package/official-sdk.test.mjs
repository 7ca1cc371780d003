// The emulator's fidelity, checked by a client nobody here wrote: CometChat's official JS SDK
// 4.2.0 (`@cometchat/chat-sdk-javascript`, from npm, loaded by a plain <script> tag as its docs
// show) against the emulator over TLS (the official SDK speaks only https and wss), in Chromium:
// login with a token, getUser, a profile update, the directory, blocking, presence over its own
// socket (subscribed to all users: another user comes and goes), and logout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, APP_ID, serveStatic, startEmulator, launchBrowser, presenceClient } from "./harness.mjs";

// This process's own calls to the emulator accept its self-signed certificate, as the browser does.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

let emulator, site;
const SDK = readFileSync(join(ROOT, "node_modules", "@cometchat", "chat-sdk-javascript", "CometChat.js"));

before(async () => {
  emulator = await startEmulator(["--tls", "--presence-grace-ms", "300"]);
  site = await serveStatic(ROOT, {
    "/index.html": "<!doctype html><html><body><script src=\"/sdk/CometChat.js\"></script></body></html>",
    "/sdk/CometChat.js": (req, res) => res.writeHead(200, { "Content-Type": "text/javascript" }).end(SDK),
  });
});

after(async () => {
  site?.close();
  emulator?.stop();
});

test("CometChat's official SDK 4.2.0 against the emulator: session, profile, directory, blocking, presence, logout", async (t) => {
  const alice = await emulator.newUser("official-alice");
  const bob = await emulator.newUser("official-bob");
  const context = await launchBrowser(["--ignore-certificate-errors"]);
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${site.url}/index.html`);

  const steps = await page.evaluate(
    async ([app, host, alice, bob]) => {
      const out = {};
      window.presence = [];
      const settings = new CometChat.AppSettingsBuilder()
        .setRegion("us")
        .overrideClientHost(host)
        .subscribePresenceForAllUsers()
        .autoEstablishSocketConnection(true)
        .build();
      await CometChat.init(app, settings);
      CometChat.addUserListener(
        "t",
        new CometChat.UserListener({
          onUserOnline: (u) => presence.push(["online", u.getUid(), u.getStatus(), typeof u.getLastActiveAt()]),
          onUserOffline: (u) => presence.push(["offline", u.getUid(), u.getStatus(), typeof u.getLastActiveAt()]),
        }),
      );
      CometChat.addConnectionListener("t", new CometChat.ConnectionListener({ onConnected: () => (window.connected = true) }));
      out.login = (await CometChat.login(alice.token)).getUid();
      out.getUser = (await CometChat.getUser(bob.uid)).getName();
      const me = new CometChat.User(alice.uid);
      me.setName("Alice Official");
      out.update = (await CometChat.updateCurrentUserDetails(me)).getName();
      const list = await new CometChat.UsersRequestBuilder().setLimit(100).build().fetchNext();
      out.directory = list.map((u) => u.getUid()).includes(bob.uid);
      // The official SDK hands back the server's per-uid result objects.
      const ok = (r) => Object.fromEntries(Object.entries(r).map(([uid, v]) => [uid, v.success]));
      out.block = ok(await CometChat.blockUsers([bob.uid]));
      out.blocked = (await new CometChat.BlockedUsersRequestBuilder().setLimit(10).build().fetchNext()).map((u) => u.getUid());
      out.unblock = ok(await CometChat.unblockUsers([bob.uid]));
      return out;
    },
    [APP_ID, `${emulator.url.replace(/^https:\/\//, "")}/v3.0`, alice, bob],
  );
  assert.deepEqual(steps, {
    login: alice.uid,
    getUser: "Test official-bob",
    update: "Alice Official",
    directory: true,
    block: { [bob.uid]: true },
    blocked: [bob.uid],
    unblock: { [bob.uid]: true },
  });
  assert.equal((await emulator.user(alice.uid)).name, "Alice Official");

  // Presence: the official SDK's own socket (the settings in its login answer point it at the
  // emulator), subscribed to all users; Bob's device comes and goes.
  await page.waitForFunction(() => window.connected === true, null, { timeout: 10_000 });
  const sockets = (await emulator.sockets()).filter((s) => s.uid === alice.uid);
  assert.deepEqual(sockets.map((s) => [s.subscription, s.authenticated]), [["ALL_USERS", true]]);
  const ws = await presenceClient(emulator.url, bob);
  await page.waitForFunction((uid) => presence.some(([e, u]) => e === "online" && u === uid), bob.uid, { timeout: 10_000 });
  ws.close();
  await page.waitForFunction((uid) => presence.some(([e, u]) => e === "offline" && u === uid), bob.uid, { timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => presence), [
    ["online", bob.uid, "online", "number"],
    ["offline", bob.uid, "offline", "number"],
  ]);

  await page.evaluate(() => CometChat.logout());
  assert.equal((await emulator.user(alice.uid)).status, "offline");
  assert.deepEqual(problems, []);
});
