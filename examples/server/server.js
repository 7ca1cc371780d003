// The app's backend as a plain Node server (node:http, no framework): its own demo sign-in with a
// cookie session, the token endpoint the package's `login({ tokenUrl })` asks, and the profile
// sync CometChat's guide asks of a backend. The page (public/) and the package's browser files
// are all it serves to the browser; the REST API key stays in this process.
//
//   COMETCHAT_APP_ID=… COMETCHAT_REST_API_KEY=… [COMETCHAT_REGION=us] [COMETCHAT_API_URL=…]
//   [COMETCHAT_CLIENT_HOST=…] [PORT=3000] [HOST=127.0.0.1] node server.js
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cometchatAdmin, CometChatAdminError } from "./cometchat-admin.js";
import * as auth from "./demo-auth.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const admin = cometchatAdmin();
// What the page needs to reach CometChat: public values, never the key.
const config = {
  appId: process.env.COMETCHAT_APP_ID,
  region: process.env.COMETCHAT_REGION ?? "us",
  clientHost: process.env.COMETCHAT_CLIENT_HOST, // the emulator's http://127.0.0.1:8787/v3.0; unset for the cloud
};
const cometchatOrigin = config.clientHost ? new URL(config.clientHost).origin : "https://*.cometchat.io";
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${cometchatOrigin}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;
const BODY_LIMIT = 16 * 1024;

// The files a browser may load: the page, and the package's modules and wasm (nothing else of it).
const PUBLIC = { "/": "public/index.html", "/app.js": "public/app.js" };
const PACKAGE = /^\/vendor\/cometchat-wasm\/([a-z_-]+\.(?:js|wasm))$/;
const TYPES = { html: "text/html; charset=utf-8", js: "text/javascript", wasm: "application/wasm" };

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const routes = {
  "GET /api/config": () => [200, config],
  // Whether the page is signed in (200 either way: being signed out is not an error for a page).
  "GET /api/session": (req) => [200, { user: auth.userOf(req.headers.cookie) ?? null }],
  "POST /api/session": async (req, res) => {
    const { sessionId, user } = auth.signIn(await body(req));
    res.setHeader("Set-Cookie", auth.sessionCookie(sessionId, secure(req)));
    return [200, user];
  },
  "DELETE /api/session": (req, res) => {
    auth.signOut(req.headers.cookie);
    res.setHeader("Set-Cookie", auth.sessionCookie(null, secure(req)));
    return [200, {}];
  },
  // For `login({ tokenUrl: "/api/cometchat-token" })`: the session's own user's token, and no one
  // else's (whatever the request says), so a page script can only get the token it already uses.
  "GET /api/cometchat-token": async (req) => [200, { authToken: await admin.tokenFor(signedIn(req)) }],
  "GET /api/me": (req) => [200, signedIn(req)],
  "PUT /api/me": async (req) => {
    const user = auth.updateUser(signedIn(req).uid, await body(req));
    return [200, { ...user, cometchatUpdated: await admin.updateUser(user) }];
  },
  "DELETE /api/me": async (req, res) => {
    const { uid } = signedIn(req);
    auth.deleteUser(uid);
    res.setHeader("Set-Cookie", auth.sessionCookie(null, secure(req)));
    return [200, { deleted: uid, cometchatDeleted: await admin.deleteUser(uid) }];
  },
};

function signedIn(req) {
  const user = auth.userOf(req.headers.cookie);
  if (!user) throw new HttpError(401, "not signed in");
  return user;
}

const secure = (req) => req.socket.encrypted === true || req.headers["x-forwarded-proto"] === "https";

/** A JSON object body of at most 16 KB, sent as JSON (so another site's form cannot post it). */
async function body(req) {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "send JSON");
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    if ((size += chunk.length) > BODY_LIMIT) throw new HttpError(413, "body too large");
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {}
  throw new HttpError(400, "the body must be a JSON object");
}

async function handle(req, res) {
  const { pathname } = new URL(req.url, "http://x");
  const route = routes[`${req.method} ${pathname}`];
  if (route) {
    if (req.method !== "GET" && !auth.sameOrigin(req.headers.origin, req.headers.host)) throw new HttpError(403, "cross-origin request");
    const [status, json] = await route(req, res);
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(JSON.stringify(json));
    return;
  }
  const file = PUBLIC[pathname] ?? (PACKAGE.exec(pathname) && join("node_modules/cometchat-wasm", PACKAGE.exec(pathname)[1]));
  if (req.method === "GET" && file) {
    const data = await readFile(join(HERE, file)).catch(() => null);
    if (data) {
      const type = TYPES[file.split(".").pop()];
      res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff" }).end(data);
      return;
    }
  }
  throw new HttpError(404, "not found");
}

const server = createServer((req, res) =>
  handle(req, res).catch((e) => {
    // 4xx for the browser's mistakes, 502 when CometChat failed, 500 for a bug; the message of a
    // CometChat failure names its status and code, never the key.
    const status = e instanceof HttpError ? e.status : e instanceof auth.InputError ? 400 : e instanceof CometChatAdminError ? 502 : 500;
    if (status >= 500) console.error(e);
    if (!res.headersSent) res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ error: status === 500 ? "internal error" : e.message }));
  }),
);
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? "127.0.0.1", () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}`);
});
