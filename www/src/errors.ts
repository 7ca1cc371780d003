import { CometChatException, type SessionEndReason } from "cometchat-wasm";

/** The editable fields of the profile form, named as on the wire. */
export type Field = "name" | "avatar" | "link" | "statusMessage" | "tags" | "metadata";

/** Each validation code of the package → the form field it belongs to and what to tell a person. */
export const FIELD_ERRORS: Record<string, { field: Field; message: string }> = {
  INVALID_USER_NAME: { field: "name", message: "Enter a name of 1 to 100 characters." },
  INVALID_USER_AVATAR: { field: "avatar", message: "Use an https:// image address (http:// only on localhost)." },
  INVALID_USER_LINK: { field: "link", message: "Use an https:// address (http:// only on localhost)." },
  INVALID_USER_STATUS_MESSAGE: { field: "statusMessage", message: "That status message can't be used; keep it short and plain." },
  INVALID_USER_TAGS: { field: "tags", message: "Use at most 25 tags of at most 100 characters each." },
  INVALID_USER_METADATA: { field: "metadata", message: "Metadata must be a JSON object of at most 5 KB." },
};

const FIELDS = new Set<string>(["name", "avatar", "link", "statusMessage", "tags", "metadata"]);

/**
 * Field errors in an exception: the package's own validation codes, or a server's 400 whose
 * `details` names the bad fields (`{"details":{"avatar":"…"}}`).
 */
export function fieldErrors(e: CometChatException): Partial<Record<Field, string>> {
  const known = FIELD_ERRORS[e.code];
  if (known) return { [known.field]: known.message };
  const out: Partial<Record<Field, string>> = {};
  const d = e.details;
  if (d && typeof d === "object" && !Array.isArray(d)) {
    for (const [key, why] of Object.entries(d)) {
      if (FIELDS.has(key)) out[key as Field] = typeof why === "string" ? why : "This value was refused by the server.";
    }
  }
  return out;
}

/** What to show when a uid lookup fails. */
export function lookupError(e: CometChatException, uid: string): string {
  switch (e.code) {
    case "ERR_UID_NOT_FOUND":
      return `No user has the uid “${uid}”.`;
    case "INVALID_UID":
      return "A uid is 1 to 100 characters: letters, digits, “_” and “-”.";
    default:
      return generalMessage(e);
  }
}

/** Errors that are not about one field. */
export function generalMessage(e: CometChatException): string {
  switch (e.code) {
    case "FAILED_TO_FETCH":
      return "Can't reach the server. Check your connection and try again.";
    case "REQUEST_TIMEOUT":
      return "The server took too long to answer. Try again.";
    case "AUTH_ERR_AUTH_TOKEN_NOT_FOUND":
    case "USER_NOT_LOGGED_IN":
      return "Your session has ended. Sign in again.";
    case "ERR_USER_DEACTIVATED":
      return "This account was deactivated by the app's administrator.";
    case "ERR_TOO_MANY_REQUESTS":
      return e.retryAfter !== undefined
        ? `Too many requests for now: try again in ${Math.max(1, Math.ceil(e.retryAfter / 1000))} s.`
        : "Too many requests for now: try again in a moment.";
    case "INVALID_CLIENT_HOST":
      return "This page must be served over https (or http on localhost) to reach CometChat.";
    default:
      return e.message || "Something went wrong.";
  }
}

/**
 * Whether a call failed because the session is over: its token was revoked (and no new one could
 * be had), its user was deactivated or deleted (a 401; a 404 `ERR_UID_NOT_FOUND` is a lookup of a
 * missing user), or it had already ended. The package reports the end itself, with its reason,
 * through `CometChat.onSessionEnded`.
 */
export function isSessionEnded(e: CometChatException): boolean {
  switch (e.code) {
    case "AUTH_ERR_AUTH_TOKEN_NOT_FOUND":
    case "USER_NOT_LOGGED_IN":
      return true;
    case "ERR_UID_NOT_FOUND":
    case "ERR_USER_DEACTIVATED":
      return e.status === 401;
    default:
      return false;
  }
}

/** The session-ended banner: a title and what happened, in plain words, for each reason. */
export interface EndedWording {
  title: string;
  text: string;
}

/** What to tell a person whose session the server (or another page) ended; `null` for their own logout. */
export function sessionEndedWording(reason: SessionEndReason, error?: CometChatException): EndedWording | null {
  switch (reason) {
    case "logout":
      return null;
    case "token-revoked":
      return { title: "Session revoked", text: "Your session was revoked by the server. Sign in again." };
    case "user-gone":
      return error?.code === "ERR_USER_DEACTIVATED"
        ? { title: "Account deactivated", text: "Your account was deactivated by the app's administrator, so you were signed out." }
        : error?.code === "ERR_UID_NOT_FOUND"
          ? { title: "Account deleted", text: "Your account no longer exists on this server, so you were signed out." }
          : { title: "Account unavailable", text: "Your account was deactivated or deleted on the server, so you were signed out." };
    case "app-changed":
      return { title: "Signed out", text: "This page switched to another CometChat app, which ended your session. Sign in again." };
    case "logout-elsewhere":
      return { title: "Signed out", text: "You signed out in another tab or device. Sign in again to continue here." };
    default:
      return { title: "Signed out", text: "Your session has ended. Sign in again." };
  }
}

/** Anything thrown, as a CometChatException (the package only throws those; this is for ours). */
export function asException(e: unknown): CometChatException {
  if (e instanceof CometChatException) return e;
  return new CometChatException("UNEXPECTED", e instanceof Error ? e.message : String(e));
}
