// What a server-side renderer does with a module its pages share with the browser: import it in
// plain Node, build settings, and render without calling the network or loading the wasm module.
const cometchat = await import("cometchat-wasm");
const { CometChat } = cometchat;

const settings = new CometChat.AppSettingsBuilder().setRegion("us").build();
const request = new CometChat.UsersRequestBuilder().setLimit(30).build();
const beforeInit = await CometChat.getUser("someone").catch((e) => e);

console.log(
  JSON.stringify({
    exports: Object.keys(cometchat).sort(),
    settings,
    hasMore: request.hasMore,
    beforeInit: CometChat.isCometChatException(beforeInit) && beforeInit.code,
  }),
);
