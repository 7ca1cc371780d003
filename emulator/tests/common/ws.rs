//! A WebSocket client for the emulator's socket (tokio-tungstenite), speaking as the official SDK
//! does: the auth frame of realtime-protocol.md §2.1, pings, and waits with generous bounds.

use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::{send, Emu};

/// How long a frame may take before a test fails: generous, for a loaded 2-core machine.
pub const WAIT: Duration = Duration::from_secs(15);

pub struct Sock {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

#[derive(Debug)]
pub enum Got {
    Text(String),
    /// A close frame, with its code.
    Close(Option<u16>),
    /// The connection ended without a close frame.
    End,
}

/// `http(s)://host:port` + path → `ws(s)://host:port` + path.
pub fn url(emu: &Emu, path: &str) -> String {
    format!("{}{path}", emu.base.replacen("http", "ws", 1))
}

/// A login (`PUT me` with device info, as the SDK's `login`); returns `data`.
pub async fn login(emu: &Emu, token: &str) -> Value {
    let body =
        json!({"platform": "javascript", "deviceId": "dev-1", "appInfo": {"version": "v4.2.0", "apiVersion": "v3.0"}});
    let (s, b) = send(emu.client(Method::PUT, "/me", token).json(&body)).await;
    assert_eq!(s, 200, "login: {b}");
    b["data"].clone()
}

/// Accepts any certificate (the emulator's is self-signed).
#[derive(Debug)]
struct AnyCert;

impl rustls::client::danger::ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }
    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
    }
}

fn tls() -> Connector {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCert))
        .with_no_client_auth();
    Connector::Rustls(Arc::new(config))
}

/// Opens a socket (`ws://` or `wss://`), with extra request headers; the upgrade's error as is.
pub async fn try_connect(url: &str, headers: &[(&str, &str)]) -> Result<Sock, WsError> {
    let mut req = url.into_client_request()?;
    for (k, v) in headers {
        req.headers_mut().insert(
            reqwest::header::HeaderName::from_bytes(k.as_bytes()).expect("header name"),
            v.parse().expect("header value"),
        );
    }
    let connector = if url.starts_with("wss:") { Some(tls()) } else { None };
    let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(req, None, false, connector).await?;
    Ok(Sock { ws })
}

pub async fn connect(url: &str) -> Sock {
    try_connect(url, &[]).await.unwrap_or_else(|e| panic!("connect {url}: {e}"))
}

/// The SDK's auth frame (`roles` only when given, `presenceSubscription` only when given).
pub fn auth_frame(
    app_id: &str,
    uid: &str,
    jwt: &str,
    device_id: &str,
    sub: Option<&str>,
    roles: Option<&[&str]>,
) -> Value {
    let mut body = json!({
        "auth": jwt,
        "deviceId": device_id,
        "params": {"appInfo": {"version": "4.2.0", "apiVersion": "v3.0"}, "platform": "javascript", "deviceId": "persistent-1"},
    });
    if let Some(s) = sub {
        body["presenceSubscription"] = json!(s);
    }
    if let Some(r) = roles {
        body["roles"] = json!(r);
    }
    json!({"appId": app_id, "deviceId": device_id, "type": "auth", "sender": uid, "body": body})
}

/// Logs in with `token`, opens a socket at `/` and authenticates; asserts the auth OK.
pub async fn online(
    emu: &Emu,
    uid: &str,
    token: &str,
    device_id: &str,
    sub: Option<&str>,
    roles: Option<&[&str]>,
) -> Sock {
    let jwt = login(emu, token).await["jwt"].as_str().expect("jwt").to_string();
    let mut sock = connect(&url(emu, "/")).await;
    let reply = sock.auth(&auth_frame(&emu.app_id, uid, &jwt, device_id, sub, roles)).await;
    assert_eq!(reply, json!({"type": "auth", "body": {"code": "200", "status": "OK"}}), "auth of {uid}");
    sock
}

impl Sock {
    pub async fn send_text(&mut self, text: impl Into<String>) {
        self.ws.send(Message::text(text.into())).await.expect("send");
    }

    pub async fn send_json(&mut self, v: &Value) {
        self.send_text(v.to_string()).await;
    }

    /// Sends an auth frame and returns the reply.
    pub async fn auth(&mut self, frame: &Value) -> Value {
        self.send_json(frame).await;
        self.json().await
    }

    /// The next text frame, close or end (pings and binary frames skipped), within [`WAIT`].
    pub async fn next(&mut self) -> Got {
        self.next_within(WAIT).await.unwrap_or_else(|| panic!("nothing arrived within {WAIT:?}"))
    }

    /// The same, or `None` when nothing arrived within `d`.
    pub async fn next_within(&mut self, d: Duration) -> Option<Got> {
        let deadline = tokio::time::Instant::now() + d;
        loop {
            let m = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(None) | Ok(Some(Err(_))) => return Some(Got::End),
                Ok(Some(Ok(m))) => m,
            };
            match m {
                Message::Text(t) => return Some(Got::Text(t.to_string())),
                Message::Close(f) => return Some(Got::Close(f.map(|f| u16::from(f.code)))),
                _ => continue,
            }
        }
    }

    /// The next frame, which must be JSON text.
    pub async fn json(&mut self) -> Value {
        match self.next().await {
            Got::Text(t) => serde_json::from_str(&t).unwrap_or_else(|_| panic!("non-JSON frame {t:?}")),
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    /// The close code of the next frame, which must be the close.
    pub async fn close_code(&mut self) -> u16 {
        match self.next().await {
            Got::Close(Some(code)) => code,
            other => panic!("expected a close frame with a code, got {other:?}"),
        }
    }

    /// A ping answered by a pong, and nothing before it: the emulator sends the frames it has
    /// queued for a socket before it reads the next one, so nothing was queued for this socket.
    pub async fn nothing_queued(&mut self) {
        self.send_json(&json!({"action": "ping", "ack": "true"})).await;
        let got = self.json().await;
        assert_eq!(got, json!({"action": "pong"}), "expected only the pong");
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
        // Drain until the server's close reply, so the close is complete on both sides.
        let _ = tokio::time::timeout(WAIT, async { while let Some(Ok(_)) = self.ws.next().await {} }).await;
    }
}
