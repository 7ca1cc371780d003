// Servers the real emulator cannot be: one that never answers requests (for the
// deadline), one that answers with HTML (a malformed response), a port nobody listens on, one
// that redirects (and the origin it redirects to, counting what reaches it), one that echoes
// the request's auth token in its error, one whose answers are enormous, a mock whose answers
// are small on the wire and enormous decoded (a gzip bomb), a mock that sends any rate-limit
// headers, and a mock that stalls in the middle of a body.
// Prints `HANG_URL=… NOTJSON_URL=… DEAD_URL=… …` on one line, then serves until killed.
import net from "node:net";
import http from "node:http";
import zlib from "node:zlib";

const listen = (server) => new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server.address().port)));

const cors = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "*",
};
// Answers CORS preflights at once (so the browser sends the real request), then never
// answers the request itself; counts the sockets of those requests.
const sockets = { opened: 0, closed: 0 };
const hang = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  sockets.opened++;
  req.socket.on("close", () => sockets.closed++);
});
hang.keepAliveTimeout = 60_000;

const notJson = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
  // The hang server's socket counts, so a test can see that an abort really closed the connection.
  if (req.url === "/__sockets") return res.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify(sockets));
  res.writeHead(200, { ...cors, "Content-Type": "text/html" }).end("<!doctype html><h1>Not an API</h1>");
});

// Where redirects point: another origin that counts every request reaching it (preflights too).
let targetHits = 0;
const target = http.createServer((req, res) => {
  if (req.url === "/__count") return res.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ hits: targetHits }));
  targetHits++;
  res.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ data: { uid: "redirected", name: "Redirected" } }));
});
const targetPort = await listen(target);

// `/{301|302|307|308}/{cors|nocors}/{cross|http}/…`: answers that status to the target, as
// another origin on 127.0.0.1 (`cross`) or on `localhost` (`http`, another origin over plain
// http), with or without CORS headers on the redirect itself. Preflights succeed.
const redirect = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  const [, status, withCors, where] = req.url.split("/");
  const host = where === "http" ? "localhost" : "127.0.0.1";
  const headers = { Location: `http://${host}:${targetPort}${req.url}`, ...(withCors === "cors" ? cors : {}) };
  res.writeHead(Number(status), headers).end();
});

// Answers every request with an error quoting the request's auth token raw and JSON-escaped,
// in `code` (under `/code/`), `message` and `details` (keys and values).
const echo = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  const token = req.headers.authtoken ?? "";
  const escaped = JSON.stringify(token);
  const error = {
    code: req.url.startsWith("/code/") ? token : "AUTH_ERR_AUTH_TOKEN_NOT_FOUND",
    message: `The auth token ${token} does not exist (${escaped}).`,
    details: { token, escaped, [token]: [token, `x${token}y`], nested: { list: [escaped] } },
  };
  res.writeHead(401, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ error }));
});

// Enormous answers: `/{what}/{size}/…` with what ∈ code, message, details, data and size in
// MB (decimal allowed); `/chunked-…` sends the same without a Content-Length.
const big = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  const [, kind, mb] = req.url.split("/");
  const chunked = kind.startsWith("chunked-");
  const what = kind.replace("chunked-", "");
  const filler = "x".repeat(Math.round(Number(mb) * 1024 * 1024));
  const body =
    what === "data"
      ? { data: { uid: "big", name: filler } }
      : { error: { code: what === "code" ? filler : "ERR_BIG", message: what === "message" ? filler : "big", details: what === "details" ? { filler } : undefined } };
  const text = JSON.stringify(body);
  res.writeHead(what === "data" ? 200 : 400, { ...cors, "Content-Type": "application/json" });
  if (chunked) {
    res.write(text.slice(0, 10));
    res.end(text.slice(10));
  } else {
    res.end(text);
  }
});

