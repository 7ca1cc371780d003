import { CometChat, type CometChatException, type JSONObject, type JSONValue, type SessionEndedEvent, type UserJSON } from "cometchat-wasm";
import { DEMO_PEOPLE, tokenProvider, tokenUrlFor, tokenUrlRefusal, type BackendError } from "./backend";
import { avatar, h, safeUrl } from "./dom";
import { asException, fieldErrors, generalMessage, isSessionEnded, lookupError, sessionEndedWording, type EndedWording, type Field } from "./errors";
import { showRateLimit } from "./ratelimit";
import { tickRelativeTimes } from "./time";
import { peopleViews, type PeopleViews } from "./people";
import { connectionIndicator, live, resetPresence, selfStatus, startPresence } from "./presence";
import { placementUrl, readPlacement, usesTokenUrl, type Placement } from "./placement";
import { storagePanel, type StoragePanel } from "./storage";
import { tabs, type Tabs } from "./tabs";
import { lastActive, setBusy, snapshot, statusPill } from "./ui";
import "./style.css";

// The emulator serves this app on the same origin as the API; a real app passes its app id and
// region (or its own proxy) here. Nothing else is needed: no key of any kind.
const APP_ID = import.meta.env.VITE_COMETCHAT_APP_ID || "cometchat-emulator-app";
const CLIENT_HOST = import.meta.env.VITE_COMETCHAT_CLIENT_HOST || `${location.origin}/v3.0`;

const app = document.getElementById("app") as HTMLElement;
const sessionBox = document.getElementById("session") as HTMLElement;
const rateLimitLine = document.getElementById("rate-limit") as HTMLElement;
const footerNote = document.getElementById("footer-note") as HTMLElement;
const brand = document.querySelector(".brand") as HTMLAnchorElement;

/**
 * Where the session lives, as this page's URL asks (`?persist=1&worker=1`): fixed for the page's
 * life, since `init` takes it once; the sign-in card changes it by reloading with a new query.
 */
const placement: Placement = readPlacement();

/** The signed-in user as plain data (the wasm `User` is read once and freed). */
let me: UserJSON | null = null;
/**
 * Why "the backend" last refused a token, for the session banner when a renewal fails. Only a
 * message in words: the page never holds a token (the provider hands it straight to the package).
 */
let providerFailure: string | null = null;
/** The lookup card survives re-renders of the profile while signed in. */
let lookupCard: HTMLElement | null = null;
/** The "Stored in this browser" card of the profile screen; one per session. */
let storageCard: StoragePanel | null = null;

type TabId = "profile" | "people" | "blocked";
/** The signed-in screen: tabs over the profile, People and Blocked panels; one per session. */
let shell: { tabs: Tabs<TabId>; profile: HTMLElement; people: PeopleViews } | null = null;

// ── shared bits ────────────────────────────────────────────────────────────────────────────

function jsonText(value: JSONValue | undefined): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ── sign in ────────────────────────────────────────────────────────────────────────────────

/** What the sign-in screen says on top: a quiet notice (after a logout) or the session-ended banner. */
interface SignInMessage {
  notice?: string;
  ended?: EndedWording & { reason: string; code?: string; detail?: string };
}

