// `login({ tokenUrl })`, loaded only when a login or a stored session names a token URL. It imports
// nothing: the facade that loads it hands it the package's exception class (no import cycle).

// The token provider of a `tokenUrl`: the app's backend, at a URL of this origin, answers the
// user's token as text or `{ authToken }` to a request carrying the app's cookies. The URL rides
// on the provider (`url`) so that a stored session can ask it again after a reload.
export function tokenFrom(url, CometChatException) {
  const href = typeof url === "string" || url instanceof URL ? parse(url, globalThis.location?.href) : undefined;
  if (href?.origin !== globalThis.location?.origin)
    throw new CometChatException("INVALID_TOKEN_URL", "tokenUrl must be a URL of this page's own origin (the app's backend).");
  const provider = () =>
    fetch(href, { credentials: "same-origin", cache: "no-store", redirect: "error" })
      .then((r) => (r.ok ? r.text() : Promise.reject()))
      .then((t) => (t.trimStart()[0] === "{" ? JSON.parse(t).authToken : t.trim()));
  provider.url = href.href;
  return provider;
}

// A `new URL` that may throw, not `URL.canParse` (Chrome 120, Firefox 115, Safari 17): an older
// engine refuses a bad URL as INVALID_TOKEN_URL too, not with a TypeError.
function parse(url, base) {
  try {
    return new URL(url, base);
  } catch {}
}

// `{ tokenUrl }` as the module's login takes it: `{ tokenProvider }`.
export function credential(c, CometChatException) {
  if (c.tokenProvider !== undefined || c.authToken !== undefined)
    throw new CometChatException("INVALID_TOKEN_PROVIDER", "login takes one of authToken, tokenProvider and tokenUrl.");
  return { tokenProvider: tokenFrom(c.tokenUrl, CometChatException) };
}
