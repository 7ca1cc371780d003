"use client";

import { useEffect, useState } from "react";
import { CometChat, User, CometChatException } from "cometchat-wasm";

// The emulator's URL, the app id and an auth token (minted by the backend) come in the page's query.
async function run(params) {
  const settings = new CometChat.AppSettingsBuilder().overrideClientHost(params.get("host")).build();
  await CometChat.init(params.get("app"), settings);
  const me = await CometChat.login(params.get("token"));
  const user = await CometChat.getUser(me.getUid());
  const updated = await CometChat.updateCurrentUserDetails({ statusMessage: "built with Next.js" });
  let error;
  try {
    new User(me.getUid()).setAvatar("javascript:alert(1)");
  } catch (e) {
    error = e;
  }
  await CometChat.logout();
  return {
    uid: user.getUid(),
    name: user.getName(),
    statusMessage: updated.getStatusMessage(),
    setterError: error instanceof CometChatException && error.code,
    loggedOut: (await CometChat.getLoggedinUser()) === null,
  };
}

export default function Profile() {
  const [result, setResult] = useState("running");
  useEffect(() => {
    run(new URLSearchParams(location.search)).then(
      (r) => setResult(JSON.stringify(r)),
      (e) => setResult(`failed: ${e.code} ${e.message}`),
    );
  }, []);
  return <pre id="result">{result}</pre>;
}
