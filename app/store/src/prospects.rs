//! Prospects who ask for a customer account.

use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store, new_id};

/// A validated request for an account (the domain core has checked every field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccessRequest {
    pub company: String,
    pub contact_name: String,
    pub email: String,
    pub message: Option<String>,
    pub locale: String,
}

impl Store {
    /// Records the request and its mails (confirmation to the prospect, notice to the
    /// vendor) in one transaction: either all three exist or none. `mails` is built by
    /// the caller from the id this function hands it, so dedupe keys name the request.
    pub async fn record_access_request(
        &self,
        request: &NewAccessRequest,
        now: i64,
        mails: impl FnOnce(&str) -> Vec<NewMail>,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO access_requests (id, company, contact_name, email, message, locale, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&request.company)
        .bind(&request.contact_name)
        .bind(&request.email)
        .bind(&request.message)
        .bind(&request.locale)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for mail in mails(&id) {
            enqueue(&mut tx, &mail, now).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn count_access_requests(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM access_requests")
                .fetch_one(self.pool())
                .await?,
        )
    }
}
