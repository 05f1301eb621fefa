//! Customer organizations as the vendor manages them.

use crate::accounts::lock_organization;
use crate::audit::{self, AuditEntry};
use crate::outbox::{NewMail, enqueue};
use crate::sessions::end_sessions_of_organization;
use crate::{Result, Store};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CustomerRecord {
    pub id: String,
    pub name: String,
    pub status: String,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub account_manager_id: Option<String>,
    pub account_manager_name: Option<String>,
    pub account_manager_email: Option<String>,
    /// The language mails to the account manager are written in.
    pub account_manager_locale: Option<String>,
    pub members: i64,
    pub created_at: i64,
    /// The ERP's own key for the customer.
    pub external_id: Option<String>,
    /// Its place in the customers' change feed.
    pub change_seq: i64,
}

const CUSTOMER_SELECT: &str =
    "SELECT o.id, o.name, o.status, o.vat_id, o.billing_address, o.external_id, o.change_seq,
        o.shipping_address, o.account_manager_id, am.display_name AS account_manager_name,
        am.email AS account_manager_email, am.locale AS account_manager_locale,
        (SELECT COUNT(*) FROM users m WHERE m.organization_id = o.id) AS members, o.created_at
   FROM organizations o LEFT JOIN users am ON am.id = o.account_manager_id
  WHERE o.kind = 'customer'";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomer {
    pub id: String,
    pub name: String,
    pub vat_id: Option<String>,
    pub billing_address: Option<String>,
    pub shipping_address: Option<String>,
    pub account_manager_id: String,
    pub external_id: Option<String>,
}

/// Outcome of creating a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateCustomer {
    Created,
    /// Another customer has this external id already; nothing was written.
    ExternalIdTaken,
}

/// Outcome of a status change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusChange {
    Changed,
    /// The organization was not in a state the change starts from (e.g. unlocking an
    /// active one, or a second click); nothing was written.
    NotApplicable {
        current: String,
    },
    NotFound,
}

