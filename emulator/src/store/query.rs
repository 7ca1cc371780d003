//! Small SQL helpers shared by the list queries.

/// `LIKE` pattern for "starts with", with `\` as the escape character.
pub fn prefix_pattern(s: &str) -> String {
    let mut p = String::with_capacity(s.len() + 1);
    for c in s.chars() {
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
