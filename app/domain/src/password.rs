//! Password rules (OWASP ASVS 4.0, V2.1): a minimum length of 12, at least 64 allowed
//! (here 128), any characters, no composition rules, and no password from lists of
//! common or breached passwords or made of the person's own e-mail address or name.

use crate::field::FieldProblem;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// The most common passwords of public breach corpora (lower-case). A candidate is
/// refused when it is one of them, or one of them with digits and symbols around it
/// ("Password2024!", "!!qwertyuiop"), since those are the first guesses of any attack.
const COMMON: &[&str] = &[
    "password",
    "passwort",
    "qwerty",
    "qwertz",
    "qwertyuiop",
    "qwertzuiop",
    "asdfghjkl",
    "yxcvbnm",
    "zxcvbnm",
    "123456",
    "1234567890",
    "12345678910",
    "111111",
    "000000",
    "abc123",
    "letmein",
    "welcome",
    "willkommen",
    "admin",
    "administrator",
    "iloveyou",
    "monkey",
    "dragon",
    "football",
    "fussball",
    "baseball",
    "master",
    "sunshine",
    "princess",
    "shadow",
    "superman",
    "batman",
    "trustno1",
    "hallo",
    "hallo123",
    "geheim",
    "sommer",
    "winter",
    "fruehling",
    "herbst",
    "schatz",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "changeme",
    "secret",
    "login",
    "starwars",
    "whatever",
    "freedom",
    "computer",
    "internet",
    "michael",
    "jennifer",
    "charlie",
    "hunter",
    "ranger",
    "jordan",
    "thomas",
    "andrea",
    "daniel",
    "nicole",
    "jessica",
    "summer",
    "ashley",
    "mustang",
    "access",
    "killer",
    "pepper",
    "cheese",
    "soccer",
    "hockey",
    "liverpool",
    "chelsea",
    "arsenal",
    "bayern",
    "borussia",
    "schalke",
    "deutschland",
    "germany",
    "berlin",
    "hamburg",
    "muenchen",
    "kontor",
    "nordhydraulik",
    "company",
    "firma",
    "test",
    "testtest",
    "testing",
    "guest",
    "default",
    "root",
    "toor",
    "user",
    "benutzer",
    "qazwsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "zaq12wsx",
    "aa123456",
    "987654321",
    "lovely",
    "flower",
    "blink182",
    "pokemon",
    "minecraft",
    "samsung",
    "google",
    "facebook",
    "linkedin",
    "mypassword",
    "yourpassword",
    "newpassword",
    "mein passwort",
    "passwordpassword",
    "abcdefghijkl",
    "abcdefg",
    "abcd1234",
    "correcthorsebatterystaple",
];

/// Checks a new password. `personal` holds the person's e-mail address and name.
pub fn check(candidate: &str, personal: &[&str]) -> Result<(), FieldProblem> {
    let length = candidate.chars().count();
    if length == 0 {
        return Err(FieldProblem::Required);
    }
    if length < MIN_CHARS {
        return Err(FieldProblem::PasswordTooShort);
    }
    if length > MAX_CHARS {
        return Err(FieldProblem::PasswordTooLong);
    }
    let lower = candidate.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    if distinct.len() <= 2 || COMMON.contains(&core) || is_run(&lower) {
        return Err(FieldProblem::PasswordCommon);
    }
    for item in personal {
        let item = item.trim().to_lowercase();
        let local = item.split('@').next().unwrap_or_default();
        for part in [item.as_str(), local] {
            if part.chars().count() >= 4
                && (core == part || lower.contains(part) && core.len() <= part.len() + 4)
            {
                return Err(FieldProblem::PasswordPersonal);
            }
        }
    }
    Ok(())
}

/// "123456789012", "abcdefghijkl", "987654321098": a slice of the digits or the
/// alphabet in order (wrapping around), forwards or backwards.
fn is_run(text: &str) -> bool {
    const SEQUENCES: [&str; 2] = ["0123456789", "abcdefghijklmnopqrstuvwxyz"];
    let reversed: String = text.chars().rev().collect();
    SEQUENCES.iter().any(|seq| {
        let wrapped = seq.repeat(text.len() / seq.len() + 2);
        wrapped.contains(text) || wrapped.contains(reversed.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(check("", &[]), Err(FieldProblem::Required));
        assert_eq!(
            check("short pass1", &[]),
            Err(FieldProblem::PasswordTooShort)
        );
        assert_eq!(
            check(&"ab".repeat(65), &[]),
            Err(FieldProblem::PasswordTooLong)
        );
        // 64 characters must be accepted (ASVS 2.1.2), as must any character.
        assert_eq!(check(&"Brunnen-Pumpe 7 ".repeat(4), &[]), Ok(()));
        assert_eq!(check("grüne Äpfel im Herbst 🍏", &[]), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_also_when_decorated() {
        for bad in [
            "Password2024!",
            "qwertyuiop12",
            "!!Willkommen!!",
            "123456789012",
            "aaaaaaaaaaaaaa",
            "abababababab",
        ] {
            assert_eq!(check(bad, &[]), Err(FieldProblem::PasswordCommon), "{bad}");
        }
        // No composition rules: a long lower-case phrase is fine.
        assert_eq!(check("pumpen laufen leise", &[]), Ok(()));
    }

    #[test]
    fn the_persons_own_address_or_name_is_refused() {
        let me = ["egon.schmidt@mueller.example", "Egon Schmidt"];
        assert_eq!(
            check("egon.schmidt@mueller.example", &me),
            Err(FieldProblem::PasswordPersonal)
        );
        assert_eq!(
            check("Egon.Schmidt2024", &me),
            Err(FieldProblem::PasswordPersonal)
        );
        assert_eq!(check("Ventile und Pumpen", &me), Ok(()));
    }
}