function renderSignIn({ notice, ended }: SignInMessage = {}): void {
  renderSession();
  const signedOutStorage = storagePanel(placement, "signin-card");
  const error = h("p", { class: "form-error", role: "alert", "data-testid": "signin-error" });
  const buttons: HTMLButtonElement[] = [];

  async function signIn(uid: string, button: HTMLButtonElement): Promise<void> {
    error.textContent = "";
    for (const b of buttons) b.disabled = true;
    button.classList.add("is-busy");
    const refused: { why?: BackendError } = {};
    providerFailure = null;
    for (const box of options) box.disabled = true;
    try {
      if (usesTokenUrl(placement)) {
        // The package (in worker mode, its worker) GETs the token from "your backend" itself, now
        // and whenever the server revokes it: no page script ever holds the token, and a session
        // restored after a reload can still renew it.
        me = snapshot(await CometChat.login({ tokenUrl: tokenUrlFor(uid) }));
      } else {
        // The package asks the provider for the first token now, and for a new one whenever the
        // server revokes it; the token goes from "your backend" straight into the package.
        const provider = tokenProvider(uid, (why) => ((refused.why = why), (providerFailure = why.message)));
        me = snapshot(await CometChat.login({ tokenProvider: provider }));
      }
      renderProfile();
    } catch (e) {
      const ex = asException(e);
      // The package never repeats the provider's own error; the provider told us why it failed.
      // A token URL's answer stays in the package: only the likely causes can be named.
      error.textContent =
        ex.code === "TOKEN_PROVIDER_FAILED" && refused.why
          ? refused.why.message
          : ex.code === "TOKEN_PROVIDER_FAILED" && usesTokenUrl(placement)
            ? tokenUrlRefusal(uid)
            : generalMessage(ex);
      for (const box of options) box.disabled = false;
      for (const b of buttons) b.disabled = false;
      button.classList.remove("is-busy");
    }
  }

  // Where the session lives: fixed per page load, so a change reloads the page with a new query.
  const options: HTMLInputElement[] = [];
  const option = (key: keyof Placement, id: string, label: string, hint: string): HTMLElement => {
    const box = h("input", { type: "checkbox", id, name: key, checked: placement[key], "aria-describedby": `${id}-hint` });
    box.addEventListener("change", () => {
      for (const b of options) b.disabled = true;
      location.assign(placementUrl({ ...placement, [key]: box.checked }));
    });
    options.push(box);
    return h("div", { class: "option" }, box, h("span", { class: "option-text" }, h("label", { for: id, class: "option-label" }, label), h("span", { class: "hint", id: `${id}-hint` }, hint)));
  };
  const placementBox = h(
    "fieldset",
    { class: "options", "data-testid": "placement" },
    h("legend", { class: "label" }, "Where your session lives"),
    option("persist", "opt-persist", "Keep me signed in on this device (encrypted)", "In IndexedDB, encrypted under a key no script can read; a reload keeps you signed in, and Log out deletes it."),
    option("worker", "opt-worker", "Isolate the session in a worker", "The token and the CometChat client run in a dedicated Worker: this page only holds a handle."),
    h("p", { class: "hint options-note" }, "Changing an option reloads the page; the choice is kept in its address only."),
  );

  const people = DEMO_PEOPLE.map((p) => {
    const button = h(
      "button",
      { type: "button", class: "person", "data-uid": p.uid },
      avatar({ uid: p.uid, name: p.name, avatar: `/avatars/${p.uid}.svg` }, "md"),
      h("span", { class: "person-text" }, h("span", { class: "person-name" }, p.name), h("span", { class: "muted small" }, `@${p.uid} · ${p.blurb}`)),
      h("span", { class: "chevron", "aria-hidden": "true" }, "›"),
    );
    button.addEventListener("click", () => void signIn(p.uid, button));
    buttons.push(button);
    return h("li", null, button);
  });

  const otherInput = h("input", { id: "other-uid", name: "uid", placeholder: "uid", autocomplete: "off", spellcheck: false, autocapitalize: "off" });
  const otherButton = h("button", { type: "submit", class: "btn btn-secondary" }, "Sign in");
  buttons.push(otherButton);
  const other = h(
    "form",
    { class: "inline-form", onsubmit: (ev: Event) => (ev.preventDefault(), void signIn(otherInput.value.trim(), otherButton)) },
    h("label", { for: "other-uid", class: "label" }, "Or another uid"),
    h("div", { class: "input-row" }, otherInput, otherButton),
  );

  const banner = ended
    ? h(
        "div",
        { class: "banner", role: "alert", "data-testid": "session-ended", "data-reason": ended.reason },
        h("p", { class: "banner-title" }, ended.title),
        h("p", { "data-testid": "session-ended-text" }, ended.text),
        ended.detail ? h("p", { class: "small" }, ended.detail) : null,
        ended.code ? h("code", { class: "alert-code" }, ended.code) : null,
      )
    : null;

  app.replaceChildren(
    h(
      "section",
      { class: "signin" },
      banner,
      h(
        "div",
        { class: "card signin-card" },
        h("h1", { class: "title" }, "Sign in"),
        h("p", { class: "muted" }, "Choose who you are. Your profile is read and edited with nothing but your auth token."),
        notice ? h("p", { class: "notice", "data-testid": "notice" }, notice) : null,
        placementBox,
        h("ul", { class: "people", "aria-label": "Demo users" }, ...people),
        other,
        error,
        h("aside", { class: "callout" }, h("span", { class: "callout-title" }, "Demo backend"), backendCallout()),
      ),
      signedOutStorage.el,
    ),
  );
  // Signed out: no session of this app is stored.
  void signedOutStorage.refresh();
}

