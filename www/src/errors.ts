import { CometChatException } from "cometchat-wasm";

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
    case "INVALID_CLIENT_HOST":
      return "This page must be served over https (or http on localhost) to reach CometChat.";
    default:
      return e.message || "Something went wrong.";
  }
}

export function isSessionEnded(e: CometChatException): boolean {
  return e.code === "AUTH_ERR_AUTH_TOKEN_NOT_FOUND" || e.code === "USER_NOT_LOGGED_IN";
}

/** Anything thrown, as a CometChatException (the package only throws those; this is for ours). */
export function asException(e: unknown): CometChatException {
  if (e instanceof CometChatException) return e;
  return new CometChatException("UNEXPECTED", e instanceof Error ? e.message : String(e));
}
