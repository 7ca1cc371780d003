// Users as the app sees them (src/record.rs, src/user.rs, src/directory.rs) and the caller's
// values as the module reads them (src/convert.rs): the server's user checked and cleaned, the
// `User` class, a list page's users, plain-data copies, known fields of an options bag.
import { CometChatException } from "./errors.js";

// A server's user object, checked and cleaned for src/record.rs: a string `uid`, the known fields
// of their JSON types when present. Returns the record: the object itself, or, when it carries
// the credentials of a logged-in user's answer, a copy without them (a copy, not `delete`: a
// deleted property takes the object out of V8's fast layout; the copy made a stubbed update 2–4%
// faster in the same page). Returns undefined for anything else.
const isString = (t) => typeof t === "string";
const is = (v, type) => v == null || typeof v === type;
// Written out field by field: named loads stay monomorphic across a page's 100 users (a loop
// over the names was 3–4% of a stubbed list page's profile; this is 0.4%).
export function userData(o) {
  if (typeof o?.uid !== "string" || Array.isArray(o)) return undefined;
  if (
    !(is(o.name, "string") && is(o.avatar, "string") && is(o.link, "string") && is(o.role, "string") &&
      is(o.status, "string") && is(o.statusMessage, "string") && is(o.lastActiveAt, "number") &&
      is(o.deactivatedAt, "number") && is(o.hasBlockedMe, "boolean") && is(o.blockedByMe, "boolean"))
  )
    return undefined;
  const { tags } = o;
  if (tags != null && !(Array.isArray(tags) && tags.every(isString))) return undefined;
  if (!("authToken" in o || "jwt" in o || "wsChannel" in o || "fat" in o || "settings" in o)) return o;
  const { authToken, jwt, wsChannel, fat, settings, ...record } = o;
  return record;
}

// `[copy]` of `v` if it is plain JSON data (null, booleans, finite numbers, strings, arrays, plain
// objects), else why not, as a string (src/convert.rs): functions, symbols, BigInts, class
// instances, non-finite numbers, cycles (past 32 levels), more than 5120 nodes (more than 5 KB of
// JSON anyway), and getters or proxies that throw. `undefined` goes as JSON.stringify drops it.
export function plainCopy(v) {
  let nodes = 0;
  const walk = (v, depth) => {
    const t = typeof v;
    if (++nodes > 5120) throw "it is too large";
    if (v === null || t === "string" || t === "boolean" || t === "undefined") return v;
    if (t === "number") {
      if (isFinite(v)) return v;
      throw "NaN and Infinity are not JSON numbers";
    }
    if (t !== "object") throw `a ${{ bigint: "BigInt", symbol: "Symbol" }[t] ?? t} is not JSON`;
    if (depth > 31) throw "it is nested too deeply (a cycle?)";
    if (Array.isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(walk(v[i], depth + 1) ?? null);
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && proto !== Object.prototype) throw "only plain objects are JSON, not class instances such as Date or Map";
    const out = {};
    for (const k of Object.keys(v)) {
      const copy = walk(v[k], depth + 1);
      if (copy !== undefined) out[k] = copy;
    }
    return out;
  };
  try {
    const copy = walk(v, 0);
    return copy === undefined ? "undefined is not JSON" : [copy];
  } catch (e) {
    return typeof e === "string" ? e : "reading it threw";
  }
}

