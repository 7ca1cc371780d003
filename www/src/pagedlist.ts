// A list of users read page by page with infinite scroll: a sentinel after the last item loads
// the next page (`fetchNext()`) when it comes near the viewport, until `hasMore` is false.
// Each `reset` starts a new generation: answers for an older one are dropped (and freed), so an
// older, slower answer can never replace a newer one.
import type { CometChat, CometChatException, UserJSON } from "cometchat-wasm";
import { h } from "./dom";
import { asException, generalMessage } from "./errors";
import { snapshot } from "./ui";

/** How close (px) the sentinel must come to the bottom of the viewport to load the next page. */
const AHEAD = 300;

export interface Item {
  el: HTMLElement;
}

export interface PagedListOptions<T extends Item> {
  /** Prefix of the `data-testid`s: `${name}-list`, `${name}-foot`, `${name}-end`, … */
  name: string;
  render(user: UserJSON): T;
  /** Called with every failure first; true when it was handled (e.g. the session ended). */
  onError(e: CometChatException): boolean;
  /** Called whenever the count shown or the total changes. */
  onCount(shown: number, total: number | undefined, done: boolean): void;
}

export interface PagedList<T extends Item> {
  root: HTMLElement;
  /** Shows the list `build()` makes from its first page; `empty` is what to say if it has none. */
  reset(build: () => CometChat.UsersRequest, empty: string): void;
  /** The item shown for `uid`, if any. */
  find(uid: string): T | undefined;
  destroy(): void;
}

export function pagedList<T extends Item>(opts: PagedListOptions<T>): PagedList<T> {
  const items = new Map<string, T>();
  // The whole page is a polite live region; the items are not news, the footer's status is.
  const list = h("ul", { class: "directory", "aria-live": "off", "data-testid": `${opts.name}-list` });
  const status = h("p", { class: "list-status", role: "status", "data-testid": `${opts.name}-foot` });
  const alert = h("div", { class: "list-alert" });
  const more = h("button", { type: "button", class: "btn btn-secondary btn-sm", hidden: true }, "Load more");
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  const root = h("div", { class: "paged" }, list, h("div", { class: "list-foot" }, status, alert, more), sentinel);

  let request: CometChat.UsersRequest | null = null;
  let generation = 0;
  let loading = false;
  let failed = false;
  let empty = "";

  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), {
    rootMargin: `0px 0px ${AHEAD}px 0px`,
  });
  observer.observe(sentinel);
  more.addEventListener("click", () => void loadMore(true));

  function nearViewport(): boolean {
    if (!sentinel.getClientRects().length) return false; // in a hidden panel
    return sentinel.getBoundingClientRect().top < window.innerHeight + AHEAD;
  }

  function render(): void {
    const done = request !== null && !request.hasMore;
    const total = request?.total;
    // Busy, not hidden, while loading: a button that disappears would drop the keyboard focus.
    more.hidden = !request || done || failed;
    more.setAttribute("aria-disabled", String(loading));
    root.classList.toggle("is-loading", loading);
    if (loading) status.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), "Loading…");
    else if (failed || !request) status.replaceChildren();
    else if (done && items.size === 0)
      status.replaceChildren(h("span", { class: "empty", "data-testid": `${opts.name}-empty` }, h("span", { class: "empty-icon", "aria-hidden": "true" }, "∅"), empty));
    else if (done) status.replaceChildren(h("span", { class: "end", "data-testid": `${opts.name}-end` }, `End of list · ${countText(items.size)}`));
    else status.replaceChildren(total === undefined ? "" : `Showing ${items.size} of ${total}`);
    opts.onCount(items.size, total, done);
  }

  /** `focus`: a button of ours had the focus; "Try again" takes it. */
  function showError(e: CometChatException, retry: boolean, focus = false): void {
    failed = true;
    const again = h("button", { type: "button", class: "btn btn-secondary btn-sm" }, "Try again");
    again.addEventListener("click", () => {
      failed = false;
      alert.replaceChildren();
      void loadMore(true);
      more.focus(); // shown (busy) while the page loads; then the first new person takes the focus
    });
    alert.replaceChildren(
      h("div", { class: "alert", role: "alert", "data-testid": `${opts.name}-error` }, h("span", null, generalMessage(e)), h("code", { class: "alert-code" }, e.code), retry ? again : null),
    );
    if (focus && retry) again.focus();
  }

  /** `fromButton`: "Load more" or "Try again" was pressed; the focus then moves to the first new person. */
  async function loadMore(fromButton = false): Promise<void> {
    const req = request;
    const mine = generation;
    if (!req || loading || failed || !req.hasMore) return;
    loading = true;
    render();
    try {
      const users = (await req.fetchNext()).map(snapshot); // freed even when dropped below
      if (mine !== generation) return; // a newer search replaced this one
      const added = users.map((u) => {
        const item = opts.render(u);
        items.set(u.uid, item);
        list.append(item.el);
        return item;
      });
      if (fromButton && added.length) {
        added[0].el.tabIndex = -1;
        added[0].el.focus();
      }
    } catch (e) {
      if (mine !== generation) return;
      const ex = asException(e);
      if (opts.onError(ex)) return;
      // The package asks for the failed page again on the next call.
      showError(ex, true, fromButton && document.activeElement === more);
    } finally {
      if (mine === generation) loading = false;
    }
    render();
    // The sentinel does not "come into view" again if it never left it (a short page).
    requestAnimationFrame(() => mine === generation && nearViewport() && void loadMore());
  }

  function reset(build: () => CometChat.UsersRequest, emptyText: string): void {
    generation++;
    loading = false;
    failed = false;
    empty = emptyText;
    items.clear();
    list.replaceChildren();
    alert.replaceChildren();
    request = null;
    try {
      request = build();
    } catch (e) {
      const ex = asException(e);
      if (!opts.onError(ex)) showError(ex, false);
      render();
      return;
    }
    void loadMore();
  }

  return {
    root,
    reset,
    find: (uid) => items.get(uid),
    destroy: () => {
      generation++;
      observer.disconnect();
    },
  };
}

export function countText(n: number): string {
  return `${n} ${n === 1 ? "person" : "people"}`;
}
