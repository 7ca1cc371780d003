// For `login({ tokenUrl: "/api/cometchat-token" })`: an auth token for the session's own user,
// whose CometChat user is created on their first sign-in. Only that user's, whatever the request
// says, so a page script can only get the token its page already uses. 401 without a session.
import { admin, json, route, signedIn } from "../../../lib/route.js";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => json(200, { authToken: await admin().tokenFor(signedIn(request)) }));
