// Types of cometchat-wasm. Hand-written (not wasm-bindgen's output) so that they are precise;
// tests/types/consumer.ts type-checks every public API against them with `tsc --strict`.

/** Any JSON value. */
export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };
/** A JSON object, as user metadata is. */
export type JSONObject = { [key: string]: JSONValue };

/** Codes this package produces itself. */
export type LocalErrorCode =
  | "INVALID_UID"
  | "INVALID_USER_NAME"
  | "INVALID_USER_AVATAR"
  | "INVALID_USER_LINK"
  | "INVALID_USER_ROLE"
  | "INVALID_USER_METADATA"
  | "INVALID_USER_TAGS"
  | "INVALID_USER_STATUS_MESSAGE"
  | "INVALID_APP_ID"
  | "INVALID_REGION"
  | "INVALID_CLIENT_HOST"
  | "INVALID_REQUEST_TIMEOUT"
  | "INVALID_USER_CACHE_TTL"
  | "INVALID_AUTH_TOKEN"
  | "INVALID_ARGUMENT"
  | "INTERNAL_ERROR"
  | "AUTH_KEY_NOT_SUPPORTED"
  | "MISSING_PARAMETERS"
  | "USER_NOT_LOGGED_IN"
  | "LOGIN_IN_PROGRESS"
  | "LOGIN_CANCELLED"
  | "COMETCHAT_INITIALIZATION_NOT_DONE"
  | "WASM_LOAD_FAILED"
  | "FAILED_TO_FETCH"
  | "REQUEST_TIMEOUT"
  | "INVALID_RESPONSE"
  | "REDIRECT_REFUSED"
  | "INVALID_SET_LIMIT"
  | "INVALID_SEARCH_KEYWORD"
  | "INVALID_STATUS_VALUE"
  | "INVALID_HIDE_BLOCKED_USERS"
  | "INVALID_FRIENDS_ONLY"
  | "INVALID_WITH_TAGS"
  | "INVALID_ROLES"
  | "INVALID_TAGS"
  | "INVALID_UIDs"
  | "INVALID_SEARCH_IN"
  | "INVALID_SORT_BY"
  | "INVALID_SORT_BY_ORDER"
  | "INVALID_DIRECTION_VALUE"
  | "INVALID_USER_LIST"
  | "EMPTY_USERS_LIST"
  | "INVALID_TOKEN_PROVIDER"
  | "TOKEN_PROVIDER_FAILED"
  | "ERR_TOO_MANY_REQUESTS"
  | "INVALID_SESSION_PERSISTENCE"
  | "INVALID_TOKEN_URL"
  | "WORKER_FAILED"
  | "WORKER_SETTINGS_FIXED"
  | "INVALID_PRESENCE_SUBSCRIPTION"
  | "PRESENCE_LOAD_FAILED"
  | "SOCKET_AUTH_FAILED"
  | "SOCKET_HOST_REFUSED"
  | "UNKNOWN_MESSAGE";

/** Codes CometChat's servers (and the emulator) answer with; passed through verbatim. */
export type ServerErrorCode =
  | "ERR_UID_NOT_FOUND"
  | "ERR_USER_DEACTIVATED"
  | "ERR_TOO_MANY_REQUESTS"
  | "AUTH_ERR_AUTH_TOKEN_NOT_FOUND"
  | "ERR_BAD_REQUEST"
  | "ERR_NOT_FOUND"
  | "ERR_TOO_LARGE";

/** Every failure of the package: a real `Error` with a stable `code`. */
export class CometChatException extends Error {
  constructor(code: string, message: string, details?: JSONValue, status?: number, retryAfter?: number);
  readonly name: "CometChatException";
  /** Stable: branch on this, not on the message. Other server codes may appear too. */
  readonly code: LocalErrorCode | ServerErrorCode | (string & {});
  /** The server's `details`, e.g. which fields of a request were invalid. */
  readonly details?: JSONValue;
  /** The HTTP status, when a server answered. */
  readonly status?: number;
  /** On `ERR_TOO_MANY_REQUESTS`: milliseconds until a request may be sent again. */
  readonly retryAfter?: number;
}

