// Shortens the names the wasm module and its JS glue use for each other: wasm-bindgen names
// every import `__wbg_<name>_<16 hex digits>` under the module "./cometchat_wasm_bg.js", and
// those hashes do not compress (measured: 1.6 KB of the gzipped module, and more of the glue).
// binaryen's pass renames imports, their modules and the exports to one or two letters and
// prints the mapping; this script applies the same mapping to the glue.
//   node scripts/minify-names.mjs pkg/cometchat_wasm_bg.wasm pkg/cometchat_wasm.js
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
// The target-features section is stripped from the shipped module, so name its features again.
const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
const out = execFileSync(
  "wasm-opt",
  // -Oz again after renaming: measured 145 bytes smaller than without (flags as in Cargo.toml).
  // Before it, the control flow is rebuilt by binaryen's relooper (--flatten --rereloop), which
  // -Oz then shrinks further than rustc's own structure: measured 226 bytes less (gzip -9).
  [
    ...features.map((f) => `--enable-${f}`),
    "--minify-imports-and-exports-and-modules",
    "--flatten",
    "--rereloop",
    "-Oz",
    "-Oz",
    "--low-memory-unused",
    wasmPath,
    "-o",
    wasmPath,
  ],
  { encoding: "utf8" },
);
const map = JSON.parse(out.slice(out.indexOf("{")));
let glue = readFileSync(gluePath, "utf8");
const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};
const escape = (s) => s.replace(/[$.*+?^(){}[\]|\\]/g, "\\$&");

// Exports: every `wasm.<name>` in the glue.
for (const [name, short] of map.exports) {
  const uses = new RegExp(`\\bwasm\\.${escape(name)}\\b`, "g");
  glue = glue.replace(uses, `wasm.${short}`);
}

// Imports: the glue's one imports object gets the short keys, all under the one short module.
const start = glue.indexOf("function __wbg_get_imports() {");
const end = glue.indexOf("\n}\n", start);
if (start < 0 || end < 0) fail("no __wbg_get_imports in the glue");
let imports = glue.slice(start, end);
const modules = new Set(map.imports.map(([module]) => module));
if (new Set(map.imports.map(([, , short]) => short)).size !== map.imports.length) fail("import names collide");
const extra = [];
for (const [module, name, short] of map.imports) {
  if (module === "./cometchat_wasm_bg.js") {
    const key = new RegExp(`^(\\s+)${escape(name)}:`, "m");
    if (!key.test(imports)) fail(`import ${name} not found in the glue`);
    imports = imports.replace(key, `$1${JSON.stringify(short)}:`);
  } else {
    // A snippet's export the module imports directly: the glue has it as `import1`.
    const binding = imports.match(new RegExp(`${escape(JSON.stringify(module))}: (\\w+),`));
    if (!binding) fail(`module ${module} not found in the glue`);
    extra.push(`        ${JSON.stringify(short)}: ${binding[1]}.${name},`);
  }
}
const ret = imports.lastIndexOf("    return {");
if (ret < 0) fail("no return in __wbg_get_imports");
const close = imports.lastIndexOf("    };", ret);
imports = `${imports.slice(0, close)}${extra.join("\n")}\n${imports.slice(close, ret)}    return { __proto__: null, a: import0 };`;
if (modules.size === 0) fail("no imports mapped");
glue = glue.slice(0, start) + imports + glue.slice(end);
const moduleNames = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
if (moduleNames.size !== 1 || !moduleNames.has("a")) fail(`expected every import under module "a", got ${[...moduleNames]}`);
writeFileSync(gluePath, glue);
console.log(`minify-names: ${map.imports.length} imports from ${modules.size} modules, ${map.exports.length} exports`);
