//! The module graphs have no cycle: the emulator's `src/` (and `store/` depends on nothing
//! HTTP-facing), the package's Rust crate (`../src`), and the package's JS modules
//! (`../pkg-template`, with `../js/runtime.js`). Read from the sources: `crate::…` and `super::…`
//! paths, `use` groups included; JS `import … from "./x.js"`, `export … from` and `import("./x.js")`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `src/x.rs` → `x`, `src/store/y.rs` → `store::y`, `src/store/mod.rs` → `store`.
fn module_of(rel: &Path) -> String {
    let parts: Vec<String> = rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    match parts.as_slice() {
        [dir, m] if m == "mod" => dir.clone(),
        _ => parts.join("::"),
    }
}

fn ident(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The module a path after `crate::` names: `store::users…` → `store::users`, `store::Db` → `store`.
fn target(path: &str, submodules: &BTreeSet<String>) -> Vec<String> {
    let first = ident(path);
    let rest = &path[first.len()..];
    if let Some(after) = rest.strip_prefix("::") {
        if let Some(group) = after.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            return inner
                .split(',')
                .flat_map(|item| target(&format!("{first}::{}", item.trim()), submodules))
                .collect();
        }
        let second = format!("{first}::{}", ident(after));
        if submodules.contains(&second) {
            return vec![second];
        }
    }
    vec![first.to_string()]
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    rust_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

fn rust_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(src).expect("src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            for e in std::fs::read_dir(&p).expect("dir").flatten() {
                files.push(e.path());
            }
        } else {
            files.push(p);
        }
    }
    files.retain(|p| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("main.rs") && !p.ends_with("lib.rs"));
    let modules: BTreeSet<String> = files.iter().map(|p| module_of(p.strip_prefix(src).expect("in src"))).collect();
    let mut g = BTreeMap::new();
    for p in &files {
        let me = module_of(p.strip_prefix(src).expect("in src"));
        let parent = me.rsplit_once("::").map(|(d, _)| d.to_string());
        let text = std::fs::read_to_string(p).expect("read");
        let mut deps = BTreeSet::new();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            // A `use` group may span lines; the whole statement is read from its first line on.
            let stmt = if line.trim_start().starts_with("use ") || line.trim_start().starts_with("pub use ") {
                let start = text.find(line).unwrap_or(0);
                &text[start..start + text[start..].find(';').unwrap_or(0)]
            } else {
                line
            };
            for (prefix, base) in [("crate::", None), ("super::", parent.as_deref())] {
                for (i, _) in stmt.match_indices(prefix) {
                    let path = &stmt[i + prefix.len()..];
                    let path = match base {
                        Some(b) => format!("{b}::{path}"),
                        None => path.to_string(),
                    };
                    deps.extend(target(&path, &modules).into_iter().filter(|t| modules.contains(t) && *t != me));
                }
            }
        }
        g.insert(me, deps);
    }
    g
}

fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys().find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.contains_key("store::users") && g.contains_key("state"), "{g:?}");
    assert!(g["requests_log"].iter().all(|d| d != "state"), "the recorder does not know the state");
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_store_depends_on_nothing_http_facing() {
    let g = graph();
    let allowed = ["error", "model", "store", "store::pool", "store::query", "store::schema"];
    for (m, deps) in g.iter().filter(|(m, _)| m.starts_with("store")) {
        for d in deps {
            assert!(allowed.contains(&d.as_str()) || d.starts_with("store::"), "{m} imports {d}");
        }
    }
}

#[test]
fn the_cycle_finder_finds_one() {
    let g: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), BTreeSet::from(["b".to_string()])), ("b".to_string(), BTreeSet::from(["a".to_string()]))]
            .into_iter()
            .collect();
    assert_eq!(find_cycle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
}

/// The package's JS modules: each `./x.js` a file of `pkg-template/` imports (statically, or with
/// `import()`), plus `runtime.js` (`js/runtime.js`, bundled into `core.js` with the facade).
fn js_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<_> = std::fs::read_dir(root.join("pkg-template"))
        .expect("pkg-template")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.push(root.join("js/runtime.js"));
    let mut g = BTreeMap::new();
    for p in files {
        let me = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&p).expect("read");
        let mut deps = BTreeSet::new();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for quote in ['"', '\'', '`'] {
                let open = format!("{quote}./");
                for (i, _) in line.match_indices(&open) {
                    let rest = &line[i + 1..];
                    let name = &rest[2..rest[1..].find(quote).map_or(rest.len(), |e| e + 1)];
                    let before = &line[..i];
                    let imports = before.contains("import") || before.contains(" from ") || before.trim_end().ends_with("from");
                    if imports && name.ends_with(".js") && name != "cometchat_wasm.js" {
                        deps.insert(name.to_string());
                    }
                }
            }
        }
        g.insert(me, deps);
    }
    g
}

#[test]
fn the_packages_rust_modules_have_no_cycle_and_the_transport_knows_nothing_of_the_session() {
    let g = rust_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../src"));
    assert!(g.contains_key("machine") && g.contains_key("http"), "{g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle in src/: {}", cycle.join(" → "));
    }
    for layer in ["http", "machine"] {
        for above in ["session", "renewal", "lead", "login", "api", "restore"] {
            assert!(!g[layer].contains(above), "{layer} imports {above}: layers point one way");
        }
    }
}

#[test]
fn the_packages_js_modules_have_no_cycle() {
    let g = js_graph();
    assert!(g["facade.js"].contains("store.js") && g["store.js"].contains("token-url.js"), "{g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle in pkg-template/: {}", cycle.join(" → "));
    }
}
