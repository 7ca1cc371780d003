// Browser side of the benchmark: loaded as a module by bench.html, after the official SDK's own
// <script> tag (its UMD wrapper puts `CometChat` on window, as for a CDN user). run.mjs drives
// the functions on `window.bench` through page.evaluate; every loop here is bounded.
import * as Ours from "/pkg/index.js";
import { glueInit } from "/pkg/core.js";
// The repository's js/runtime.js, which core.js bundles: for the "JS request layer only" row.
import { request as runtimeRequest } from "/src/runtime.js";

const Official = window.CometChat;
const realFetch = globalThis.fetch;
let cfg; // set by setup()

// ---- the baseline an app would write by hand: fetch + response.json() + a plain object ----
const rawHeaders = (token) => ({ appId: cfg.appId, Accept: "application/json", sdk: "raw@0", resource: cfg.resource, authToken: token });
const toPlain = (d) => ({
  uid: d.uid, name: d.name, avatar: d.avatar, link: d.link, role: d.role, metadata: d.metadata,
  status: d.status, statusMessage: d.statusMessage, lastActiveAt: d.lastActiveAt, tags: d.tags,
  hasBlockedMe: d.hasBlockedMe ?? false, blockedByMe: d.blockedByMe ?? false, deactivatedAt: d.deactivatedAt ?? 0,
});
async function rawGetUser(uid, cache = "no-store") {
  const res = await fetch(`${cfg.host}/users/${encodeURIComponent(uid)}`, {
    headers: rawHeaders(cfg.raw.token), cache, credentials: "omit",
  });
  const body = await res.json();
  if (!res.ok || !body.data) throw new Error(body.error?.code ?? `HTTP ${res.status}`);
  return toPlain(body.data);
}
async function rawUpdateMe(fields) {
  const res = await fetch(`${cfg.host}/me`, {
    method: "PUT",
    headers: { ...rawHeaders(cfg.raw.token), "Content-Type": "application/json" },
    body: JSON.stringify(fields), cache: "no-store", credentials: "omit",
  });
  const body = await res.json();
  if (!res.ok || !body.data) throw new Error(body.error?.code ?? `HTTP ${res.status}`);
  return toPlain(body.data);
}

// ---- a fetch that never touches the network: a ready Response per call, same for everyone ----
const stub = { GET: "", PUT: "", LIST: "", lengths: new Map() }; // lengths: body → UTF-8 bytes, memoised
// The emulator's headers as it sends them: the type, and the length of the body.
const utf8 = new TextEncoder();
function stubFetch(input, init) {
  const method = init?.method ?? (typeof input === "object" ? input.method : "GET");
  const url = typeof input === "object" ? input.url : String(input);
  const body = method === "PUT" ? stub.PUT : url.includes("/users?") ? stub.LIST : stub.GET;
  let length = stub.lengths.get(body);
  if (length === undefined) stub.lengths.set(body, (length = utf8.encode(body).length));
  const headers = { "Content-Type": "application/json", "Content-Length": String(length) };
  return Promise.resolve(new Response(body, { status: 200, headers }));
}

// A page of 100 users: the target user as the emulator served it, 100 times with distinct uids.
function listPage(getBody) {
  const user = JSON.parse(getBody).data;
  const data = Array.from({ length: 100 }, (_, i) => ({ ...user, uid: `${user.uid}-${i}`, name: `${user.name} ${i}` }));
  return JSON.stringify({ data, meta: { pagination: { total: 100, count: 100, per_page: 100, current_page: 1, total_pages: 1 } } });
}
async function rawListPage() {
  const res = await fetch(`${cfg.host}/users?per_page=100&page=1`, { headers: rawHeaders(cfg.raw.token), cache: "no-store", credentials: "omit" });
  const body = await res.json();
  if (!res.ok || !Array.isArray(body.data)) throw new Error(body.error?.code ?? `HTTP ${res.status}`);
  return body.data.map(toPlain);
}
const useStub = (on) => {
  globalThis.fetch = on ? stubFetch : realFetch;
};

