//! The cart: adding, changing, quick order and re-order.

use super::*;

pub async fn cart_view() -> Result<CartView, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let org = user.record.organization_id.clone();
    let now = now_ms();
    let day = berlin_day(now);
    let store = store();
    let (team, cart, terms, spend, customer) = tokio::try_join!(
        store.team(&org),
        store.cart(&org, &user.record.id, day.0),
        store.terms_at(&org, now),
        store.month_spend(&org, berlin_month(now)),
        store.customer(&org),
    )
    .map_err(|e| internal_error("cart", e))?;
    let members: Vec<Member> = team.iter().map(member_of).collect();
    let purchaser = members
        .iter()
        .find(|m| m.id == user.record.id)
        .ok_or_else(not_found)?;
    let spent = spend
        .iter()
        .find(|(id, _)| *id == user.record.id)
        .map_or(Money::ZERO, |(_, m)| *m);
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

pub async fn add_to_cart(sku: String, quantity: String) -> Result<CartChange, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let quantity = match parse_quantity(&quantity) {
        Ok(q) => q,
        Err(problem) => return Ok(CartChange::Invalid(problem)),
    };
    let unknown = store()
        .add_to_cart(
            &user.record.organization_id,
            &user.record.id,
            &[(sku.trim().to_string(), quantity)],
            now_ms(),
        )
        .await
        .map_err(|e| internal_error("add_to_cart", e))?;
    Ok(if unknown.is_empty() {
        CartChange::Changed
    } else {
        CartChange::Invalid(FieldProblem::UnknownProduct)
    })
}

pub async fn update_cart_line(sku: String, quantity: String) -> Result<CartChange, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let quantity = match quantity.trim() {
        "0" => 0,
        text => match parse_quantity(text) {
            Ok(q) => q,
            Err(problem) => return Ok(CartChange::Invalid(problem)),
        },
    };
    let changed = store()
        .set_cart_quantity(
            &user.record.organization_id,
            &user.record.id,
            sku.trim(),
            quantity,
        )
        .await
        .map_err(|e| internal_error("update_cart_line", e))?;
    Ok(if changed {
        CartChange::Changed
    } else {
        CartChange::Invalid(FieldProblem::UnknownProduct)
    })
}

async fn add_lines(
    user: &SessionUser,
    items: Vec<(usize, String, i64)>,
    mut problems: Vec<QuickProblem>,
) -> Result<QuickOrderOutcome, ServerFnError> {
    let wanted: Vec<(String, i64)> = items.iter().map(|(_, s, q)| (s.clone(), *q)).collect();
    let unknown = store()
        .add_to_cart(
            &user.record.organization_id,
            &user.record.id,
            &wanted,
            now_ms(),
        )
        .await
        .map_err(|e| internal_error("add_to_cart", e))?;
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

pub async fn quick_order(lines: String) -> Result<QuickOrderOutcome, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for line in parse_quick_order(&lines) {
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
    add_lines(&user, items, problems).await
}

pub async fn reorder(order_id: String) -> Result<QuickOrderOutcome, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let order = visible_to_member(&user, &order_id).await?;
    let lines = store()
        .order_lines(&order.id)
        .await
        .map_err(|e| internal_error("reorder", e))?;
    let items = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l.sku, l.quantity))
        .collect();
    add_lines(&user, items, Vec::new()).await
}
