// The app's own profile: read it (GET), rename or change the avatar (PUT: CometChat updated too),
// delete the account (DELETE: the CometChat user deleted too), as CometChat's guide asks of a backend.
import { deleteUser, sessionCookie, updateUser } from "../../../lib/demo-auth.js";
import { admin, body, json, route, secure, signedIn } from "../../../lib/route.js";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => json(200, signedIn(request)));

export const PUT = route(async (request) => {
  const user = updateUser(signedIn(request).uid, await body(request));
  return json(200, { ...user, cometchatUpdated: await admin().updateUser(user) });
});

export const DELETE = route(async (request) => {
  const { uid } = signedIn(request);
  deleteUser(uid);
  const cometchatDeleted = await admin().deleteUser(uid);
  return json(200, { deleted: uid, cometchatDeleted }, { "Set-Cookie": sessionCookie(null, secure(request)) });
});
