//! The session store: `tower-sessions` records kept in Kontor's database.
//!
//! Why our own adapter rather than `tower-sessions-sqlx-store`: that crate needs a
//! typed SQLite or PostgreSQL pool, while Kontor runs one code path over sqlx's `Any`;
//! and ending all sessions of a user (deactivation, suspension, password reset) needs
//! the user id beside the record, which its schema does not keep. Only a SHA-256 of
//! the session id is stored, so a copy of the database opens no session.

use async_trait::async_trait;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use kontor_app::server::auth::session_user_read;
use kontor_store::sessions::SLIDE_STEP_MS;
use kontor_store::{Store, now_ms};
use std::cell::RefCell;
use std::time::Duration;
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

/// A session ends this long after sign-in, however active it is.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// A session as this request loaded it.
struct Loaded {
    id: Id,
    data: Data,
    expires_ms: i64,
}

type Data = std::collections::HashMap<String, serde_json::Value>;

tokio::task_local! {
    /// The session this request loaded, so that saving it unchanged at the end of the
    /// request costs no statement. Every page request saves its session (to slide the
    /// idle timeout), and on SQLite even an `UPDATE` that changes no row takes the
    /// database's one write lock, queueing the page behind order placements.
    static LOADED: RefCell<Option<Loaded>>;
}

/// Middleware around the session layer: gives each request its own [`LOADED`].
/// It also gives the request the slot for the user its session load reads
/// ([`session_user_read`]).
pub async fn remember_loaded_session(request: Request, next: Next) -> Response {
    let request = session_user_read::scope(next.run(request));
    LOADED.scope(RefCell::new(None), request).await
}

/// Whether `id` would be saved as this request loaded it, give or take less than a
/// slide step of its end. Outside [`remember_loaded_session`] nothing is known: false.
/// Compared as data, not as text: the record's map has no fixed key order.
fn saved_already(id: &Id, data: &Data, expires_ms: i64) -> bool {
    LOADED
        .try_with(|loaded| {
            loaded.borrow().as_ref().is_some_and(|loaded| {
                loaded.id == *id
                    && loaded.data == *data
                    && expires_ms < loaded.expires_ms + SLIDE_STEP_MS
            })
        })
        .unwrap_or(false)
}

#[derive(Clone, Debug)]
pub struct DbSessions {
    store: Store,
}

impl DbSessions {
    pub fn new(store: Store) -> DbSessions {
        DbSessions { store }
    }
}

fn key(id: &Id) -> String {
    kontor_app::server::auth::session_key(&id.to_string())
}

/// The user id axum-login keeps in the record, so that it can be indexed.
fn user_of(record: &Record) -> Option<String> {
    user_id_in(&record.data).map(str::to_string)
}

fn user_id_in(data: &Data) -> Option<&str> {
    data.get("axum-login.data")
        .and_then(|data| data.get("user_id"))
        .and_then(|id| id.as_str())
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn encode(record: &Record) -> Result<(String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    Ok((data, expires_ms(record)))
}

fn expires_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

fn started_after() -> i64 {
    now_ms() - ABSOLUTE_TIMEOUT.as_millis() as i64
}

#[async_trait]
impl SessionStore for DbSessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let (data, expires) = encode(record)?;
        // A collision of 128 random bits is practically impossible; draw again anyway.
        while !self
            .store
            .session_create(
                &key(&record.id),
                user_of(record).as_deref(),
                &data,
                now_ms(),
                expires,
            )
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        if saved_already(&record.id, &record.data, expires_ms(record)) {
            return Ok(());
        }
        let (data, expires) = encode(record)?;
        self.store
            .session_save(&key(&record.id), user_of(record).as_deref(), &data, expires)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(loaded) = self
            .store
            .session_load(&key(id), now_ms(), started_after())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let expires_ms = loaded.expires_at;
        let data: Data =
            serde_json::from_str(&loaded.data).map_err(|e| Error::Decode(e.to_string()))?;
        // The user came with the session: keep it for the sign-in layer's lookup, which
        // follows at once. Keyed by the id inside the record (the one the layer asks
        // for): a row whose `user_id` column disagreed would not be used.
        if let Some(user) = loaded.user
            && user_id_in(&data) == Some(user.0.id.as_str())
        {
            session_user_read::keep(user);
        }
        let _ = LOADED.try_with(|loaded| {
            *loaded.borrow_mut() = Some(Loaded {
                id: *id,
                data: data.clone(),
                expires_ms,
            })
        });
        let expiry_date =
            time::OffsetDateTime::from_unix_timestamp_nanos(expires_ms as i128 * 1_000_000)
                .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.store.session_delete(&key(id)).await.map_err(backend)
    }
}

/// Removes ended sessions (refused on load anyway), old attempt counters and
/// idempotency keys past their day, now and then.
pub async fn clean_up(store: Store, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(600)) => {}
            _ = stop.changed() => return,
        }
        if let Err(error) = store
            .sessions_delete_expired(now_ms(), started_after())
            .await
        {
            tracing::warn!(%error, "removing ended sessions failed");
        }
        if let Err(error) = store.forget_old_attempts(now_ms()).await {
            tracing::warn!(%error, "removing old attempt counters failed");
        }
        // Idempotency keys are honoured for a day.
        if let Err(error) = store.forget_idempotency_keys(now_ms() - 86_400_000).await {
            tracing::warn!(%error, "removing old idempotency keys failed");
        }
    }
}
