// The JS half of cometchat-wasm's edge: the error class, and the one `fetch` call of a request.

// The one error type of cometchat-wasm. Defined in JS so that it is a real `Error`
// (stack, `instanceof Error`) and exists before the wasm module is instantiated.
export class CometChatException extends Error {
  constructor(code, message, details, status) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
    if (status !== undefined) this.status = status;
  }
}
CometChatException.prototype.name = "CometChatException";

// A body larger than this (UTF-16 units) is refused unread by the module: far past any real
// CometChat answer (a page of 100 users with full profiles is well under 2 MB).
const MAX_BODY = 8 << 20;

// One request: the global `fetch` (pages and workers alike), no cookies, the default cache mode
// (the only one that lets Chromium reuse its CORS preflight: no-store, no-cache and reload each
// send a preflight per call; answers are still never reused unless the server declares them
// fresh, and CometChat's carry no freshness), never a redirect (fetch would forward the
// `authToken` header to wherever `Location` points), and a deadline that really aborts it (cleared as soon as the answer is read, so no timer
// outlives its request). Resolves `[status, body, refused]`: `body` is the parsed JSON or
// `undefined` when empty or not JSON; `refused` is "redirect" or "too-large" when the answer was
// not read. Rejects with the fetch error (a `TimeoutError` past the deadline). Rust decides what
// all of it means (src/http.rs, src/envelope.rs).
export function request(url, method, headers, body, timeoutMs) {
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new DOMException("The request timed out.", "TimeoutError")), timeoutMs);
  const init = { method, headers, body, cache: "default", credentials: "omit", redirect: "manual", signal: controller.signal };
  return fetch(url, init)
    .then((response) => {
      const { status } = response;
      if (response.type === "opaqueredirect" || (status > 299 && status < 400)) return [status, undefined, "redirect"];
      if (+response.headers.get("content-length") > MAX_BODY) {
        controller.abort();
        return [status, undefined, "too-large"];
      }
      return response.text().then((text) => {
        if (text.length > MAX_BODY) return [status, undefined, "too-large"];
        try {
          return [status, JSON.parse(text)];
        } catch {
          return [status, undefined];
        }
      });
    })
    .finally(() => clearTimeout(deadline));
}

// A server's user object, checked and cleaned for src/record.rs: a string `uid`, the known
// fields of their JSON types when present, and the credentials of a logged-in user's answer
// deleted (only when present, so list items keep V8's fast object layout). Returns false for
// anything else.
const TYPED = [
  ["string", "name", "avatar", "link", "role", "status", "statusMessage"],
  ["number", "lastActiveAt", "deactivatedAt"],
  ["boolean", "hasBlockedMe", "blockedByMe"],
];
const SECRETS = ["authToken", "jwt", "wsChannel", "fat", "settings"];
export function userData(o) {
  if (typeof o?.uid !== "string" || Array.isArray(o)) return false;
  for (const [type, ...keys] of TYPED) for (const k of keys) if (o[k] != null && typeof o[k] !== type) return false;
  const { tags } = o;
  if (tags != null && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) return false;
  for (const key of SECRETS) if (key in o) delete o[key];
  return true;
}

// For a list request (src/directory.rs): whether `user.uid`, lower-cased, was not handed out yet.
export function firstSight(seen, user) {
  const uid = user.uid.toLowerCase();
  return !seen.has(uid) && !!seen.add(uid);
}

// `navigator.userAgent` (pages and workers alike), sent with the login's device registration.
export const userAgent = () => globalThis.navigator?.userAgent;
