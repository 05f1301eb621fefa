//! The languages Kontor speaks, and how one is chosen for a request.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    De,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// BCP 47 tag, as used in `<html lang>` and the language cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The language's name in itself ("Deutsch"), as a language choice lists it.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
        }
    }

    /// Accepts a language tag such as "de", "de-AT" or "EN-gb".
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            _ => None,
        }
    }

    /// Chooses the locale for a request: an explicit choice (the language cookie) wins;
    /// otherwise the supported language the browser ranks highest in `Accept-Language`;
    /// otherwise English.
    pub fn negotiate(explicit: Option<&str>, accept_language: Option<&str>) -> Locale {
        if let Some(locale) = explicit.and_then(Locale::parse) {
            return locale;
        }
        let Some(header) = accept_language else {
            return Locale::default();
        };
        let mut best: Option<(u16, usize, Locale)> = None;
        for (position, entry) in header.split(',').enumerate() {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map(parse_quality)
                .unwrap_or(1000);
            let Some(locale) = Locale::parse(tag) else {
                continue;
            };
            if quality == 0 {
                continue;
            }
            // Higher quality wins; on a tie the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, _, _)) => quality > q,
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }
}

/// "0.8" → 800; anything unparsable counts as 0 (ignored), as RFC 9110 allows.
fn parse_quality(text: &str) -> u16 {
    let text = text.trim();
    let mut parts = text.splitn(2, '.');
    let whole: u16 = match parts.next().and_then(|w| w.parse().ok()) {
        Some(w @ 0..=1) => w,
        _ => return 0,
    };
    let frac = parts.next().unwrap_or("");
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return 0;
    }
    let frac_value: u16 = format!("{frac:0<3}").parse().unwrap_or(0);
    (whole * 1000 + frac_value).min(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_wins_over_header() {
        assert_eq!(Locale::negotiate(Some("de"), Some("en-US,en")), Locale::De);
        assert_eq!(
            Locale::negotiate(Some("fr"), Some("de")),
            Locale::De,
            "unknown cookie ignored"
        );
    }

    #[test]
    fn header_ranks_by_quality() {
        assert_eq!(
            Locale::negotiate(None, Some("de-DE,de;q=0.9,en;q=0.8")),
            Locale::De
        );
        assert_eq!(
            Locale::negotiate(None, Some("fr-FR, en;q=0.5, de;q=0.7")),
            Locale::De
        );
        assert_eq!(
            Locale::negotiate(None, Some("en;q=0.5, de;q=0")),
            Locale::En
        );
        assert_eq!(Locale::negotiate(None, Some("fr, es")), Locale::En);
        assert_eq!(
            Locale::negotiate(None, Some("de;q=garbage, en;q=0.1")),
            Locale::En
        );
        assert_eq!(Locale::negotiate(None, None), Locale::En);
    }
}
