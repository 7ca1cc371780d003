//! cometchat-wasm: CometChat user profiles from the browser with nothing but the user's auth
//! token. No auth key, REST API key, `createUser`, `updateUser`, `deleteUser` or
//! `login(uid, authKey)` exists in this crate: those belong to the app's backend.
//!
//! Pure logic (`validate`, `record`, `patch`, `json`, `envelope`, `settings`) is plain Rust, tested
//! natively; `convert`, `http`, `user` and `exports` are the thin edge that touches JS; the
//! flows (`init`, `login`, `users`) sit between.

#![cfg_attr(not(feature = "std"), no_std)]
extern crate alloc;

/// Without std there is no panic machinery (message formatting, location strings: ~2.5 KB gzip
/// of the module). Nothing here panics on input; a bug would trap, as `panic = "abort"` does.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

// wasm32-unknown-unknown without the atomics feature is single-threaded.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// What std's prelude would give every module (the crate is `no_std` when shipped).
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::String;
    pub use alloc::vec::Vec;
}

pub mod api;
pub mod blocking;
#[cfg(test)]
mod boundary;
pub mod convert;
pub mod directory;
pub mod envelope;
pub mod error;
pub mod events;
pub mod exports;
pub mod http;
pub mod init;
pub mod json;
pub mod lead;
pub mod login;
pub mod machine;
pub mod paging;
pub mod patch;
pub mod provider;
pub mod query;
pub mod rate;
pub mod record;
pub mod renewal;
pub mod restore;
pub mod session;
pub mod server_text;
pub mod settings;
pub mod shared;
pub mod socket;
pub mod task;
pub mod text;
pub mod user;
pub mod users;
pub mod validate;
