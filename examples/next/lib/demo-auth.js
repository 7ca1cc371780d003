// The example app's own users and sign-in: a stand-in for your real authentication and user
// database, just enough to show where CometChat fits. Sign-in takes a user name with no password
// (a demo!) and opens a cookie session: a random id, HttpOnly, SameSite=Lax, known only to the
// server. Kept in memory, on globalThis so that every route module of a Next.js server shares it.
// The same file is in examples/server/ and examples/next/lib/ (a test keeps the two identical).
import { randomBytes } from "node:crypto";

export const COOKIE = "app_session";
const MAX_AGE = 7 * 24 * 3600;
const store = (globalThis.__cometchatExampleStore ??= { users: new Map(), sessions: new Map() });

/** Bad input from the browser: answered 400 with its message. */
export class InputError extends Error {}

// CometChat's rules, so that the app's user can become a CometChat user as is.
const UID = /^[a-zA-Z0-9_-]{1,100}$/;
function checkName(name) {
  if (typeof name !== "string" || !name.trim() || [...name].length > 100) throw new InputError("name: 1 to 100 characters, not blank");
  return name;
}
function checkAvatar(avatar) {
  if (avatar === null || avatar === "") return undefined;
  let url;
  try {
    url = new URL(avatar);
  } catch {}
  if (typeof avatar !== "string" || avatar.length > 3000 || !["http:", "https:"].includes(url?.protocol)) throw new InputError("avatar: an http(s) URL");
  return avatar;
}

/** Signs `uid` in (creating the app's user on first sign-in): the new session's id and the user. */
export function signIn(body) {
  if (typeof body?.uid !== "string" || !UID.test(body.uid)) throw new InputError("uid: 1 to 100 of a-z, A-Z, 0-9, _ and -");
  const uid = body.uid.toLowerCase();
  let user = store.users.get(uid);
  if (!user) {
    user = { uid, name: checkName(body.name ?? uid), avatar: checkAvatar(body.avatar ?? null) };
    store.users.set(uid, user);
  }
  const sessionId = randomBytes(32).toString("base64url");
  store.sessions.set(sessionId, uid);
  return { sessionId, user };
}

/** The signed-in user of a `Cookie` header, or undefined. */
export function userOf(cookieHeader) {
  const id = sessionIdOf(cookieHeader);
  const uid = id && store.sessions.get(id);
  return uid ? store.users.get(uid) : undefined;
}

export function signOut(cookieHeader) {
  const id = sessionIdOf(cookieHeader);
  if (id) store.sessions.delete(id);
}

/** A profile change `{ name?, avatar? }` (avatar null or "" removes it): the updated user. */
export function updateUser(uid, body) {
  const user = store.users.get(uid);
  if (!user) throw new InputError("no such user");
  const next = { ...user };
  if (body?.name !== undefined) next.name = checkName(body.name);
  if (body?.avatar !== undefined) next.avatar = checkAvatar(body.avatar);
  store.users.set(uid, next);
  return next;
}

/** Deletes the app's user and ends all their sessions. */
export function deleteUser(uid) {
  store.users.delete(uid);
  for (const [id, owner] of store.sessions) if (owner === uid) store.sessions.delete(id);
}

/** The `Set-Cookie` value of a session (no id: one that clears it). */
export function sessionCookie(sessionId, secure) {
  const attrs = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return sessionId ? `${COOKIE}=${sessionId}; Max-Age=${MAX_AGE}; ${attrs}` : `${COOKIE}=; Max-Age=0; ${attrs}`;
}

/** A state-changing request from another site's page is refused (with SameSite=Lax, a second lock). */
export function sameOrigin(originHeader, hostHeader) {
  if (!originHeader) return true; // not from a browser page (curl, server to server)
  try {
    return new URL(originHeader).host === hostHeader;
  } catch {
    return false;
  }
}

function sessionIdOf(cookieHeader) {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
}
