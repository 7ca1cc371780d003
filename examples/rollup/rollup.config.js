import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: "src/main.js",
  output: { dir: "dist", format: "es" },
  // node-resolve finds "cometchat-wasm" in node_modules; importMetaAssets emits the files that
  // `new URL("…", import.meta.url)` points at (the package's .wasm) and rewrites the URL.
  plugins: [nodeResolve(), importMetaAssets()],
};
