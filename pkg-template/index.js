// cometchat-wasm: the package's entry. The calls live in core.js (facade.js, js/runtime.js and
// the wasm glue, bundled by scripts/build-pkg.sh), which the package's worker imports too; this
// file adds what starts the worker (so no module of the worker's own graph starts one: bundlers
// such as Turbopack follow that cycle forever) and the `CometChat` namespace. Importing it has no
// side effect and is safe during SSR and in workers.
import { init as start } from "./core.js";
import {
  login, logout, getLoggedinUser, getUser, updateCurrentUserDetails, blockUsers, unblockUsers, addLoginListener,
  removeLoginListener, LoginListener, onSessionEnded, getRateLimit, storageManifest, UsersRequestBuilder,
  BlockedUsersRequestBuilder, AppSettingsBuilder, AppSettings, CometChatException, isCometChatException, User,
  addUserListener, removeUserListener, UserListener, addConnectionListener, removeConnectionListener, ConnectionListener,
  getConnectionStatus, connect, disconnect,
} from "./core.js";

export {
  login, logout, getLoggedinUser, getUser, updateCurrentUserDetails, blockUsers, unblockUsers, addLoginListener,
  removeLoginListener, LoginListener, onSessionEnded, getRateLimit, storageManifest, UsersRequestBuilder,
  BlockedUsersRequestBuilder, AppSettingsBuilder, AppSettings, CometChatException, isCometChatException, User,
  addUserListener, removeUserListener, UserListener, addConnectionListener, removeConnectionListener, ConnectionListener,
  getConnectionStatus, connect, disconnect,
};

/**
 * `init(appId, settings?, { wasm?, worker? }?)` → `Promise<true>`. Loads the wasm module (once),
 * then checks and applies the settings. `wasm` overrides where the module is fetched from (a
 * URL, Response, BufferSource or WebAssembly.Module) for bundlers that move assets. `worker`
 * (`true`, or the URL of the package's worker.js) moves the session into a dedicated Worker:
 * this page keeps a handle, and its own module never sees the token.
 */
export const init = (appId, settings, options) => start(appId, settings, options, () => import("./remote.js"));

/** The namespace CometChat's documented snippets use: `CometChat.init(…)`, `new CometChat.User(…)`. */
export const CometChat = Object.freeze({
  init,
  login,
  logout,
  getLoggedinUser,
  getUser,
  updateCurrentUserDetails,
  blockUsers,
  unblockUsers,
  addLoginListener,
  removeLoginListener,
  LoginListener,
  onSessionEnded,
  getRateLimit,
  storageManifest,
  UsersRequestBuilder,
  BlockedUsersRequestBuilder,
  AppSettingsBuilder,
  AppSettings,
  CometChatException,
  isCometChatException,
  User,
  addUserListener,
  removeUserListener,
  UserListener,
  addConnectionListener,
  removeConnectionListener,
  ConnectionListener,
  getConnectionStatus,
  connect,
  disconnect,
});

export default CometChat;
