// Small pieces shared by the screens.
import type { CometChat, UserJSON } from "cometchat-wasm";
import { h } from "./dom";

/** A wasm `User` as plain data; the `User` is freed at once. */
export function snapshot(user: CometChat.User): UserJSON {
  const json = user.toJSON();
  user.free();
  return json;
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
