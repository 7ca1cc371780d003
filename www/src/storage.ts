// "Stored in this browser": what `CometChat.storageManifest()` says the package wrote to browser
// storage (every database, store and key name, and whether it is encrypted; never a value), next
// to where the session lives (the two choices of the sign-in card). The demo itself writes
// nothing: the only state it keeps across a reload is the two booleans in the page's URL.
import { CometChat, type StorageEntry, type StorageManifest } from "cometchat-wasm";
import { h } from "./dom";
import { asException, generalMessage } from "./errors";
import type { Placement } from "./placement";

export interface StoragePanel {
  /** The card. */
  el: HTMLElement;
  /**
   * Reads the manifest again and shows it (the package answers once its last write of the
   * session has landed); a later call wins over an earlier one still running.
   */
  refresh(): Promise<void>;
}

const MODES: Record<StorageManifest["persistence"], string> = {
  encrypted: "Encrypted, in IndexedDB",
  none: "None: memory only",
  memory: "Memory only: storage failed",
};

function entry(e: StorageEntry): HTMLElement {
  return h(
    "li",
    { class: "store-entry", "data-testid": "storage-entry", "data-store": e.store, "data-key": e.key, "data-encrypted": String(e.encrypted) },
    h(
      "dl",
      { class: "store-facts" },
      h("div", null, h("dt", null, "Database"), h("dd", null, h("code", null, e.database))),
      h("div", null, h("dt", null, "Store"), h("dd", null, h("code", null, e.store))),
      h("div", null, h("dt", null, "Key"), h("dd", null, h("code", null, e.key))),
      h("div", null, h("dt", null, "Encrypted"), h("dd", null, h("span", { class: e.encrypted ? "flag flag-yes" : "flag" }, e.encrypted ? "Yes" : "No"))),
    ),
    h("p", { class: "muted small store-holds" }, `${e.where}: ${e.holds}.`),
  );
}

/** The panel; `extraClass` places it (`storage` in the profile layout, `signin-card` under sign-in). */
export function storagePanel(placement: Placement, extraClass: string): StoragePanel {
  const body = h("div", { class: "store-body", "data-testid": "storage-body" }, h("p", { class: "muted small" }, "Reading…"));
  const refreshButton = h("button", { type: "button", class: "btn btn-secondary btn-sm", "data-testid": "storage-refresh" }, "Refresh");
  let generation = 0;

  async function refresh(): Promise<void> {
    const mine = ++generation;
    refreshButton.disabled = true;
    try {
      const manifest = await CometChat.storageManifest();
      if (mine === generation) body.replaceChildren(...render(manifest));
    } catch (e) {
      const ex = asException(e);
      if (mine === generation)
        body.replaceChildren(
          h("div", { class: "alert", role: "alert", "data-testid": "storage-error" }, h("span", null, `Could not read the manifest: ${generalMessage(ex)}`), h("code", { class: "alert-code" }, ex.code)),
        );
    } finally {
      if (mine === generation) refreshButton.disabled = false;
    }
  }

  function render(m: StorageManifest): HTMLElement[] {
    const parts: (HTMLElement | null)[] = [
      h(
        "dl",
        { class: "facts store-mode" },
        h("div", null, h("dt", null, "Persistence"), h("dd", { "data-testid": "storage-persistence", "data-mode": m.persistence }, MODES[m.persistence])),
        h("div", null, h("dt", null, "Worker"), h("dd", { "data-testid": "storage-worker" }, placement.worker ? "On: the token lives in it" : "Off: on this page")),
      ),
      m.reason ? h("p", { class: "alert store-reason", role: "status", "data-testid": "storage-reason" }, m.reason) : null,
      m.entries.length
        ? h("ul", { class: "store-entries", "aria-label": "Stored entries" }, ...m.entries.map(entry))
        : h("p", { class: "muted small store-empty", "data-testid": "storage-empty" }, "Nothing stored in this browser."),
    ];
    return parts.filter((n): n is HTMLElement => n !== null);
  }

  refreshButton.addEventListener("click", () => void refresh());
  const el = h(
    "section",
    { class: `card store ${extraClass}`, "aria-labelledby": "storage-title", "data-testid": "storage-panel" },
    h("div", { class: "store-head" }, h("h2", { class: "card-title", id: "storage-title" }, "Stored in this browser"), refreshButton),
    h(
      "p",
      { class: "muted small card-sub" },
      "What the package wrote to browser storage, from ",
      h("code", null, "CometChat.storageManifest()"),
      ": names only, never a value.",
    ),
    body,
  );
  return { el, refresh };
}
