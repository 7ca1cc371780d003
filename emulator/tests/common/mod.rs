#![allow(dead_code)]
//! Shared helpers: start the router in-process on an ephemeral port, talk to it with reqwest
//! (and to its socket with `ws`).

pub mod bin;
pub mod ws;

use cometchat_emulator::server::{self, Running, ServeOptions};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};

pub const API_KEY: &str = "test-api-key";

pub struct Emu {
    pub running: Option<Running>,
    pub base: String,
    pub http: Client,
    pub app_id: String,
    /// Sockets kept open for the life of the test (`go_online`).
    held: tokio::sync::Mutex<Vec<ws::Sock>>,
}

pub fn http_client() -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder().danger_accept_invalid_certs(true).pool_max_idle_per_host(64).build().expect("reqwest client")
}

impl Emu {
    pub async fn start() -> Emu {
        Self::with(ServeOptions { api_key: Some(API_KEY.into()), ..Default::default() }).await
    }

    pub async fn with(opts: ServeOptions) -> Emu {
        let running = server::start(opts).await.expect("server starts");
        let base = running.base_url.clone();
        let app_id = running.app_id.clone();
        Emu { running: Some(running), base, http: http_client(), app_id, held: Default::default() }
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Client API request (`authToken`).
    pub fn client(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http.request(method, self.url(&format!("/v3.0{path}"))).header("authToken", token)
    }

    /// Admin API request (`apiKey`).
    pub fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(&format!("/v3{path}"))).header("apiKey", API_KEY)
    }

    pub async fn create_user(&self, uid: &str, name: &str) -> Value {
        let (status, body) = send(self.admin(Method::POST, "/users").json(&json!({"uid": uid, "name": name}))).await;
        assert_eq!(status, 200, "create {uid}: {body}");
        body
    }

    pub async fn token(&self, uid: &str) -> String {
        let (status, body) =
            send(self.admin(Method::POST, &format!("/users/{uid}/auth_tokens")).json(&json!({"force": true}))).await;
        assert_eq!(status, 200, "token {uid}: {body}");
        body["data"]["authToken"].as_str().expect("authToken").to_string()
    }

    /// Makes `uid` online the only way there is: a login, then a socket authenticated with its JWT
    /// (no presence subscription), kept open until the test ends.
    pub async fn go_online(&self, uid: &str) {
        let token = self.token(uid).await;
        let sock = ws::online(self, uid, &token, &format!("held-{uid}"), None, None).await;
        self.held.lock().await.push(sock);
    }

    /// Creates a user and returns a fresh token for it.
    pub async fn user_with_token(&self, uid: &str, name: &str) -> String {
        self.create_user(uid, name).await;
        self.token(uid).await
    }
}

/// Sends and returns (status, JSON body). Panics if the body is not JSON: every answer must be.
pub async fn send(rb: RequestBuilder) -> (u16, Value) {
    let res = rb.send().await.expect("request sent");
    parse(res).await
}

pub async fn parse(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let text = res.text().await.expect("body");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("status {status}: non-JSON body {text:?}"));
    assert!(ct.starts_with("application/json"), "status {status}: content-type {ct:?}");
    (status, body)
}

/// Asserts the error envelope with this status and code; returns the error object.
pub fn assert_error(got: &(u16, Value), status: u16, code: &str) -> Value {
    assert_eq!(got.0, status, "body: {}", got.1);
    assert_eq!(got.1["error"]["code"], code, "body: {}", got.1);
    assert!(got.1["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "message: {}", got.1);
    assert!(got.1.get("data").is_none());
    got.1["error"].clone()
}
