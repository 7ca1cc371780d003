// What scripts/build-pkg.sh bundles (esbuild) into the package's core.js: the calls (facade.js),
// the JS half of the module's edge (js/runtime.js) and the wasm glue, in one module, so that a
// page without a bundler loads two modules before `init`, not four (bench/start-timeline.mjs).
// The entry (index.js), the modules loaded only when asked for and the worker import what they
// share from it: one instance of each, so one `CometChatException` for `instanceof`.
export * from "./facade.js";
export { emit, wrapUser, userChanges } from "./runtime.js";
// The glue's init, for the package tests (the memoised instance, whose memory they search for the
// token).
export { default as glueInit } from "./cometchat_wasm.js";
