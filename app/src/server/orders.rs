//! Cart, placing, deciding and following orders: the services behind
//! `api::orders`. The rules are the domain's (`checkout`, `approval`, `decision`,
//! `order`); this module reads what they need, runs them inside the store's
//! transaction and turns their outcomes into mails, history and answers.

use crate::api::orders::{
    ApprovalsView, CartChange, CartView, ChainStep, DecideResult, DeputyView, OrderDetail,
    OrderList, OrderRow, PlaceResult, Preview, QuickOrderOutcome, QuickProblem, SettingOutcome,
    SpendRow, StepNames, StepStatus, TimelineEntry, WaitingOrder,
};
use crate::i18n::{OrderTexts, initial_locale, order_texts};
use crate::server::auth::{SessionUser, forbidden, not_found, require, signed_in, store};
use crate::server::order_mail::{MailOrder, Mailer};
use crate::server::{ServerContext, context, internal_error};
use kontor_domain::Money;
use kontor_domain::access::{Access, Action, CustomerScope, Role};
use kontor_domain::approval::{Member, Step};
use kontor_domain::calendar::{berlin_day, berlin_month};
use kontor_domain::checkout::{
    DetailsForm, Headroom, OrderDetails, Placement, PricedLine, QuickLine, Refusal, assess,
    parse_quantity, parse_quick_order, quote,
};
use kontor_domain::decision::{
    AfterApproval, ApprovalTimes, Authority, Capacity, Deputy, MayDecide, Pending, after_approval,
    holders, may_decide,
};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::order::{OrderEvent, OrderState};
use kontor_domain::terms::Terms;
use kontor_domain::text::optional_text;
use kontor_store::accounts::UserRecord;
use kontor_store::audit::AuditEntry;
use kontor_store::now_ms;
use kontor_store::orders::{
    ChangeOrder, NewEvent, NewOrder, OrderQuery, OrderRecord, OrderSituation, OrderUpdate,
    PlaceOutcome, PlacementContext, member_of,
};
use leptos::prelude::ServerFnError;

const PAGE: i64 = 25;

fn own_scope(user: &SessionUser) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &user.record.organization_id,
        account_manager_id: None,
    }
}

/// The signed-in user if they may do `action` in their own organization.
async fn member_may(
    action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
) -> Result<SessionUser, ServerFnError> {
    let user = signed_in().await?;
    let actor = user.actor();
    if actor.is_vendor() {
        return Err(forbidden());
    }
    require(actor.may(action(own_scope(&user))))?;
    Ok(user)
}

fn texts() -> &'static OrderTexts {
    order_texts(initial_locale())
}

fn members_of(team: &[UserRecord]) -> Vec<Member> {
    team.iter().map(member_of).collect()
}

fn name_of(team: &[UserRecord], id: &str) -> String {
    team.iter()
        .find(|u| u.id == id)
        .map_or_else(|| "?".to_string(), |u| u.display_name.clone())
}

fn step_names(team: &[UserRecord], step: &Step) -> StepNames {
    match step {
        Step::Approver(id) => StepNames::Person(name_of(team, id)),
        Step::AnyAdmin(ids) => StepNames::Admins(ids.iter().map(|id| name_of(team, id)).collect()),
    }
}

fn system_event(kind: &'static str, step: Option<i64>) -> NewEvent {
    NewEvent {
        kind,
        step,
        actor_id: None,
        actor_name: "Kontor".into(),
        capacity: None,
        on_behalf_of: None,
        comment: None,
    }
}

fn user_event(kind: &'static str, step: Option<i64>, user: &UserRecord) -> NewEvent {
    NewEvent {
        actor_id: Some(user.id.clone()),
        actor_name: user.display_name.clone(),
        ..system_event(kind, step)
    }
}

fn order_audit(
    order_id: &str,
    number: i64,
    organization_id: &str,
    user: &UserRecord,
    action: &str,
    after: String,
) -> AuditEntry {
    AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: Some(user.id.clone()),
        actor_name: user.display_name.clone(),
        action: action.to_string(),
        target: format!("order:{order_id} #{number}"),
        before: None,
        after: Some(after),
    }
}

// ---------------------------------------------------------------------------
// Cart

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

// ---------------------------------------------------------------------------
// Placing

