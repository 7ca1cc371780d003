// Live presence. `init` subscribes to everyone's presence (`subscribePresenceForAllUsers()`), so
// after login the package opens CometChat's real-time socket by itself. A user's status as first
// shown comes from the directory (REST: the list, `getUser`); after that, from the socket's
// `onUserOnline` / `onUserOffline`: every pill with `data-presence-uid` and every "last seen"
// with `data-last-active-uid` / `data-last-seen-uid` is updated in place, wherever it is (People,
// Blocked, the look-up card). The profile card's own pill follows this page's connection (the
// server counts you online from your first authenticated socket). The top bar's indicator says
// whether the dots are live: connected, (re)connecting, or offline.
import { CometChat, type CometChatException, type ConnectionStatus, type UserJSON, type UserStatus } from "cometchat-wasm";
import { h } from "./dom";
import { lastActive, setPill } from "./ui";

interface Seen {
  status: UserStatus;
  lastActiveAt?: number;
}

/**
 * What the socket said last about each user, this session. A directory answer that was on its
 * way when an event came is older than the event, so cards rendered from it take the event's
 * status (`live`). While the link is down events are missed, so the map is dropped then: a
 * directory read after that is the newer word.
 */
const seen = new Map<string, Seen>();

/** The directory's user with what the socket said since, if anything. */
export function live(u: UserJSON): UserJSON {
  const s = seen.get(u.uid);
  return s ? { ...u, status: s.status, lastActiveAt: s.lastActiveAt ?? u.lastActiveAt } : u;
}

function each(attr: string, uid: string): NodeListOf<HTMLElement> {
  return document.querySelectorAll<HTMLElement>(`[${attr}="${CSS.escape(uid)}"]`);
}

function onPresence(uid: string, status: UserStatus, lastActiveAt: number | undefined): void {
  seen.set(uid, { status, lastActiveAt });
  for (const pill of each("data-presence-uid", uid)) setPill(pill, status);
  if (lastActiveAt === undefined) return;
  for (const el of each("data-last-active-uid", uid)) el.replaceChildren(lastActive(lastActiveAt));
  // A person card's "Last seen …" shows only while they are offline.
  for (const el of each("data-last-seen-uid", uid)) {
    el.hidden = status === "online";
    el.replaceChildren("Last seen ", lastActive(lastActiveAt));
  }
}

// ── this page's connection ─────────────────────────────────────────────────────────────────

type State = "connecting" | "connected" | "reconnecting" | "offline";
const LABEL: Record<State, string> = { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" };

let status: ConnectionStatus = "disconnected";
/** The socket was connected at least once this session: a later "connecting" is a reconnection. */
let wasConnected = false;
/** Why the package stopped trying (`onDisconnected(error)`), until it connects again. */
let stopped: CometChatException | undefined;
/** When the link was lost (ms), while it is. */
let lostAt: number | undefined;
/** Whether a session is shown: signed out, the indicator is not in the page. */
let active = false;

const text = h("span", { class: "conn-text" });
const indicator = h(
  "span",
  // A polite live region: a screen reader hears "Real-time: Reconnecting…" when the state changes.
  { class: "conn", role: "status", "data-testid": "connection" },
  h("span", { class: "conn-dot", "aria-hidden": "true" }),
  h("span", { class: "visually-hidden" }, "Real-time: "),
  text,
);

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/**
 * The indicator's state, from what can be known. The package retries a lost link by itself,
 * backing off (0.5 s doubling to 30 s, with jitter) and at once when the browser comes back
 * online or the page becomes visible again, but it exposes neither its timer nor its attempt
 * count: "reconnecting in N s" cannot be known here, so the indicator says "Reconnecting…" and,
 * in its tooltip, since when the link is down. No countdown is made up.
 */
function state(): [State, string] {
  if (!navigator.onLine) return ["offline", "This browser is offline: presence resumes when the network is back."];
  if (status === "connected") return ["connected", "Presence is live: the dots change as people come and go."];
  if (stopped) return ["offline", `No real-time connection (${stopped.code}): the dots may be out of date.`];
  const since = lostAt === undefined ? "" : ` Link lost at ${clock.format(lostAt)}.`;
  // "disconnected" without an error after having been connected: the link dropped, and the
  // package has a retry scheduled (its status says "connecting" only once that attempt starts).
  if (wasConnected) return ["reconnecting", `Presence paused: the dots may be out of date until the link is back.${since}`];
  if (status === "connecting") return ["connecting", "Opening the real-time connection."];
  return ["offline", "No real-time connection."];
}

function render(): void {
  const [s, detail] = state();
  if (indicator.dataset.state === s && indicator.title === detail) return;
  indicator.dataset.state = s;
  indicator.title = detail;
  if (text.textContent !== LABEL[s]) text.textContent = LABEL[s];
  // The profile card's own pill: online while this page holds a live link (another device of
  // yours could keep you online without it, which this page cannot see).
  if (s === "connected") for (const pill of document.querySelectorAll<HTMLElement>("[data-presence-self]")) setPill(pill, "online");
  else if (s !== "connecting") for (const pill of document.querySelectorAll<HTMLElement>("[data-presence-self]")) setPill(pill, "offline");
}

/** The profile card's pill status: from the connection once it said something, else the directory's. */
export function selfStatus(fallback: UserStatus): UserStatus {
  const [s] = state();
  return !active || s === "connecting" ? fallback : s === "connected" ? "online" : "offline";
}

/** The top bar's connection indicator (one element, kept across renders so the live region stays). */
export function connectionIndicator(): HTMLElement {
  active = true;
  render();
  return indicator;
}

/** A new session (or none): forget the last one's connection and events. */
export function resetPresence(): void {
  active = false;
  wasConnected = false;
  stopped = undefined;
  lostAt = undefined;
  seen.clear();
  delete indicator.dataset.state;
}

/** Registers the listeners; once, after `init`. */
export function startPresence(): void {
  CometChat.addUserListener(
    "demo-presence",
    new CometChat.UserListener({
      onUserOnline: (user) => onPresence(user.getUid(), "online", user.getLastActiveAt()),
      onUserOffline: (user) => onPresence(user.getUid(), "offline", user.getLastActiveAt()),
    }),
  );
  const changed = (error?: CometChatException) => {
    status = CometChat.getConnectionStatus();
    if (status === "connected") {
      wasConnected = true;
      stopped = undefined;
      lostAt = undefined;
    } else {
      if (wasConnected) lostAt ??= Date.now();
      seen.clear();
      // An attempt under way (the package resumed, e.g. back online): no longer stopped.
      stopped = error ?? (status === "connecting" ? undefined : stopped);
    }
    if (active) render();
  };
  CometChat.addConnectionListener(
    "demo-connection",
    new CometChat.ConnectionListener({ inConnecting: () => changed(), onConnected: () => changed(), onDisconnected: (error) => changed(error) }),
  );
  status = CometChat.getConnectionStatus();
  addEventListener("online", () => active && render());
  addEventListener("offline", () => active && render());
}
