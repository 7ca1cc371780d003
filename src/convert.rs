//! JS values at the wasm edge. JSON is the browser's own (`JSON.parse` / `JSON.stringify`):
//! the data arrives and leaves as JS anyway, and a Rust JSON stack (serde_json) would more
//! than double the module. Plain data is checked by walking it by hand, which — unlike
//! serde-wasm-bindgen — refuses cycles instead of overflowing the stack and refuses BigInts
//! instead of rounding them.

use crate::prelude::*;
use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

/// Deeper than any sane metadata; a cycle hits this instead of the stack.
const MAX_DEPTH: usize = 32;
/// Every node takes at least one byte of JSON, so more than this cannot fit in 5 KB anyway.
const MAX_NODES: usize = 5 * 1024;

#[wasm_bindgen]
extern "C" {
    // `catch` because a Proxy can throw from any of these; a JS exception unwinding
    // through wasm frames would leave Rust state half-updated.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(o: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(o: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(o: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = structuredClone, catch)]
    fn structured_clone(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(thread_local_v2, js_namespace = Object, js_name = prototype)]
    static OBJECT_PROTOTYPE: JsValue;
}

/// A fresh copy of `v` if it is plain data: `null`, booleans, finite numbers, strings, arrays
/// and plain objects. Functions, symbols, BigInts, class instances (Date, Map, …), cycles,
/// non-finite numbers and throwing getters or proxies are refused with a reason. `undefined`
/// is dropped from objects and becomes `null` in arrays, as `JSON.stringify` does.
pub fn plain_copy(v: &JsValue) -> Result<JsValue, &'static str> {
    let mut nodes = 0;
    walk(v, 0, &mut nodes)?.ok_or("undefined is not JSON")
}

fn walk(v: &JsValue, depth: usize, nodes: &mut usize) -> Result<Option<JsValue>, &'static str> {
    *nodes += 1;
    if *nodes > MAX_NODES {
        return Err("it is too large");
    }
    if v.is_undefined() {
        return Ok(None);
    }
    if v.is_null() || v.is_string() || v.as_bool().is_some() {
        return Ok(Some(v.clone()));
    }
    if let Some(n) = v.as_f64() {
        return if n.is_finite() { Ok(Some(v.clone())) } else { Err("NaN and Infinity are not JSON numbers") };
    }
    if v.is_function() {
        return Err("a function is not JSON");
    }
    if v.is_symbol() {
        return Err("a Symbol is not JSON");
    }
    if v.is_bigint() {
        return Err("a BigInt is not JSON");
    }
    if !v.is_object() {
        return Err("it is not JSON");
    }
    if depth >= MAX_DEPTH {
        return Err("it is nested too deeply (a cycle?)");
    }
    const THREW: &str = "reading it threw";
    if is_array(v).map_err(|_| THREW)? {
        let out = Array::new();
        let len = length(v).map_err(|_| THREW)?;
        for i in 0..len {
            let item = Reflect::get_u32(v, i).map_err(|_| THREW)?;
            out.push(&walk(&item, depth + 1, nodes)?.unwrap_or(JsValue::NULL));
        }
        return Ok(Some(out.into()));
    }
    let proto = prototype_of(v).map_err(|_| THREW)?;
    if !(proto.is_null() || OBJECT_PROTOTYPE.with(|p| proto == *p)) {
        return Err("only plain objects are JSON, not class instances such as Date or Map");
    }
    let out = Object::new();
    for key in object_keys(v).map_err(|_| THREW)?.iter() {
        let item = Reflect::get(v, &key).map_err(|_| THREW)?;
        if let Some(copy) = walk(&item, depth + 1, nodes)? {
            Reflect::set(&out, &key, &copy).map_err(|_| THREW)?;
        }
    }
    Ok(Some(out.into()))
}

/// `JSON.stringify` of a value known to be plain data.
pub fn stringify(v: &JsValue) -> String {
    json(v).as_string().unwrap_or_default()
}

/// `JSON.stringify` of a value known to be plain data, left in JS.
pub fn json(v: &JsValue) -> JsValue {
    JSON::stringify(v).map_or(JsValue::UNDEFINED, JsValue::from)
}

/// `v` as a Rust string (`None` if it is not a string), copying at most `max_units` UTF-16 units
/// of it into wasm. Callers bound it past what their rule accepts, so a cut string still breaks
/// the rule, while a multi-megabyte paste or data: URL never grows wasm memory for good.
pub fn string_prefix(v: &JsValue, max_units: u32) -> Option<String> {
    let s = v.dyn_ref::<JsString>()?;
    if s.length() <= max_units {
        s.as_string()
    } else {
        s.slice(0, max_units).as_string()
    }
}

/// The bound for `string_prefix` under a rule of at most `max` characters: a character is one
/// or two UTF-16 units, so `2 × max + 2` units hold more than `max` characters.
pub fn units_past(max_chars: usize) -> u32 {
    u32::try_from(2 * max_chars + 2).unwrap_or(u32::MAX)
}

/// A deep copy of plain data, made by the browser without passing through wasm.
pub fn deep_copy(v: &JsValue) -> JsValue {
    structured_clone(v).unwrap_or(JsValue::UNDEFINED)
}

/// `JSON.parse`, `None` for text that is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// A property of a JS value, `undefined` when absent, when `obj` is not an object, or when
/// reading it throws.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    get(obj, &JsValue::from_str(key))
}

/// `prop` with a key that is already a JS value (a cached one).
pub fn get(obj: &JsValue, key: &JsValue) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, key).unwrap_or(JsValue::UNDEFINED)
}

/// An array's `length` (0 if it is not a number); `Err` when reading it throws (a Proxy).
fn length(array: &JsValue) -> Result<u32, JsValue> {
    Ok(Reflect::get(array, &"length".into())?.as_f64().unwrap_or(0.0) as u32)
}

pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// The own enumerable string keys of an object (none if reading them throws).
pub fn keys(v: &JsValue) -> Vec<String> {
    object_keys(v).map(|a| a.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
}

/// Whether `v` is a non-null object that is neither an array nor a function (an options bag).
pub fn is_plain_bag(v: &JsValue) -> bool {
    v.is_object() && !v.is_function() && !is_array(v).unwrap_or(true)
}

/// An array of strings, or `None` for anything else. Like `string_prefix`, copies at most
/// `max_items` items of at most `max_units` each.
pub fn strings(v: &JsValue, max_items: u32, max_units: u32) -> Option<Vec<String>> {
    if !is_array(v).unwrap_or(false) {
        return None;
    }
    let len = length(v).ok()?;
    (0..len.min(max_items)).map(|i| string_prefix(&Reflect::get_u32(v, i).ok()?, max_units)).collect()
}

pub fn string_array(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}
