//! `--tls`: a self-signed certificate generated at start (rcgen) for rustls (ring provider).

use std::sync::Arc;

pub fn self_signed_config(host: &str) -> Result<Arc<rustls::ServerConfig>, String> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    if !names.iter().any(|n| n == host) && !host.is_empty() && host != "0.0.0.0" && host != "::" {
        names.push(host.to_string());
    }
    let cert = rcgen::generate_simple_self_signed(names).map_err(|e| format!("certificate: {e}"))?;
    let cert_der = cert.cert.der().clone();
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("tls: {e}"))?
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .map_err(|e| format!("tls: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