export function isCometChatException(e: unknown): e is CometChatException;

/** `"none"` (the default): memory only. `"encrypted"`: IndexedDB under a non-extractable AES-GCM key. */
export type SessionPersistence = "none" | "encrypted";

export interface AppSettingsInit {
  readonly region?: string;
  readonly clientHost?: string;
  readonly requestTimeout?: number;
  readonly userCacheTtl?: number;
  readonly sessionPersistence?: SessionPersistence;
  readonly presence?: "ALL_USERS" | "ROLES" | "FRIENDS";
  readonly roles?: string[];
  readonly autoConnect?: boolean;
}

export class AppSettings implements AppSettingsInit {
  constructor(settings?: AppSettingsInit);
  readonly region?: string;
  readonly clientHost?: string;
  readonly requestTimeout?: number;
  readonly userCacheTtl?: number;
  readonly sessionPersistence?: SessionPersistence;
  readonly presence?: "ALL_USERS" | "ROLES" | "FRIENDS";
  readonly roles?: string[];
  readonly autoConnect?: boolean;
}

export class AppSettingsBuilder {
  constructor();
  /** `"us"`, `"eu"` (default), `"in"`, … */
  setRegion(region: string): this;
  /** `host[:port][/path]` (https), an `https://` URL, or an `http://` URL on loopback. Include `/v3.0`. */
  overrideClientHost(host: string): this;
  /** Deadline of each request in milliseconds (default 15000). */
  setRequestTimeout(ms: number): this;
  /**
   * Answer `getUser` from memory for `ms` milliseconds after a fetch (0, the default: never; at
   * most 300000). Cleared by `updateCurrentUserDetails`, `logout` and a new login.
   */
  setUserCacheTTL(ms: number): this;
  /**
   * `"encrypted"`: keep the session in IndexedDB, encrypted with AES-GCM under a non-extractable
   * key of the origin, so a reload stays signed in and the origin's tabs share it (a logout in
   * one ends it in all). Never a plaintext fallback: see `storageManifest()`. Default `"none"`.
   */
  setSessionPersistence(mode: SessionPersistence): this;
  /**
   * Presence of every user: after login the real-time socket opens (unless
   * `autoEstablishSocketConnection(false)`) and `UserListener`s hear who comes online or goes.
   * The socket's code loads only then. The last of the three `subscribePresenceFor…` wins.
   */
  subscribePresenceForAllUsers(): this;
  /** Presence of the users whose role is one of `roles` (at most 25). */
  subscribePresenceForRoles(roles: string[]): this;
  /** Presence of the logged-in user's friends. */
  subscribePresenceForFriends(): this;
  /** `false`: the socket opens only on `connect()`. Default `true`. */
  autoEstablishSocketConnection(enabled: boolean): this;
  build(): AppSettings;
}

/** The fields `new User({...})` and `updateCurrentUserDetails({...})` accept. */
export interface UserFields {
  uid?: string;
  name?: string;
  avatar?: string;
  link?: string;
  role?: string;
  metadata?: JSONObject;
  statusMessage?: string;
  tags?: string[];
}

/** `toJSON()`: the wire's camelCase keys, only the fields that are set. */
export interface UserJSON {
  uid: string;
  name?: string;
  avatar?: string;
  link?: string;
  role?: string;
  metadata?: JSONObject;
  status: "online" | "offline";
  statusMessage?: string;
  lastActiveAt?: number;
  deactivatedAt?: number;
  tags?: string[];
  hasBlockedMe: boolean;
  blockedByMe: boolean;
  /** Fields the server sent that this version does not know (e.g. `createdAt`). */
  [extra: string]: JSONValue | undefined;
}

