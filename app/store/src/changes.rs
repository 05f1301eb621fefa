//! The change feeds' counters: "everything that changed after my cursor", for an ERP
//! that polls orders, customers and service requests.
//!
//! Every transaction that changes a row of a feed takes the feed's next value as its
//! *last* statement ([`take_change_seq`]) and writes it to the row. The counter's row
//! stays locked until that transaction commits, so the values become visible in the
//! order they were taken: a reader that sees value `n` sees every value below it. A
//! poller that remembers the highest value it has seen therefore never misses a change
//! and never gets one twice, however many changes commit while it pages. (A timestamp
//! would not do: two transactions can commit in the other order than their clocks
//! read.) Taking the value last keeps the lock as short as possible; SQLite serialises
//! writers anyway.

use crate::{Result, Tx};

/// A feed and the table whose rows it lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feed {
    Orders,
    Customers,
    ServiceRequests,
}

impl Feed {
    fn counter(self) -> &'static str {
        match self {
            Feed::Orders => "orders",
            Feed::Customers => "customers",
            Feed::ServiceRequests => "service_requests",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Feed::Orders => "orders",
            Feed::Customers => "organizations",
            Feed::ServiceRequests => "service_requests",
        }
    }
}

/// Gives the row the next place in its feed. Call it last before commit.
pub(crate) async fn take_change_seq(tx: &mut Tx, feed: Feed, id: &str) -> Result<i64> {
    let seq: i64 = sqlx::query_scalar(
        "UPDATE change_counters SET value = value + 1 WHERE feed = $1 RETURNING value",
    )
    .bind(feed.counter())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "UPDATE {} SET change_seq = $1 WHERE id = $2",
        feed.table()
    ))
    .bind(seq)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(seq)
}
