// Where the session lives, as chosen on the sign-in card: kept in this browser (encrypted) or in
// memory only, and in a dedicated Worker or on the page. `CometChat.init` takes both once per
// page load (in worker mode its settings are fixed for the page's life), so the two choices live
// in the page's URL (`?persist=1&worker=1`) and changing one reloads the page with the new query.
// Nothing is written to any storage for them: only these two booleans, and only in the URL.

export interface Placement {
  /** `setSessionPersistence("encrypted")`: IndexedDB, AES-GCM under a non-extractable key. */
  persist: boolean;
  /** `init(…, { worker: true })`: the session, the token and the wasm client in a Worker. */
  worker: boolean;
}

const PARAMS: Record<keyof Placement, string> = { persist: "persist", worker: "worker" };

/** The placement a URL asks for (`?persist=1&worker=1`; anything else is off). */
export function readPlacement(url: string = location.href): Placement {
  const q = new URL(url).searchParams;
  return { persist: q.get(PARAMS.persist) === "1", worker: q.get(PARAMS.worker) === "1" };
}

/** `url` asking for `p`: its other query parameters and its path kept, hash dropped. */
export function placementUrl(p: Placement, url: string = location.href): string {
  const u = new URL(url);
  for (const key of Object.keys(PARAMS) as (keyof Placement)[]) {
    if (p[key]) u.searchParams.set(PARAMS[key], "1");
    else u.searchParams.delete(PARAMS[key]);
  }
  u.hash = "";
  return u.pathname + u.search;
}

/** Whether signing in goes through `login({ tokenUrl })` (the package fetches the token itself). */
export function usesTokenUrl(p: Placement): boolean {
  // A function cannot cross to the worker, nor be stored with a session restored after a reload:
  // the package asks the URL again for a new token whenever the server revokes one.
  return p.persist || p.worker;
}
