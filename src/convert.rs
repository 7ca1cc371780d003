//! JS values ⇄ JSON at the wasm edge. Walks JS objects by hand instead of going through
//! serde-wasm-bindgen, whose deserializer recurses without limit (a cyclic object would
//! overflow the stack and kill the module) and turns BigInts into numbers silently.

use serde_json::{Map, Number, Value};
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
    fn object_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(o: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(o: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(thread_local_v2, js_namespace = Object, js_name = prototype)]
    static OBJECT_PROTOTYPE: JsValue;
}

/// A JSON value as a fresh JS value (plain objects and arrays).
pub fn json_to_js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL)
}

/// A JS value as JSON, if it is plain data: `null`, booleans, finite numbers, strings, arrays
/// and plain objects. Functions, symbols, BigInts, class instances (Date, Map, …), cycles and
/// non-finite numbers are refused with a reason. `undefined` is skipped in objects and becomes
/// `null` in arrays, as `JSON.stringify` does.
pub fn js_to_json(v: &JsValue) -> Result<Value, String> {
    let mut nodes = 0;
    walk(v, 0, &mut nodes)?.ok_or_else(|| "undefined is not JSON".to_owned())
}

fn walk(v: &JsValue, depth: usize, nodes: &mut usize) -> Result<Option<Value>, String> {
    *nodes += 1;
    if *nodes > MAX_NODES {
        return Err("too large".into());
    }
    if v.is_undefined() {
        return Ok(None);
    }
    if v.is_null() {
        return Ok(Some(Value::Null));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Some(Value::Bool(b)));
    }
    if let Some(s) = v.as_string() {
        return Ok(Some(Value::String(s)));
    }
    if let Some(n) = v.as_f64() {
        return number(n).map(Some).ok_or_else(|| format!("{n} is not a JSON number"));
    }
    if v.is_function() || v.is_symbol() || v.is_bigint() || !v.is_object() {
        let kind = v.js_typeof().as_string().unwrap_or_default();
        return Err(format!("a {kind} is not JSON"));
    }
    if depth >= MAX_DEPTH {
        return Err(format!("nested deeper than {MAX_DEPTH} levels (a cycle?)"));
    }
    let threw = |_| "reading it threw".to_owned();
    if is_array(v).map_err(threw)? {
        let len = js_sys::Reflect::get(v, &"length".into()).map_err(threw)?.as_f64().unwrap_or(0.0) as u32;
        let mut out = Vec::new();
        for i in 0..len {
            let item = js_sys::Reflect::get_u32(v, i).map_err(threw)?;
            out.push(walk(&item, depth + 1, nodes)?.unwrap_or(Value::Null));
        }
        return Ok(Some(Value::Array(out)));
    }
    let proto = prototype_of(v).map_err(threw)?;
    if !(proto.is_null() || OBJECT_PROTOTYPE.with(|p| proto == *p)) {
        return Err("only plain objects are JSON (not a class instance such as Date or Map)".into());
    }
    let mut out = Map::new();
    for key in object_keys(v).map_err(threw)?.iter() {
        let item = js_sys::Reflect::get(v, &key).map_err(threw)?;
        if let (Some(k), Some(val)) = (key.as_string(), walk(&item, depth + 1, nodes)?) {
            out.insert(k, val);
        }
    }
    Ok(Some(Value::Object(out)))
}

/// Integral values stay integers so that `1` does not come back as `1.0`.
fn number(n: f64) -> Option<Value> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if n.fract() == 0.0 && n.abs() <= SAFE {
        Some(Value::Number(Number::from(n as i64)))
    } else {
        Number::from_f64(n).map(Value::Number)
    }
}

/// An own property of a JS object, `undefined` when absent or when reading it throws.
pub fn prop(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Whether `v` is a non-null object that is not an array (an options bag).
pub fn is_plain_bag(v: &JsValue) -> bool {
    v.is_object() && !v.is_function() && !is_array(v).unwrap_or(true)
}
