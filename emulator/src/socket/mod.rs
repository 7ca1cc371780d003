//! CometChat's real-time socket on the emulator's own port (ws, or wss with `--tls`): the auth
//! frame, ping/pong and presence, as `realtime-protocol.md` §2–§4 and §8 describe them.
//! `upgrade` takes the upgrade requests, `conn` runs each socket, `frames` reads and writes its
//! frames, `hub` keeps the sockets and the presence they imply, `hooks` are the test routes.

pub mod conn;
pub mod frames;
pub mod hooks;
pub mod hub;
pub mod upgrade;
