//! Changing a waiting order: one transaction that locks the organization (the
//! budget, as placing does) and then the order, prices the new lines for today and
//! lets the rule decide on the order as it is now.

use super::cart::cart_line;
use super::change::{ChangeOrder, OrderSituation, OrderUpdate, change_locked};
use super::place::month_spent;
use crate::catalog::{AGREEMENT_JOIN, COLUMNS, Row, from_row};
use crate::conditions::{TermsVersion, lock_customer, terms_at};
use crate::{Result, Store, Tx};
use kontor_domain::Money;
use kontor_domain::checkout::{CartLine, PricedLine};

/// What the amendment rule sees, read inside the transaction.
pub struct AmendContext<'a> {
    pub situation: &'a OrderSituation,
    /// The order's lines as they are.
    pub lines_before: Vec<PricedLine>,
    /// The lines asked for, priced for today; SKUs not in the catalog are left out
    /// and named in `unknown`.
    pub lines_after: Vec<CartLine>,
    pub unknown: Vec<String>,
    /// The terms in force now (`None`: the standard terms).
    pub terms: Option<TermsVersion>,
    /// The purchaser's orders this month that count against the budget, this one
    /// left out (its new total takes its place).
    pub spent_without_it: Money,
}

/// `items` (SKU as typed: exact, else upper case; quantity) priced for `day`.
async fn priced_items(
    tx: &mut Tx,
    organization_id: &str,
    items: &[(String, i64)],
    day: i64,
) -> Result<(Vec<CartLine>, Vec<String>)> {
    let mut lines = Vec::new();
    let mut unknown = Vec::new();
    for (sku, quantity) in items {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM products p {AGREEMENT_JOIN}
              WHERE p.sku IN ($3, $4)
              ORDER BY CASE WHEN p.sku = $3 THEN 0 ELSE 1 END LIMIT 1"
        ))
        .bind(organization_id)
        .bind(day)
        .bind(sku)
        .bind(sku.to_uppercase())
        .fetch_optional(&mut **tx)
        .await?;
        match row {
            Some(row) => lines.push(cart_line(from_row(row), *quantity)),
            None => unknown.push(sku.clone()),
        }
    }
    Ok((lines, unknown))
}

impl Store {
    /// Changes a waiting order of `purchaser_id` to `items`. The organization row
    /// is locked first (like placing: the budget check sees every order placed
    /// before), then the order row (like every decision: a decision at the same
    /// moment either comes first and the rule sees it, or comes after and sees the
    /// new revision). `month` and `day` as for [`Store::place_order`].
    #[allow(clippy::too_many_arguments)]
    pub async fn amend_order<R>(
        &self,
        organization_id: &str,
        order_id: &str,
        purchaser_id: &str,
        items: &[(String, i64)],
        day: i64,
        month: (i64, i64),
        now: i64,
        decide: impl FnOnce(&AmendContext<'_>) -> std::result::Result<OrderUpdate, R>,
    ) -> Result<ChangeOrder<R>> {
        let mut tx = self.begin_write().await?;
        if !lock_customer(&mut tx, organization_id).await? {
            return Ok(ChangeOrder::NotFound);
        }
        let (lines_after, unknown) = priced_items(&mut tx, organization_id, items, day).await?;
        let terms = terms_at(&mut tx, organization_id, now).await?;
        let spent_without_it = month_spent(
            &mut tx,
            organization_id,
            purchaser_id,
            month,
            Some(order_id),
        )
        .await?;
        let lines_before = super::read::lines_in(&mut tx, order_id).await?;
        let outcome = change_locked(&mut tx, organization_id, order_id, now, |situation| {
            decide(&AmendContext {
                situation,
                lines_before,
                lines_after,
                unknown,
                terms,
                spent_without_it,
            })
        })
        .await?;
        if matches!(outcome, ChangeOrder::Changed(_)) {
            tx.commit().await?;
        }
        Ok(outcome)
    }
}
