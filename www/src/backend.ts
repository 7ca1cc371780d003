// Stands in for YOUR app's backend. In production your server authenticates the person, then
// mints a CometChat auth token with its REST API key (which never reaches a browser) and hands
// the token to the page. The emulator's demo-only `POST /demo/login` plays that part here.

export interface DemoPerson {
  uid: string;
  name: string;
  blurb: string;
}

/** The users `cometchat-emulator serve --seed demo` creates. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { uid: "alice", name: "Alice Martin", blurb: "Engineering · admin" },
  { uid: "bob", name: "Bob Okafor", blurb: "Sales" },
  { uid: "chloe", name: "Chloé Dubois", blurb: "Design · premium" },
  { uid: "kenji", name: "山田 健二", blurb: "Support" },
  { uid: "priya", name: "Priya Raman", blurb: "Community · moderator" },
  { uid: "zoe", name: "Zoë Ångström", blurb: "New here" },
];

export class BackendError extends Error {}

/** Asks "the backend" for an auth token for `uid`. The token is returned, never stored. */
export async function fetchAuthToken(uid: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch("/demo/login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ uid }),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new BackendError("Can't reach the demo backend. Is the emulator running with --seed demo?");
  }
  const body: unknown = await res.json().catch(() => null);
  const data = (body as { data?: { authToken?: unknown } } | null)?.data;
  if (res.ok && typeof data?.authToken === "string") return data.authToken;
  const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (err?.code === "ERR_UID_NOT_FOUND") throw new BackendError(`There is no user “${uid}” on this server.`);
  if (res.status === 404) throw new BackendError("This server has no demo login: start the emulator with --seed demo.");
  throw new BackendError(err?.message ?? `The demo backend answered ${res.status}.`);
}