pub async fn place(key: String, form: DetailsForm) -> Result<PlaceResult, ServerFnError> {
    let user = member_may(|s| Action::PlaceOrder(s)).await?;
    let now = now_ms();
    let key = key.trim();
    if key.is_empty() || key.len() > 100 {
        let mut problems = FormProblems::default();
        problems.add("idempotency_key", FieldProblem::Required);
        return Ok(PlaceResult::Invalid(problems));
    }
    let details = match form.parse(now) {
        Ok(d) => d,
        Err(problems) => return Ok(PlaceResult::Invalid(problems)),
    };
    let ctx = context();
    let outcome = place_as(&ctx, &user.record, key, details, now)
        .await
        .map_err(|e| internal_error("place_order", e))?;
    match outcome {
        PlaceOutcome::Placed {
            order_id, state, ..
        }
        | PlaceOutcome::AlreadyPlaced {
            order_id, state, ..
        } => Ok(PlaceResult::Placed { order_id, state }),
        PlaceOutcome::Refused(r) => Ok(PlaceResult::Refused(r)),
        PlaceOutcome::NotFound => Err(not_found()),
    }
}

/// Places `user`'s cart at `now`: the rule run inside the store's transaction.
pub async fn place_as(
    ctx: &ServerContext,
    user: &UserRecord,
    key: &str,
    details: OrderDetails,
    now: i64,
) -> kontor_store::Result<PlaceOutcome<Refusal>> {
    let t = texts();
    let day = berlin_day(now);
    let outcome = ctx
        .store
        .place_order(
            &user.organization_id,
            &user.id,
            key,
            day.0,
            berlin_month(now),
            now,
            |c: &PlacementContext| {
                let members: Vec<Member> = c.team.iter().map(member_of).collect();
                let purchaser = members
                    .iter()
                    .find(|m| m.id == user.id)
                    .ok_or(Refusal::NobodyCanApprove)?;
                let terms = c
                    .terms
                    .as_ref()
                    .map_or_else(Terms::standard, |v| v.terms.clone());
                let q = quote(&c.cart, &terms, day).ok_or(Refusal::TooLarge)?;
                let (state, chain) =
                    match assess(purchaser, &members, &c.cart, &q, &terms, c.spent_this_month) {
                        Placement::ApprovedAtOnce => (OrderState::Approved, Vec::new()),
                        Placement::NeedsApproval { steps, .. } => {
                            (OrderState::PendingApproval, steps)
                        }
                        Placement::Refused(r) => return Err(r),
                    };
                let mailer = Mailer {
                    ctx,
                    t,
                    order: MailOrder {
                        id: &c.order_id,
                        organization_id: &c.customer.id,
                        number: c.number,
                        company: &c.customer.name,
                        purchaser_name: &user.display_name,
                        lines: &q.lines,
                        goods: q.goods,
                        shipping: q.shipping,
                        total: q.total,
                        terms: &terms,
                    },
                };
                let mut events = vec![user_event("placed", None, user)];
                let mut mails = Vec::new();
                if state == OrderState::Approved {
                    events.push(system_event("auto_approved", None));
                    mails.push(mailer.confirmation(user, &[]));
                    mails.extend(mailer.new_order(account_manager(c)));
                } else {
                    let pending = Pending {
                        purchaser_id: &user.id,
                        steps: &chain,
                        current: 0,
                        step_since: now,
                    };
                    mails.extend(requests(
                        &mailer,
                        &pending,
                        &c.team,
                        &c.deputies,
                        c.times,
                        now,
                    ));
                }
                Ok(NewOrder {
                    state,
                    purchaser_name: user.display_name.clone(),
                    details,
                    audit: order_audit(
                        &c.order_id,
                        c.number,
                        &c.customer.id,
                        user,
                        "order.placed",
                        format!("{} {}", q.total.cents(), state.as_str()),
                    ),
                    quote: q,
                    chain,
                    terms_version_id: c.terms.as_ref().map(|v| v.id.clone()),
                    terms,
                    events,
                    mails,
                })
            },
        )
        .await?;
    if matches!(outcome, PlaceOutcome::Placed { .. }) {
        (ctx.mail_written)();
    }
    Ok(outcome)
}

fn account_manager(c: &PlacementContext) -> Option<(&str, &str)> {
    match (
        &c.customer.account_manager_name,
        &c.customer.account_manager_email,
    ) {
        (Some(name), Some(email)) => Some((name.as_str(), email.as_str())),
        _ => None,
    }
}

