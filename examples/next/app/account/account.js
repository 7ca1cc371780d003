"use client";

import { useEffect, useState } from "react";
import { CometChat } from "cometchat-wasm";

// CometChat with a token the app's backend mints for this session's user (its cookie).
async function enter() {
  const me = await CometChat.login({ tokenUrl: "/api/cometchat-token" });
  const user = await CometChat.getUser(me.getUid());
  return { uid: user.getUid(), name: user.getName() };
}

export default function Account({ config }) {
  const [state, setState] = useState({ result: "running", signedOut: false });
  const fail = (e) => setState({ result: `failed: ${e.code ?? ""} ${e.message}` });

  useEffect(() => {
    (async () => {
      const settings = new CometChat.AppSettingsBuilder().setRegion(config.region);
      if (config.clientHost) settings.overrideClientHost(config.clientHost);
      await CometChat.init(config.appId, settings.build());
      if ((await (await fetch("/api/session")).json()).user) setState({ result: JSON.stringify(await enter()) });
      else setState({ result: "signed out", signedOut: true });
    })().catch(fail);
  }, [config]);

  async function signIn(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const res = await fetch("/api/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ uid: form.get("uid"), name: form.get("name") || undefined }),
    });
    if (!res.ok) return setState({ result: `failed: ${(await res.json()).error}`, signedOut: true });
    setState({ result: "running" });
    enter().then((r) => setState({ result: JSON.stringify(r) }), fail);
  }

  return (
    <>
      {state.signedOut && (
        <form id="sign-in" onSubmit={signIn}>
          <input id="uid" name="uid" placeholder="user name" required />
          <input id="name" name="name" placeholder="display name" />
          <button>Sign in</button>
        </form>
      )}
      <pre id="result">{state.result}</pre>
    </>
  );
}
