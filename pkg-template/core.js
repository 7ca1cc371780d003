// What scripts/build-pkg.sh bundles (esbuild) into the package's core.js: the calls (facade.js),
// the JS half of the module's edge (js/runtime.js) and the wasm glue, in one module, so that a
// page without a bundler loads two modules before `init`, not four (bench/start-timeline.mjs).
// The entry (index.js), the modules loaded only when asked for and the worker import what they
// share from it: one instance of each, so one `CometChatException` for `instanceof`.
export * from "./facade.js";
export { useStore, emit, wrapUser, userChanges } from "./runtime.js";
// The glue's own reads of the session, for the session store; its init, for the package tests
// (the memoised instance, whose memory they search for the token).
export { adoptSession, keepSession, getLoggedinUser as sessionUser, default as glueInit } from "./cometchat_wasm.js";
