// The backend's half of CometChat (CometChat's admin REST API, with the REST API key): create the
// app's user in CometChat when missing, mint their auth token, keep their profile in sync, delete
// them. Server code only: the key is read from the environment and sent nowhere but CometChat.
// The same file is in examples/server/ and examples/next/lib/ (a test keeps the two identical).
//
//   COMETCHAT_APP_ID         the app id
//   COMETCHAT_REST_API_KEY   the REST API key (dashboard: API & Auth Keys), never an auth key
//   COMETCHAT_REGION         us, eu, in, … (default us)
//   COMETCHAT_API_URL        instead of the region's URL, e.g. the local emulator's
//                            http://127.0.0.1:8787/v3

/** A failed admin call: its status and CometChat's error code, never the key. */
export class CometChatAdminError extends Error {
  constructor(what, status, code) {
    super(`CometChat ${what} failed: ${status} ${code ?? ""}`.trim());
    this.status = status;
    this.code = code;
  }
}

export function cometchatAdmin(env = process.env) {
  const { COMETCHAT_APP_ID: appId, COMETCHAT_REST_API_KEY: apiKey } = env;
  if (!appId || !apiKey) throw new Error("Set COMETCHAT_APP_ID and COMETCHAT_REST_API_KEY (the REST API key) on the server.");
  const base = env.COMETCHAT_API_URL ?? `https://${appId}.api-${env.COMETCHAT_REGION ?? "us"}.cometchat.io/v3`;

  async function call(method, path, body) {
    const res = await fetch(`${base}/${path}`, {
      method,
      headers: { apikey: apiKey, appid: appId, "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "error", // the key goes to CometChat's host and nowhere else
      signal: AbortSignal.timeout(10_000),
    });
    const json = await res.json().catch(() => ({}));
    return { status: res.status, code: json?.error?.code, data: json?.data };
  }
  const userPath = (uid) => `users/${encodeURIComponent(uid)}`;

  return {
    /**
     * An auth token for the app's user `{ uid, name, avatar? }`, creating their CometChat user
     * first when it does not exist yet (the first sign-in); later sign-ins reuse the user.
     */
    async tokenFor(user) {
      const mint = () => call("POST", `${userPath(user.uid)}/auth_tokens`, {});
      let r = await mint();
      if (r.status === 404 && r.code === "ERR_UID_NOT_FOUND") {
        r = await call("POST", "users", { uid: user.uid, name: user.name, ...(user.avatar && { avatar: user.avatar }), withAuthToken: true });
        if (r.status === 409) r = await mint(); // created meanwhile by a concurrent first sign-in
      }
      if (r.status !== 200 || typeof r.data?.authToken !== "string") throw new CometChatAdminError("auth token", r.status, r.code);
      return r.data.authToken;
    },

    /** The app's user renamed or changed their avatar: the same in CometChat. False when they
     * have no CometChat user yet (it is created with the new profile at their next token). */
    async updateUser(user) {
      const body = user.avatar ? { name: user.name, avatar: user.avatar } : { name: user.name, unset: ["avatar"] };
      const r = await call("PUT", userPath(user.uid), body);
      if (r.status === 404 && r.code === "ERR_UID_NOT_FOUND") return false;
      if (r.status !== 200) throw new CometChatAdminError("update user", r.status, r.code);
      return true;
    },

    /** The app's user was deleted: so is their CometChat user (tokens included). */
    async deleteUser(uid) {
      const r = await call("DELETE", userPath(uid), { permanent: true });
      if (r.status === 404 && r.code === "ERR_UID_NOT_FOUND") return false;
      if (r.status !== 200) throw new CometChatAdminError("delete user", r.status, r.code);
      return true;
    },
  };
}
