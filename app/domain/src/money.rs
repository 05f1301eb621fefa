//! Money as integer cents in EUR. Prices in Kontor are net (B2B); no floating point anywhere.

use crate::locale::Locale;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in euro cents. Negative amounts exist (credits, differences) but every
/// price parsed from user input must be non-negative: see [`Money::parse_price`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyParseError {
    Empty,
    NotANumber,
    TooManyDecimals,
    Negative,
    TooLarge,
}

impl fmt::Display for MoneyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "enter an amount",
            Self::NotANumber => "not an amount of money",
            Self::TooManyDecimals => "at most two decimal places",
            Self::Negative => "must not be negative",
            Self::TooLarge => "amount too large",
        })
    }
}

/// Upper bound for amounts entered by people: 1 trillion euro. Keeps every sum of a
/// realistic number of amounts far away from i64 overflow.
const MAX_INPUT_CENTS: i64 = 100_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Adds two amounts; `None` on overflow instead of wrapping silently.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Unit price × quantity, exact in cents; `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        self.0.checked_mul(quantity).map(Money)
    }

    /// Parses a non-negative price typed by a person in either locale's notation:
    /// "1290", "1290.5", "1.290,50", "1,290.50", "5.000,00 €", "€ 84.50".
    ///
    /// The last `.` or `,` followed by one or two digits is the decimal separator;
    /// every other `.`, `,`, space or apostrophe is a thousands separator.
    pub fn parse_price(input: &str) -> Result<Money, MoneyParseError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('€')
            .trim_end_matches('€')
            .trim()
            .to_string();
        if cleaned.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        if cleaned.starts_with('-') {
            return Err(MoneyParseError::Negative);
        }
        let last_sep = cleaned.rfind(['.', ',']);
        let (int_part, frac_part) = match last_sep {
            Some(pos) => {
                let frac = &cleaned[pos + 1..];
                if frac.len() <= 2 && !frac.is_empty() && frac.chars().all(|c| c.is_ascii_digit()) {
                    (&cleaned[..pos], frac)
                } else if frac.len() == 3 && frac.chars().all(|c| c.is_ascii_digit()) {
                    // "1.290" or "1,290": a thousands separator, no decimals.
                    (cleaned.as_str(), "")
                } else if frac.chars().all(|c| c.is_ascii_digit()) && !frac.is_empty() {
                    return Err(MoneyParseError::TooManyDecimals);
                } else {
                    return Err(MoneyParseError::NotANumber);
                }
            }
            None => (cleaned.as_str(), ""),
        };
        let digits: String = int_part
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}'))
            .collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyParseError::NotANumber);
        }
        if digits.len() > 15 {
            return Err(MoneyParseError::TooLarge);
        }
        let euros: i64 = digits.parse().map_err(|_| MoneyParseError::NotANumber)?;
        let cents: i64 = match frac_part.len() {
            0 => 0,
            1 => {
                frac_part
                    .parse::<i64>()
                    .map_err(|_| MoneyParseError::NotANumber)?
                    * 10
            }
            _ => frac_part
                .parse::<i64>()
                .map_err(|_| MoneyParseError::NotANumber)?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|e| e.checked_add(cents))
            .ok_or(MoneyParseError::TooLarge)?;
        if total > MAX_INPUT_CENTS {
            return Err(MoneyParseError::TooLarge);
        }
        Ok(Money(total))
    }

    /// Formats for people: German "5.000,00 €", English "€5,000.00".
    pub fn format(self, locale: Locale) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let euros = abs / 100;
        let cents = abs % 100;
        let (thousands, decimal) = match locale {
            Locale::De => ('.', ','),
            Locale::En => (',', '.'),
        };
        let grouped = group_thousands(euros, thousands);
        let sign = if negative { "-" } else { "" };
        match locale {
            Locale::De => format!("{sign}{grouped}{decimal}{cents:02}\u{a0}€"),
            Locale::En => format!("{sign}€{grouped}{decimal}{cents:02}"),
        }
    }
}

impl Money {
    /// Whole euros for people, without cents (rounded toward zero): "8.000 €",
    /// "€8,000" — a chart's axis.
    pub fn format_whole(self, locale: Locale) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let euros = self.0.unsigned_abs() / 100;
        match locale {
            Locale::De => format!("{sign}{}\u{a0}€", group_thousands(euros, '.')),
            Locale::En => format!("{sign}€{}", group_thousands(euros, ',')),
        }
    }
}

fn group_thousands(mut value: u64, separator: char) -> String {
    if value == 0 {
        return "0".into();
    }
    let mut groups = Vec::new();
    while value > 0 {
        groups.push(value % 1000);
        value /= 1000;
    }
    let mut out = String::new();
    for (i, group) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&group.to_string());
        } else {
            out.push(separator);
            out.push_str(&format!("{group:03}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_euros_drop_the_cents() {
        assert_eq!(
            Money::from_cents(800_000).format_whole(Locale::De),
            "8.000\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(1_234_599).format_whole(Locale::En),
            "€12,345"
        );
        assert_eq!(Money::ZERO.format_whole(Locale::En), "€0");
    }

    #[test]
    fn formats_german_like_the_product_brief() {
        assert_eq!(
            Money::from_cents(500_000).format(Locale::De),
            "5.000,00\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(129_000).format(Locale::De),
            "1.290,00\u{a0}€"
        );
        assert_eq!(Money::from_cents(8_450).format(Locale::De), "84,50\u{a0}€");
        assert_eq!(Money::from_cents(5).format(Locale::De), "0,05\u{a0}€");
    }

    #[test]
    fn formats_english() {
        assert_eq!(Money::from_cents(500_000).format(Locale::En), "€5,000.00");
        assert_eq!(
            Money::from_cents(25_000_000_000).format(Locale::En),
            "€250,000,000.00"
        );
        assert_eq!(Money::from_cents(-1_050).format(Locale::En), "-€10.50");
    }

    #[test]
    fn parses_both_notations() {
        for (text, cents) in [
            ("1290", 129_000),
            ("1290.5", 129_050),
            ("1.290,50", 129_050),
            ("1,290.50", 129_050),
            ("5.000,00 €", 500_000),
            ("€ 84.50", 8_450),
            ("1.290", 129_000),
            ("1 290,00", 129_000),
            ("0,05", 5),
        ] {
            assert_eq!(
                Money::parse_price(text),
                Ok(Money::from_cents(cents)),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_bad_prices_with_a_reason() {
        assert_eq!(Money::parse_price("  "), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse_price("-5"), Err(MoneyParseError::Negative));
        assert_eq!(
            Money::parse_price("12.3456"),
            Err(MoneyParseError::TooManyDecimals)
        );
        assert_eq!(Money::parse_price("abc"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse_price("1e5"), Err(MoneyParseError::NotANumber));
        assert_eq!(
            Money::parse_price("99999999999999999"),
            Err(MoneyParseError::TooLarge)
        );
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_gives_the_same_amount(cents in 0i64..MAX_INPUT_CENTS) {
            let money = Money::from_cents(cents);
            for locale in [Locale::De, Locale::En] {
                prop_assert_eq!(Money::parse_price(&money.format(locale)), Ok(money));
            }
        }

        #[test]
        fn line_totals_are_exact(unit in 0i64..10_000_000, qty in 0i64..100_000) {
            let total = Money::from_cents(unit).checked_mul(qty).unwrap();
            prop_assert_eq!(total.cents(), unit * qty);
        }
    }
}