/** What the sign-in card says about the demo backend, for the way this page signs in. */
function backendCallout(): HTMLElement {
  if (!usesTokenUrl(placement))
    return h(
      "span",
      null,
      "Signing in hands CometChat a token provider that calls the emulator's ",
      h("code", null, "POST /demo/token"),
      ", standing in for your app's backend: it would check who you are and mint a CometChat auth token with its REST API key. The token goes straight to the package, which asks for a new one if the server revokes it; this page keeps none.",
    );
  return h(
    "span",
    null,
    "Signing in hands CometChat a token URL, the emulator's ",
    h("code", null, "GET /demo/token?uid=…"),
    ", standing in for your app's backend: it would check who you are (its own cookie) and mint a CometChat auth token with its REST API key. ",
    placement.worker ? "The package's worker fetches the token itself" : "The package fetches the token itself",
    ", and again if the server revokes it; no script of this page ever holds it.",
  );
}

// ── signed in ──────────────────────────────────────────────────────────────────────────────

function renderSession(): void {
  if (!me) {
    sessionBox.replaceChildren();
    return;
  }
  const out = h("button", { type: "button", class: "btn btn-ghost", "data-testid": "logout" }, "Log out");
  out.addEventListener("click", () => void signOut(out));
  sessionBox.replaceChildren(
    connectionIndicator(),
    h("span", { class: "session-user" }, avatar(me, "sm"), h("span", { class: "session-name" }, me.name ?? me.uid)),
    out,
  );
}

async function signOut(button: HTMLButtonElement): Promise<void> {
  setBusy(button, true);
  try {
    // Ends the session here at once: onSessionEnded ("logout") returns to the sign-in screen.
    await CometChat.logout();
    if (me) endSession({ notice: "You're signed out." });
  } catch (e) {
    // The session is gone from this page either way; say if the server could not be told.
    const notice = `Signed out here, but the server could not be told: ${generalMessage(asException(e))}`;
    if (me) endSession({ notice });
    else if (!signingIn()) renderSignIn({ notice });
  }
}

/** Whether a sign-in is under way on the sign-in screen (its buttons are busy). */
function signingIn(): boolean {
  return app.querySelector(".signin .is-busy") !== null;
}

function endSession(message: SignInMessage): void {
  me = null;
  resetPresence();
  lookupCard = null;
  storageCard = null;
  shell?.people.destroy();
  shell = null;
  renderSignIn(message);
}

/** The package says the session ended, and why: back to sign-in, with a banner unless it was our logout. */
function onSessionEnded({ reason, error }: SessionEndedEvent): void {
  if (!me) return; // not this page's screen (a login that never completed has no session)
  const wording = sessionEndedWording(reason, error);
  const detail = reason === "token-revoked" && providerFailure ? `The demo backend could not issue a new token: ${providerFailure}` : undefined;
  endSession(wording ? { ended: { ...wording, reason, code: error?.code, detail } } : { notice: "You're signed out." });
}

/**
 * Session-level failures: the package has ended the session and reports it through
 * onSessionEnded (in a microtask, before this runs), which shows the banner. Anything else is the
 * caller's to show.
 */
function handleSessionEnded(e: CometChatException): boolean {
  if (!isSessionEnded(e)) return false;
  // Should the page still show a session once every pending event ran while the package has
  // none, end it here.
  setTimeout(() => {
    if (!me) return;
    void CometChat.getLoggedinUser().then((user) => {
      if (user) return;
      if (me) endSession({ ended: { title: "Signed out", text: generalMessage(e), reason: "unknown", code: e.code } });
    });
  });
  return true;
}

