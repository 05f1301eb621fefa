//! Where a "go back to" target (`next`) may lead: only to a path on this site.
//!
//! A target arrives from a query string, a form field or a link in a mail, so an
//! attacker can choose it. Browsers resolve a `Location` by the WHATWG URL rules, which
//! are forgiving: they drop tabs and newlines anywhere (`/\t/evil.example` becomes
//! `//evil.example`, another host), strip leading spaces and control characters, and
//! read a backslash as a slash (`/\evil.example`). So a target is accepted only when,
//! read by those rules, it is a *path-absolute* reference — one slash, then a path
//! segment — and nothing in it is something a browser would silently drop or
//! reinterpret. Anything else falls back to the start page (the caller's choice).

/// The target as a same-origin path (with its query and fragment), or `None`.
pub fn local_path(target: &str) -> Option<&str> {
    let mut chars = target.chars();
    if chars.next() != Some('/') {
        // Relative references, schemes (`https:`, `javascript:`), empty: refused.
        return None;
    }
    match chars.next() {
        // `//host` is another origin; `/\host` is read as `//host`.
        Some('/') | Some('\\') => return None,
        _ => {}
    }
    let suspicious = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    if target.chars().any(suspicious) {
        return None;
    }
    Some(target)
}

/// [`local_path`] with the start page as fallback.
pub fn local_path_or_home(target: &str) -> &str {
    local_path(target).unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_targets_are_refused() {
        for hostile in [
            "",
            "https://evil.example/",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            " /x",
            "/x y",
            "\u{0}/x",
            "/x\u{7f}",
            "/\u{a0}/evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,hi",
            "evil.example",
            "./x",
            "..//evil.example",
            "/x\\y",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
            assert_eq!(local_path_or_home(hostile), "/", "{hostile:?}");
        }
    }

    #[test]
    fn own_paths_pass_unchanged() {
        for path in [
            "/",
            "/catalog",
            "/catalog?q=pump&after=NH-1#top",
            "/files/0190-abc",
            // Encoded: the browser keeps `%09` as it is, so this stays on the site.
            "/%09/evil.example",
            "/%2F%2Fevil.example",
            "/x//y",
        ] {
            assert_eq!(local_path(path), Some(path));
        }
    }

    proptest! {
        /// Whatever is accepted resolves, by the browser's URL rules, to this site.
        #[test]
        fn accepted_targets_stay_on_the_site(target in "\\PC{0,12}|[/\\\\\t\n @%:.a-z]{0,12}") {
            if let Some(path) = local_path(&target) {
                let base = url::Url::parse("https://kontor.example/orders/1").unwrap();
                let resolved = base.join(path).unwrap();
                prop_assert_eq!(resolved.origin(), base.origin());
                prop_assert_eq!(resolved.username(), "");
            }
        }
    }
}
