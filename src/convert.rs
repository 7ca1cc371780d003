//! JS values at the wasm edge. JSON is the browser's own (`JSON.parse` / `JSON.stringify`):
//! the data arrives and leaves as JS anyway, and a Rust JSON stack (serde_json) would more
//! than double the module. Plain data is checked by walking it by hand (js/runtime.js
//! `plainCopy`), which — unlike serde-wasm-bindgen — refuses cycles instead of overflowing the
//! stack and refuses BigInts instead of rounding them.

use crate::prelude::*;
use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `catch` because a Proxy can throw from any of these; a JS exception unwinding
    // through wasm frames would leave Rust state half-updated.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(o: &JsValue) -> Result<bool, JsValue>;
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    #[wasm_bindgen(js_name = plainCopy)]
    fn plain_copy_js(v: &JsValue) -> JsValue;
    /// Whether `v` is a non-null object that is neither an array nor a function (an options
    /// bag): js/runtime.js's test, the `User` constructor's too, in one call.
    #[wasm_bindgen(js_name = isBag)]
    pub fn is_plain_bag(v: &JsValue) -> bool;
    /// The own enumerable property `key` of `v`, or `undefined` (js/runtime.js).
    pub fn own(v: &JsValue, key: &str) -> JsValue;
    /// Whether an own key of `v` looks like a key or names a user (js/runtime.js).
    #[wasm_bindgen(js_name = keyLike)]
    pub fn key_like(v: &JsValue) -> bool;
}

/// A fresh copy of `v` if it is plain data: `null`, booleans, finite numbers, strings, arrays
/// and plain objects. Functions, symbols, BigInts, class instances (Date, Map, …), cycles,
/// non-finite numbers and throwing getters or proxies are refused with a reason. `undefined`
/// is dropped from objects and becomes `null` in arrays, as `JSON.stringify` does. The walk is
/// js/runtime.js's: it only reads JS values, so crossing into wasm per node would buy nothing.
pub fn plain_copy(v: &JsValue) -> Result<JsValue, String> {
    let answer = plain_copy_js(v);
    match answer.as_string() {
        Some(reason) => Err(reason),
        None => Ok(Reflect::get_u32(&answer, 0).unwrap_or(JsValue::UNDEFINED)),
    }
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

/// `JSON.parse`, `None` for text that is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// A property of a JS value, `undefined` when absent, when `obj` is not an object, or when
/// reading it throws.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An array's `length` (0 if it is not a number); `Err` when reading it throws (a Proxy).
fn length(array: &JsValue) -> Result<u32, JsValue> {
    Ok(Reflect::get(array, &"length".into())?.as_f64().unwrap_or(0.0) as u32)
}

pub fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Whether `v` is an array (`false` for a revoked Proxy, where `Array.isArray` throws).
pub fn is_array_value(v: &JsValue) -> bool {
    is_array(v).unwrap_or(false)
}

/// An array of strings, or `None` for anything else. Like `string_prefix`, copies at most
/// `max_items` items of at most `max_units` each.
pub fn strings(v: &JsValue, max_items: u32, max_units: u32) -> Option<Vec<String>> {
    if !is_array_value(v) {
        return None;
    }
    // A loop, not `collect::<Option<Vec<_>>>()`: its adapter measured 273 bytes gzip more.
    let mut out = Vec::new();
    for i in 0..length(v).ok()?.min(max_items) {
        out.push(string_prefix(&Reflect::get_u32(v, i).ok()?, max_units)?);
    }
    Some(out)
}

pub fn string_array(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}