/** A CometChat user: a plain JS object (no wasm memory to free). Setters validate and throw `CometChatException` on bad input. */
export class User {
  /** `new User(uid)`, `new User(uid, name)` or `new User({ uid, name, … })`. Needs `init` first. */
  constructor(uid: string | (UserFields & { uid: string }), name?: string);
  getUid(): string;
  getName(): string | undefined;
  setName(name: string): void;
  getAvatar(): string | undefined;
  setAvatar(avatar: string): void;
  getLink(): string | undefined;
  setLink(link: string): void;
  getRole(): string | undefined;
  /** Local only: roles are the backend's to assign, so updates never send it. */
  setRole(role: string): void;
  /** A fresh copy on each call. */
  getMetadata(): JSONObject | undefined;
  setMetadata(metadata: JSONObject): void;
  /** Presence as CometChat's SDK reports it. */
  getStatus(): "online" | "offline";
  getStatusMessage(): string | undefined;
  setStatusMessage(statusMessage: string): void;
  /** Unix seconds. */
  getLastActiveAt(): number | undefined;
  getTags(): string[] | undefined;
  setTags(tags: string[]): void;
  getHasBlockedMe(): boolean;
  getBlockedByMe(): boolean;
  /** Unix seconds when deactivated, `0` when active. */
  getDeactivatedAt(): number;
  toJSON(): UserJSON;
}

/** A page of a list, then the next: `fetchNext()` until `hasMore` is false, or `for await`. */
export interface UsersRequest extends AsyncIterable<User[]> {
  /** The next page (`[]` with no request once the last page was read). Overlapping calls get consecutive pages; no uid comes twice. */
  fetchNext(): Promise<User[]>;
  /** Whether a `fetchNext()` could still return users. */
  readonly hasMore: boolean;
  /** How many users the list has in all, once a page said; `undefined` before. */
  readonly total: number | undefined;
}

/** The blocked-users list: the same paging as `UsersRequest`. */
export type BlockedUsersRequest = UsersRequest;

export type UserStatus = "online" | "offline";
export type UserSearchField = "name" | "uid";
export type UserSortField = "name" | "status";
export type SortOrder = "asc" | "desc";
export type BlockedDirection = "both" | "blockedByMe" | "hasBlockedMe";

/** Builds a `UsersRequest` (the official SDK's names). Each setter checks its value once `init` has resolved. */
export class UsersRequestBuilder {
  constructor();
  /** 1 to 100 users a page (default 30). */
  setLimit(limit: number): this;
  /** Matches name or uid (see `searchIn`); at most 1000 characters. */
  setSearchKeyword(keyword: string): this;
  searchIn(fields: UserSearchField[]): this;
  setStatus(status: UserStatus): this;
  /** At most 100 roles. */
  setRoles(roles: string[]): this;
  /** At most 100 tags. */
  setTags(tags: string[]): this;
  /** Include each user's tags. */
  withTags(on: boolean): this;
  friendsOnly(on: boolean): this;
  /** Hide users I blocked and users who blocked me. */
  hideBlockedUsers(on: boolean): this;
  /** At most 100 uids. */
  setUIDs(uids: string[]): this;
  sortBy(field: UserSortField): this;
  sortByOrder(order: SortOrder): this;
  build(): UsersRequest;
}

/** Builds a `BlockedUsersRequest` (the official SDK's names). */
export class BlockedUsersRequestBuilder {
  constructor();
  /** 1 to 100 users a page (default 30). */
  setLimit(limit: number): this;
  setSearchKeyword(keyword: string): this;
  setDirection(direction: BlockedDirection): this;
  /** Only users I blocked. */
  blockedByMe(): this;
  /** Only users who blocked me. */
  hasBlockedMe(): this;
  build(): BlockedUsersRequest;
}

/** Per uid, whether the block or unblock took. */
export type BlockResult = { [uid: string]: "success" | "fail" };

export interface InitOptions {
  /** Where to load the wasm module from, for bundlers that move assets. */
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module;
  /**
   * Isolate the session in a dedicated module Worker: `true` for the package's `worker.js`, or
   * its URL where you host it yourself (a strict CSP: `worker-src 'self'`). The page keeps a
   * handle; its own copy of the module never receives the token. Fixed for the page's life.
   */
  worker?: true | string | URL;
}

/** One name the package wrote to browser storage (never its value). */
export interface StorageEntry {
  readonly where: "IndexedDB";
  readonly database: string;
  readonly store: string;
  readonly key: string;
  readonly encrypted: boolean;
  /** What it holds, in words. */
  readonly holds: string;
}
export interface StorageManifest {
  /** `"memory"`: persistence was asked for but storage failed (see `reason`); nothing is kept. */
  readonly persistence: "none" | "encrypted" | "memory";
  readonly reason?: string;
  readonly entries: readonly StorageEntry[];
}
/** Every database, store and key name the package wrote, where, and whether it is encrypted. */
export function storageManifest(): Promise<StorageManifest>;

