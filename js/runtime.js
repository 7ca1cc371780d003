// The JS half of cometchat-wasm's edge: the error class, and the one `fetch` call of a request.

// The one error type of cometchat-wasm. Defined in JS so that it is a real `Error`
// (stack, `instanceof Error`) and exists before the wasm module is instantiated.
export class CometChatException extends Error {
  constructor(code, message, details, status) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
    if (status !== undefined) this.status = status;
  }
}
CometChatException.prototype.name = "CometChatException";

// One request: the global `fetch` (pages and workers alike), no cookies, never the HTTP cache,
// and a deadline that really aborts it (and is cleared as soon as the answer is read, so no
// timer outlives its request). Resolves `[status, body]`, `body` being the parsed JSON or
// `undefined` when it is empty or not JSON; rejects with the fetch error (a `TimeoutError`
// when the deadline passed). Rust decides what all of it means (src/http.rs, src/envelope.rs).
export function request(url, method, headers, body, timeoutMs) {
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new DOMException("The request timed out.", "TimeoutError")), timeoutMs);
  const init = { method, headers, body, cache: "no-store", credentials: "omit", signal: controller.signal };
  return fetch(url, init)
    .then((response) =>
      response.json().then(
        (json) => [response.status, json],
        (e) => {
          if (e?.name === "SyntaxError") return [response.status, undefined];
          throw e;
        },
      ),
    )
    .finally(() => clearTimeout(deadline));
}

// `navigator.userAgent` (pages and workers alike), sent with the login's device registration.
export const userAgent = () => globalThis.navigator?.userAgent;
