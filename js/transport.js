// The transport's JS half (src/http.rs): the one `fetch` call of a request, its deadline, the
// clock, the header objects, and what a request reports of the rate window.

// A body larger than this (bytes decoded: a compressed body can be small on the wire and huge
// decoded) is refused by the module: far past any real CometChat answer (a page of 100 users with
// full profiles is well under 2 MB).
const MAX_BODY = 8 << 20;

// One request: the global `fetch` (pages and workers alike), no cookies, the default cache mode
// (the only one that lets Chromium reuse its CORS preflight: no-store, no-cache and reload each
// send a preflight per call; answers are still never reused unless the server declares them
// fresh, and CometChat's carry no freshness), never a redirect (fetch would forward the
// `authToken` header to wherever `Location` points), and a deadline that really aborts it, body
// included. Resolves `[status, body, refused, ...rate]`: `body` is the parsed JSON or `undefined`
// when empty or not JSON; `refused` is REDIRECT or TOO_LARGE when the answer was not read, else 0;
// `rate`, when the server sent a rate window or a 429, is the rate-limit headers as numbers (NaN
// when absent; src/rate.rs) and the answer's `Date` (ms since the epoch, NaN when absent).
// Rejects with the fetch error, or a `TimeoutError` past the deadline, whatever fetch threw then
// (WebKit rejects an aborted fetch with an AbortError, whatever the abort's reason).
// Rust decides what all of it means (src/http.rs, src/envelope.rs).
const METHODS = ["GET", "PUT", "POST", "DELETE"]; // src/http.rs `Method`
const REDIRECT = 1, TOO_LARGE = 2; // why an answer was not read (src/http.rs `read`)
export async function request(url, method, headers, body, timeoutMs) {
  const signal = deadline(timeoutMs);
  try {
    return await answer(await fetch(url, { method: METHODS[method], headers, body, cache: "default", credentials: "omit", redirect: "manual", signal }));
  } catch (e) {
    // Told by the signal, not by what fetch threw (nor by its `reason`, not in every engine).
    throw signal.aborted ? new DOMException("The request timed out.", "TimeoutError") : e;
  }
}

async function answer(response) {
  const { status, headers: got } = response;
  if (response.type === "opaqueredirect" || (status > 299 && status < 400)) return [status, undefined, REDIRECT];
  // CometChat's rate-limit headers (it spells them both ways), read when the server exposes them
  // (CORS); src/rate.rs uses the window only when all three are there, Retry-After only on a 429.
  const remaining = header(got, "x-rate-limit-remaining", "x-ratelimit-remaining");
  const known = remaining === remaining;
  const rate =
    known || status === 429
      ? [
          known ? header(got, "x-rate-limit", "x-ratelimit-limit") : NaN,
          remaining,
          known ? header(got, "x-rate-limit-reset", "x-ratelimit-reset") : NaN,
          status === 429 ? header(got, "retry-after") : NaN,
          Date.parse(got.get("date")), // the server's clock, which an absolute reset is read against
        ]
      : [];
  // A declared length over the cap is refused unread; any other body is counted as it decodes.
  if (+got.get("content-length") > MAX_BODY) {
    response.body?.cancel().catch(() => {});
    return [status, undefined, TOO_LARGE, ...rate];
  }
  const text = response.body && (await readBody(response.body));
  if (text === undefined) return [status, undefined, TOO_LARGE, ...rate];
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  return [status, json, 0, ...rate];
}

// A client's two header sets (src/http.rs), written as literals: a literal defines its properties,
// so no setter on `Object.prototype` runs, and none ever sees the token.
export const headers = (appId, authToken, sdk, resource) => {
  const plain = { appId, authToken, Accept: "application/json", sdk, resource };
  return [plain, { ...plain, "Content-Type": "application/json" }];
};

// A body's text (UTF-8, as `response.json()` decodes), or `undefined` past MAX_BODY decoded
// bytes, where the read stops. Each chunk is decoded as it arrives (a decoder per body: it keeps
// a character split between two chunks).
async function readBody(body) {
  const reader = body.getReader();
  const utf8 = new TextDecoder();
  let text = "";
  let size = 0;
  for (let next; !(next = await reader.read()).done; ) {
    if ((size += next.value.byteLength) > MAX_BODY) return void reader.cancel().catch(() => {});
    text += utf8.decode(next.value, { stream: true });
  }
  return text + utf8.decode();
}

// A header as a number: NaN when absent, empty or not a number (`+""` would be 0).
function header(got, a, b) {
  const v = got.get(a) ?? (b ? got.get(b) : null);
  return v?.trim() ? +v : NaN;
}

// A monotonic clock (ms): deadlines and rate-limit waits never jump with the wall clock.
export const now = () => performance.now();

// The deadlines: requests due at about the same time (within 1% of the timeout, at most 100 ms
// late) share one AbortController, aborted by one timer armed for the earliest. A controller and
// a timer per request measured as a tenth of a call's client-side cost. Aborting a controller
// whose requests have all been answered does nothing.
const due = new Map(); // when (`now()` ms) → its controller
let timer, timerAt = Infinity;
function deadline(timeoutMs) {
  const width = Math.min(100, Math.max(1, timeoutMs / 100));
  const at = Math.ceil((now() + timeoutMs) / width) * width;
  let controller = due.get(at);
  if (!controller) {
    due.set(at, (controller = new AbortController()));
    if (at < timerAt) arm(at);
  }
  return controller.signal;
}
function arm(at) {
  clearTimeout(timer);
  timerAt = at;
  timer = at < Infinity ? setTimeout(expire, Math.max(0, at - now())) : undefined;
}
function expire() {
  const t = now();
  let next = Infinity;
  for (const [at, controller] of due) {
    if (at <= t) {
      due.delete(at);
      controller.abort(); // `request` tells its requests that it was the deadline
    } else if (at < next) next = at;
  }
  arm(next);
}

// `navigator.userAgent` (pages and workers alike), sent with the login's device registration.
export const userAgent = () => globalThis.navigator?.userAgent;

// `getRateLimit()`'s answer (src/exports.rs): the module keeps `resetAt` on the monotonic clock
// (`now`); the app gets it in ms since the epoch.
export const rateLimit = (limit, remaining, resetAt) => ({ limit, remaining, resetAt: Date.now() + (resetAt - now()) });

// Resolves after `ms` (a wait for the rate-limit window; src/http.rs).
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
