// How values cross between the package's worker (worker.js) and the page (remote.js): a `User`
// as its record, made a `User` again on the page; a failure as its fields, made a
// `CometChatException` again. Its own module so that the worker's code never includes the
// page's side, which starts the worker (a bundler would follow that cycle).
import { CometChatException, User, wrapUser } from "./core.js";

export const encode = (v) => (v instanceof User ? { u: v.toJSON() } : Array.isArray(v) ? v.map(encode) : { v });
export const decode = (v) => (Array.isArray(v) ? v.map(decode) : "u" in v ? wrapUser(v.u) : v.v);
export const fields = (e) =>
  e instanceof CometChatException
    ? { code: e.code, message: e.message, details: e.details, status: e.status, retryAfter: e.retryAfter }
    : { code: "INTERNAL_ERROR", message: String(e?.message ?? e) };
export const error = (e) => new CometChatException(e.code, e.message, e.details, e.status, e.retryAfter);
