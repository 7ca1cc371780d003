// A TypeScript app using every public API of the packed package, type-checked with
// `tsc --noEmit --strict` (scripts/test.sh). Never run: the same calls run in tests/package/.
import { CometChat, CometChatException, isCometChatException, User, AppSettingsBuilder, init, login, getUser,
  updateCurrentUserDetails, getLoggedinUser, logout, type JSONObject, type UserJSON } from "cometchat-wasm";
import DefaultCometChat, { UsersRequestBuilder, BlockedUsersRequestBuilder, blockUsers, unblockUsers,
  type UsersRequest, type BlockResult } from "cometchat-wasm";
import { LoginListener, addLoginListener, removeLoginListener, onSessionEnded, getRateLimit,
  type SessionEndedEvent, type SessionEndReason, type RateLimit, type TokenProvider } from "cometchat-wasm";
import { storageManifest, type StorageManifest } from "cometchat-wasm";

declare const APP_ID: string;
declare const AUTH_TOKEN: string;

export async function seedSnippets(): Promise<void> {
  // CometChat's documented token-based snippets, verbatim.
  let appID = "APP_ID";
  let region = "REGION";
  let appSetting = new CometChat.AppSettingsBuilder()
    .subscribePresenceForAllUsers()
    .setRegion(region)
    .autoEstablishSocketConnection(true)
    .build();
  CometChat.init(appID, appSetting).then(
    () => {
      console.log("Initialization completed successfully");
    },
    (error) => {
      console.log("Initialization failed with error:", error);
    }
  );

  CometChat.getLoggedinUser().then(
    (user) => {
      if (!user) {
        CometChat.login(AUTH_TOKEN).then(
          (user) => {
            console.log("Login Successful:", { user });
          },
          (error) => {
            console.log("Login failed with exception:", { error });
          }
        );
      }
    },
    (error) => {
      console.log("Something went wrong", error);
    }
  );

  let UID = "UID";
  CometChat.getUser(UID).then(
    (user) => {
      console.log("User details fetched for user:", user);
    },
    (error) => {
      console.log("User details fetching failed with error:", error);
    }
  );

  let uid = "user1";
  let name = "Kevin Fernandez";
  let avatar = "https://data-us.cometchat.io/assets/images/avatars/spiderman.png";
  let user = new CometChat.User(uid);
  user.setName(name);
  user.setAvatar(avatar);
  user.setStatusMessage("In a meeting");
  CometChat.updateCurrentUserDetails(user).then(
    (user) => {
      console.log("user updated", user);
    },
    (error) => {
      console.log("error", error);
    }
  );

  CometChat.logout().then(
    () => {
      console.log("Logout completed successfully");
    },
    (error) => {
      console.log("Logout failed with exception:", { error });
    }
  );
}

