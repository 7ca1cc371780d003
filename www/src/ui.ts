// Small pieces shared by the screens.
import type { CometChat, UserJSON } from "cometchat-wasm";
import { h } from "./dom";

/** A `User` as plain data, for rendering. */
export function snapshot(user: CometChat.User): UserJSON {
  return user.toJSON();
}

export function statusPill(status: string): HTMLElement {
  const online = status === "online";
  return h("span", { class: `pill ${online ? "pill-online" : "pill-offline"}`, "data-testid": "presence" }, h("span", { class: "dot", "aria-hidden": "true" }), online ? "Online" : "Offline");
}

export function setBusy(button: HTMLButtonElement, busy: boolean, label?: string): void {
  button.disabled = busy;
  button.classList.toggle("is-busy", busy);
  if (label !== undefined) button.textContent = label;
}