/** Returns a Promise of a fresh auth token minted by your backend for the signed-in user. */
export type TokenProvider = () => Promise<string>;

/** Why a session ended. `"logout-elsewhere"`: another tab (needs session persistence). */
export type SessionEndReason = "logout" | "logout-elsewhere" | "token-revoked" | "user-gone" | "app-changed";
export interface SessionEndedEvent {
  readonly reason: SessionEndReason;
  /** What the server said, for `"token-revoked"` and `"user-gone"`. */
  readonly error?: CometChatException;
}

export interface LoginListenerCallbacks {
  loginSuccess?: (user: User) => void;
  loginFailure?: (error: CometChatException) => void;
  logoutSuccess?: () => void;
  /** The server's `DELETE me` failed; the session ended here all the same. */
  logoutFailure?: (error: CometChatException) => void;
}
/** The official SDK's listener object. A session the server ended is not a `logoutSuccess`. */
export class LoginListener implements LoginListenerCallbacks {
  constructor(callbacks?: LoginListenerCallbacks);
  loginSuccess?: (user: User) => void;
  loginFailure?: (error: CometChatException) => void;
  logoutSuccess?: () => void;
  logoutFailure?: (error: CometChatException) => void;
}
/** Registers (or replaces) the listener under `id`. Works before `init`. */
export function addLoginListener(id: string, listener: LoginListener | LoginListenerCallbacks): void;
export function removeLoginListener(id: string): void;
/** Calls `listener` once per ended session, with the reason; returns the unsubscribe function. */
export function onSessionEnded(listener: (event: SessionEndedEvent) => void): () => void;

export interface UserListenerCallbacks {
  /** `user.getStatus() === "online"`; `getLastActiveAt()` is the event's time (seconds). */
  onUserOnline?: (user: User) => void;
  onUserOffline?: (user: User) => void;
}
/** The official SDK's presence listener, for `addUserListener`. */
export class UserListener implements UserListenerCallbacks {
  constructor(callbacks?: UserListenerCallbacks);
  onUserOnline?: (user: User) => void;
  onUserOffline?: (user: User) => void;
}
export function addUserListener(id: string, listener: UserListener | UserListenerCallbacks): void;
export function removeUserListener(id: string): void;

export type ConnectionStatus = "connecting" | "connected" | "disconnected";
export interface ConnectionListenerCallbacks {
  inConnecting?: () => void;
  /** The server accepted the session's credential (not merely: the socket opened). */
  onConnected?: () => void;
  /**
   * The socket closed (it is tried again, backing off) or was closed (`disconnect()`, logout);
   * `error` when it will not be tried again by itself: `SOCKET_AUTH_FAILED` (the server refused
   * a fresh credential too) or `SOCKET_HOST_REFUSED` (the settings name a host that is not the
   * app's: the credential goes nowhere else).
   */
  onDisconnected?: (error?: CometChatException) => void;
}
export class ConnectionListener implements ConnectionListenerCallbacks {
  constructor(callbacks?: ConnectionListenerCallbacks);
  inConnecting?: () => void;
  onConnected?: () => void;
  onDisconnected?: (error?: CometChatException) => void;
}
export function addConnectionListener(id: string, listener: ConnectionListener | ConnectionListenerCallbacks): void;
export function removeConnectionListener(id: string): void;
/** The socket's status as it is: `"disconnected"` after `disconnect()` and logout too. */
export function getConnectionStatus(): ConnectionStatus;
/** Opens the real-time socket for the session, and each later one, until `disconnect()`. */
export function connect(): Promise<void>;
/** Closes the real-time socket; no session opens it again until `connect()`. */
export function disconnect(): Promise<void>;

export interface RateLimit {
  readonly limit: number;
  readonly remaining: number;
  /** When the window ends, in milliseconds since the epoch (`new Date(resetAt)`). */
  readonly resetAt: number;
}
/** The app's rate-limit window as CometChat's last answer described it; `null` before one did. */
export function getRateLimit(): RateLimit | null;

