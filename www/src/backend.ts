// Stands in for YOUR app's backend. In production your server authenticates the person (its own
// session cookie says who), then mints a CometChat auth token with its REST API key (which never
// reaches a browser) and hands it to the page's token provider, or answers the package's own
// request to its token URL. The emulator's demo-only `POST /demo/token` (the provider's) and
// `GET /demo/token?uid=…` (the token URL's) play that part here: a new token on every call.

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

/** Why "the backend" would not mint a token, in words for a person (never a token). */
export class BackendError extends Error {}

/**
 * A token provider for `CometChat.login({ tokenProvider })`: each call asks "the backend" for a
 * fresh auth token for `uid` and hands it straight to the package. The page keeps no token:
 * `onFailure` hears only why the backend refused, for the sign-in form and the session banner.
 */
export function tokenProvider(uid: string, onFailure: (e: BackendError) => void): () => Promise<string> {
  return () =>
    mintAuthToken(uid).catch((e: unknown) => {
      onFailure(e instanceof BackendError ? e : new BackendError("The demo backend could not be asked for a token."));
      throw e;
    });
}

async function mintAuthToken(uid: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch("/demo/token", {
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
  const token = (body as { authToken?: unknown } | null)?.authToken;
  if (res.ok && typeof token === "string") return token;
  const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (err?.code === "ERR_UID_NOT_FOUND") throw new BackendError(`There is no user “${uid}” on this server.`);
  if (err?.code === "ERR_BAD_REQUEST") throw new BackendError("A uid is 1 to 100 characters: letters, digits, “_” and “-”.");
  if (res.status === 404) throw new BackendError("This server has no demo backend: start the emulator with --seed demo.");
  throw new BackendError(err?.message ?? `The demo backend answered ${res.status}.`);
}

/**
 * The token URL for `CometChat.login({ tokenUrl })`: the package (in worker mode, its worker)
 * GETs it itself, on this origin with the app's cookies, now and whenever the server revokes the
 * token, so no page script ever holds one. Your backend would know who from its own session
 * cookie; the demo names the user in the query instead.
 */
export function tokenUrlFor(uid: string): string {
  return `/demo/token?uid=${encodeURIComponent(uid)}`;
}

/**
 * Why a `login({ tokenUrl })` failed with `TOKEN_PROVIDER_FAILED`: the package fetched the URL
 * itself and tells the page nothing of the answer, so only the likely causes can be named.
 */
export function tokenUrlRefusal(uid: string): string {
  return `The demo backend gave no token for “${uid}”: is there such a user on this server, and is the emulator running with --seed demo?`;
}