/// "Please approve" to everyone who may decide the step now: its approver (or the
/// admins) and their deputies for today.
fn requests(
    mailer: &Mailer<'_>,
    pending: &Pending<'_>,
    team: &[UserRecord],
    deputies: &[Deputy],
    times: ApprovalTimes,
    now: i64,
) -> Vec<kontor_store::outbox::NewMail> {
    let members = members_of(team);
    let a = Authority {
        members: &members,
        deputies,
        times,
    };
    holders(pending, &a, now)
        .iter()
        .filter_map(|id| team.iter().find(|u| &u.id == id))
        .map(|to| {
            let deputy_for = match may_decide(pending, &to.id, &a, now) {
                MayDecide::Yes(Capacity::Deputy { for_user }) => Some(name_of(team, &for_user)),
                _ => None,
            };
            mailer.approval_request(pending.current as i64, to, deputy_for.as_deref())
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Reading

/// A customer member's view of an order: their organization's, and for purchasers
/// only their own; anything else is "not found".
async fn visible_to_member(
    user: &SessionUser,
    order_id: &str,
) -> Result<OrderRecord, ServerFnError> {
    let order = store()
        .order(order_id, Some(&user.record.organization_id))
        .await
        .map_err(|e| internal_error("order", e))?
        .ok_or_else(not_found)?;
    let all = user
        .actor()
        .may(Action::SeeAllOrders(own_scope(user)))
        .is_allowed();
    if !all && order.purchaser_id != user.record.id {
        return Err(not_found());
    }
    Ok(order)
}

/// Vendor staff's view of an order: the customer must be theirs to see (`action`).
async fn visible_to_staff(
    user: &SessionUser,
    order_id: &str,
    action: for<'a> fn(CustomerScope<'a>) -> Action<'a>,
) -> Result<(OrderRecord, kontor_store::organizations::CustomerRecord), ServerFnError> {
    let order = store()
        .order(order_id, None)
        .await
        .map_err(|e| internal_error("order", e))?
        .ok_or_else(not_found)?;
    let customer = store()
        .customer(&order.organization_id)
        .await
        .map_err(|e| internal_error("order", e))?
        .ok_or_else(not_found)?;
    require(user.actor().may(action(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok((order, customer))
}

fn parse_cursor(text: &str) -> Option<(i64, String)> {
    let (at, id) = text.split_once(':')?;
    Some((at.parse().ok()?, id.to_string()))
}

pub async fn list(state: String, before: String) -> Result<OrderList, ServerFnError> {
    let user = signed_in().await?;
    let actor = user.actor();
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
                return Err(forbidden());
            }
            query.account_manager_id = Some(&user.record.id);
        }
        "vendor"
    } else {
        query.organization_id = Some(&user.record.organization_id);
        if actor
            .may(Action::SeeAllOrders(own_scope(&user)))
            .is_allowed()
        {
            "all"
        } else {
            query.purchaser_id = Some(&user.record.id);
            "own"
        }
    };
    let mut rows = store()
        .orders_page(&query)
        .await
        .map_err(|e| internal_error("orders", e))?;
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

fn capacity_code(c: &Capacity) -> (&'static str, Option<&String>) {
    match c {
        Capacity::Own => ("own", None),
        Capacity::Admin => ("admin", None),
        Capacity::Deputy { for_user } => ("deputy", Some(for_user)),
        Capacity::Escalation { for_user } => ("escalation", for_user.as_ref()),
    }
}

pub async fn detail(order_id: String) -> Result<OrderDetail, ServerFnError> {
    let user = signed_in().await?;
    let actor = user.actor();
    let (order, customer_name, manage) = if actor.is_vendor() {
        let (order, customer) =
            visible_to_staff(&user, &order_id, |s| Action::ViewOrders(s)).await?;
        let manage = actor
            .may(Action::ManageOrders(CustomerScope {
                organization_id: &customer.id,
                account_manager_id: customer.account_manager_id.as_deref(),
            }))
            .is_allowed();
        (order, customer.name, manage)
    } else {
        let order = visible_to_member(&user, &order_id).await?;
        let name = user.record.organization_name.clone();
        (order, name, false)
    };
    let store = store();
    let org = &order.organization_id;
    let (lines, events, team, deputies, times) = tokio::try_join!(
        store.order_lines(&order.id),
        store.order_events(&order.id),
        store.team(org),
        store.deputies(org),
        store.approval_times(org),
    )
    .map_err(|e| internal_error("order", e))?;
    let now = now_ms();
    let pending = order.state == OrderState::PendingApproval;
    let current = order.current_step as usize;
    let p = Pending {
        purchaser_id: &order.purchaser_id,
        steps: &order.chain,
        current,
        step_since: order.step_since,
    };
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
            let decided = events.iter().find(|e| {
                e.step == Some(i as i64) && (e.kind == "approved" || e.kind == "rejected")
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
        [
            ("confirm", OrderEvent::Confirm),
            ("ship", OrderEvent::Ship),
            ("deliver", OrderEvent::Deliver),
            ("cancel", OrderEvent::Cancel),
        ]
        .into_iter()
        .filter(|(_, e)| order.state.apply(*e).is_ok())
        .map(|(name, _)| name.to_string())
        .collect()
    } else {
        Vec::new()
    };
    Ok(OrderDetail {
        id: order.id.clone(),
        number: order.number,
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
        can_reorder: !actor.is_vendor()
            && actor.may(Action::PlaceOrder(own_scope(&user))).is_allowed(),
        vendor_steps,
    })
}

// ---------------------------------------------------------------------------
// Deciding

fn mailer_for<'a>(
    ctx: &'a ServerContext,
    sit: &'a OrderSituation,
    lines: &'a [PricedLine],
) -> Mailer<'a> {
    let o = &sit.order;
    Mailer {
        ctx,
        t: texts(),
        order: MailOrder {
            id: &o.id,
            organization_id: &o.organization_id,
            number: o.number,
            company: &sit.customer.name,
            purchaser_name: &o.purchaser_name,
            lines,
            goods: o.goods,
            shipping: o.shipping,
            total: o.total,
            terms: &o.terms,
        },
    }
}

fn purchaser_of(sit: &OrderSituation) -> Option<&UserRecord> {
    sit.team.iter().find(|u| u.id == sit.order.purchaser_id)
}

/// The decision rule: the step must still be the one the decider saw, and they
/// must be allowed to decide it now.
fn decide_rule(
    ctx: &ServerContext,
    sit: &OrderSituation,
    lines: &[PricedLine],
    decider: &UserRecord,
    step: i64,
    approve: bool,
    comment: Option<String>,
    now: i64,
) -> Result<OrderUpdate, DecideResult> {
    let o = &sit.order;
    if o.state != OrderState::PendingApproval || o.current_step != step {
        return Err(DecideResult::AlreadyDecided);
    }
    let members = members_of(&sit.team);
    let authority = Authority {
        members: &members,
        deputies: &sit.deputies,
        times: sit.times,
    };
    let pending = Pending {
        purchaser_id: &o.purchaser_id,
        steps: &o.chain,
        current: step as usize,
        step_since: o.step_since,
    };
    let capacity = match may_decide(&pending, &decider.id, &authority, now) {
        MayDecide::Yes(c) => c,
        MayDecide::OwnOrder => return Err(DecideResult::OwnOrder),
        MayDecide::NotNow => return Err(DecideResult::NotYours),
    };
    let (code, for_user) = capacity_code(&capacity);
    let decision =
        |kind: &'static str, step: i64, code: &'static str, for_user: Option<&String>| NewEvent {
            capacity: Some(code),
            on_behalf_of: for_user.map(|id| name_of(&sit.team, id)),
            comment: comment.clone(),
            ..user_event(kind, Some(step), decider)
        };
    let mailer = mailer_for(ctx, sit, lines);
    let purchaser = purchaser_of(sit);
    let mut update = OrderUpdate::from(o);
    let comment_text = comment.clone().unwrap_or_else(|| "—".into());
    if !approve {
        update.state = o
            .state
            .apply(OrderEvent::Reject)
            .map_err(|_| DecideResult::AlreadyDecided)?;
        update
            .events
            .push(decision("rejected", step, code, for_user));
        update.mails.extend(purchaser.map(|p| {
            mailer.mail(
                "decision",
                (&p.display_name, &p.email),
                mailer.t.mail_rejected_subject,
                mailer.t.mail_rejected_body,
                &[
                    ("by", decider.display_name.clone()),
                    ("comment", comment_text.clone()),
                ],
            )
        }));
    } else {
        let (done, after) = after_approval(&o.chain, step as usize, &decider.id);
        for (i, s) in done.iter().enumerate() {
            update.events.push(if i == 0 {
                decision("approved", *s as i64, code, for_user)
            } else {
                decision("approved", *s as i64, "own", None)
            });
        }
        match after {
            AfterApproval::Next { next } => {
                update.current_step = next as i64;
                update.step_since = now;
                let next_pending = Pending {
                    current: next,
                    step_since: now,
                    ..pending
                };
                update.mails.extend(requests(
                    &mailer,
                    &next_pending,
                    &sit.team,
                    &sit.deputies,
                    sit.times,
                    now,
                ));
                let next_names = match step_names(&sit.team, &o.chain[next]) {
                    StepNames::Person(name) => name,
                    StepNames::Admins(names) => names.join(", "),
                };
                update.mails.extend(purchaser.map(|p| {
                    mailer.mail(
                        &format!("step/{step}/approved"),
                        (&p.display_name, &p.email),
                        mailer.t.mail_step_subject,
                        mailer.t.mail_step_body,
                        &[
                            ("by", decider.display_name.clone()),
                            ("next", next_names.clone()),
                            ("comment", comment_text.clone()),
                        ],
                    )
                }));
            }
            AfterApproval::Approved => {
                update.state = o
                    .state
                    .apply(OrderEvent::FinalApproval)
                    .map_err(|_| DecideResult::AlreadyDecided)?;
                update.mails.extend(purchaser.map(|p| {
                    mailer.confirmation(p, &[(decider.display_name.clone(), comment_text.clone())])
                }));
                let am = match (
                    &sit.customer.account_manager_name,
                    &sit.customer.account_manager_email,
                ) {
                    (Some(n), Some(e)) => Some((n.as_str(), e.as_str())),
                    _ => None,
                };
                update.mails.extend(mailer.new_order(am));
            }
        }
    }
    update.audit = Some(order_audit(
        &o.id,
        o.number,
        &o.organization_id,
        decider,
        if approve {
            "order.approved"
        } else {
            "order.rejected"
        },
        format!("step {step} {code} {}", update.state.as_str()),
    ));
    Ok(update)
}

fn changed(outcome: ChangeOrder<DecideResult>) -> Result<DecideResult, ServerFnError> {
    match outcome {
        ChangeOrder::Changed(state) => Ok(DecideResult::Decided(state)),
        ChangeOrder::Refused(result) => Ok(result),
        ChangeOrder::NotFound => Err(not_found()),
    }
}

pub async fn decide(
    order_id: String,
    step: i64,
    decision: String,
    comment: String,
) -> Result<DecideResult, ServerFnError> {
    let user = member_may(|s| Action::ApproveOrders(s)).await?;
    let order = store()
        .order(&order_id, Some(&user.record.organization_id))
        .await
        .map_err(|e| internal_error("decide_order", e))?
        .ok_or_else(not_found)?;
    let mut problems = FormProblems::default();
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            problems.add("decision", FieldProblem::Required);
            false
        }
    };
    let comment = optional_text(&comment, 1000)
        .map_err(|e| problems.add("comment", e.into()))
        .unwrap_or_default();
    if !approve && comment.is_none() {
        problems.add("comment", FieldProblem::CommentRequired);
    }
    if !problems.is_empty() {
        return Ok(DecideResult::Invalid(problems));
    }
    let outcome = decide_as(
        &context(),
        &user.record,
        &order,
        step,
        approve,
        comment,
        now_ms(),
    )
    .await
    .map_err(|e| internal_error("decide_order", e))?;
    changed(outcome)
}

