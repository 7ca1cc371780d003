//! Small SQL helpers shared by the queries.

/// Case folding for search and ordering, in Rust and as the SQL function `fold(text)`: SQLite's
/// own `lower()`, `LIKE` and `NOCASE` fold ASCII only, so `É` would not find `é`.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// How a search keyword matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Match {
    /// Anywhere in the text (the client API).
    #[default]
    Substring,
    /// At the start (the admin API: its OpenAPI file says "LIKE%").
    Prefix,
}

/// The `LIKE … ESCAPE '\'` pattern for a folded keyword: `%`, `_` and `\` match themselves.
pub fn like_pattern(keyword: &str, how: Match) -> String {
    let mut p = String::with_capacity(keyword.len() + 2);
    if how == Match::Substring {
        p.push('%');
    }
    for c in fold(keyword).chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// `col IN (?, ?, …)` with `n` bare placeholders.
pub fn in_list(col: &str, n: usize) -> String {
    format!("{col} IN ({})", vec!["?"; n].join(", "))
}

/// Page offset, or None when the page lies beyond anything SQLite can address.
pub fn offset(page: i64, per_page: i64) -> Option<i64> {
    page.checked_sub(1)?.checked_mul(per_page)
}
