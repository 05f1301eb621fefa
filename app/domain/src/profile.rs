//! What a person keeps up to date about themselves on "My profile": the name their
//! colleagues and the vendor see, and a phone number to reach them by; and how a
//! browser they sign in from is named in the "new sign-in" mail.
//!
//! Decisions taken here where the rules are silent:
//! - The phone is optional. It is kept as typed (people write numbers their own way),
//!   but it must look like one: digits with the usual separators (space, `-`, `/`,
//!   `.`, brackets), at most one leading `+`, and 5 to 20 digits in all.
//! - A browser is named by what its user-agent says of the browser and the system
//!   ("Chrome on Android"); that is all the mail needs for a person to recognise it,
//!   and it says nothing more precise than the browser told us.

use crate::field::{FieldProblem, FormProblems};
use crate::team::NAME_MAX;
use crate::text::required_line;

/// The longest phone number kept, as typed.
pub const PHONE_MAX: usize = 40;

/// A person's details as they will be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub display_name: String,
    pub phone: Option<String>,
}

impl Details {
    /// The form as typed: `display_name` required, `phone` optional.
    pub fn parse(display_name: &str, phone: &str) -> Result<Details, FormProblems> {
        let mut problems = FormProblems::default();
        let name = required_line(display_name, NAME_MAX)
            .map_err(|e| problems.add("display_name", FieldProblem::from(e)))
            .ok();
        let phone = parse_phone(phone)
            .map_err(|p| problems.add("phone", p))
            .ok();
        problems.or_value(|| Details {
            display_name: name.unwrap_or_default(),
            phone: phone.flatten(),
        })
    }
}

/// An optional phone number: empty is none; otherwise it must look like a number.
pub fn parse_phone(input: &str) -> Result<Option<String>, FieldProblem> {
    let phone = input.trim();
    if phone.is_empty() {
        return Ok(None);
    }
    if phone.chars().count() > PHONE_MAX {
        return Err(FieldProblem::TooLong);
    }
    let body = phone.strip_prefix('+').unwrap_or(phone);
    let allowed = |c: char| c.is_ascii_digit() || " -/.()".contains(c);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !body.chars().all(allowed) || !(5..=20).contains(&digits) {
        return Err(FieldProblem::InvalidPhone);
    }
    Ok(Some(phone.to_string()))
}

/// How a browser is named to its owner: "<browser> on <system>", from its user-agent
/// header (the parts not recognised are left out; nothing recognised: `None`).
pub fn device_label(user_agent: &str) -> Option<String> {
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    const BROWSERS: [(&str, &str); 6] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(mark, _)| user_agent.contains(mark))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => Some(format!("{browser} · {system}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_need_a_name_and_a_phone_that_looks_like_one() {
        let d = Details::parse("  Hannah Berg ", " +49 (30) 1234-567 ").unwrap();
        assert_eq!(d.display_name, "Hannah Berg");
        assert_eq!(d.phone.as_deref(), Some("+49 (30) 1234-567"));
        assert_eq!(Details::parse("Hannah", "").unwrap().phone, None);
        let problems = Details::parse(" ", "call me").unwrap_err();
        assert_eq!(problems.get("display_name"), Some(FieldProblem::Required));
        assert_eq!(problems.get("phone"), Some(FieldProblem::InvalidPhone));
        for bad in [
            "123",
            "++49 30 123456",
            "49 30 12x456",
            "+49 30 123 456 789 012 345 678 9",
        ] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_phone(&"1".repeat(41)), Err(FieldProblem::TooLong));
    }

    #[test]
    fn a_browser_is_named_by_browser_and_system() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(device_label(android).unwrap(), "Chrome · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(iphone).unwrap(), "Safari · iOS");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
        assert_eq!(device_label(edge).unwrap(), "Edge · Windows");
        assert_eq!(device_label("curl/8.5"), None);
    }
}