/// `decider` approves or rejects step `step` of `order` at `now`.
pub async fn decide_as(
    ctx: &ServerContext,
    decider: &UserRecord,
    order: &OrderRecord,
    step: i64,
    approve: bool,
    comment: Option<String>,
    now: i64,
) -> kontor_store::Result<ChangeOrder<DecideResult>> {
    let lines = ctx.store.order_lines(&order.id).await?;
    let outcome = ctx
        .store
        .change_order(&order.organization_id, &order.id, now, |sit| {
            decide_rule(
                ctx,
                sit,
                &lines,
                decider,
                step,
                approve,
                comment.clone(),
                now,
            )
        })
        .await?;
    if matches!(outcome, ChangeOrder::Changed(_)) {
        (ctx.mail_written)();
    }
    Ok(outcome)
}

pub async fn withdraw(order_id: String) -> Result<DecideResult, ServerFnError> {
    let user = member_may(|s| Action::ViewOrders(s)).await?;
    let order = visible_to_member(&user, &order_id).await?;
    if order.purchaser_id != user.record.id {
        return Err(forbidden());
    }
    let now = now_ms();
    let outcome = store()
        .change_order(&order.organization_id, &order.id, now, |sit| {
            let o = &sit.order;
            let mut update = OrderUpdate::from(o);
            update.state = o
                .state
                .apply(OrderEvent::Withdraw)
                .map_err(|_| DecideResult::AlreadyDecided)?;
            update
                .events
                .push(user_event("withdrawn", None, &user.record));
            update.audit = Some(order_audit(
                &o.id,
                o.number,
                &o.organization_id,
                &user.record,
                "order.withdrawn",
                o.state.as_str().to_string(),
            ));
            Ok(update)
        })
        .await
        .map_err(|e| internal_error("withdraw_order", e))?;
    changed(outcome)
}

