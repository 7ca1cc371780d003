//! The app settings of `PUT me` (`data.settings`) and `GET settings`: they point the official SDK
//! (and cometchat-wasm) at this emulator, for REST and for the socket (realtime-protocol.md §1, §8).
//! The address is the one the client used, from the `Host` header when it is a plain host and
//! port, else the address the server listens on.

use serde_json::{json, Value};

/// A host as it goes in a URL (a DNS name, an IPv4 address or a bracketed IPv6 address) and a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub host: String,
    pub port: u16,
}

/// `name`, `1.2.3.4` or `[::1]`, each with an optional `:port`; a missing port is the scheme's
/// default. Anything else (a path, user info, bad characters, port 0) is `None`.
pub fn parse_host(value: &str, tls: bool) -> Option<Address> {
    let default_port = if tls { 443 } else { 80 };
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        ip.parse::<std::net::Ipv6Addr>().ok()?;
        (format!("[{}]", ip.to_ascii_lowercase()), after)
    } else {
        let end = value.find(':').unwrap_or(value.len());
        let name = &value[..end];
        if !is_hostname(name) {
            return None;
        }
        (name.to_ascii_lowercase(), &value[end..])
    };
    let port = match port {
        "" => default_port,
        p => {
            let digits = p.strip_prefix(':')?;
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse::<u16>().ok().filter(|&n| n != 0)?
        }
    };
    Some(Address { host, port })
}

/// RFC 1123 labels: letters, digits and inner hyphens, 1–63 each, 253 in all. An all-numeric name
/// must be a valid IPv4 address.
fn is_hostname(s: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let ok = !s.is_empty() && s.len() <= 253 && s.split('.').all(label_ok);
    let numeric = s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    ok && (!numeric || s.parse::<std::net::Ipv4Addr>().is_ok())
}

/// The address of `public_base` (`http(s)://host:port`, as the server builds it).
pub fn listen_address(public_base: &str) -> Option<Address> {
    let u = url::Url::parse(public_base).ok()?;
    let host = match u.host()? {
        url::Host::Ipv6(ip) => format!("[{ip}]"),
        h => h.to_string(),
    };
    Some(Address { host, port: u.port_or_known_default()? })
}

/// The settings for a request with this `Host` header to the server at `public_base`.
pub fn for_request(host_header: Option<&str>, public_base: &str) -> Value {
    let tls = public_base.starts_with("https:");
    let addr = host_header
        .and_then(|h| parse_host(h.trim(), tls))
        .or_else(|| listen_address(public_base))
        .unwrap_or(Address { host: "127.0.0.1".into(), port: if tls { 443 } else { 80 } });
    settings(&addr)
}

/// Off port 443 the chat host carries the port and a `/ws` path, since the official SDK opens
/// `wss://CHAT_HOST:CHAT_WSS_PORT` (a port in CHAT_HOST alone would give `host:port:port`): the
/// socket URL becomes `wss://host:port/ws:port`, a path the emulator serves (§1.1). The REST hosts
/// are scheme-less `host:port`, without the version, which the SDK appends (wire-protocol Part B
/// §1.3).
pub fn settings(addr: &Address) -> Value {
    let Address { host, port } = addr;
    let chat_host = if *port == 443 { host.clone() } else { format!("{host}:{port}/ws") };
    let rest_host = format!("{host}:{port}");
    json!({
        "CHAT_HOST": chat_host,
        "CHAT_WSS_PORT": port,
        "CLIENT_API_HOST": rest_host,
        "ADMIN_API_HOST": rest_host,
        "CHAT_API_VERSION": "v3.0",
        "APP_VERSION": 4,
        "WS_API_VERSION": "v1",
        "ANALYTICS_PING_DISABLED": true,
        "MODE": "DEFAULT",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(host: &str, port: u16) -> Option<Address> {
        Some(Address { host: host.into(), port })
    }

    #[test]
    fn host_headers() {
        assert_eq!(parse_host("127.0.0.1:8787", false), a("127.0.0.1", 8787));
        assert_eq!(parse_host("LocalHost:1", false), a("localhost", 1));
        assert_eq!(parse_host("chat.example.com", true), a("chat.example.com", 443));
        assert_eq!(parse_host("chat.example.com", false), a("chat.example.com", 80));
        assert_eq!(parse_host("[::1]:8443", true), a("[::1]", 8443));
        assert_eq!(parse_host("[::1]", true), a("[::1]", 443));
        for bad in [
            "",
            ":80",
            "a b:1",
            "evil.com/x:1",
            "user@host:1",
            "host:0",
            "host:65536",
            "host:",
            "host:+1",
            "host:1:2",
            "-a.com:1",
            "a..b:1",
            "999.1.1.1:1",
            "[::g]:1",
            "[::1]x",
            "[::1]:",
            "ho\u{e9}st:1",
        ] {
            assert_eq!(parse_host(bad, false), None, "{bad:?}");
        }
    }

    #[test]
    fn chat_host_forms() {
        let s = settings(&Address { host: "127.0.0.1".into(), port: 8787 });
        assert_eq!(s["CHAT_HOST"], "127.0.0.1:8787/ws");
        assert_eq!(s["CHAT_WSS_PORT"], 8787);
        assert_eq!(s["CLIENT_API_HOST"], "127.0.0.1:8787");
        let s = settings(&Address { host: "chat.test".into(), port: 443 });
        assert_eq!(s["CHAT_HOST"], "chat.test");
        assert_eq!(s["CHAT_WSS_PORT"], 443);
        assert_eq!(s["ADMIN_API_HOST"], "chat.test:443");
    }

    #[test]
    fn a_bad_host_header_falls_back_to_the_listen_address() {
        let s = for_request(Some("evil/x"), "https://127.0.0.1:9000");
        assert_eq!(s["CHAT_HOST"], "127.0.0.1:9000/ws");
        let s = for_request(None, "http://[::1]:9001");
        assert_eq!(s["CLIENT_API_HOST"], "[::1]:9001");
    }
}
