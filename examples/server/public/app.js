// The browser side: the app's own sign-in (a cookie session), then CometChat with a token its
// backend mints for that session (`login({ tokenUrl })`). Nothing here ever sees an API key.
import { CometChat } from "/vendor/cometchat-wasm/index.js";

const $ = (id) => document.getElementById(id);
const show = (value) => ($("result").textContent = typeof value === "string" ? value : JSON.stringify(value));

async function enter() {
  const me = await CometChat.login({ tokenUrl: "/api/cometchat-token" });
  const user = await CometChat.getUser(me.getUid());
  show({ uid: user.getUid(), name: user.getName() });
}

async function start() {
  const config = await (await fetch("/api/config")).json();
  const settings = new CometChat.AppSettingsBuilder().setRegion(config.region);
  if (config.clientHost) settings.overrideClientHost(config.clientHost);
  await CometChat.init(config.appId, settings.build());
  if ((await (await fetch("/api/session")).json()).user) return enter();
  $("sign-in").hidden = false;
  show("signed out");
}

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const res = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ uid: $("uid").value, name: $("name").value || undefined }),
  });
  if (!res.ok) return show(`failed: ${(await res.json()).error}`);
  $("sign-in").hidden = true;
  await enter().catch((e) => show(`failed: ${e.code} ${e.message}`));
});

start().catch((e) => show(`failed: ${e.code} ${e.message}`));