// MOCK: rate-limit headers the emulator would never send: `/{limit}/{remaining}/{reset}/{retryAfter}/{status}/{spelling}/…`
// answers `status` (200: a user; 429: ERR_TOO_MANY_REQUESTS) with those header values verbatim
// (`-` leaves one out, an empty segment sends it empty), exposed to the page, `Date` included;
// spelling `ratelimit` names them `X-RateLimit-*`. A spelling ending `+S` makes the server's clock
// S seconds ahead of the real one (its `Date` says so), and a reset `+N` is its own now plus N
// seconds, in epoch seconds.
const rate = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  const [, limit, remaining, reset, retryAfter, status, spelled] = req.url.split("/").map(decodeURIComponent);
  const [spelling, skew = "0"] = spelled.split("+");
  const clock = Math.floor(Date.now() / 1000) + Number(skew); // the server's now, in whole seconds
  const headers = { ...cors, "Content-Type": "application/json", "Access-Control-Expose-Headers": "*", Date: new Date(clock * 1000).toUTCString() };
  const names = spelling === "ratelimit" ? ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] : ["X-Rate-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"];
  const resetAt = reset.startsWith("+") ? String(clock + Number(reset.slice(1))) : reset;
  for (const [k, v] of [[names[0], limit], [names[1], remaining], [names[2], resetAt], ["Retry-After", retryAfter]])
    if (v !== "-") headers[k] = v;
  const body = status === "429" ? { error: { code: "ERR_TOO_MANY_REQUESTS", message: "Slow down." } } : { data: { uid: "rated", name: "Rated" } };
  res.writeHead(Number(status), headers).end(JSON.stringify(body));
});

// MOCK: answers past the 8 MB cap that neither declare it nor look it. `/gzip/…`: a gzip bomb,
// `Content-Encoding: gzip` with a Content-Length of its ~50 KB on the wire, 50 MB of JSON decoded;
// `/gzip-chunked/…`: the same without a Content-Length; `/chunked/…`: 8 MB and 1 KB of plain
// JSON without one; `/wide-chunked/…`: the same bytes as 3-byte characters (under 3 M UTF-16
// units: a measure of the text rather than the bytes lets it through); `/gzip-small/…`: a
// normal user, compressed.
const user = (uid, name) => JSON.stringify({ data: { uid, name } });
const bomb = zlib.gzipSync(user("bomb", "x".repeat(50 << 20)));
const overCap = (unit) => user("wide", unit.repeat(Math.ceil(((8 << 20) + 1024) / Buffer.byteLength(unit))));
const bombs = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  const kind = req.url.split("/")[1];
  const headers = { ...cors, "Content-Type": "application/json" };
  if (kind === "gzip" || kind === "gzip-small") {
    const body = kind === "gzip" ? bomb : zlib.gzipSync(user("zipped", "Zipped"));
    return res.writeHead(200, { ...headers, "Content-Encoding": "gzip", "Content-Length": body.length }).end(body);
  }
  res.writeHead(200, kind === "gzip-chunked" ? { ...headers, "Content-Encoding": "gzip" } : headers);
  const body = kind === "gzip-chunked" ? bomb : Buffer.from(overCap(kind === "wide-chunked" ? "€" : "x"));
  // Written in 64 KB pieces, as a server streams: the client may stop reading at any point.
  for (let i = 0; i < body.length; i += 1 << 16) res.write(body.subarray(i, i + (1 << 16)));
  res.end();
});

// MOCK: sends its status and headers and the start of a body, then nothing more (the deadline
// must abort the read of the body too).
const stall = http.createServer((req, res) => {
  if (req.method === "OPTIONS") return res.writeHead(204, { ...cors, "Access-Control-Max-Age": "0" }).end();
  res.writeHead(200, { ...cors, "Content-Type": "application/json" });
  res.write('{"data":{"uid":"st');
});

const dead = net.createServer();
const deadPort = await listen(dead);
await new Promise((ok) => dead.close(ok));

const [hangPort, notJsonPort] = [await listen(hang), await listen(notJson)];
const [redirectPort, echoPort, bigPort, ratePort] = [await listen(redirect), await listen(echo), await listen(big), await listen(rate)];
const [bombPort, stallPort] = [await listen(bombs), await listen(stall)];
const at = (port) => `http://127.0.0.1:${port}`;
console.log(
  [
    `HANG_URL=${at(hangPort)} NOTJSON_URL=${at(notJsonPort)} DEAD_URL=${at(deadPort)}`,
    `REDIRECT_URL=${at(redirectPort)} TARGET_URL=${at(targetPort)} ECHO_URL=${at(echoPort)} BIG_URL=${at(bigPort)} RATE_URL=${at(ratePort)}`,
    `BOMB_URL=${at(bombPort)} STALL_URL=${at(stallPort)}`,
  ].join(" "),
);