// A CometChat user: getters over a record (the server's user object, checked by `userData`, or
// one built by the constructor), setters checked by the module (src/user.rs). A record is never
// changed in place (a setter replaces it), so the session and any number of Users share one.
// Plain JS: a page of 100 users costs 100 small objects, not 100 handles into wasm memory.
let edit; // (field number, value) → the value to store, or throws; src/user.rs installs it at `init`
export const setEdit = (f) => (edit = f);
const WRAP = Symbol();
let changes; // (user) → { field: value } of what its setters set; defined in the class
// The fields with setters, numbered as src/user.rs numbers them (the uid is -1).
const FIELDS = ["name", "avatar", "link", "metadata", "statusMessage", "tags", "role"];
const present = (v) => v ?? undefined;
const copy = (v) => (v == null ? undefined : structuredClone(v));
const presence = (status) => (typeof status !== "string" || status === "" || status === "offline" ? "offline" : "online");
// An options bag: a non-null object, not an array; false for a revoked Proxy, where
// Array.isArray throws. Also the module's test (src/convert.rs `is_plain_bag`).
export function isBag(v) {
  try {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}
export class User {
  #record;
  #changed; // the self-editable fields a setter (or the constructor) set: a Set, made on first use

  /** `new User(uid)`, `new User(uid, name)` or `new User({ uid, name, avatar, … })`. */
  constructor(uid, name) {
    if (uid === WRAP) {
      this.#record = name;
      return;
    }
    if (!edit) throw new CometChatException("COMETCHAT_INITIALIZATION_NOT_DONE", "CometChat.init(appId, settings) must resolve before CometChat.User is used.");
    const bag = isBag(uid) ? uid : undefined;
    this.#record = { uid: edit(-1, bag ? read(bag, "uid") : uid) };
    if (!bag) {
      if (name !== undefined) this.#set("name", name);
      return;
    }
    for (const field of FIELDS) {
      const value = read(bag, field);
      if (value !== undefined) this.#set(field, value);
    }
  }
  #set(field, value) {
    this.#record = { ...this.#record, [field]: edit(FIELDS.indexOf(field), value) };
    if (field !== "role") (this.#changed ??= new Set()).add(field); // the role is the backend's: never sent
  }
  getUid() { return this.#record.uid; }
  getName() { return present(this.#record.name); }
  setName(name) { this.#set("name", name); }
  getAvatar() { return present(this.#record.avatar); }
  setAvatar(avatar) { this.#set("avatar", avatar); }
  getLink() { return present(this.#record.link); }
  setLink(link) { this.#set("link", link); }
  getRole() { return present(this.#record.role); }
  /** Local only: roles are the backend's to assign, so updates never send it. */
  setRole(role) { this.#set("role", role); }
  /** A fresh copy each call. */
  getMetadata() { return copy(this.#record.metadata); }
  setMetadata(metadata) { this.#set("metadata", metadata); }
  /** "online" or "offline", as CometChat's SDK reports presence (the wire says "available"…). */
  getStatus() { return presence(this.#record.status); }
  getStatusMessage() { return present(this.#record.statusMessage); }
  setStatusMessage(message) { this.#set("statusMessage", message); }
  getLastActiveAt() { return present(this.#record.lastActiveAt); }
  /** A fresh copy each call. */
  getTags() { return copy(this.#record.tags); }
  setTags(tags) { this.#set("tags", tags); }
  getHasBlockedMe() { return this.#record.hasBlockedMe === true; }
  getBlockedByMe() { return this.#record.blockedByMe === true; }
  /** Unix seconds when the backend deactivated the user; 0 for an active user. */
  getDeactivatedAt() { return typeof this.#record.deactivatedAt === "number" ? this.#record.deactivatedAt : 0; }
  /** The wire's camelCase keys, as the getters report them, plus any field the server added. */
  toJSON() {
    const r = this.#record;
    return { ...structuredClone(r), status: this.getStatus(), hasBlockedMe: this.getHasBlockedMe(), blockedByMe: this.getBlockedByMe() };
  }
  static {
    // What `updateCurrentUserDetails(user)` sends: the fields set on this object, as set.
    changes = (user) => Object.fromEntries([...(user.#changed ?? [])].map((field) => [field, user.#record[field]]));
  }
}
// A field of an options bag: `undefined` also when reading it throws (a hostile getter or Proxy).
function read(bag, key) {
  try {
    return bag[key];
  } catch {
    return undefined;
  }
}
export const wrapUser = (record) => new User(WRAP, record);
export const userChanges = (user) => changes(user);

// A list page's users (src/directory.rs), in one call: `undefined` if any item is not a user;
// else the users whose uid, lower-cased, is not in `seen` yet (they are added to it).
export function pageUsers(items, seen) {
  // The parsed answer is the module's own: each item is replaced by its record in place.
  for (let i = 0; i < items.length; i++) if (!(items[i] = userData(items[i]))) return undefined;
  const out = [];
  for (const record of items) {
    const uid = record.uid.toLowerCase();
    if (seen.has(uid)) continue;
    seen.add(uid);
    out.push(wrapUser(record));
  }
  return out;
}

// A list answer's `[total_pages, total]` (src/directory.rs): parsed JSON, so no getter runs.
export const pagination = (body) => [body.meta?.pagination?.total_pages, body.meta?.pagination?.total];

// The own enumerable property `key` of `o` (src/convert.rs `own`): `undefined` when absent,
// inherited, or when reading it throws. The module asks for the names it knows, so no other key of
// the caller's object (a 50 MB name, say) is ever copied into wasm memory.
export function own(o, key) {
  try {
    return Object.prototype.propertyIsEnumerable.call(o, key) ? o[key] : undefined;
  } catch {
    return undefined;
  }
}

// Whether an own key of `o` looks like a key or names a user: an auth-key login was meant
// (src/login.rs). Decided here, so the keys stay in JS.
export function keyLike(o) {
  try {
    return Object.keys(o).some((k) => ((k = k.toLowerCase()), k.includes("key") || k === "uid" || k === "username"));
  } catch {
    return false;
  }
}
