//! The key that seals secrets at rest (`KONTOR_SECRET_KEY`).
//!
//! In production — a public URL with `https://` — the key must be configured: Kontor
//! refuses to start without it (a generated key on a server's disk is easily lost,
//! and with it every second factor). For development and the demo a key is generated
//! once into `data/secret-key` and reused.

use crate::config::{Config, Secret};
use kontor_app::server::secrets::{MIN_KEY_CHARS, SecretBox};
use std::path::Path;

const GENERATED_KEY_FILE: &str = "data/secret-key";

/// Fills `config.secret_key` if it is empty (development), or explains why not.
pub fn resolve(config: &mut Config) -> anyhow::Result<SecretBox> {
    if config.secret_key.is_none() {
        if config.serves_https() {
            anyhow::bail!(
                "KONTOR_SECRET_KEY is not set: in production (an https public URL) it must be \
                 configured — at least {MIN_KEY_CHARS} random characters, kept safe like a backup key"
            );
        }
        config.secret_key = Some(Secret::new(generated_key(Path::new(GENERATED_KEY_FILE))?));
    }
    let text = config
        .secret_key
        .as_ref()
        .map(Secret::expose)
        .unwrap_or_default();
    SecretBox::from_key_text(text).ok_or_else(|| {
        anyhow::anyhow!("KONTOR_SECRET_KEY is too short: at least {MIN_KEY_CHARS} characters")
    })
}

fn generated_key(path: &Path) -> anyhow::Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path)
        && existing.trim().len() >= MIN_KEY_CHARS
    {
        return Ok(existing.trim().to_string());
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let key = kontor_app::server::auth::random_token();
    write_private(path, &key)?;
    tracing::warn!(path = %path.display(), "generated a secret key for development; set KONTOR_SECRET_KEY in production");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?
        .write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
