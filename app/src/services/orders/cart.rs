//! The cart: adding, changing, quick order and re-order.

use super::*;

pub async fn cart_view(ctx: &ServerContext, actor: &Actor) -> Result<CartView, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let org = user.record.organization_id.clone();
    let now = ctx.now();
    let day = berlin_day(now);
    let store = &ctx.store;
    let (team, cart, terms, spend, customer) = tokio::try_join!(
        store.team(&org),
        store.cart(&org, &user.record.id, day.0),
        store.terms_at(&org, now),
        store.month_spend(&org, berlin_month(now)),
        store.customer(&org),
    )?;
    let members = members_of(&team);
    let (purchaser, spent) = purchaser_and_spent(&members, &spend, &user.record.id)?;
    let terms = terms.map_or_else(Terms::standard, |v| v.terms);
    let (lines, goods, shipping, total, preview) = match quote(&cart, &terms, day) {
        Some(q) => {
            let preview = match assess(purchaser, &members, &cart, &q, &terms, spent) {
                Placement::ApprovedAtOnce => Preview::ApprovedAtOnce,
                Placement::NeedsApproval {
                    steps,
                    over_limit,
                    over_budget,
                } => Preview::NeedsApproval {
                    steps: steps.iter().map(|s| step_names(&team, s)).collect(),
                    over_limit,
                    over_budget,
                },
                Placement::Refused(r) => Preview::Refused(r),
            };
            (q.lines, q.goods, q.shipping, q.total, preview)
        }
        None => (
            Vec::new(),
            Money::ZERO,
            Money::ZERO,
            Money::ZERO,
            Preview::Refused(Refusal::TooLarge),
        ),
    };
    Ok(CartView {
        lines,
        goods,
        shipping,
        total,
        headroom: Headroom::of(purchaser, spent),
        preview,
        details: DetailsForm {
            delivery_address: customer
                .and_then(|c| c.shipping_address)
                .unwrap_or_default(),
            ..DetailsForm::default()
        },
        idempotency_key: kontor_store::new_id(),
    })
}

/// The purchaser among the members and what their orders of this month add up to.
fn purchaser_and_spent<'a>(
    members: &'a [Member],
    spend: &[(String, Money)],
    purchaser_id: &str,
) -> Result<(&'a Member, Money), ServiceError> {
    let purchaser = members
        .iter()
        .find(|m| m.id == purchaser_id)
        .ok_or(ServiceError::NotFound)?;
    let spent = spend
        .iter()
        .find(|(id, _)| id == purchaser_id)
        .map_or(Money::ZERO, |(_, m)| *m);
    Ok((purchaser, spent))
}

/// The caller's per-order limit, monthly budget, what the month has spent of it and
/// who approves their orders above it. Authorization: purchasers.
pub async fn spending(ctx: &ServerContext, actor: &Actor) -> Result<MySpending, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let org = &user.record.organization_id;
    let now = ctx.now();
    let (team, spend) = tokio::try_join!(
        ctx.store.team(org),
        ctx.store.month_spend(org, berlin_month(now)),
    )?;
    let members = members_of(&team);
    let (me, spent) = purchaser_and_spent(&members, &spend, &user.record.id)?;
    // The chain an order just over the limit would take: its first step decides first.
    let over = Money::from_cents(
        me.per_order_limit
            .map_or(0, |l| l.cents())
            .saturating_add(1),
    );
    let needs = kontor_domain::approval::Spending::NeedsApproval {
        over_limit: true,
        over_budget: false,
    };
    let approver = match kontor_domain::approval::route(&members, &me.id, over, &needs) {
        kontor_domain::approval::Routing::Approval(steps) => {
            steps.first().map(|s| step_names(&team, s))
        }
        _ => None,
    };
    Ok(MySpending {
        headroom: Headroom::of(me, spent),
        approver,
    })
}

/// One product line for the cart: its SKU and the quantity as typed.
pub struct CartLine {
    pub sku: String,
    pub quantity: String,
}

pub async fn add_to_cart(
    ctx: &ServerContext,
    actor: &Actor,
    CartLine { sku, quantity }: CartLine,
) -> Result<CartChange, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let quantity = match parse_quantity(&quantity) {
        Ok(q) => q,
        Err(problem) => return Ok(CartChange::Invalid(problem)),
    };
    let unknown = ctx
        .store
        .add_to_cart(
            &user.record.organization_id,
            &user.record.id,
            &[(sku.trim().to_string(), quantity)],
            ctx.now(),
        )
        .await?;
    Ok(if unknown.is_empty() {
        CartChange::Changed
    } else {
        CartChange::Invalid(FieldProblem::UnknownProduct)
    })
}

/// Sets a cart line's quantity ("0" removes it).
pub async fn update_cart_line(
    ctx: &ServerContext,
    actor: &Actor,
    CartLine { sku, quantity }: CartLine,
) -> Result<CartChange, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let quantity = match quantity.trim() {
        "0" => 0,
        text => match parse_quantity(text) {
            Ok(q) => q,
            Err(problem) => return Ok(CartChange::Invalid(problem)),
        },
    };
    let changed = ctx
        .store
        .set_cart_quantity(
            &user.record.organization_id,
            &user.record.id,
            sku.trim(),
            quantity,
        )
        .await?;
    Ok(if changed {
        CartChange::Changed
    } else {
        CartChange::Invalid(FieldProblem::UnknownProduct)
    })
}

async fn add_lines(
    ctx: &ServerContext,
    user: &Person,
    items: Vec<(usize, String, i64)>,
    mut problems: Vec<QuickProblem>,
) -> Result<QuickOrderOutcome, ServiceError> {
    let wanted: Vec<(String, i64)> = items.iter().map(|(_, s, q)| (s.clone(), *q)).collect();
    let unknown = ctx
        .store
        .add_to_cart(
            &user.record.organization_id,
            &user.record.id,
            &wanted,
            ctx.now(),
        )
        .await?;
    let mut added = Vec::new();
    for (line, sku, quantity) in items {
        if unknown.contains(&sku) {
            problems.push(QuickProblem {
                line,
                text: format!("{sku} {quantity}"),
                problem: FieldProblem::UnknownProduct,
            });
        } else {
            added.push(format!("{sku} {quantity}"));
        }
    }
    problems.sort_by_key(|p| p.line);
    Ok(QuickOrderOutcome { added, problems })
}

/// Adds the lines of a quick order ("SKU quantity" per line).
pub async fn quick_order(
    ctx: &ServerContext,
    actor: &Actor,
    lines: &str,
) -> Result<QuickOrderOutcome, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for line in parse_quick_order(lines) {
        match line {
            QuickLine::Item {
                line,
                sku,
                quantity,
            } => items.push((line, sku, quantity)),
            QuickLine::Problem {
                line,
                text,
                problem,
            } => problems.push(QuickProblem {
                line,
                text,
                problem,
            }),
        }
    }
    add_lines(ctx, user, items, problems).await
}

/// Puts the lines of one of the actor's visible orders into the cart again.
pub async fn reorder(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
) -> Result<QuickOrderOutcome, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let order = visible_to_member(ctx, user, order_id).await?;
    let lines = ctx.store.order_lines(&order.id).await?;
    // Lines described in words (from a quote) are not in the catalog to order again;
    // catalog lines come back at today's prices, never at quoted ones.
    let items = lines
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.sku.is_empty())
        .map(|(i, l)| (i + 1, l.sku, l.quantity))
        .collect();
    add_lines(ctx, user, items, Vec::new()).await
}
