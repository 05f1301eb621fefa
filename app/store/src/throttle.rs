//! Counting failed sign-ins per key (an e-mail address, a client address) in a
//! fixed window, so that guessing is throttled before any password hash is computed.

use crate::{Result, Store};

impl Store {
    /// Failures of `key` in the window that began at or after `window_start`, and when
    /// that window began.
    pub async fn sign_in_failures(
        &self,
        key: &str,
        window_start: i64,
    ) -> Result<Option<(i64, i64)>> {
        Ok(sqlx::query_as::<_, (i64, i64)>(
            "SELECT failures, window_started_at FROM sign_in_failures
              WHERE throttle_key = $1 AND window_started_at >= $2",
        )
        .bind(key)
        .bind(window_start)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Counts one more failure; a window older than `window_start` starts afresh.
    pub async fn record_sign_in_failure(
        &self,
        key: &str,
        now: i64,
        window_start: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sign_in_failures (throttle_key, window_started_at, failures)
             VALUES ($1, $2, 1)
             ON CONFLICT (throttle_key) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.window_started_at < $3
                                THEN 1 ELSE sign_in_failures.failures + 1 END,
                window_started_at = CASE WHEN sign_in_failures.window_started_at < $3
                                THEN $2 ELSE sign_in_failures.window_started_at END",
        )
        .bind(key)
        .bind(now)
        .bind(window_start)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