pub async fn advance(
    order_id: String,
    step: String,
    reason: String,
) -> Result<DecideResult, ServerFnError> {
    let user = signed_in().await?;
    if !user.actor().is_vendor() {
        return Err(forbidden());
    }
    let (order, _) = visible_to_staff(&user, &order_id, |s| Action::ManageOrders(s)).await?;
    let (event, kind) = match step.as_str() {
        "confirm" => (OrderEvent::Confirm, "confirmed"),
        "ship" => (OrderEvent::Ship, "shipped"),
        "deliver" => (OrderEvent::Deliver, "delivered"),
        "cancel" => (OrderEvent::Cancel, "cancelled"),
        _ => {
            let mut problems = FormProblems::default();
            problems.add("step", FieldProblem::Required);
            return Ok(DecideResult::Invalid(problems));
        }
    };
    let mut problems = FormProblems::default();
    let reason = optional_text(&reason, 1000)
        .map_err(|e| problems.add("reason", e.into()))
        .unwrap_or_default();
    if event == OrderEvent::Cancel && reason.is_none() {
        problems.add("reason", FieldProblem::CommentRequired);
    }
    if !problems.is_empty() {
        return Ok(DecideResult::Invalid(problems));
    }
    let outcome = advance_as(
        &context(),
        &user.record,
        &order,
        event,
        kind,
        reason,
        now_ms(),
    )
    .await
    .map_err(|e| internal_error("advance_order", e))?;
    changed(outcome)
}

