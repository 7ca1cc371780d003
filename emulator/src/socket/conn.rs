//! One socket's life: the auth frame, pings, the frames the hub queues for it, and its end (the
//! client leaves, a timeout, an oversized frame, or the hub closes it). Its `Slot` is dropped
//! when this ends, which takes the socket out of the hub. Frames are never logged: the auth
//! frame carries the JWT.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use tokio::time::Instant;

use super::frames::{self, ClientFrame};
use super::hub::{self, Close, Hub, Slot};

pub async fn run(mut ws: WebSocket, hub: Arc<Hub>, mut slot: Slot) {
    let limits = hub.limits.clone();
    let auth_deadline = Instant::now() + limits.auth_timeout;
    let mut idle_deadline = Instant::now() + limits.idle_timeout;
    let mut authed = false;
    let end: Option<Close> = loop {
        let (deadline, expired) = if !authed && auth_deadline < idle_deadline {
            (auth_deadline, hub::AUTH_TIMEOUT)
        } else {
            (idle_deadline, hub::IDLE_TIMEOUT)
        };
        tokio::select! {
            // In this order: a close the hub asked for, then the frames queued before the next
            // client frame is read (so a ping's pong never overtakes a queued presence frame).
            biased;
            why = &mut slot.close => break Some(why.unwrap_or(hub::SHUTDOWN)),
            Some(frame) = slot.frames.recv() => {
                if !send(&mut ws, frame).await {
                    break None;
                }
            }
            msg = ws.recv() => {
                let msg = match msg {
                    None => break None,
                    Some(Err(e)) => break too_big(e).then_some(hub::TOO_BIG),
                    Some(Ok(m)) => m,
                };
                idle_deadline = Instant::now() + limits.idle_timeout;
                let Message::Text(text) = msg else { continue }; // binary, control frames
                let reply = match frames::parse(text.as_str()) {
                    ClientFrame::Ping => Utf8Bytes::from_static(frames::PONG),
                    ClientFrame::Auth(_) if authed => continue, // one auth per socket
                    ClientFrame::Auth(Err(message)) => {
                        send(&mut ws, frames::auth_error("401", message).into()).await;
                        break Some(hub::AUTH_FAILED);
                    }
                    ClientFrame::Auth(Ok(auth)) => match hub.authenticate(slot.id, auth).await {
                        Ok(()) => {
                            authed = true;
                            Utf8Bytes::from_static(frames::AUTH_OK)
                        }
                        Err(refusal) => {
                            send(&mut ws, frames::auth_error(refusal.code, refusal.message).into()).await;
                            break Some(refusal.close);
                        }
                    },
                    ClientFrame::Other => continue,
                };
                if !send(&mut ws, reply).await {
                    break None;
                }
            }
            _ = tokio::time::sleep_until(deadline) => break Some(expired),
        }
    };
    if let Some(why) = end {
        close(&mut ws, why).await;
    }
    drop(slot);
}

/// How long one frame may take to go out: a client that stops reading cannot hold its socket
/// (and its queue) forever.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

async fn send(ws: &mut WebSocket, text: Utf8Bytes) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, ws.send(Message::Text(text))).await, Ok(Ok(())))
}

/// Whether the socket failed on a message over the size limit.
fn too_big(e: axum::Error) -> bool {
    e.into_inner().downcast::<tungstenite::Error>().is_ok_and(|e| matches!(*e, tungstenite::Error::Capacity(_)))
}

/// Sends the close frame and waits briefly for the client's, so the code reaches it before the
/// connection ends.
async fn close(ws: &mut WebSocket, why: Close) {
    let frame = CloseFrame { code: why.code, reason: Utf8Bytes::from_static(why.reason) };
    if let Ok(Ok(())) = tokio::time::timeout(SEND_TIMEOUT, ws.send(Message::Close(Some(frame)))).await {
        let _ =
            tokio::time::timeout(Duration::from_secs(1), async { while let Some(Ok(_)) = ws.recv().await {} }).await;
    }
}
