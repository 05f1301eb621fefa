//! The second factor of vendor staff: TOTP (RFC 6238, 30 s, 6 digits, SHA-1 — what
//! every authenticator app speaks) and one-time recovery codes.

use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODES: usize = 10;
/// Symbols per recovery code (in groups of five).
const RECOVERY_CODE_SYMBOLS: usize = 20;

/// A new secret: 160 random bits, base32 as authenticator apps expect it.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded returns the encoded form"),
    }
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, bytes).ok()
}

/// The time step whose code `code` is, if it is the code of the previous, the
/// current or the next step (clocks drift). The caller accepts each step once.
pub fn matching_step(secret: &str, code: &str, now_seconds: u64) -> Option<i64> {
    let totp = totp(secret)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let current = now_seconds / STEP_SECONDS;
    (current.saturating_sub(1)..=current + 1).find_map(|step| {
        let expected = totp.generate(step * STEP_SECONDS);
        // Constant time: no early exit on the first differing digit.
        let same = expected.len() == code.len()
            && expected
                .bytes()
                .zip(code.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        same.then_some(step as i64)
    })
}

/// The `otpauth://` address an authenticator app imports.
pub fn otpauth_uri(email: &str, secret: &str) -> String {
    let label = crate::address::encode(email);
    format!("otpauth://totp/Kontor:{label}?secret={secret}&issuer=Kontor&digits=6&period=30")
}

/// Ten recovery codes like `k3m9p-x2q7t` (50 random bits each).
pub fn recovery_codes() -> Vec<String> {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            // 20 of 31 symbols: 99 bits, beyond guessing (kept as a fast SHA-256).
            let symbols: Vec<char> = (0..RECOVERY_CODE_SYMBOLS)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            symbols
                .chunks(5)
                .map(|group| group.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// A recovery code as typed: lower case, without spaces.
pub fn normalize_recovery_code(code: &str) -> String {
    code.trim().to_lowercase().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_carry_at_least_80_bits() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in &codes {
            let symbols = code.chars().filter(|c| *c != '-').count();
            let bits = symbols as f64 * 31f64.log2();
            assert!(bits >= 80.0, "{code}: {bits} bits");
            assert_eq!(normalize_recovery_code(&code.to_uppercase()), *code);
        }
    }

    #[test]
    fn codes_of_neighbouring_steps_match_and_others_do_not() {
        let secret = new_secret();
        let totp = totp(&secret).unwrap();
        let now = 1_800_000_000;
        let step = (now / 30) as i64;
        assert_eq!(matching_step(&secret, &totp.generate(now), now), Some(step));
        assert_eq!(
            matching_step(&secret, &totp.generate(now - 30), now),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(&secret, &totp.generate(now + 30), now),
            Some(step + 1)
        );
        assert_eq!(matching_step(&secret, &totp.generate(now - 90), now), None);
        assert_eq!(matching_step(&secret, "", now), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_well_formed() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 23 && c.split('-').all(|group| group.len() == 5))
        );
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
    }
}