const EDIT = { name: "Bench User", statusMessage: "In a meeting" };

// Who is who: three sessions (three users of the emulator), one per contender, plus the PUT me
// answer each would really get (captured once from the emulator, so the stub is realistic).
const contenders = {
  getUser: {
    ours: () => Ours.getUser(cfg.target),
    raw: () => rawGetUser(cfg.target),
    official: () => Official.getUser(cfg.target),
    // Diagnosis: ours minus the wasm, i.e. the `fetch` of js/runtime.js with its deadline timer
    // and AbortController, then the same plain object as raw's.
    "ours, JS request layer only": () =>
      runtimeRequest(`${cfg.host}/users/${encodeURIComponent(cfg.target)}`, "GET", rawHeaders(cfg.raw.token), undefined, 15000)
        .then(([, body]) => toPlain(body.data)),
  },
  // End to end only: the raw baseline again with the default cache mode, which (unlike
  // "no-store" / "no-cache") lets Chromium reuse its CORS preflight cache.
  getUserE2E: {
    ours: () => Ours.getUser(cfg.target),
    raw: () => rawGetUser(cfg.target),
    official: () => Official.getUser(cfg.target),
    "raw, default cache mode": () => rawGetUser(cfg.target, "default"),
  },
  // One fetchNext() of a 100-user page, each with its request built as an app would.
  list: {
    ours: () => new Ours.UsersRequestBuilder().setLimit(100).build().fetchNext(),
    raw: rawListPage,
    official: () => new Official.UsersRequestBuilder().setLimit(100).build().fetchNext(),
  },
  update: {
    ours: () => Ours.updateCurrentUserDetails({ ...EDIT }),
    raw: () => rawUpdateMe({ ...EDIT }),
    official: () => Official.updateCurrentUserDetails({ ...EDIT }),
  },
};

// BENCH_B (diagnosis, run.mjs): another build of the package, as an "ours (B)" contender in
// each stubbed comparison, so that a change is measured against its baseline in one page.
async function addBuildB(token) {
  const B = await import("/pkg-b/index.js");
  await B.CometChat.init(cfg.appId, new B.CometChat.AppSettingsBuilder().overrideClientHost(cfg.host).build());
  await B.CometChat.login(token);
  contenders.getUser["ours (B)"] = () => B.getUser(cfg.target);
  contenders.list["ours (B)"] = () => new B.UsersRequestBuilder().setLimit(100).build().fetchNext();
  contenders.update["ours (B)"] = () => B.updateCurrentUserDetails({ ...EDIT });
  cfg.putBodies["ours (B)"] = cfg.putBodies.ours;
}

