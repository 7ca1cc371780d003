// The JS side of the crate's executor (src/task.rs): the promise of each call, and the watch on
// each promise a call awaits.

// The promises of the module's calls that are still running, by task number (src/task.rs).
const settlers = new Map();
export const pending = (id) => new Promise((resolve, reject) => settlers.set(id, [resolve, reject]));
export function settle(id, ok, value) {
  const settler = settlers.get(id);
  settlers.delete(id);
  settler?.[ok ? 0 : 1](value);
}
// A promise a task awaits: its outcome goes to `woke(slot, ok, value)`, installed once by the module.
let woke;
export const setWoke = (f) => (woke = f);
export const watch = (promise, slot) => void promise.then((v) => woke(slot, true, v), (e) => woke(slot, false, e));