/// A customer read inside a transaction.
pub(crate) async fn customer_in(
    conn: &mut sqlx::AnyConnection,
    id: &str,
) -> Result<Option<CustomerRecord>> {
    Ok(
        sqlx::query_as::<_, CustomerRecord>(&format!("{CUSTOMER_SELECT} AND o.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Gives the customer the next place in the customers' feed: the last statement of
/// its transaction (why: `crate::changes`).
pub(crate) async fn take_customer_change_seq(tx: &mut crate::Tx, id: &str) -> Result<()> {
    crate::changes::take_change_seq(tx, crate::changes::Feed::Customers, id).await?;
    Ok(())
}

impl Store {
    /// Customers changed after `after`, oldest change first, at most `limit`; only
    /// those of `only` when given.
    pub async fn customer_changes(
        &self,
        after: i64,
        limit: i64,
        only: Option<&[String]>,
    ) -> Result<Vec<CustomerRecord>> {
        let mut sql = format!("{CUSTOMER_SELECT} AND o.change_seq > $1");
        if let Some(list) = only {
            if list.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = (0..list.len()).map(|i| format!("${}", i + 3)).collect();
            sql.push_str(&format!(" AND o.id IN ({})", marks.join(", ")));
        }
        sql.push_str(" ORDER BY o.change_seq LIMIT $2");
        let mut query = sqlx::query_as::<_, CustomerRecord>(&sql)
            .bind(after)
            .bind(limit);
        for id in only.unwrap_or_default() {
            query = query.bind(id);
        }
        Ok(query.fetch_all(self.pool()).await?)
    }

    /// Customers, by name; only those of `account_manager` when given.
    pub async fn customers(&self, account_manager: Option<&str>) -> Result<Vec<CustomerRecord>> {
        Ok(sqlx::query_as::<_, CustomerRecord>(&format!(
            "{CUSTOMER_SELECT} AND ($1 = '' OR o.account_manager_id = $1) ORDER BY o.name, o.id"
        ))
        .bind(account_manager.unwrap_or(""))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn customer(&self, id: &str) -> Result<Option<CustomerRecord>> {
        Ok(
            sqlx::query_as::<_, CustomerRecord>(&format!("{CUSTOMER_SELECT} AND o.id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// The vendor organization's id (one vendor per deployment).
    pub async fn vendor_organization_id(&self) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM organizations WHERE kind = 'vendor' ORDER BY created_at LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await?)
    }

    /// Creates a customer organization (pending until unlocked), audited in its own
    /// trail.
    pub async fn create_customer(
        &self,
        customer: &NewCustomer,
        audit: &AuditEntry,
        now: i64,
    ) -> Result<CreateCustomer> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO organizations (id, kind, name, status, vat_id, billing_address,
                                        shipping_address, account_manager_id, created_at,
                                        external_id)
             VALUES ($1, 'customer', $2, 'pending', $3, $4, $5, $6, $7, $8)",
        )
        .bind(&customer.id)
        .bind(&customer.name)
        .bind(&customer.vat_id)
        .bind(&customer.billing_address)
        .bind(&customer.shipping_address)
        .bind(&customer.account_manager_id)
        .bind(now)
        .bind(&customer.external_id)
        .execute(&mut *tx)
        .await;
        match inserted {
            // The unique index decides, also between two requests at the same moment.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Ok(CreateCustomer::ExternalIdTaken);
            }
            other => {
                other?;
            }
        }
        audit::append(&mut tx, audit, now).await?;
        take_customer_change_seq(&mut tx, &customer.id).await?;
        tx.commit().await?;
        Ok(CreateCustomer::Created)
    }

    /// Moves a customer from one of `from` to `to`, with its audit entry and mails.
    /// Suspending ends the sessions of all its users in the same transaction.
    pub async fn change_customer_status(
        &self,
        id: &str,
        from: &[&str],
        to: &str,
        audit: impl FnOnce(&str) -> AuditEntry,
        mut mails: impl FnMut(&crate::accounts::UserRecord) -> Option<NewMail>,
        now: i64,
    ) -> Result<StatusChange> {
        let mut tx = self.begin_write().await?;
        if !lock_organization(&mut tx, id).await? {
            return Ok(StatusChange::NotFound);
        }
        let current: String = sqlx::query_scalar(
            "SELECT status FROM organizations WHERE id = $1 AND kind = 'customer'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_default();
        if current.is_empty() {
            return Ok(StatusChange::NotFound);
        }
        if !from.contains(&current.as_str()) {
            return Ok(StatusChange::NotApplicable { current });
        }
        sqlx::query("UPDATE organizations SET status = $1 WHERE id = $2")
            .bind(to)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if to == "suspended" {
            end_sessions_of_organization(&mut tx, id).await?;
        }
        let event = match to {
            "active" => Some(kontor_domain::integration::EventType::CustomerActivated),
            "suspended" => Some(kontor_domain::integration::EventType::CustomerSuspended),
            _ => None,
        };
        if let Some(event) = event {
            let data = serde_json::json!({
                "customer_id": id,
                "status": to,
                "previous_status": current,
            });
            crate::webhooks::announce(&mut tx, event, data, now).await?;
        }
        audit::append(&mut tx, &audit(&current), now).await?;
        let members: Vec<crate::accounts::UserRecord> = sqlx::query_as(&format!(
            "{} WHERE u.organization_id = $1 AND u.active = $2",
            crate::accounts::USER_SELECT
        ))
        .bind(id)
        .bind(true)
        .fetch_all(&mut *tx)
        .await?;
        for member in &members {
            if let Some(mail) = mails(member) {
                enqueue(&mut tx, &mail, now).await?;
            }
        }
        take_customer_change_seq(&mut tx, id).await?;
        tx.commit().await?;
        Ok(StatusChange::Changed)
    }

    /// Vendor staff, by name.
    pub async fn vendor_staff(&self) -> Result<Vec<crate::accounts::UserRecord>> {
        Ok(sqlx::query_as(&format!(
            "{} WHERE o.kind = 'vendor' ORDER BY u.display_name, u.id",
            crate::accounts::USER_SELECT
        ))
        .fetch_all(self.pool())
        .await?)
    }
}
