//! SQLite storage: the connections (`pool`), the schema and its migrations (`schema`), and the
//! queries, one module per table. Handlers call into here; nothing here knows about HTTP, and the
//! table modules depend only on `query`, `model` and `error` (and `blocks` on `users` for the row
//! shape), never on each other in a cycle.

pub mod blocks;
pub mod friends;
pub mod jwts;
pub mod meta;
pub mod pool;
pub mod query;
mod readers;
mod schema;
pub mod tokens;
pub mod users;

pub use pool::{Db, Location};
