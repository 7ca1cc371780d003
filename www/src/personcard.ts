// A person in a list: avatar, name, @uid, status, block flags, and Block / Unblock.
import { CometChat, type CometChatException, type UserJSON } from "cometchat-wasm";
import { avatar, h } from "./dom";
import { asException, generalMessage } from "./errors";
import { live } from "./presence";
import { lastActive, statusPill } from "./ui";

export interface PersonCard {
  el: HTMLElement;
  /** Shows a block or unblock made elsewhere (another list). */
  setBlockedByMe(blocked: boolean): void;
}

export interface PersonCardOptions {
  /** Whether the card has the Block / Unblock button. */
  action: boolean;
  /** A block or unblock took effect. */
  onBlockChange(uid: string, blockedByMe: boolean): void;
  /** Called with every failure first; true when it was handled (e.g. the session ended). */
  onError(e: CometChatException): boolean;
}

export function personCard(listed: UserJSON, opts: PersonCardOptions): PersonCard {
  // The directory's status, unless a presence event came since the list was asked for.
  const u = live(listed);
  const name = u.name ?? u.uid;
  let blockedByMe = u.blockedByMe;
  let busy = false;

  const youBlocked = h("span", { class: "flag-badge", "data-testid": "flag-blocked-by-me" }, "You blocked");
  const blockedYou = h("span", { class: "flag-badge", "data-testid": "flag-has-blocked-me", hidden: !u.hasBlockedMe }, "Blocked you");
  const note = h("p", { class: "card-note", role: "status", "data-testid": "block-result" });
  const button = h("button", { type: "button", class: "btn btn-secondary btn-sm pc-toggle", "data-testid": "block-toggle" });

  function show(): void {
    youBlocked.hidden = !blockedByMe;
    extra.hidden = !blockedByMe && !u.hasBlockedMe && !note.textContent;
    el.classList.toggle("is-blocked", blockedByMe);
    const label = busy ? (blockedByMe ? "Unblocking…" : "Blocking…") : blockedByMe ? "Unblock" : "Block";
    button.textContent = label;
    button.setAttribute("aria-label", `${label} ${name}`);
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
    button.setAttribute("aria-disabled", String(busy));
    button.classList.toggle("is-busy", busy);
  }

  async function toggle(): Promise<void> {
    if (busy) return;
    const blocking = !blockedByMe;
    busy = true;
    note.textContent = "";
    note.className = "card-note";
    show();
    try {
      const result = await (blocking ? CometChat.blockUsers([u.uid]) : CometChat.unblockUsers([u.uid]));
      const outcome = result[u.uid] ?? Object.values(result)[0];
      if (outcome === "success") {
        blockedByMe = blocking;
        note.textContent = blocking ? "Blocked" : "Unblocked";
        note.classList.add("is-ok");
        opts.onBlockChange(u.uid, blocking);
      } else {
        note.textContent = blocking ? `Couldn't block ${name}.` : `Couldn't unblock ${name}.`;
        note.classList.add("is-error");
      }
    } catch (e) {
      const ex = asException(e);
      if (opts.onError(ex)) return;
      note.replaceChildren(`${generalMessage(ex)} `, h("code", { class: "alert-code" }, ex.code));
      note.classList.add("is-error");
    } finally {
      busy = false;
      show();
    }
  }

  button.addEventListener("click", () => void toggle());
  const extra = h("div", { class: "pc-extra" }, youBlocked, blockedYou, note);
  const el = h(
    "li",
    { class: "person-card", "data-uid": u.uid, "data-testid": "person-card" },
    h(
      "div",
      { class: "pc-main" },
      avatar(u, "md"),
      h(
        "div",
        { class: "pc-id" },
        h("p", { class: "pc-name", title: name, "data-testid": "person-name" }, h("bdi", null, name)),
        h(
          "p",
          { class: "pc-meta" },
          h("span", { class: "muted small pc-uid" }, `@${u.uid}`),
          statusPill(u.status, u.uid),
          // Shown while they are offline; a presence event rewrites it (src/presence.ts).
          h(
            "span",
            { class: "muted small pc-seen", "data-testid": "last-seen", "data-last-seen-uid": u.uid, hidden: u.status === "online" || !u.lastActiveAt },
            "Last seen ",
            lastActive(u.lastActiveAt),
          ),
        ),
      ),
      opts.action ? button : null,
    ),
    extra,
  );
  show();
  return {
    el,
    setBlockedByMe(blocked) {
      if (blocked === blockedByMe || busy) return;
      blockedByMe = blocked;
      note.textContent = "";
      show();
    },
  };
}
