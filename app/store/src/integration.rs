//! API clients (the ERP's credentials) and the remembered answers of idempotent POSTs.

use crate::audit::{self, AuditEntry};
use crate::{Result, Store};

/// An API client as stored; never its token, which only its hash identifies.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiClientRecord {
    pub id: String,
    pub name: String,
    /// Stored form of the domain's `Scopes`.
    pub scopes: String,
    /// Comma-separated customer ids; `None`: every customer.
    pub customers: Option<String>,
    pub token_hint: String,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
}

impl ApiClientRecord {
    /// The customer list, if the client is limited to one.
    pub fn customer_ids(&self) -> Option<Vec<String>> {
        self.customers.as_ref().map(|text| {
            text.split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect()
        })
    }
}

const CLIENT_COLUMNS: &str = "id, name, scopes, customers, token_hint, expires_at, revoked_at,
    last_used_at, created_by, created_at";

/// A client to create. `token_hash` is the SHA-256 of the token shown once.
pub struct NewApiClient<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub scopes: &'a str,
    pub customers: Option<&'a str>,
    pub token_hash: &'a str,
    pub token_hint: &'a str,
    pub expires_at: Option<i64>,
    pub created_by: &'a str,
}

/// "Last used" moves at most once a minute: a busy client must not cost a write per
/// request.
const LAST_USED_GRANULARITY_MS: i64 = 60_000;

/// What the first request with an idempotency key left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// The key is new: this request runs, and must `complete` or `release` it.
    Fresh,
    /// A request with this key has finished: its answer, to be sent again.
    Replay { status: u16, body: String },
    /// A request with this key is still running.
    InFlight,
    /// The key was used for a different request.
    Mismatch,
}

impl Store {
    pub async fn create_api_client(
        &self,
        client: &NewApiClient<'_>,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO api_clients (id, name, scopes, customers, token_hash, token_hint,
                                      expires_at, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(client.id)
        .bind(client.name)
        .bind(client.scopes)
        .bind(client.customers)
        .bind(client.token_hash)
        .bind(client.token_hint)
        .bind(client.expires_at)
        .bind(client.created_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit::append(&mut tx, audit_entry, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every client, newest first, revoked ones included (their history matters).
    pub async fn api_clients(&self) -> Result<Vec<ApiClientRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY created_at DESC, id"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn api_client(&self, id: &str) -> Result<Option<ApiClientRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Revokes a client for good. `false` when there is no such client or it was
    /// revoked already (nothing is written then).
    pub async fn revoke_api_client(
        &self,
        id: &str,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let revoke = sqlx::query(
            "UPDATE api_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id);
        self.change_with_entry(revoke, audit_entry, now).await
    }

    /// Gives a live (not revoked) client a new token: the old one stops working with
    /// this commit. `false` when there is no such live client (nothing written).
    pub async fn rotate_api_client_token(
        &self,
        id: &str,
        token_hash: &str,
        token_hint: &str,
        audit_entry: &AuditEntry,
        now: i64,
    ) -> Result<bool> {
        let rotate = sqlx::query(
            "UPDATE api_clients SET token_hash = $1, token_hint = $2
              WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(token_hint)
        .bind(id);
        self.change_with_entry(rotate, audit_entry, now).await
    }

    /// The live client whose token hashes to `token_hash` (not revoked, not expired
    /// at `now`), noting that it was used.
    pub async fn api_client_by_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<ApiClientRecord>> {
        let client: Option<ApiClientRecord> = sqlx::query_as(&format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients
              WHERE token_hash = $1 AND revoked_at IS NULL
                AND (expires_at IS NULL OR expires_at > $2)"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        if let Some(c) = &client
            && c.last_used_at
                .is_none_or(|at| at + LAST_USED_GRANULARITY_MS <= now)
        {
            sqlx::query("UPDATE api_clients SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&c.id)
                .execute(self.pool())
                .await?;
        }
        Ok(client)
    }

    /// Claims an idempotency key for a request (identified by `fingerprint`), or
    /// reports what the earlier request with it left. The claim is one insert, so of
    /// two requests with the same key exactly one gets `Fresh`.
    pub async fn reserve_idempotency_key(
        &self,
        client_id: &str,
        key: &str,
        fingerprint: &str,
        now: i64,
    ) -> Result<Reservation> {
        let inserted = sqlx::query(
            "INSERT INTO api_idempotency (client_id, idempotency_key, fingerprint, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (client_id, idempotency_key) DO NOTHING",
        )
        .bind(client_id)
        .bind(key)
        .bind(fingerprint)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected();
        if inserted == 1 {
            return Ok(Reservation::Fresh);
        }
        let row: Option<(String, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT fingerprint, status, body FROM api_idempotency
              WHERE client_id = $1 AND idempotency_key = $2",
        )
        .bind(client_id)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            // Released between our insert and our read: the caller may try again.
            None => Reservation::InFlight,
            Some((seen, _, _)) if seen != fingerprint => Reservation::Mismatch,
            Some((_, Some(status), body)) => Reservation::Replay {
                status: status as u16,
                body: body.unwrap_or_default(),
            },
            Some((_, None, _)) => Reservation::InFlight,
        })
    }

    /// Records the answer of the request that holds the key.
    pub async fn complete_idempotency_key(
        &self,
        client_id: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE api_idempotency SET status = $1, body = $2
              WHERE client_id = $3 AND idempotency_key = $4",
        )
        .bind(i64::from(status))
        .bind(body)
        .bind(client_id)
        .bind(key)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Gives a key back (the request failed on our side): a retry runs anew.
    pub async fn release_idempotency_key(&self, client_id: &str, key: &str) -> Result<()> {
        sqlx::query(
            "DELETE FROM api_idempotency WHERE client_id = $1 AND idempotency_key = $2
                AND status IS NULL",
        )
        .bind(client_id)
        .bind(key)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets answers older than `before` (keys are promised for a day).
    pub async fn forget_idempotency_keys(&self, before: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1")
                .bind(before)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}
