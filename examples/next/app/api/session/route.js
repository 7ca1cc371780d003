// The app's own demo sign-in (POST), sign-out (DELETE) and whether the page is signed in (GET:
// 200 either way): a cookie session, nothing of CometChat.
import { signIn, signOut, sessionCookie, userOf } from "../../../lib/demo-auth.js";
import { body, json, route, secure } from "../../../lib/route.js";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => json(200, { user: userOf(request.headers.get("cookie")) ?? null }));

export const POST = route(async (request) => {
  const { sessionId, user } = signIn(await body(request));
  return json(200, user, { "Set-Cookie": sessionCookie(sessionId, secure(request)) });
});

export const DELETE = route(async (request) => {
  signOut(request.headers.get("cookie"));
  return json(200, {}, { "Set-Cookie": sessionCookie(null, secure(request)) });
});
