// Only because this example sits inside the cometchat-wasm repository, which has a lockfile of
// its own: this folder is the app's root. The package itself needs no Next.js configuration.
export default { turbopack: { root: import.meta.dirname } };
