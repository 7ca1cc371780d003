import { defineConfig } from "vite";

// The emulator serves the built app (`--static www/dist`) on the same origin as the API, so the
// app needs no configuration. For `npm run dev`, point EMULATOR at a running emulator and Vite
// proxies the API, the demo login and the avatars to it.
const emulator = process.env.EMULATOR ?? "http://127.0.0.1:8787";

export default defineConfig({
  // Unknown URLs are 404s, not index.html (toolchain trap 8).
  appType: "mpa",
  build: {
    target: "es2022",
    // The wasm module must stay a separate file (fetched and compiled by streaming), never inlined.
    assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined),
  },
  // The package finds its wasm with `new URL("…wasm", import.meta.url)`; pre-bundling would
  // move the glue away from the file it points at.
  optimizeDeps: { exclude: ["cometchat-wasm"] },
  server: {
    // `/demo` answers only its own origin (no other page may mint demo tokens): the proxy sends
    // no Origin for it, as a same-origin request through the emulator itself would not need one.
    proxy: Object.fromEntries(
      ["/v3.0", "/demo", "/avatars"].map((p) => [
        p,
        {
          target: emulator,
          changeOrigin: true,
          configure: (proxy) => p === "/demo" && proxy.on("proxyReq", (req) => req.removeHeader("origin")),
        },
      ]),
    ),
  },
});
