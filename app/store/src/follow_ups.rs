//! Follow-ups of the vendor's staff on their customers: added, listed, done once, and
//! mailed once on their day. Their audit entries are the vendor's (a customer never
//! reads them in its trail).

use crate::audit::{self, AuditEntry};
use crate::outbox::{NewMail, enqueue};
use crate::{Result, Store};

/// A follow-up with the names the lists show.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FollowUpRecord {
    pub id: String,
    pub organization_id: String,
    pub customer_name: String,
    pub owner_id: String,
    pub owner_name: String,
    pub note: String,
    /// A Berlin calendar day (`calendar::Day`).
    pub due_day: i64,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
    /// The lead it is about (then `organization_id` is the vendor's own and
    /// `customer_name` the lead's company).
    pub prospect_id: Option<String>,
}

const SELECT: &str = "SELECT f.id, f.organization_id,
        COALESCE(p.company, o.name) AS customer_name, f.owner_id,
        u.display_name AS owner_name, f.note, f.due_day, f.done_at, f.done_by, f.prospect_id
   FROM follow_ups f
   JOIN organizations o ON o.id = f.organization_id
   JOIN users u ON u.id = f.owner_id
   LEFT JOIN prospects p ON p.id = f.prospect_id";

/// A follow-up to add, and who adds it (the staff member who will follow up).
pub struct NewFollowUp<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub owner_id: &'a str,
    pub owner_name: &'a str,
    /// The vendor's organization, whose audit trail records it.
    pub vendor_organization_id: &'a str,
    pub note: &'a str,
    pub due_day: i64,
    /// A lead's follow-up (then `organization_id` is the vendor's own).
    pub prospect_id: Option<&'a str>,
}

impl Store {
    pub async fn add_follow_up(&self, new: &NewFollowUp<'_>, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO follow_ups (id, organization_id, owner_id, note, due_day, created_at,
                                     prospect_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new.id)
        .bind(new.organization_id)
        .bind(new.owner_id)
        .bind(new.note)
        .bind(new.due_day)
        .bind(now)
        .bind(new.prospect_id)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &AuditEntry {
                organization_id: new.vendor_organization_id.to_string(),
                actor_id: Some(new.owner_id.to_string()),
                actor_name: new.owner_name.to_string(),
                action: "follow_up.added".into(),
                target: match new.prospect_id {
                    Some(lead) => format!("lead:{lead}"),
                    None => format!("organization:{}", new.organization_id),
                },
                before: None,
                after: Some(format!("{} (day {})", new.note, new.due_day)),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn follow_up(&self, id: &str) -> Result<Option<FollowUpRecord>> {
        Ok(sqlx::query_as(&format!("{SELECT} WHERE f.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// A customer's follow-ups: open ones soonest first, then the latest done.
    pub async fn follow_ups_of_customer(
        &self,
        organization_id: &str,
    ) -> Result<Vec<FollowUpRecord>> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE f.organization_id = $1 AND f.prospect_id IS NULL
              ORDER BY CASE WHEN f.done_at IS NULL THEN 0 ELSE 1 END, f.due_day, f.id
              LIMIT 100"
        ))
        .bind(organization_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// A lead's follow-ups: open ones soonest first, then the latest done.
    pub async fn follow_ups_of_lead(&self, prospect_id: &str) -> Result<Vec<FollowUpRecord>> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE f.prospect_id = $1
              ORDER BY CASE WHEN f.done_at IS NULL THEN 0 ELSE 1 END, f.due_day, f.id
              LIMIT 100"
        ))
        .bind(prospect_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// A person's open follow-ups due on or before `until` (a day), soonest first.
    pub async fn open_follow_ups_of(
        &self,
        owner_id: &str,
        until: i64,
    ) -> Result<Vec<FollowUpRecord>> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE f.owner_id = $1 AND f.done_at IS NULL AND f.due_day <= $2
              ORDER BY f.due_day, f.id LIMIT 100"
        ))
        .bind(owner_id)
        .bind(until)
        .fetch_all(self.pool())
        .await?)
    }

    /// Closes an open follow-up; `false` when it was closed already (by a second click,
    /// or a colleague at the same moment): one effect, one audit entry.
    pub async fn complete_follow_up(
        &self,
        record: &FollowUpRecord,
        vendor_organization_id: &str,
        (by_id, by_name): (&str, &str),
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let closed = sqlx::query(
            "UPDATE follow_ups SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL",
        )
        .bind(now)
        .bind(by_name)
        .bind(&record.id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if closed {
            audit::append(
                &mut tx,
                &AuditEntry {
                    organization_id: vendor_organization_id.to_string(),
                    actor_id: Some(by_id.to_string()),
                    actor_name: by_name.to_string(),
                    action: "follow_up.done".into(),
                    target: match &record.prospect_id {
                        Some(lead) => format!("lead:{lead}"),
                        None => format!("organization:{}", record.organization_id),
                    },
                    before: None,
                    after: Some(record.note.clone()),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(closed)
    }

    /// Open follow-ups due on or before `today` whose reminder has not gone out.
    pub async fn follow_ups_to_mail(&self, today: i64, limit: i64) -> Result<Vec<FollowUpRecord>> {
        Ok(sqlx::query_as(&format!(
            "{SELECT} WHERE f.done_at IS NULL AND f.mailed_at IS NULL AND f.due_day <= $1
              ORDER BY f.due_day, f.id LIMIT $2"
        ))
        .bind(today)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// Marks the follow-up's reminder as sent and writes it to the outbox, in one
    /// transaction; `false` when another server (or an earlier round) did, or the
    /// follow-up was done meanwhile.
    pub async fn mail_follow_up(&self, id: &str, mail: &NewMail, now: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE follow_ups SET mailed_at = $1
              WHERE id = $2 AND mailed_at IS NULL AND done_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if claimed {
            enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(claimed)
    }
}
