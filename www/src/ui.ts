// Small pieces shared by the screens.
import type { CometChat, UserJSON, UserStatus } from "cometchat-wasm";
import { h } from "./dom";
import { absoluteTime, relativeTime } from "./time";

/** A `User` as plain data, for rendering. */
export function snapshot(user: CometChat.User): UserJSON {
  return user.toJSON();
}

/**
 * A presence pill: a dot and its text alternative, "Online" or "Offline" (the dot itself is
 * decorative). With `uid`, the pill follows that user's presence events (src/presence.ts).
 */
export function statusPill(status: string, uid?: string): HTMLElement {
  const pill = h("span", { "data-testid": "presence", "data-presence-uid": uid }, h("span", { class: "dot", "aria-hidden": "true" }), "");
  setPill(pill, status === "online" ? "online" : "offline");
  return pill;
}

export function setPill(pill: HTMLElement, status: UserStatus): void {
  const online = status === "online";
  pill.className = `pill ${online ? "pill-online" : "pill-offline"}`;
  pill.dataset.status = status;
  (pill.lastChild as Text).data = online ? "Online" : "Offline";
}

/** "5 minutes ago" as a `<time>` (kept current by `tickRelativeTimes`), or "Never active". */
export function lastActive(unix: number | undefined): HTMLElement {
  if (!unix) return h("span", { class: "muted" }, "Never active");
  return h("time", { dateTime: new Date(unix * 1000).toISOString(), title: absoluteTime(unix), "data-unix": String(unix) }, relativeTime(unix));
}

export function setBusy(button: HTMLButtonElement, busy: boolean, label?: string): void {
  button.disabled = busy;
  button.classList.toggle("is-busy", busy);
  if (label !== undefined) button.textContent = label;
}
