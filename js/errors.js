// cometchat-wasm's error class (src/error.rs imports it).

// The one error type of cometchat-wasm. Defined in JS so that it is a real `Error`
// (stack, `instanceof Error`) and exists before the wasm module is instantiated.
export class CometChatException extends Error {
  constructor(code, message, details, status, retryAfter) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
    if (status !== undefined) this.status = status;
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }
}
CometChatException.prototype.name = "CometChatException";
