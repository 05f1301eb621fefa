//! E-mail addresses as the portal accepts them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically plausible address, trimmed, with the domain lower-cased.
/// Deliverability is proven only by a mail that arrives; this type keeps obvious
/// typos and header-injection attempts out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailParseError {
    Empty,
    TooLong,
    Invalid,
}

impl fmt::Display for EmailParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "enter an e-mail address",
            Self::TooLong => "e-mail address too long",
            Self::Invalid => "not a valid e-mail address",
        })
    }
}

impl EmailAddress {
    pub fn parse(input: &str) -> Result<EmailAddress, EmailParseError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailParseError::Empty);
        }
        // RFC 5321 path limit.
        if trimmed.len() > 254 {
            return Err(EmailParseError::TooLong);
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or(EmailParseError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(EmailParseError::Invalid);
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> String {
        value.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_normalises() {
        let e = EmailAddress::parse("  Egon.Schmidt@Mueller.EXAMPLE ").unwrap();
        assert_eq!(e.as_str(), "Egon.Schmidt@mueller.example");
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for bad in [
            "egon",
            "egon@",
            "@mueller.example",
            "egon@mueller",
            "a..b@x.de",
            "egon@-x.de",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailParseError::Invalid),
                "{bad}"
            );
        }
        assert_eq!(EmailAddress::parse(""), Err(EmailParseError::Empty));
    }

    proptest! {
        // A header injection ("\r\nBcc: …") must never survive parsing.
        #[test]
        fn never_contains_line_breaks_or_spaces(s in ".{0,80}") {
            if let Ok(e) = EmailAddress::parse(&s) {
                prop_assert!(!e.as_str().contains(['\r', '\n', ' ', '<', '>', ',']));
            }
        }
    }
}