export async function everyApi(): Promise<void> {
  const settings = new AppSettingsBuilder().setRegion("us").overrideClientHost("http://127.0.0.1:8787/v3.0").setRequestTimeout(5000).setUserCacheTTL(2000).build();
  const ok: true = await init(APP_ID, settings, { wasm: new URL("https://cdn.example/cometchat_wasm_bg.wasm") });
  await init(APP_ID, { region: "eu" });
  await init(APP_ID, new AppSettingsBuilder().setSessionPersistence("encrypted").build(), { worker: true });
  await init(APP_ID, { sessionPersistence: "none" }, { worker: new URL("/assets/worker.js", "https://app.example") });
  // @ts-expect-error persistence is "none" or "encrypted"
  new AppSettingsBuilder().setSessionPersistence("localStorage");
  // @ts-expect-error a worker option is true or a URL
  await init(APP_ID, undefined, { worker: false });
  const manifest: StorageManifest = await storageManifest();
  const kept: "none" | "encrypted" | "memory" = manifest.persistence;
  for (const e of manifest.entries) void [e.database, e.store, e.key, e.encrypted satisfies boolean];
  await login({ tokenUrl: "/api/cometchat-token" });
  await CometChat.login({ tokenUrl: new URL("https://app.example/token") });
  void [kept, CometChat.storageManifest];
  await init(APP_ID);
  void ok;

  const me: User = await login(AUTH_TOKEN);
  await login({ authToken: AUTH_TOKEN });
  const cached: User | null = await getLoggedinUser();
  const other: User = await getUser("user2");
  await getUser({ uid: "user2" });

  const uid: string = me.getUid();
  const name: string | undefined = other.getName();
  const avatar: string | undefined = other.getAvatar();
  const link: string | undefined = other.getLink();
  const role: string | undefined = other.getRole();
  const metadata: JSONObject | undefined = other.getMetadata();
  const status: "online" | "offline" = other.getStatus();
  const message: string | undefined = other.getStatusMessage();
  const lastActiveAt: number | undefined = other.getLastActiveAt();
  const tags: string[] | undefined = other.getTags();
  const hasBlockedMe: boolean = other.getHasBlockedMe();
  const blockedByMe: boolean = other.getBlockedByMe();
  const deactivatedAt: number = other.getDeactivatedAt();
  const json: UserJSON = other.toJSON();
  const created: number | undefined = typeof json["createdAt"] === "number" ? json["createdAt"] : undefined;
  void [uid, name, avatar, link, role, metadata, status, message, lastActiveAt, tags, hasBlockedMe, blockedByMe, deactivatedAt, created, cached];

  const edit = new User("ignored", "Kevin");
  edit.setName("Kevin Fernandez");
  edit.setAvatar("https://cdn.example/k.png");
  edit.setLink("https://example.com/kevin");
  edit.setRole("moderator");
  edit.setMetadata({ "@private": { email: "k@example.com" }, n: [1, 2.5, null, true] });
  edit.setStatusMessage("In a meeting");
  edit.setTags(["a", "b"]);
  const updated: User = await updateCurrentUserDetails(edit);
  await updateCurrentUserDetails({ name: "Plain", tags: ["x"], metadata: { k: "v" } });
  new User({ uid: "u", name: "N", tags: [] });
  await logout();

  try {
    await getUser("nobody");
  } catch (e) {
    if (isCometChatException(e)) {
      const code: string = e.code;
      const status: number | undefined = e.status;
      const err: Error = e;
      void [code, status, err];
    }
    if (e instanceof CometChatException && e.code === "ERR_UID_NOT_FOUND") {
      console.log(e.message, e.details);
    }
  }
  const sameNamespace: typeof CometChat = DefaultCometChat;
  const typed: CometChat.User = me;
  void [sameNamespace, typed];
}

export async function directoryAndBlocking(): Promise<void> {
  // CometChat's documented list and block snippets, verbatim.
  let limit = 30;
  let usersRequest = new CometChat.UsersRequestBuilder()
    .setLimit(limit)
    .build();
  usersRequest.fetchNext().then(
    (userList) => {
      console.log("User list received:", userList);
    },
    (error) => {
      console.log("User list fetching failed with error:", error);
    }
  );
  let usersList = ["UID1", "UID2", "UID3"];
  CometChat.blockUsers(usersList).then(
    (list) => {
      console.log("users list blocked", { list });
    },
    (error) => {
      console.log("Blocking user fails with error", error);
    }
  );
  // Every option, typed.
  const request: UsersRequest = new UsersRequestBuilder()
    .setLimit(10)
    .setSearchKeyword("ke")
    .searchIn(["name", "uid"])
    .setStatus("online")
    .setRoles(["default"])
    .setTags(["vip"])
    .withTags(true)
    .friendsOnly(false)
    .hideBlockedUsers(true)
    .setUIDs(["u1"])
    .sortBy("status")
    .sortByOrder("desc")
    .build();
  for await (const page of request) {
    const names: (string | undefined)[] = page.map((u: User) => u.getName());
    void names;
  }
  const more: boolean = request.hasMore;
  const total: number | undefined = request.total;
  const blocked: CometChat.BlockedUsersRequest = new BlockedUsersRequestBuilder().setDirection("both").blockedByMe().hasBlockedMe().build();
  const results: BlockResult = await blockUsers(["u1"]);
  const outcome: "success" | "fail" | undefined = (await unblockUsers(["u1"]))["u1"];
  void [more, total, blocked, results, outcome];
}

