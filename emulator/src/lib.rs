//! `cometchat-emulator`: a local CometChat-compatible REST server — the client API (`authToken`)
//! and the admin API (`apiKey`) for users, auth tokens and blocked users — over SQLite, with
//! CometChat's real-time socket for presence on the same port.
//!
//! Tests start it in-process with [`server::start`] on port 0.

pub mod admin_api;
pub mod auth;
pub mod avatar;
pub mod cli;
pub mod client_api;
pub mod demo;
pub mod error;
pub mod extract;
pub mod fields;
pub mod friends_api;
pub mod health;
pub mod lists;
pub mod model;
pub mod rate_limit;
pub mod redact;
pub mod requests_log;
pub mod routes;
pub mod seed;
pub mod server;
pub mod settings;
pub mod socket;
pub mod state;
pub mod store;
pub mod tls;
pub mod validate;
