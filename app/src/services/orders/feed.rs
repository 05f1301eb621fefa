//! The orders as the ERP reads them: the change feed and one order with its lines.

use super::*;
use kontor_domain::integration::Scope;
use kontor_store::orders::{FeedOrder, FeedPage};

/// The most orders one page of the feed returns.
pub const FEED_PAGE_MAX: i64 = 500;

/// Where the previous page ended (`after`: its cursor, 0 for the start) and how many
/// orders to return.
pub struct FeedQuery {
    pub after: i64,
    pub limit: i64,
}

/// Orders changed after the cursor, oldest change first: an API client with
/// `orders:read` sees those of the customers it reaches. People read orders through
/// their pages instead.
pub async fn changes(
    ctx: &ServerContext,
    actor: &Actor,
    FeedQuery { after, limit }: FeedQuery,
) -> Result<FeedPage, ServiceError> {
    let Actor::Client(client) = actor else {
        return Err(ServiceError::Forbidden);
    };
    ServiceError::require(client.grant.may_use(Scope::OrdersRead))?;
    let limit = limit.clamp(1, FEED_PAGE_MAX);
    Ok(ctx
        .store
        .order_feed(after.max(0), limit, client.grant.customers.as_deref())
        .await?)
}

/// One order with its lines, for the vendor's side (an API client with
/// `orders:read`, or staff who may see the customer).
pub async fn order_with_lines(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
) -> Result<FeedOrder, ServiceError> {
    if !actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    visible_to_staff(ctx, actor, order_id, |s| Action::ViewOrders(s)).await?;
    ctx.store
        .feed_order(order_id)
        .await?
        .ok_or(ServiceError::NotFound)
}