export async function lifecycle(): Promise<void> {
  // The official listener snippet.
  let listenerID = "UNIQUE_LISTENER_ID";
  CometChat.addLoginListener(
    listenerID,
    new CometChat.LoginListener({
      loginSuccess: (e: CometChat.User) => {
        console.log("LoginListener :: loginSuccess", e);
      },
      loginFailure: (e: CometChatException) => {
        console.log("LoginListener :: loginFailure", e);
      },
      logoutSuccess: () => {
        console.log("LoginListener :: logoutSuccess");
      },
      logoutFailure: (e: CometChatException) => {
        console.log("LoginListener :: logoutFailure", e);
      },
    })
  );
  CometChat.removeLoginListener(listenerID);
  addLoginListener("partial", new LoginListener({ logoutSuccess: () => {} }));
  removeLoginListener("partial");
  const tokenProvider: TokenProvider = () => fetch("/token").then((r) => r.text());
  const me: User = await login({ tokenProvider });
  const stop: () => void = onSessionEnded((event: SessionEndedEvent) => {
    const reason: SessionEndReason = event.reason;
    const code: string | undefined = event.error?.code;
    void [reason, code];
  });
  stop();
  const rate: RateLimit | null = getRateLimit();
  if (rate) {
    const left: number = rate.remaining / rate.limit;
    const at: Date = new Date(rate.resetAt);
    void [left, at];
  }
  try {
    await getUser("u1");
  } catch (e) {
    if (isCometChatException(e) && e.code === "ERR_TOO_MANY_REQUESTS") {
      const wait: number | undefined = e.retryAfter;
      void wait;
    }
  }
  void [me, DefaultCometChat.onSessionEnded, CometChat.getRateLimit];
}

export function notThere(): void {
  // @ts-expect-error: a provider is a function returning a Promise of a token
  CometChat.login({ tokenProvider: "token" });
  // @ts-expect-error: the reasons are a closed set
  const bad: SessionEndReason = "expired";
  void bad;
  // @ts-expect-error: the status filter is online or offline
  new UsersRequestBuilder().setStatus("away");
  // @ts-expect-error: sortBy takes name or status
  new UsersRequestBuilder().sortBy("email");
  // @ts-expect-error: the direction is both, blockedByMe or hasBlockedMe
  new BlockedUsersRequestBuilder().setDirection("mine");
  // @ts-expect-error: creating users belongs to the backend; the package has no createUser
  CometChat.createUser;
  // @ts-expect-error: no updateUser either
  CometChat.updateUser;
  // @ts-expect-error: nor deleteUser
  CometChat.deleteUser;
  // @ts-expect-error: login takes an auth token only, never (uid, authKey)
  CometChat.login("user1", "AUTH_KEY");
  // @ts-expect-error: metadata is a JSON object, not a string
  new CometChat.User("u").setMetadata("{}");
  // @ts-expect-error: status is server-owned: no setter
  new CometChat.User("u").setStatus("online");
  // @ts-expect-error: a User is a plain JS object: nothing to free
  new CometChat.User("u").free();
}

export function presenceSnippets(): void {
  // CometChat's documented presence and connection snippets.
  let listenerID = "UNIQUE_LISTENER_ID";
  CometChat.addUserListener(
    listenerID,
    new CometChat.UserListener({
      onUserOnline: (onlineUser: CometChat.User) => {
        console.log("On User Online:", { onlineUser });
      },
      onUserOffline: (offlineUser: CometChat.User) => {
        console.log("On User Offline:", { offlineUser });
      },
    })
  );
  CometChat.removeUserListener(listenerID);
  CometChat.addConnectionListener(
    "XMPPConnectionListener",
    new CometChat.ConnectionListener({
      onConnected: () => {
        console.log("ConnectionListener => On Connected");
      },
      inConnecting: () => {
        console.log("ConnectionListener => In connecting");
      },
      onDisconnected: (error?: CometChatException) => {
        console.log("ConnectionListener => On Disconnected", error?.code);
      },
    })
  );
  const status: "connecting" | "connected" | "disconnected" = CometChat.getConnectionStatus();
  console.log(status);
  CometChat.connect();
  CometChat.disconnect();
  const roles = new CometChat.AppSettingsBuilder().subscribePresenceForRoles(["default"]).subscribePresenceForFriends().autoEstablishSocketConnection(false).build();
  const presence: string | undefined = roles.presence;
  console.log(presence);
}
