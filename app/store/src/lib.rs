//! The store: every SQL statement of Kontor lives in this crate.
//!
//! One code path serves SQLite (the embedded default) and PostgreSQL (production)
//! through sqlx's `Any` driver: portable SQL with `$n` placeholders. What differs
//! between the engines (connection pragmas, how a write transaction begins,
//! migrations) is confined to [`backend`].

pub mod accounts;
pub mod analytics;
pub mod audit;
mod backend;
pub mod catalog;
mod changes;
pub mod conditions;
pub mod demo;
pub mod documents;
mod filter;
pub mod follow_ups;
pub mod integration;
pub mod leads;
pub mod load_world;
pub mod notifications;
pub mod order_months;
pub mod orders;
pub mod organizations;
pub mod outbox;
mod price_changes;
pub mod profile;
pub mod prospects;
pub mod quotes;
mod readers;
pub mod relationship_survey;
pub mod service;
pub mod sessions;
mod sqlite_memory;
pub mod throttle;
pub mod timeline;
pub mod webhooks;

pub use backend::{ACQUIRE_TIMEOUT, Backend, BackupOutcome, PoolConnections, PoolSettings, Store};

use std::time::{SystemTime, UNIX_EPOCH};

/// A write transaction (see [`Store::begin_write`]).
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Errors from the store. The message of [`StoreError::Database`] may contain SQL
/// details: it is for logs only, never for the browser.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (expected sqlite: or postgres:)")]
    UnsupportedUrl,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A new id: UUIDv7, time-ordered, safe to generate on many nodes.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Milliseconds since the epoch, UTC: the one timestamp format in the database.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
