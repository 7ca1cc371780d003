//! cometchat-wasm: CometChat user profiles from the browser with nothing but the user's auth
//! token. No auth key, REST API key, `createUser`, `updateUser`, `deleteUser` or
//! `login(uid, authKey)` exists in this crate: those belong to the app's backend.
//!
//! Pure logic (`validate`, `record`, `patch`, `envelope`, `settings`) is plain Rust, tested
//! natively; `convert`, `http`, `user` and `exports` are the thin edge that touches JS.

// wasm32-unknown-unknown without the atomics feature is single-threaded.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod api;
pub mod convert;
pub mod envelope;
pub mod error;
pub mod exports;
pub mod http;
pub mod patch;
pub mod record;
pub mod session;
pub mod settings;
pub mod shared;
pub mod user;
pub mod validate;
