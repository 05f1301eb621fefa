//! Order lists and one order's page: who may see what.

use super::decide::VendorStep;
use super::*;

/// A customer member's view of an order: their organization's, and for purchasers
/// only their own; anything else is "not found".
pub(super) async fn visible_to_member(
    ctx: &ServerContext,
    user: &Person,
    order_id: &str,
) -> Result<OrderRecord, ServiceError> {
    let order = ctx
        .store
        .order(order_id, Some(&user.record.organization_id))
        .await?
        .ok_or(ServiceError::NotFound)?;
    if only_own_orders(&user.record).is_some_and(|own| order.purchaser_id != own) {
        return Err(ServiceError::NotFound);
    }
    Ok(order)
}

/// The vendor side's view of an order (staff or API client): the customer must be
/// theirs to see (`action`).
pub(super) async fn visible_to_staff(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
    action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
) -> Result<(OrderRecord, kontor_store::organizations::CustomerRecord), ServiceError> {
    let order = ctx
        .store
        .order(order_id, None)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let customer = ctx
        .store
        .customer(&order.organization_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(action(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok((order, customer))
}

fn parse_cursor(text: &str) -> Option<(i64, String)> {
    let (at, id) = text.split_once(':')?;
    Some((at.parse().ok()?, id.to_string()))
}

/// Which orders to list: a state (or all), and where the previous page ended.
pub struct OrderListQuery {
    pub state: String,
    pub before: String,
}

/// The orders the actor may see, newest first, a page at a time.
pub async fn list(
    ctx: &ServerContext,
    actor: &Actor,
    OrderListQuery { state, before }: OrderListQuery,
) -> Result<OrderList, ServiceError> {
    let user = actor.person()?;
    let actor = access_of(&user.record);
    let state = OrderState::parse(state.trim());
    let cursor = parse_cursor(&before);
    let mut query = OrderQuery {
        state,
        before: cursor.as_ref().map(|(at, id)| (*at, id.as_str())),
        limit: PAGE + 1,
        ..OrderQuery::default()
    };
    let scope = if actor.is_vendor() {
        // Account managers see their customers' orders; admins and service everyone's.
        if !(actor.has(Role::VendorAdmin) || actor.has(Role::ServiceAgent)) {
            if !actor.has(Role::AccountManager) {
                return Err(ServiceError::Forbidden);
            }
            query.account_manager_id = Some(&user.record.id);
        }
        "vendor"
    } else {
        query.organization_id = Some(&user.record.organization_id);
        query.purchaser_id = only_own_orders(&user.record);
        if query.purchaser_id.is_some() {
            "own"
        } else {
            "all"
        }
    };
    let mut rows = ctx.store.orders_page(&query).await?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().expect("a full page");
        format!("{}:{}", last.placed_at, last.id)
    });
    Ok(OrderList {
        rows: rows
            .into_iter()
            .map(|r| OrderRow {
                id: r.id,
                number: r.number,
                customer: r.organization_name,
                purchaser: r.purchaser_name,
                po_number: r.po_number,
                state: r.state,
                total: r.total,
                placed_at: r.placed_at,
            })
            .collect(),
        next,
        scope: scope.to_string(),
    })
}

pub(super) fn capacity_code(c: &Capacity) -> (&'static str, Option<&String>) {
    match c {
        Capacity::Own => ("own", None),
        Capacity::Admin => ("admin", None),
        Capacity::Deputy { for_user } => ("deputy", Some(for_user)),
        Capacity::Escalation { for_user } => ("escalation", for_user.as_ref()),
    }
}

/// One order as the actor may see it, with what they may do with it.
pub async fn detail(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
) -> Result<OrderDetail, ServiceError> {
    let user = actor.person()?;
    let (order, customer_name, manage) = if actor.is_vendor() {
        let (order, customer) =
            visible_to_staff(ctx, actor, order_id, |s| Action::ViewOrders(s)).await?;
        let manage = actor
            .may(Action::ManageOrders(CustomerScope {
                organization_id: &customer.id,
                account_manager_id: customer.account_manager_id.as_deref(),
            }))
            .is_allowed();
        (order, customer.name, manage)
    } else {
        let order = visible_to_member(ctx, user, order_id).await?;
        let name = user.record.organization_name.clone();
        (order, name, false)
    };
    let store = &ctx.store;
    let org = &order.organization_id;
    let (lines, events, team, deputies, times) = tokio::try_join!(
        store.order_lines(&order.id),
        store.order_events(&order.id),
        store.team(org),
        store.deputies(org),
        store.approval_times(org),
    )?;
    let now = ctx.now();
    let pending = order.state == OrderState::PendingApproval;
    let current = order.current_step as usize;
    let p = pending_of(&order);
    let members = members_of(&team);
    let authority = Authority {
        members: &members,
        deputies: &deputies,
        times,
    };
    let chain = order
        .chain
        .iter()
        .enumerate()
        .map(|(i, step)| {
            // Decisions on an earlier revision were for other content.
            let decided = events.iter().find(|e| {
                e.revision == order.revision
                    && e.step == Some(i as i64)
                    && (e.kind == "approved" || e.kind == "rejected")
            });
            let status = match decided {
                Some(e) if e.kind == "approved" => StepStatus::Done {
                    by: e.actor_name.clone(),
                    capacity: e.capacity.clone().filter(|c| c != "own"),
                    comment: e.comment.clone(),
                },
                Some(e) => StepStatus::Rejected {
                    by: e.actor_name.clone(),
                    comment: e.comment.clone(),
                },
                None if pending && i == current => StepStatus::Current,
                None if pending && i > current => StepStatus::Next,
                None => StepStatus::Skipped,
            };
            ChainStep {
                who: step_names(&team, step),
                status,
            }
        })
        .collect();
    let holder_names = if pending {
        holders(&p, &authority, now)
            .iter()
            .map(|id| name_of(&team, id))
            .collect()
    } else {
        Vec::new()
    };
    let decide_step = (!actor.is_vendor() && pending)
        .then(|| may_decide(&p, &user.record.id, &authority, now))
        .and_then(|m| matches!(m, MayDecide::Yes(_)).then_some(order.current_step));
    let is_purchaser = order.purchaser_id == user.record.id;
    let vendor_steps = if manage {
        VendorStep::ALL
            .into_iter()
            .filter(|step| order.state.apply(step.event()).is_ok())
            .map(|step| step.name().to_string())
            .collect()
    } else {
        Vec::new()
    };
    Ok(OrderDetail {
        id: order.id.clone(),
        number: order.number,
        revision: order.revision,
        customer: customer_name,
        purchaser: order.purchaser_name.clone(),
        state: order.state,
        placed_at: order.placed_at,
        po_number: order.po_number.clone(),
        cost_center: order.cost_center.clone(),
        delivery_address: order.delivery_address.clone(),
        requested_date: order.requested_date.map(kontor_domain::calendar::Day),
        note: order.note.clone(),
        lines,
        goods: order.goods,
        shipping: order.shipping,
        total: order.total,
        terms: order.terms.clone(),
        chain,
        holders: holder_names,
        timeline: events
            .into_iter()
            .map(|e| TimelineEntry {
                at: e.at,
                kind: e.kind,
                actor: e.actor_name,
                capacity: e.capacity.filter(|c| c != "own"),
                on_behalf_of: e.on_behalf_of,
                comment: e.comment,
            })
            .collect(),
        decide_step,
        can_withdraw: !actor.is_vendor()
            && is_purchaser
            && order.state.apply(OrderEvent::Withdraw).is_ok(),
        // Quoted prices were agreed for exactly these lines: such an order is not
        // re-priced; it is withdrawn and quoted anew instead.
        can_change: !actor.is_vendor()
            && is_purchaser
            && order.quote_id.is_none()
            && order.state == OrderState::PendingApproval
            && actor.may(Action::PlaceOrder(own_scope(user))).is_allowed(),
        can_reorder: !actor.is_vendor()
            && actor.may(Action::PlaceOrder(own_scope(user))).is_allowed(),
        vendor_steps,
        quote: order
            .quote_id
            .clone()
            .zip(order.quote_number)
            .zip(order.quote_version)
            .map(|((id, number), version)| (id, number, version)),
    })
}
