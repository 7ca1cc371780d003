// The app with its backend: the app's own sign-in, then CometChat with a token from
// /api/cometchat-token. Rendered per request, so the public settings come from the server's
// environment at run time; the REST API key is read only by the route handlers (lib/route.js).
import Account from "./account";

export const dynamic = "force-dynamic";

export default function Page() {
  const config = {
    appId: process.env.COMETCHAT_APP_ID ?? "",
    region: process.env.COMETCHAT_REGION ?? "us",
    clientHost: process.env.COMETCHAT_CLIENT_HOST ?? null, // the emulator's …/v3.0; unset for the cloud
  };
  return (
    <main>
      <Account config={config} />
    </main>
  );
}