async function setup(c) {
  cfg = c;
  cfg.resource = `bench-${Date.now()}`;
  await Ours.CometChat.init(c.appId, new Ours.CometChat.AppSettingsBuilder().overrideClientHost(c.host).build());
  await Ours.CometChat.login(c.ours.token);
  await Official.init(
    c.appId,
    new Official.AppSettingsBuilder().setRegion("us").overrideClientHost(c.host.replace(/^https:\/\//, "")).autoEstablishSocketConnection(false).build(),
  );
  await Official.login(c.official.token);
  // The target user exactly as the emulator serves it, and each session's PUT me answer.
  const get = await realFetch(`${c.host}/users/${c.target}`, { headers: rawHeaders(c.raw.token), cache: "no-store" });
  if (get.headers.get("content-length") === null) throw new Error("the emulator no longer sends Content-Length: fix the stub to match");
  stub.GET = await get.text();
  stub.LIST = listPage(stub.GET);
  cfg.putBodies = {};
  for (const who of ["ours", "raw", "official"]) {
    const r = await realFetch(`${c.host}/me`, {
      method: "PUT", headers: { ...rawHeaders(c[who].token), "Content-Type": "application/json" }, body: JSON.stringify(EDIT), cache: "no-store",
    });
    cfg.putBodies[who] = await r.text();
  }
  if (c.b) await addBuildB(c.b);
  // Each contender returns what it should before anything is timed.
  const checks = {
    ours: (await Ours.getUser(c.target)).getName(),
    raw: (await rawGetUser(c.target)).name,
    official: (await Official.getUser(c.target)).getName(),
  };
  useStub(true);
  try {
    checks.listOfOurs = (await contenders.list.ours()).length;
    checks.listOfRaw = (await contenders.list.raw()).length;
    checks.listOfOfficial = (await contenders.list.official()).length;
    // Every contender really fetches a page per call (none answers from a cache of its own).
    let fetches = 0;
    globalThis.fetch = (...args) => (fetches++, stubFetch(...args));
    for (const who of ["ours", "raw", "official"]) {
      fetches = 0;
      for (let i = 0; i < 3; i++) await contenders.list[who]();
      checks[`listFetchesOf${who}`] = fetches;
    }
  } finally {
    useStub(false);
  }
  return { checks, stubGetBytes: stub.GET.length, crossOriginIsolated: globalThis.crossOriginIsolated, timerResolutionUs: timerResolution(), userAgent: navigator.userAgent };
}

// Time `batches` rounds; in each round every contender runs `perBatch` sequential awaited calls,
// the order rotating from round to round (A B C, B C A, C A B, …). Returns µs per call per batch.
async function compare(kind, { batches, perBatch, warmup, stubbed, only }) {
  const set = contenders[kind];
  const names = only ?? Object.keys(set);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  useStub(stubbed);
  try {
    for (let b = -warmup; b < batches; b++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(((b + k) % names.length) + names.length) % names.length];
        if (kind === "update") stub.PUT = cfg.putBodies[name];
        const fn = set[name];
        const t0 = performance.now();
        for (let i = 0; i < perBatch; i++) await fn();
        const us = ((performance.now() - t0) * 1000) / perBatch;
        if (b >= 0) samples[name].push(us);
      }
    }
  } finally {
    useStub(false);
  }
  return samples;
}

// `n` getUser of one uid over the real network, all at once (`Promise.all`) or one after the
// other; run.mjs reads the emulator's request log around it.
async function wire(who, n, parallel) {
  const fn = contenders.getUser[who];
  let users = [];
  if (parallel) users = await Promise.all(Array.from({ length: n }, fn));
  else for (let i = 0; i < n; i++) users.push(await fn());
  const distinct = new Set(users).size;
  return { resolved: users.length, distinctObjects: distinct };
}

// Memory over `cycles` stubbed getUser calls, sampled every `every` after a forced GC.
async function memory(who, { cycles, every }) {
  const mem = Object.values(await glueInit()).find((v) => v instanceof WebAssembly.Memory); // export names are minified
  const samples = [];
  const settle = () => new Promise((r) => setTimeout(r, 0));
  const sample = async (calls) => {
    for (let k = 0; k < 3; k++) {
      gc();
      await settle(); // let FinalizationRegistry callbacks (the glue's closures) run
    }
    samples.push({ calls, wasm: mem.buffer.byteLength, heap: performance.memory.usedJSHeapSize });
  };
  const cycle = {
    // getUser → read, then a User made locally → edit (Users are plain JS objects)
    ours: async () => {
      (await Ours.getUser(cfg.target)).getName();
      new Ours.CometChat.User(cfg.target).setName("x");
    },
    official: async () => {
      (await Official.getUser(cfg.target)).getName();
    },
    raw: async () => {
      (await rawGetUser(cfg.target)).name;
    },
  }[who];
  useStub(true);
  try {
    await sample(0);
    for (let i = 1; i <= cycles; i++) {
      await cycle();
      if (i % every === 0) await sample(i);
    }
  } finally {
    useStub(false);
  }
  return samples;
}

window.bench = { setup, compare, wire, memory };
window.benchReady = true;

// The smallest step performance.now() takes in this page, in µs (measured, not assumed: it
// depends on cross-origin isolation and on the browser's jitter).
function timerResolution() {
  let smallest = Infinity;
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    let next = performance.now();
    while (next === start) next = performance.now();
    smallest = Math.min(smallest, next - start);
  }
  return Math.round(smallest * 1000 * 100) / 100;
}
