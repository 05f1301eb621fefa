//! Decision links: an approver decides one step of one order from the mail, without
//! signing in. The link is claimed in the same transaction as the decision it
//! carries, so of many clicks on one link exactly one decides.

use super::change::{ChangeOrder, OrderSituation, OrderUpdate, change_locked};
use crate::{Result, Store, Tx};
use kontor_domain::order::OrderState;

/// A link to issue with an approval mail (its token goes out in the mail only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApprovalLink {
    pub token_hash: String,
    pub user_id: String,
    pub step: i64,
    /// The order's content as mailed ([`Store::approval_link`]'s reader compares).
    pub content_hash: String,
    pub expires_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ApprovalLinkRecord {
    pub organization_id: String,
    pub order_id: String,
    pub user_id: String,
    pub step: i64,
    pub content_hash: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

const LINK_COLUMNS: &str =
    "organization_id, order_id, user_id, step, content_hash, expires_at, used_at";

/// What a decision through a link did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkChange<R> {
    Changed(OrderState),
    Refused(R),
    /// Unknown, used already or expired: nothing was written.
    Gone,
}

pub(crate) async fn insert_links(
    tx: &mut Tx,
    organization_id: &str,
    order_id: &str,
    links: &[NewApprovalLink],
    now: i64,
) -> Result<()> {
    for link in links {
        sqlx::query(
            "INSERT INTO approval_links (token_hash, organization_id, order_id, user_id, step,
                                         content_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&link.token_hash)
        .bind(organization_id)
        .bind(order_id)
        .bind(&link.user_id)
        .bind(link.step)
        .bind(&link.content_hash)
        .bind(now)
        .bind(link.expires_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// A link as stored (used or not), to show what it would decide.
    pub async fn approval_link(&self, token_hash: &str) -> Result<Option<ApprovalLinkRecord>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {LINK_COLUMNS} FROM approval_links WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Claims an unused, unexpired link and lets `decide` change its order, in one
    /// transaction: a refusal leaves the link unused and the order unchanged; of
    /// parallel claims one finds the link unused, the others find it gone.
    pub async fn change_order_by_link<R>(
        &self,
        token_hash: &str,
        now: i64,
        decide: impl FnOnce(&ApprovalLinkRecord, &OrderSituation) -> std::result::Result<OrderUpdate, R>,
    ) -> Result<LinkChange<R>> {
        let mut tx = self.begin_write().await?;
        let claimed: Option<ApprovalLinkRecord> = sqlx::query_as(&format!(
            "UPDATE approval_links SET used_at = $1
              WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING {LINK_COLUMNS}"
        ))
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(link) = claimed else {
            return Ok(LinkChange::Gone);
        };
        let (organization_id, order_id) = (link.organization_id.clone(), link.order_id.clone());
        let outcome = change_locked(&mut tx, &organization_id, &order_id, now, |sit| {
            decide(&link, sit)
        })
        .await?;
        Ok(match outcome {
            ChangeOrder::Changed(state) => {
                tx.commit().await?;
                LinkChange::Changed(state)
            }
            ChangeOrder::Refused(refusal) => LinkChange::Refused(refusal),
            ChangeOrder::NotFound => LinkChange::Gone,
        })
    }
}
