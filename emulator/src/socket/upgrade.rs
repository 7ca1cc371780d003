//! The upgrade: a WebSocket handshake at `/` or at any path starting with `/ws` (the official SDK
//! opens `wss://CHAT_HOST:CHAT_WSS_PORT`, so with `CHAT_HOST = host:port/ws` its path is
//! `/ws:PORT`). Any `Origin` is accepted (CORS governs REST, and the credential is in the first
//! frame); no subprotocol is chosen. Every other request goes on to the REST routes.

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::conn;
use crate::error::ApiError;
use crate::state::SharedState;

fn is_socket_path(path: &str) -> bool {
    path == "/" || path.starts_with("/ws")
}

fn wants_websocket(req: &Request) -> bool {
    req.method() == Method::GET
        && req
            .headers()
            .get_all(header::UPGRADE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|p| p.trim().eq_ignore_ascii_case("websocket")))
}

/// The middleware `routes` installs: socket upgrades here, everything else to `next`.
pub async fn route(State(st): State<SharedState>, req: Request, next: Next) -> Response {
    if !(is_socket_path(req.uri().path()) && wants_websocket(&req)) {
        return next.run(req).await;
    }
    let (mut parts, _) = req.into_parts();
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &st).await {
        Ok(ws) => ws,
        Err(rejection) => {
            return ApiError::bad_request(format!("Not a valid WebSocket upgrade: {}", rejection.body_text()))
                .into_response()
        }
    };
    let Some(slot) = st.hub.open() else {
        return ApiError::TooManySockets(st.hub.limits.total).into_response();
    };
    let hub = st.hub.clone();
    let max = hub.limits.max_frame;
    ws.max_message_size(max).max_frame_size(max).on_upgrade(move |socket| conn::run(socket, hub, slot))
}