function renderProfile(flash?: string): void {
  if (!me) return renderSignIn();
  renderSession();
  lookupCard ??= buildLookupCard();
  storageCard ??= storagePanel(placement, "storage");
  shell ??= buildShell();
  shell.profile.replaceChildren(h("div", { class: "layout" }, profileCard(me), editCard(me, flash), lookupCard, storageCard.el));
  // Signed in with persistence: the session is stored.
  void storageCard.refresh();
}

function buildShell(): NonNullable<typeof shell> {
  const profile = h("div", { class: "panel" });
  const people = peopleViews(handleSessionEnded);
  const peoplePanel = h("div", { class: "panel" }, people.people);
  const blockedPanel = h("div", { class: "panel" }, people.blocked);
  const onSelect = (id: TabId) => (id === "people" ? people.showPeople() : id === "blocked" ? people.showBlocked() : undefined);
  const bar = tabs<TabId>(
    "Sections",
    [
      { id: "profile", label: "Profile", panel: profile },
      { id: "people", label: "People", panel: peoplePanel },
      { id: "blocked", label: "Blocked", panel: blockedPanel },
    ],
    "profile",
    onSelect,
  );
  app.replaceChildren(h("div", { class: "tabs-bar" }, bar.list), profile, peoplePanel, blockedPanel);
  return { tabs: bar, profile, people };
}

function profileCard(u: UserJSON): HTMLElement {
  const link = safeUrl(u.link);
  const metadata = Object.entries(u.metadata ?? {});
  return h(
    "section",
    { class: "card profile", "aria-labelledby": "profile-name", "data-testid": "profile-card" },
    h("div", { class: "profile-cover", "aria-hidden": "true" }),
    h(
      "div",
      { class: "profile-head" },
      avatar(u, "lg"),
      h("div", { class: "profile-id" }, h("h1", { id: "profile-name", class: "profile-name" }, u.name ?? u.uid), h("p", { class: "muted" }, `@${u.uid}`)),
    ),
    h("div", { class: "badges" }, selfPill(u), u.role ? h("span", { class: "badge", "data-testid": "role" }, titleCase(u.role)) : null),
    u.statusMessage
      ? h("p", { class: "status-message", "data-testid": "status-message" }, u.statusMessage)
      : h("p", { class: "status-message is-empty", "data-testid": "status-message" }, "No status message"),
    link ? h("a", { class: "profile-link", href: link, target: "_blank", rel: "noopener noreferrer" }, link.replace(/^https?:\/\//, "")) : null,
    h(
      "div",
      { class: "section" },
      h("h2", { class: "section-title" }, "Tags"),
      u.tags && u.tags.length
        ? h("ul", { class: "tags", "data-testid": "tags" }, ...u.tags.map((t) => h("li", { class: "tag" }, t)))
        : h("p", { class: "muted small", "data-testid": "tags" }, "No tags"),
    ),
    h(
      "div",
      { class: "section" },
      h("h2", { class: "section-title" }, "Details"),
      metadata.length
        ? h("dl", { class: "kv", "data-testid": "metadata" }, ...metadata.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, jsonText(v))]))
        : h("p", { class: "muted small", "data-testid": "metadata" }, "No metadata"),
    ),
    h("p", { class: "profile-foot muted small" }, "Last active ", lastActive(u.lastActiveAt)),
  );
}

/** Your own presence on the profile card: it follows this page's connection (src/presence.ts). */
function selfPill(u: UserJSON): HTMLElement {
  const pill = statusPill(selfStatus(u.status));
  pill.dataset.presenceSelf = "";
  return pill;
}

// ── edit form ──────────────────────────────────────────────────────────────────────────────

const FIELD_ORDER: Field[] = ["name", "avatar", "link", "statusMessage", "tags", "metadata"];

