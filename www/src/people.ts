// The People tab (search as you type, status filter, infinite scroll, Block / Unblock) and the
// Blocked tab (direction filter, Unblock on the users I blocked).
import { CometChat, type BlockedDirection, type CometChatException, type UserStatus } from "cometchat-wasm";
import { h } from "./dom";
import { countText, pagedList } from "./pagedlist";
import { personCard, type PersonCard } from "./personcard";

/** Users a page. */
const PAGE = 20;
/** Quiet time after the last keystroke before searching. */
const DEBOUNCE_MS = 250;

export interface PeopleViews {
  people: HTMLElement;
  blocked: HTMLElement;
  /** The tab was opened: load on first sight (People) or when blocks changed since (Blocked). */
  showPeople(): void;
  showBlocked(): void;
  destroy(): void;
}

/** A row of radio buttons drawn as a segmented control (arrow keys move within it). */
function segmented<T extends string>(name: string, legend: string, options: [T, string][], initial: T, onChange: (value: T) => void): HTMLElement {
  return h(
    "fieldset",
    { class: "segmented", "data-testid": `${name}-filter` },
    h("legend", { class: "label" }, legend),
    h(
      "div",
      { class: "segments" },
      ...options.map(([value, label]) => {
        const input = h("input", { type: "radio", name, value, id: `${name}-${value}`, checked: value === initial, class: "visually-hidden" });
        input.addEventListener("change", () => input.checked && onChange(value));
        return h("span", { class: "segment" }, input, h("label", { for: input.id }, label));
      }),
    ),
  );
}

export function peopleViews(onError: (e: CometChatException) => boolean): PeopleViews {
  let blockedDirty = true;

  function onBlockChange(uid: string, blockedByMe: boolean): void {
    blockedDirty = true;
    people.find(uid)?.setBlockedByMe(blockedByMe);
    blocked.find(uid)?.setBlockedByMe(blockedByMe);
  }

  // ── People ──
  const peopleCount = h("p", { class: "muted small dir-count", "data-testid": "people-count" });
  const people = pagedList<PersonCard>({
    name: "people",
    render: (u) => personCard(u, { action: true, onBlockChange, onError }),
    onError,
    onCount: (shown, total) => (peopleCount.textContent = total === undefined ? "" : shown < total ? `${shown} of ${countText(total)}` : countText(total)),
  });
  const search = h("input", {
    type: "search",
    id: "people-search",
    placeholder: "Name or uid",
    autocomplete: "off",
    spellcheck: false,
    autocapitalize: "off",
    enterKeyHint: "search",
    "data-testid": "people-search",
  });
  let status: UserStatus | "all" = "all";
  let shownQuery: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function searchNow(): void {
    clearTimeout(timer);
    const keyword = search.value.trim();
    const query = JSON.stringify([keyword, status]);
    if (query === shownQuery) return;
    shownQuery = query;
    const where = status === "all" ? "" : ` ${status}`;
    const empty = keyword ? `No one${where} matches “${keyword}”.` : status === "online" ? "No one is online right now." : `No one is ${status} right now.`;
    people.reset(() => {
      const b = new CometChat.UsersRequestBuilder().setLimit(PAGE);
      if (keyword) b.setSearchKeyword(keyword);
      if (status !== "all") b.setStatus(status);
      return b.build();
    }, empty);
  }
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(searchNow, DEBOUNCE_MS);
  });
  const searchForm = h(
    "form",
    { class: "dir-search", role: "search", onsubmit: (ev: Event) => (ev.preventDefault(), searchNow()) },
    h("label", { class: "label", for: search.id }, "Search people"),
    search,
  );
  const statusFilter = segmented<UserStatus | "all">("people-status", "Status", [["all", "All"], ["online", "Online"], ["offline", "Offline"]], "all", (v) => {
    status = v;
    searchNow();
  });
  const peoplePanel = h(
    "section",
    { class: "card directory-card", "aria-labelledby": "people-title", "data-testid": "people-panel" },
    h("div", { class: "dir-head" }, h("h2", { class: "card-title", id: "people-title" }, "People"), peopleCount),
    h("p", { class: "muted small card-sub" }, "Everyone in the app. Search by name or uid; block anyone you'd rather not hear from."),
    h("div", { class: "dir-tools" }, searchForm, statusFilter),
    people.root,
  );

  // ── Blocked ──
  const blockedCount = h("p", { class: "muted small dir-count", "data-testid": "blocked-count" });
  const blocked = pagedList<PersonCard>({
    name: "blocked",
    // Unblock only on the users I blocked; someone who blocked me is theirs to undo.
    render: (u) => personCard(u, { action: u.blockedByMe, onBlockChange, onError }),
    onError,
    onCount: (shown, total) => (blockedCount.textContent = total === undefined ? "" : shown < total ? `${shown} of ${countText(total)}` : countText(total)),
  });
  let direction: BlockedDirection = "blockedByMe";
  const EMPTY: Record<BlockedDirection, string> = {
    blockedByMe: "You haven't blocked anyone.",
    hasBlockedMe: "No one has blocked you.",
    both: "No blocks either way.",
  };
  function loadBlocked(): void {
    blockedDirty = false;
    blocked.reset(() => new CometChat.BlockedUsersRequestBuilder().setLimit(PAGE).setDirection(direction).build(), EMPTY[direction]);
  }
  const directionFilter = segmented<BlockedDirection>(
    "blocked-direction",
    "Show",
    [["blockedByMe", "Blocked by me"], ["hasBlockedMe", "Blocked me"], ["both", "Both"]],
    direction,
    (v) => {
      direction = v;
      loadBlocked();
    },
  );
  const blockedPanel = h(
    "section",
    { class: "card directory-card", "aria-labelledby": "blocked-title", "data-testid": "blocked-panel" },
    h("div", { class: "dir-head" }, h("h2", { class: "card-title", id: "blocked-title" }, "Blocked"), blockedCount),
    h("p", { class: "muted small card-sub" }, "People you blocked, and people who blocked you."),
    h("div", { class: "dir-tools" }, directionFilter),
    blocked.root,
  );

  return {
    people: peoplePanel,
    blocked: blockedPanel,
    showPeople: () => shownQuery === null && searchNow(),
    showBlocked: () => blockedDirty && loadBlocked(),
    destroy: () => {
      clearTimeout(timer);
      people.destroy();
      blocked.destroy();
    },
  };
}
