//! Free-text fields typed by people: names, company names, notes.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong { max: usize },
    ControlCharacters,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("required"),
            Self::TooLong { max } => write!(f, "at most {max} characters"),
            Self::ControlCharacters => f.write_str("contains characters that are not allowed"),
        }
    }
}

/// A required single-line text of at most `max` characters, trimmed.
pub fn required_line(input: &str, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    Ok(trimmed.to_string())
}

/// An optional multi-line text of at most `max` characters; line breaks and tabs allowed.
pub fn optional_text(input: &str, max: usize) -> Result<Option<String>, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextError::ControlCharacters);
    }
    Ok(Some(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_line_rules() {
        assert_eq!(
            required_line("  Müller GmbH ", 20),
            Ok("Müller GmbH".into())
        );
        assert_eq!(required_line("   ", 10), Err(TextError::Empty));
        assert_eq!(
            required_line("Müller", 6),
            Ok("Müller".into()),
            "counts characters, not bytes"
        );
        assert_eq!(
            required_line("a\u{0}b", 6),
            Err(TextError::ControlCharacters)
        );
    }

    #[test]
    fn optional_text_rules() {
        assert_eq!(optional_text("  ", 5), Ok(None));
        assert_eq!(optional_text("a\nb", 5), Ok(Some("a\nb".into())));
        assert_eq!(
            optional_text("abcdef", 5),
            Err(TextError::TooLong { max: 5 })
        );
    }
}
