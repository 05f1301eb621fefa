//! Secrets at rest, sealed: a copy of the database alone does not give an attacker
//! the staff's second factors.
//!
//! Sealing is ChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`) under a key from the
//! configuration (`KONTOR_SECRET_KEY`; its SHA-256 is the cipher key, so any long
//! random text will do). Each sealed value names what it belongs to (the user id) as
//! associated data, so a sealed secret copied onto another row does not open.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

const PREFIX: &str = "v1:";
/// Shorter keys are refused: the key must not be guessable.
pub const MIN_KEY_CHARS: usize = 32;

#[derive(Clone)]
pub struct SecretBox {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox([redacted])")
    }
}

impl SecretBox {
    /// `None` when the key text is shorter than [`MIN_KEY_CHARS`].
    pub fn from_key_text(text: &str) -> Option<SecretBox> {
        let text = text.trim();
        if text.chars().count() < MIN_KEY_CHARS {
            return None;
        }
        let key = Sha256::digest(text.as_bytes());
        Some(SecretBox {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
        })
    }

    /// Seals `plain` for `owner`.
    pub fn seal(&self, plain: &str, owner: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: owner.as_bytes(),
                },
            )
            .expect("sealing cannot fail for in-memory data");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Opens what [`SecretBox::seal`] sealed for `owner`; `None` when it was sealed
    /// under another key, for another owner, or changed.
    pub fn open(&self, sealed: &str, owner: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }

    /// Whether a stored value is sealed (values from before sealing are not).
    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a test key that is long enough to be used";

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_owner() {
        let secrets = SecretBox::from_key_text(KEY).unwrap();
        let sealed = secrets.seal("JBSWY3DPEHPK3PXP", "user-1");
        assert!(SecretBox::is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            secrets.open(&sealed, "user-1").as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(secrets.open(&sealed, "user-2"), None, "another owner");
        let other = SecretBox::from_key_text("another key that is also long enough!").unwrap();
        assert_eq!(other.open(&sealed, "user-1"), None, "another key");
        assert_ne!(
            secrets.seal("x", "u"),
            secrets.seal("x", "u"),
            "a fresh nonce each time"
        );
        assert!(SecretBox::from_key_text("too short").is_none());
    }
}