/// Vendor staff `user` moves `order` on by `event` (recorded as `kind`) at `now`.
pub async fn advance_as(
    ctx: &ServerContext,
    user: &UserRecord,
    order: &OrderRecord,
    event: OrderEvent,
    kind: &'static str,
    reason: Option<String>,
    now: i64,
) -> kontor_store::Result<ChangeOrder<DecideResult>> {
    let lines = ctx.store.order_lines(&order.id).await?;
    let outcome = ctx
        .store
        .change_order(&order.organization_id, &order.id, now, |sit| {
            let o = &sit.order;
            let mut update = OrderUpdate::from(o);
            update.state = o
                .state
                .apply(event)
                .map_err(|_| DecideResult::AlreadyDecided)?;
            update.events.push(NewEvent {
                comment: reason.clone(),
                ..user_event(kind, None, user)
            });
            let mailer = mailer_for(ctx, sit, &lines);
            update.mails.extend(purchaser_of(sit).map(|p| {
                mailer.mail(
                    kind,
                    (&p.display_name, &p.email),
                    mailer.t.mail_status_subject,
                    mailer.t.mail_status_body,
                    &[
                        ("state", mailer.t.state(update.state).to_string()),
                        ("comment", reason.clone().unwrap_or_default()),
                    ],
                )
            }));
            update.audit = Some(order_audit(
                &o.id,
                o.number,
                &o.organization_id,
                user,
                &format!("order.{kind}"),
                update.state.as_str().to_string(),
            ));
            Ok(update)
        })
        .await?;
    if matches!(outcome, ChangeOrder::Changed(_)) {
        (ctx.mail_written)();
    }
    Ok(outcome)
}

// ---------------------------------------------------------------------------
// Approvals inbox, deputies, times