function tagsOf(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

function metadataText(m: JSONObject | undefined): string {
  return m && Object.keys(m).length ? JSON.stringify(m, null, 2) : "";
}

function editCard(u: UserJSON, flash?: string): HTMLElement {
  const initial: Record<Field, string> = {
    name: u.name ?? "",
    avatar: u.avatar ?? "",
    link: u.link ?? "",
    statusMessage: u.statusMessage ?? "",
    tags: (u.tags ?? []).join(", "),
    metadata: metadataText(u.metadata),
  };
  const inputs = {} as Record<Field, HTMLInputElement | HTMLTextAreaElement>;
  const errors = {} as Record<Field, HTMLElement>;

  function field(name: Field, label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string): HTMLElement {
    control.id = `f-${name}`;
    control.name = name;
    control.value = initial[name];
    control.setAttribute("aria-describedby", `hint-${name} err-${name}`);
    control.addEventListener("input", () => setError(name, undefined));
    inputs[name] = control;
    errors[name] = h("p", { class: "field-error", id: `err-${name}`, "data-testid": `error-${name}`, hidden: true });
    return h(
      "div",
      { class: `field field-${name}` },
      h("label", { class: "label", for: control.id }, label),
      control,
      hint ? h("p", { class: "hint", id: `hint-${name}` }, hint) : null,
      errors[name],
    );
  }

  function setError(name: Field, message: string | undefined): void {
    errors[name].textContent = message ?? "";
    errors[name].hidden = !message;
    inputs[name].toggleAttribute("aria-invalid", Boolean(message));
    inputs[name].closest(".field")?.classList.toggle("has-error", Boolean(message));
  }

  const status = h("p", { class: "form-status", role: "status", "data-testid": "form-status" }, flash ?? "");
  const save = h("button", { type: "submit", class: "btn btn-primary" }, "Save changes");
  const reset = h("button", { type: "reset", class: "btn btn-secondary" }, "Reset");

  async function submit(ev: Event): Promise<void> {
    ev.preventDefault();
    status.textContent = "";
    status.className = "form-status";
    for (const f of FIELD_ORDER) setError(f, undefined);
    const value = (f: Field) => inputs[f].value;
    const found: Partial<Record<Field, string>> = {};

    // Only what changed goes on a User (setters validate at once and throw CometChatException);
    // the package then sends only those fields. Any error: nothing is sent.
    const edit = new CometChat.User(u.uid);
    let changed = 0;
    const apply = (f: Field, set: () => void) => {
      try {
        set();
        changed++;
      } catch (e) {
        const ex = asException(e);
        const mapped = fieldErrors(ex);
        found[f] = mapped[f] ?? Object.values(mapped)[0] ?? ex.message;
      }
    };
    if (value("name") !== initial.name) apply("name", () => edit.setName(value("name")));
    if (value("avatar").trim() !== initial.avatar) apply("avatar", () => edit.setAvatar(value("avatar").trim()));
    if (value("link").trim() !== initial.link) apply("link", () => edit.setLink(value("link").trim()));
    // The package takes no empty URL: an avatar or link can be replaced, not removed.
    if (found.avatar && !value("avatar").trim()) found.avatar = "An avatar can be replaced but not removed: enter an https:// image address.";
    if (found.link && !value("link").trim()) found.link = "A link can be replaced but not removed: enter an https:// address.";
    if (value("statusMessage") !== initial.statusMessage) apply("statusMessage", () => edit.setStatusMessage(value("statusMessage")));
    const tags = tagsOf(value("tags"));
    if (tags.join("\n") !== tagsOf(initial.tags).join("\n")) apply("tags", () => edit.setTags(tags));
    const metaText = value("metadata").trim();
    if (metaText !== initial.metadata.trim()) {
      let parsed: unknown = {};
      try {
        if (metaText) parsed = JSON.parse(metaText);
      } catch (e) {
        found.metadata = `This isn't valid JSON (${(e as Error).message}).`;
      }
      if (!found.metadata) apply("metadata", () => edit.setMetadata(parsed as JSONObject));
    }

    if (Object.keys(found).length) {
      for (const [f, m] of Object.entries(found)) setError(f as Field, m);
      inputs[FIELD_ORDER.find((f) => found[f]) ?? "name"].focus();
      status.textContent = "Nothing was saved: fix the highlighted fields.";
      status.classList.add("is-error");
      return;
    }
    if (!changed) {
      status.textContent = "No changes to save.";
      return;
    }

    setBusy(save, true, "Saving…");
    try {
      me = snapshot(await CometChat.updateCurrentUserDetails(edit));
      renderProfile("Profile saved.");
      document.getElementById("form-status")?.focus();
    } catch (e) {
      const ex = asException(e);
      if (handleSessionEnded(ex)) return;
      const mapped = fieldErrors(ex);
      for (const [f, m] of Object.entries(mapped)) setError(f as Field, m);
      status.textContent = Object.keys(mapped).length ? "Nothing was saved: fix the highlighted fields." : generalMessage(ex);
      status.classList.add("is-error");
      setBusy(save, false, "Save changes");
    }
  }

  const form = h(
    "form",
    { class: "card edit", novalidate: true, "aria-labelledby": "edit-title", "data-testid": "edit-form" },
    h("h2", { class: "card-title", id: "edit-title" }, "Edit your profile"),
    h("p", { class: "muted small card-sub" }, "Only you can change your profile. Your role is set by the app's backend."),
    h(
      "div",
      { class: "fields" },
      field("name", "Name", h("input", { autocomplete: "name", maxLength: 200 })),
      field("statusMessage", "Status message", h("input", { placeholder: "What are you up to?" })),
      field("avatar", "Avatar URL", h("input", { type: "url", inputMode: "url", placeholder: "https://…", spellcheck: false }), "An https:// image address."),
      field("link", "Profile link", h("input", { type: "url", inputMode: "url", placeholder: "https://…", spellcheck: false })),
      field("tags", "Tags", h("input", { placeholder: "design, on-call", autocapitalize: "off" }), "Separate with commas. Up to 25."),
      field("metadata", "Metadata", h("textarea", { rows: 5, spellcheck: false, placeholder: '{ "department": "Design" }' }), "A JSON object, up to 5 KB."),
    ),
    h("div", { class: "form-actions" }, save, reset, status),
  );
  status.id = "form-status";
  status.tabIndex = -1;
  // The metadata box grows with its JSON (up to a point) instead of hiding it behind a scrollbar.
  const meta = inputs.metadata as HTMLTextAreaElement;
  const fit = () => (meta.rows = Math.min(14, Math.max(4, meta.value.split("\n").length + 1)));
  meta.addEventListener("input", fit);
  fit();
  form.addEventListener("submit", (ev) => void submit(ev));
  form.addEventListener("reset", (ev) => {
    ev.preventDefault();
    for (const f of FIELD_ORDER) {
      inputs[f].value = initial[f];
      setError(f, undefined);
    }
    fit();
    status.textContent = "";
  });
  return form;
}

// ── look up ────────────────────────────────────────────────────────────────────────────────

function buildLookupCard(): HTMLElement {
  const input = h("input", { id: "lookup-uid", name: "uid", placeholder: "e.g. bob", autocomplete: "off", spellcheck: false, autocapitalize: "off" });
  const button = h("button", { type: "submit", class: "btn btn-secondary" }, "Look up");
  const result = h("div", { class: "lookup-result", "data-testid": "lookup-result", "aria-live": "polite" });

  async function lookUp(uid: string): Promise<void> {
    setBusy(button, true);
    result.replaceChildren(h("p", { class: "muted small" }, "Looking up…"));
    try {
      const u = live(snapshot(await CometChat.getUser(uid)));
      result.replaceChildren(userSummary(u));
    } catch (e) {
      const ex = asException(e);
      if (handleSessionEnded(ex)) return;
      result.replaceChildren(
        h("div", { class: "alert", role: "alert", "data-testid": "lookup-error" }, h("span", null, lookupError(ex, uid)), h("code", { class: "alert-code" }, ex.code)),
      );
    } finally {
      setBusy(button, false);
    }
  }

  const form = h(
    "form",
    { class: "input-row", role: "search" },
    h("label", { class: "visually-hidden", for: "lookup-uid" }, "uid"),
    input,
    button,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void lookUp(input.value.trim());
  });
  const suggestions = DEMO_PEOPLE.filter((p) => p.uid !== me?.uid).map((p) =>
    h("li", null, h("button", { type: "button", class: "chip", onclick: () => ((input.value = p.uid), void lookUp(p.uid)) }, p.uid)),
  );
  return h(
    "section",
    { class: "card lookup", "aria-labelledby": "lookup-title", "data-testid": "lookup-card" },
    h("h2", { class: "card-title", id: "lookup-title" }, "Look up a user"),
    h("p", { class: "muted small card-sub" }, "Anyone in the app, by uid."),
    form,
    h("ul", { class: "chips", "aria-label": "Suggestions" }, ...suggestions),
    result,
  );
}

