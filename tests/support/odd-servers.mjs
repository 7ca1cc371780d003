// Servers the real emulator cannot be: one that never answers requests (for the
// deadline), one that answers with HTML (a malformed response), and a port nobody listens on.
// Prints `HANG_URL=… NOTJSON_URL=… DEAD_URL=…` on one line, then serves until killed.
import net from "node:net";
import http from "node:http";

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

const dead = net.createServer();
const deadPort = await listen(dead);
await new Promise((ok) => dead.close(ok));

const [hangPort, notJsonPort] = [await listen(hang), await listen(notJson)];
console.log(`HANG_URL=http://127.0.0.1:${hangPort} NOTJSON_URL=http://127.0.0.1:${notJsonPort} DEAD_URL=http://127.0.0.1:${deadPort}`);