pub async fn approvals() -> Result<ApprovalsView, ServerFnError> {
    let user = member_may(|s| Action::ApproveOrders(s)).await?;
    let org = user.record.organization_id.clone();
    let now = now_ms();
    let store = store();
    let (waiting, team, deputies, times, spend) = tokio::try_join!(
        store.waiting_orders(&org),
        store.team(&org),
        store.deputies(&org),
        store.approval_times(&org),
        store.month_spend(&org, berlin_month(now)),
    )
    .map_err(|e| internal_error("approvals", e))?;
    let me = &user.record.id;
    let members = members_of(&team);
    let authority = Authority {
        members: &members,
        deputies: &deputies,
        times,
    };
    let waiting = waiting
        .into_iter()
        .filter_map(|o| {
            let p = Pending {
                purchaser_id: &o.purchaser_id,
                steps: &o.chain,
                current: o.current_step as usize,
                step_since: o.step_since,
            };
            let MayDecide::Yes(capacity) = may_decide(&p, me, &authority, now) else {
                return None;
            };
            let (code, for_user) = capacity_code(&capacity);
            Some(WaitingOrder {
                id: o.id.clone(),
                number: o.number,
                purchaser: o.purchaser_name.clone(),
                total: o.total,
                placed_at: o.placed_at,
                step_since: o.step_since,
                capacity: (code != "own").then(|| code.to_string()),
                on_behalf_of: for_user.map(|id| name_of(&team, id)),
            })
        })
        .collect();
    let spend = team
        .iter()
        .filter(|u| u.active)
        .filter_map(|u| {
            let spent = spend.iter().find(|(id, _)| *id == u.id).map(|(_, m)| *m);
            let m = member_of(u);
            (m.per_order_limit.is_some() || m.monthly_budget.is_some() || spent.is_some()).then(
                || SpendRow {
                    name: u.display_name.clone(),
                    per_order_limit: m.per_order_limit,
                    monthly_budget: m.monthly_budget,
                    spent: spent.unwrap_or(Money::ZERO),
                },
            )
        })
        .collect();
    let deputy = deputies
        .iter()
        .find(|d| &d.for_user == me)
        .map(|d| DeputyView {
            deputy_id: d.deputy.clone(),
            name: name_of(&team, &d.deputy),
            from: d.from,
            to: d.to,
        });
    Ok(ApprovalsView {
        waiting,
        spend,
        deputy,
        candidates: eligible_deputies(&team, me)
            .into_iter()
            .map(|id| {
                let name = name_of(&team, &id);
                (id, name)
            })
            .collect(),
        times,
        can_set_times: user.actor().may(Action::ManageTeam(own_scope(&user))) == Access::Allowed,
    })
}

/// Active approvers and admins other than `me`.
fn eligible_deputies(team: &[UserRecord], me: &str) -> Vec<String> {
    team.iter()
        .filter(|u| u.id != me && member_of(u).active)
        .filter(|u| {
            let roles = kontor_domain::access::Roles::from_stored(&u.roles);
            roles.contains(Role::Approver) || roles.contains(Role::Admin)
        })
        .map(|u| u.id.clone())
        .collect()
}

pub async fn set_deputy(
    deputy_id: String,
    from: String,
    to: String,
) -> Result<SettingOutcome, ServerFnError> {
    let user = member_may(|s| Action::ApproveOrders(s)).await?;
    let org = user.record.organization_id.clone();
    let now = now_ms();
    let store = store();
    let clear = deputy_id.trim().is_empty() && from.trim().is_empty() && to.trim().is_empty();
    let deputy = if clear {
        None
    } else {
        let team = store
            .team(&org)
            .await
            .map_err(|e| internal_error("set_deputy", e))?;
        match Deputy::parse(
            &user.record.id,
            &deputy_id,
            &from,
            &to,
            berlin_day(now),
            &eligible_deputies(&team, &user.record.id),
        ) {
            Ok(d) => Some(d),
            Err(problems) => return Ok(SettingOutcome::Invalid(problems)),
        }
    };
    let entry = AuditEntry {
        organization_id: org.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: if clear {
            "deputy.removed"
        } else {
            "deputy.named"
        }
        .into(),
        target: format!("user:{}", user.record.id),
        before: None,
        after: deputy
            .as_ref()
            .map(|d| format!("{} {}..{}", d.deputy, d.from, d.to)),
    };
    store
        .set_deputy(&org, deputy.as_ref(), &user.record.id, &entry, now)
        .await
        .map_err(|e| internal_error("set_deputy", e))?;
    Ok(SettingOutcome::Saved)
}