function userSummary(u: UserJSON): HTMLElement {
  const yesNo = (b: boolean) => h("span", { class: b ? "flag flag-on" : "flag" }, b ? "Yes" : "No");
  return h(
    "div",
    { class: "summary" },
    h(
      "div",
      { class: "summary-head" },
      avatar(u, "md"),
      h("div", { class: "summary-id" }, h("p", { class: "summary-name" }, u.name ?? u.uid), h("p", { class: "muted small" }, `@${u.uid}`)),
      statusPill(u.status, u.uid),
    ),
    u.statusMessage ? h("p", { class: "status-message small" }, u.statusMessage) : null,
    h(
      "dl",
      { class: "facts" },
      h("div", null, h("dt", null, "Last active"), h("dd", { "data-testid": "last-active", "data-last-active-uid": u.uid }, lastActive(u.lastActiveAt))),
      h("div", null, h("dt", null, "Blocked by you"), h("dd", { "data-testid": "blocked-by-me" }, yesNo(u.blockedByMe))),
      h("div", null, h("dt", null, "Has blocked you"), h("dd", { "data-testid": "has-blocked-me" }, yesNo(u.hasBlockedMe))),
    ),
  );
}

// ── boot ───────────────────────────────────────────────────────────────────────────────────

/** The footer says where the session lives (the page's default text is memory only, on the page). */
function describePlacement(): void {
  brand.href = placementUrl(placement, new URL("/", location.href).href); // home keeps the choices
  if (!placement.persist && !placement.worker) return;
  footerNote.textContent = [
    placement.persist
      ? "Session kept in this browser, encrypted (IndexedDB, AES-GCM under a non-extractable key): a reload keeps you signed in, and Log out deletes it."
      : "Session lives in memory only: a reload signs you out.",
    placement.worker ? "The token and the CometChat client run in a Worker; this page holds a handle." : "",
    "Talking to CometChat's client API with nothing but the user's auth token.",
  ]
    .filter(Boolean)
    .join(" ");
}