export function init(appId: string, settings?: AppSettings | AppSettingsInit, options?: InitOptions): Promise<true>;
/**
 * Logs in with an auth token minted by your backend, with a `tokenProvider` that mints one now
 * and again whenever the server revokes it, or with a `tokenUrl` of your backend (same origin,
 * cookies sent; it answers the token as text or `{ authToken }`) that the package asks itself:
 * in worker mode no page script ever holds the token. There is no auth-key login, by design.
 */
export function login(authToken: string | { authToken: string } | { tokenProvider: TokenProvider } | { tokenUrl: string | URL }): Promise<User>;
export function getLoggedinUser(): Promise<User | null>;
export function getUser(uid: string | { uid: string }): Promise<User>;
/**
 * Updates the logged-in user, whatever uid the argument carries: only name, avatar, link,
 * metadata, statusMessage and tags are sent (for a `User`, only those its setters changed).
 */
export function updateCurrentUserDetails(user: User | UserFields): Promise<User>;
/** Ends the session here at once, then on the server; cancels a login still in flight. */
export function logout(): Promise<void>;
/** Blocks 1 to 25 users. The next `getUser` of each shows `getBlockedByMe() === true`. */
export function blockUsers(uids: string[]): Promise<BlockResult>;
/** Unblocks 1 to 25 users. */
export function unblockUsers(uids: string[]): Promise<BlockResult>;

/** The namespace of CometChat's documented snippets. By design it has no call that creates, updates or deletes other users. */
export declare const CometChat: {
  readonly init: typeof init;
  readonly login: typeof login;
  readonly logout: typeof logout;
  readonly getLoggedinUser: typeof getLoggedinUser;
  readonly getUser: typeof getUser;
  readonly updateCurrentUserDetails: typeof updateCurrentUserDetails;
  readonly blockUsers: typeof blockUsers;
  readonly unblockUsers: typeof unblockUsers;
  readonly addLoginListener: typeof addLoginListener;
  readonly removeLoginListener: typeof removeLoginListener;
  readonly LoginListener: typeof LoginListener;
  readonly onSessionEnded: typeof onSessionEnded;
  readonly getRateLimit: typeof getRateLimit;
  readonly storageManifest: typeof storageManifest;
  readonly UsersRequestBuilder: typeof UsersRequestBuilder;
  readonly BlockedUsersRequestBuilder: typeof BlockedUsersRequestBuilder;
  readonly AppSettingsBuilder: typeof AppSettingsBuilder;
  readonly AppSettings: typeof AppSettings;
  readonly CometChatException: typeof CometChatException;
  readonly isCometChatException: typeof isCometChatException;
  readonly User: typeof User;
  readonly addUserListener: typeof addUserListener;
  readonly removeUserListener: typeof removeUserListener;
  readonly UserListener: typeof UserListener;
  readonly addConnectionListener: typeof addConnectionListener;
  readonly removeConnectionListener: typeof removeConnectionListener;
  readonly ConnectionListener: typeof ConnectionListener;
  readonly getConnectionStatus: typeof getConnectionStatus;
  readonly connect: typeof connect;
  readonly disconnect: typeof disconnect;
};

/** Lets `CometChat.User` and friends be used as types too, as with the official SDK. */
export declare namespace CometChat {
  type User = import("./index.js").User;
  type AppSettings = import("./index.js").AppSettings;
  type AppSettingsBuilder = import("./index.js").AppSettingsBuilder;
  type UsersRequest = import("./index.js").UsersRequest;
  type BlockedUsersRequest = import("./index.js").BlockedUsersRequest;
  type UsersRequestBuilder = import("./index.js").UsersRequestBuilder;
  type BlockedUsersRequestBuilder = import("./index.js").BlockedUsersRequestBuilder;
  type CometChatException = import("./index.js").CometChatException;
  type LoginListener = import("./index.js").LoginListener;
  type UserListener = import("./index.js").UserListener;
  type ConnectionListener = import("./index.js").ConnectionListener;
}

export default CometChat;
