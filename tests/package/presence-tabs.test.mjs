// One socket per session across tabs (pkg-template/presence.js `start`), as a race: random
// interleavings of tabs opening, closing (crashing: the lock released, nothing said), connecting,
// disconnecting, signing out and back in, and a server that accepts, drops and pushes presence,
// over MOCK Web Locks (exclusive, queued, abortable), a MOCK BroadcastChannel (asynchronous,
// structured-cloned) and MOCK sockets with a manual clock: real browsers run the takeover once
// (presence.test.mjs); here every order is tried. Checked after every step: never two open
// sockets for the session; at rest: exactly one if any tab wants it, every such tab "connected",
// and a presence event reaches each of them exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start } from "../../pkg-template/presence.js";
import { userData, CometChatException } from "../../js/runtime.js";

/** A seeded generator (mulberry32): a failure names its seed, and replays. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function world(random) {
  const w = { now: 0, clock: 0, timers: [], sockets: [], tabs: [], locks: new Map(), channels: new Set(), jobs: [] };
  const later = (f) => w.jobs.push(f); // a task of the event loop, run in random order by `pump`

  // Web Locks: exclusive, granted in request order, a waiting request abortable.
  const locks = (owner) => ({
    request(name, { signal }, cb) {
      return new Promise((resolve, reject) => {
        const lock = w.locks.get(name) ?? { holder: undefined, queue: [] };
        w.locks.set(name, lock);
        const entry = { owner, cb, resolve, reject };
        signal?.addEventListener("abort", () => {
          const i = lock.queue.indexOf(entry);
          if (i >= 0) lock.queue.splice(i, 1), reject(new Error("AbortError"));
        });
        lock.queue.push(entry);
        grant(name);
      });
    },
  });
  function grant(name) {
    const lock = w.locks.get(name);
    if (lock.holder || !lock.queue.length) return;
    const entry = (lock.holder = lock.queue.shift());
    later(() => {
      if (lock.holder !== entry) return; // released meanwhile (the tab crashed)
      Promise.resolve(entry.cb()).then(() => release(name, entry), () => release(name, entry));
    });
  }
  function release(name, entry) {
    const lock = w.locks.get(name);
    if (lock.holder !== entry) return;
    lock.holder = undefined;
    entry.resolve();
    grant(name);
  }

  class Channel {
    constructor(name, owner) {
      Object.assign(this, { name, owner, closed: false });
      w.channels.add(this);
    }
    // Delivered to each other channel asynchronously, in the order this one posted (as browsers
    // queue them); what two senders post may interleave either way.
    postMessage(m) {
      const copy = structuredClone(m);
      for (const c of w.channels) {
        if (c === this || c.name !== this.name) continue;
        const pair = (this.queues ??= new Map()).get(c) ?? [];
        this.queues.set(c, pair);
        pair.push(copy);
        later(() => {
          const data = pair.shift();
          if (!c.closed) c.onmessage?.({ data });
        });
      }
    }
    close() {
      this.closed = true;
      w.channels.delete(this);
    }
  }

  class Socket {
    constructor(url) {
      Object.assign(this, { url, owner: w.making, open: false, authed: false, closed: false, sent: [] });
      w.sockets.push(this);
      later(() => !this.closed && ((this.open = true), this.onopen?.()));
    }
    send(text) {
      this.sent.push(text);
      if (text.includes('"ping"')) later(() => !this.closed && this.onmessage?.({ data: '{"action":"pong"}' }));
    }
    close() {
      this.closed = true;
    }
    // The server's side.
    accept() {
      this.authed = true;
      this.onmessage?.({ data: '{"type":"auth","body":{"code":"200","status":"OK"}}' });
    }
    drop() {
      this.closed = true;
      later(() => this.onclose?.({ code: 1006 }));
    }
  }

  w.openTab = () => {
    const tab = { id: w.tabs.length, alive: true, events: [], serve: undefined, wanted: false, signedIn: false };
    const g = {
      navigator: { onLine: true, locks: locks(tab) },
      BroadcastChannel: class extends Channel {
        constructor(name) {
          super(name, tab);
        }
      },
      WebSocket: class extends Socket {
        constructor(url) {
          w.making = tab;
          super(url);
        }
      },
      setTimeout: (f, ms) => {
        const t = { at: w.now + ms, f: () => tab.alive && f() };
        w.timers.push(t);
        return t;
      },
      clearTimeout: (t) => (w.timers = w.timers.filter((x) => x !== t)),
      location: { origin: "http://page" },
      // One clock for every tab, as a machine's: never the same reading twice.
      performance: { timeOrigin: 0, now: () => ++w.clock },
      addEventListener() {},
    };
    const side = {
      get: async () => ({ jwt: "J", uid: "alice", settings: { CHAT_HOST: "127.0.0.1:9/ws", CHAT_WSS_PORT: 9 } }),
      forget() {},
      user: () => ({ getUid: () => "alice" }),
      emit: (kind, arg) => tab.alive && tab.events.push(kind === 7 ? ["status", arg] : ["presence", arg.uid]),
      userData,
      wrapUser: (record) => record,
      lastMe: () => undefined,
      keeping: () => true,
      useSocket: (f) => (tab.serve = f),
      CometChatException,
    };
    tab.socket = start(side, g);
    tab.crash = () => {
      tab.alive = false;
      for (const s of w.sockets) if (s.owner === tab) s.closed = true;
      for (const c of w.channels) if (c.owner === tab) c.close();
      for (const [name, lock] of w.locks) {
        lock.queue = lock.queue.filter((e) => e.owner !== tab);
        if (lock.holder?.owner === tab) release(name, lock.holder);
      }
    };
    w.tabs.push(tab);
    return tab;
  };

  // Runs queued tasks (in random order, as tabs and the network interleave) and due timers.
  w.pump = async (steps = 1) => {
    for (let i = 0; i < steps; i++) {
      await new Promise((r) => setImmediate(r));
      if (w.jobs.length) {
        const [job] = w.jobs.splice(Math.floor(random() * w.jobs.length), 1);
        job();
      } else {
        w.timers.sort((a, b) => a.at - b.at);
        const t = w.timers.shift();
        if (!t) return;
        w.now = Math.max(w.now, t.at);
        t.f();
      }
    }
  };
  // Everything settles: tasks run, due attempts made, sockets the server has accepted.
  w.settle = async () => {
    for (let round = 0; round < 400; round++) {
      await new Promise((r) => setImmediate(r));
      for (const s of w.sockets) if (s.open && !s.closed && !s.authed) s.accept();
      if (w.jobs.length) await w.pump();
      else {
        // Only reconnection attempts and the next ping are left: run those due within 40 s.
        w.timers.sort((a, b) => a.at - b.at);
        if (!w.timers.length || w.timers[0].at > w.now + 40_000) break;
        await w.pump();
      }
    }
  };
  w.live = () => w.sockets.filter((s) => !s.closed);
  return w;
}

const SID = ["http://127.0.0.1:9/v3.0/", "app", "s1"];

async function play(seed) {
  const random = rng(seed);
  const w = world(random);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const alive = () => w.tabs.filter((t) => t.alive);
  for (let i = 0; i < 2; i++) w.openTab();
  for (let step = 0; step < 40; step++) {
    const tab = pick(alive()) ?? w.openTab();
    const r = random();
    if (process.env.TABS_TRACE) console.log(step, "tab", tab.id, r.toFixed(2), "live", w.live().length, JSON.stringify(w.tabs.map((t) => [t.alive, t.wanted, t.signedIn, t.events.filter(([k]) => k === "status").at(-1)?.[1]])));
    if (r < 0.15) w.openTab();
    else if (r < 0.25 && alive().length > 1) tab.crash();
    else if (r < 0.4) (tab.signedIn = true), tab.serve(1, ...SID);
    else if (r < 0.47) (tab.signedIn = false), tab.serve(undefined, ...SID);
    else if (r < 0.6) (tab.wanted = true), tab.socket.connect(true);
    else if (r < 0.67) (tab.wanted = false), tab.socket.connect(false);
    else if (r < 0.75) {
      const s = pick(w.live().filter((s) => s.open));
      if (s && !s.authed) s.accept();
    } else if (r < 0.8) pick(w.live())?.drop();
    else await w.pump(1 + Math.floor(random() * 4));
    await new Promise((r) => setImmediate(r));
    assert.ok(w.live().length <= 1, `seed ${seed}, step ${step}: ${w.live().length} sockets open for one session`);
  }
  await w.settle();
  if (process.env.TABS_TRACE) console.log("end", JSON.stringify(w.tabs.map((t) => [t.alive, t.wanted, t.signedIn, t.events])), "sockets", JSON.stringify(w.sockets.map((s) => [s.owner.id, s.open, s.authed, s.closed])), JSON.stringify([...w.locks].map(([n, l]) => [n, l.holder?.owner.id, l.queue.map((e) => e.owner.id)])));
  const wanting = alive().filter((t) => t.wanted && t.signedIn);
  const live = w.live();
  assert.equal(live.length, wanting.length ? 1 : 0, `seed ${seed}: ${live.length} sockets at rest for ${wanting.length} tabs wanting one`);
  for (const t of wanting)
    assert.deepEqual(t.events.filter(([k]) => k === "status").at(-1), ["status", "connected"], `seed ${seed}: tab ${t.id} is not told it is connected`);
  if (!wanting.length) return;
  // A presence event reaches every tab that wants it, once.
  live[0].onmessage({ data: JSON.stringify({ type: "presence", deviceId: "WEB-other", body: { action: "online", timestamp: 1, user: { uid: `bob${seed}` } } }) });
  await w.settle();
  for (const t of wanting)
    assert.equal(t.events.filter(([k, uid]) => k === "presence" && uid === `bob${seed}`).length, 1, `seed ${seed}: tab ${t.id} heard the event other than once`);
}

test("tabs sharing a session: at most one socket at any moment; at rest one, connected in every tab that wants it, each event heard once (300 random interleavings)", async () => {
  const base = Number(process.env.TABS_SEED ?? Date.now() % 1e6);
  for (let i = 0; i < Number(process.env.TABS_RUNS ?? 300); i++) await play(base + i);
});