async function boot(): Promise<void> {
  describePlacement();
  let restored: UserJSON | null = null;
  try {
    // Everyone's presence: after login the package opens CometChat's real-time socket by itself
    // (its code loads only then) and the dots follow it (src/presence.ts).
    let settings = new CometChat.AppSettingsBuilder().overrideClientHost(CLIENT_HOST).subscribePresenceForAllUsers();
    if (placement.persist) settings = settings.setSessionPersistence("encrypted");
    // In worker mode the settings are the worker's for the page's life.
    await CometChat.init(APP_ID, settings.build(), placement.worker ? { worker: true } : undefined);
    // With persistence, init restored the session kept in this browser, if there is one.
    const user = await CometChat.getLoggedinUser();
    restored = user && snapshot(user);
  } catch (e) {
    const ex = asException(e);
    app.replaceChildren(
      h(
        "section",
        { class: "card signin-card" },
        h("h1", { class: "title" }, "Can't start"),
        h("p", null, generalMessage(ex)),
        h("code", { class: "alert-code" }, ex.code),
        // The options are the URL's: offer the page without them (no worker, nothing stored).
        placement.persist || placement.worker
          ? h("p", { class: "small start-plain" }, h("a", { href: placementUrl({ persist: false, worker: false }) }, "Start again without the session options"))
          : null,
      ),
    );
    return;
  }
  tickRelativeTimes();
  startPresence();
  CometChat.onSessionEnded(onSessionEnded);
  // With persistence, another tab of this origin signing in signs this one in too.
  CometChat.addLoginListener(
    "demo",
    new CometChat.LoginListener({
      loginSuccess: (user) => {
        if (me || signingIn()) return; // our own sign-in shows the profile itself
        me = snapshot(user);
        renderProfile();
      },
    }),
  );
  showRateLimit(rateLimitLine);
  me = restored;
  if (me) renderProfile();
  else renderSignIn();
}

void boot();
