//! Generated SVG avatars at `/avatars/{uid}.svg` (initials on a colour derived from the uid), so
//! the demo works offline.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::extract::PathParams;
use crate::state::SharedState;
use crate::store::users;
use crate::validate;

const PALETTE: [&str; 8] = ["#5b6abf", "#e5735c", "#3f9e74", "#c25a9c", "#d79b2f", "#3b8bc2", "#8a6bd1", "#5f8f3e"];

fn escape_xml(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn initials(name: &str) -> String {
    let mut out: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    if out.is_empty() {
        out.push('?');
    }
    out.to_uppercase()
}

pub fn svg(uid: &str, name: &str) -> String {
    let hash = uid.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    let color = PALETTE.get(hash as usize % PALETTE.len()).copied().unwrap_or("#5b6abf");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"128\" height=\"128\" viewBox=\"0 0 128 128\" role=\"img\" aria-label=\"{label}\">\
<rect width=\"128\" height=\"128\" rx=\"64\" fill=\"{color}\"/>\
<text x=\"64\" y=\"64\" dy=\".35em\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"52\" fill=\"#fff\">{text}</text></svg>",
        label = escape_xml(name),
        text = escape_xml(&initials(name)),
    )
}

/// Any valid uid gets an avatar; known users get their initials.
pub async fn serve(State(st): State<SharedState>, PathParams(file): PathParams<String>) -> Response {
    let Some(raw) = file.strip_suffix(".svg") else {
        return ApiError::NotFound(format!("/avatars/{file}")).into_response();
    };
    let Ok(uid) = validate::uid(raw) else {
        return ApiError::NotFound(format!("/avatars/{file}")).into_response();
    };
    let key = uid.clone();
    let name = match st.db.read(move |c| users::by_uid(c, &key, None)).await {
        Ok(Some(u)) => u.name,
        _ => uid.clone(),
    };
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=3600")], svg(&uid, &name))
        .into_response()
}

pub fn url(public_base: &str, uid: &str) -> String {
    format!("{public_base}/avatars/{uid}.svg")
}
