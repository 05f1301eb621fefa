//! Seeding the demo data of the product brief, with the demo password.

use crate::config::Secret;
use argon2::{Argon2, PasswordHasher};
use kontor_store::demo::{SeedOutcome, USERS};
use kontor_store::{Store, now_ms};
use password_hash::{SaltString, rand_core::OsRng};
use rand::Rng;

/// One demo login, for the start-up banner.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub email: &'static str,
    pub description: &'static str,
}

/// What seeding did, and the password to print when it was generated here.
#[derive(Clone, Debug)]
pub struct DemoSeed {
    pub outcome: SeedOutcome,
    /// The password of every demo login, when it is known to be the one stored: the
    /// configured one, or one generated and stored just now.
    pub password: Option<Secret>,
    pub generated: bool,
    pub logins: Vec<DemoLogin>,
}

pub async fn seed(store: &Store, configured: Option<&Secret>) -> anyhow::Result<DemoSeed> {
    let (password, generated) = match configured {
        Some(password) => (password.clone(), false),
        None => (Secret::new(generate_password()), true),
    };
    // Argon2id with OWASP's parameters; hashed once off the async runtime.
    let to_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        let params = argon2::Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
        Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
            .hash_password(to_hash.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))
    })
    .await??;
    let outcome = store.seed_demo(&hash, now_ms()).await?;
    Ok(DemoSeed {
        outcome,
        // A password generated now but not stored (the data was there) would not work.
        password: (!generated || outcome == SeedOutcome::Seeded).then_some(password),
        generated,
        logins: USERS
            .iter()
            .map(|u| DemoLogin {
                email: u.email,
                description: u.description,
            })
            .collect(),
    })
}

fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