pub async fn set_times(
    reminder: String,
    escalation: String,
) -> Result<SettingOutcome, ServerFnError> {
    let user = member_may(|s| Action::ManageTeam(s)).await?;
    let times = match ApprovalTimes::parse(&reminder, &escalation) {
        Ok(t) => t,
        Err(problems) => return Ok(SettingOutcome::Invalid(problems)),
    };
    let entry = AuditEntry {
        organization_id: user.record.organization_id.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: "organization.approval_times".into(),
        target: format!("organization:{}", user.record.organization_id),
        before: None,
        after: Some(format!(
            "{} h / {} h",
            times.reminder_hours, times.escalation_hours
        )),
    };
    store()
        .set_approval_times(&user.record.organization_id, times, &entry, now_ms())
        .await
        .map_err(|e| internal_error("set_approval_times", e))?;
    Ok(SettingOutcome::Saved)
}

// ---------------------------------------------------------------------------
// Reminders and escalation (run by the server's notice loop)

/// Sends the reminders and escalation notices due at `now`; returns how many orders
/// got one. Each order is one transaction: two servers running this at once send
/// each notice once (the step's notice marker is checked under the order's lock).
pub async fn send_notices(ctx: &ServerContext, now: i64) -> kontor_store::Result<usize> {
    let t = order_texts(kontor_domain::Locale::default());
    let mut sent = 0;
    for (org, id) in ctx.store.orders_due_for_notice(now).await? {
        let lines = ctx.store.order_lines(&id).await?;
        let outcome = ctx
            .store
            .change_order(&org, &id, now, |sit| notice_rule(ctx, t, sit, &lines, now))
            .await?;
        if matches!(outcome, ChangeOrder::Changed(_)) {
            sent += 1;
        }
    }
    if sent > 0 {
        (ctx.mail_written)();
    }
    Ok(sent)
}

fn notice_rule(
    ctx: &ServerContext,
    t: &'static OrderTexts,
    sit: &OrderSituation,
    lines: &[PricedLine],
    now: i64,
) -> Result<OrderUpdate, ()> {
    let o = &sit.order;
    if o.state != OrderState::PendingApproval {
        return Err(());
    }
    let step = o.current_step;
    let p = Pending {
        purchaser_id: &o.purchaser_id,
        steps: &o.chain,
        current: step as usize,
        step_since: o.step_since,
    };
    let members = members_of(&sit.team);
    let authority = Authority {
        members: &members,
        deputies: &sit.deputies,
        times: sit.times,
    };
    let mut mailer = mailer_for(ctx, sit, lines);
    mailer.t = t;
    let mut update = OrderUpdate::from(o);
    let since = crate::i18n::condition_texts(t.locale).instant(o.step_since);
    let waiting = match step_names(&sit.team, &o.chain[step as usize]) {
        StepNames::Person(name) => name,
        StepNames::Admins(_) => t.admins.to_string(),
    };
    let recipients = |filter: &dyn Fn(&Capacity) -> bool| -> Vec<&UserRecord> {
        holders(&p, &authority, now)
            .iter()
            .filter(|id| matches!(may_decide(&p, id, &authority, now), MayDecide::Yes(ref c) if filter(c)))
            .filter_map(|id| sit.team.iter().find(|u| &u.id == id))
            .collect()
    };
    if sit.times.escalated(o.step_since, now) && o.escalated_step < step {
        update.escalated_step = step;
        update.reminded_step = update.reminded_step.max(step);
        update.events.push(system_event("escalated", Some(step)));
        for to in recipients(&|c| matches!(c, Capacity::Escalation { .. })) {
            update.mails.push(mailer.mail(
                &format!("step/{step}/escalated/{}", to.id),
                (&to.display_name, &to.email),
                t.mail_escalated_subject,
                t.mail_escalated_body,
                &[("since", since.clone()), ("waiting", waiting.clone())],
            ));
        }
    } else if sit.times.reminder_due(o.step_since, now) && o.reminded_step < step {
        update.reminded_step = step;
        update.events.push(system_event("reminded", Some(step)));
        for to in recipients(&|c| !matches!(c, Capacity::Escalation { .. })) {
            update.mails.push(mailer.mail(
                &format!("step/{step}/reminder/{}", to.id),
                (&to.display_name, &to.email),
                t.mail_reminder_subject,
                t.mail_reminder_body,
                &[("since", since.clone())],
            ));
        }
    } else {
        return Err(());
    }
    Ok(update)
}
