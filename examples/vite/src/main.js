import { CometChat, User, CometChatException } from "cometchat-wasm";

// The emulator's URL, the app id and an auth token (minted by the backend) come in the page's query.
const params = new URLSearchParams(location.search);

async function main() {
  const settings = new CometChat.AppSettingsBuilder().overrideClientHost(params.get("host")).build();
  await CometChat.init(params.get("app"), settings);
  const me = await CometChat.login(params.get("token"));
  const user = await CometChat.getUser(me.getUid());
  const updated = await CometChat.updateCurrentUserDetails({ statusMessage: "built with Vite" });
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

main().then(
  (result) => (document.getElementById("result").textContent = JSON.stringify(result)),
  (e) => (document.getElementById("result").textContent = `failed: ${e.code} ${e.message}`),
);
