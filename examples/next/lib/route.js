// The glue between the route handlers and the two framework-free modules beside it: errors as
// JSON (4xx for the browser's mistakes, 502 when CometChat failed), a same-origin check on
// writes, the signed-in user, a JSON body. `server-only`: importing this from a client component
// fails the build, so the REST API key cannot be bundled for the browser by mistake.
import "server-only";
import { cometchatAdmin, CometChatAdminError } from "./cometchat-admin.js";
import { InputError, sameOrigin, userOf } from "./demo-auth.js";

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let instance;
/** Made on first use, not at import: `next build` loads the routes without the key. */
export const admin = () => (instance ??= cometchatAdmin());

export const json = (status, body, headers = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export const secure = (request) =>
  new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

export function signedIn(request) {
  const user = userOf(request.headers.get("cookie"));
  if (!user) throw new HttpError(401, "not signed in");
  return user;
}

/** A JSON object body of at most 16 KB, sent as JSON (so another site's form cannot post it). */
export async function body(request) {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) throw new HttpError(415, "send JSON");
  const text = await request.text();
  if (text.length > 16 * 1024) throw new HttpError(413, "body too large");
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {}
  throw new HttpError(400, "the body must be a JSON object");
}

/** A route handler with the errors and the same-origin check above. */
export function route(handler) {
  return async (request) => {
    try {
      if (request.method !== "GET" && !sameOrigin(request.headers.get("origin"), request.headers.get("host")))
        throw new HttpError(403, "cross-origin request");
      return await handler(request);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : e instanceof InputError ? 400 : e instanceof CometChatAdminError ? 502 : 500;
      if (status >= 500) console.error(e);
      return json(status, { error: status === 500 ? "internal error" : e.message });
    }
  };
}
