//! Decisions, withdrawal and the vendor's steps: each one change of one order.

use super::*;

pub(super) fn mailer_for<'a>(
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

pub(super) fn purchaser_of(sit: &OrderSituation) -> Option<&UserRecord> {
    sit.team.iter().find(|u| u.id == sit.order.purchaser_id)
}

/// The decision rule: the step must still be the one the decider saw, and they
/// must be allowed to decide it now.
/// One person's decision on one step, as they submitted it.
struct Decision<'a> {
    decider: &'a UserRecord,
    step: i64,
    approve: bool,
    comment: Option<String>,
    now: i64,
}

fn decide_rule(
    ctx: &ServerContext,
    sit: &OrderSituation,
    lines: &[PricedLine],
    d: Decision<'_>,
) -> Result<OrderUpdate, DecideResult> {
    let Decision {
        decider,
        step,
        approve,
        comment,
        now,
    } = d;
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
    let pending = pending_of(o);
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
    let comment = comment_of(
        &comment,
        "comment",
        if approve {
            OrderEvent::FinalApproval
        } else {
            OrderEvent::Reject
        },
        &mut problems,
    );
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

/// The decision's comment (the domain says when one is required), at its field.
fn comment_of(
    text: &str,
    field: &str,
    event: OrderEvent,
    problems: &mut FormProblems,
) -> Option<String> {
    parse_comment(text, event)
        .map_err(|p| problems.add(field, p))
        .unwrap_or_default()
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
            let decision = Decision {
                decider,
                step,
                approve,
                comment: comment.clone(),
                now,
            };
            decide_rule(ctx, sit, &lines, decision)
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
    let ctx = context();
    let lines = ctx
        .store
        .order_lines(&order.id)
        .await
        .map_err(|e| internal_error("withdraw_order", e))?;
    let outcome = ctx
        .store
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
            update.mails = withdrawal_notices(&ctx, sit, &lines, now);
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
    if matches!(outcome, ChangeOrder::Changed(_)) {
        (ctx.mail_written)();
    }
    changed(outcome)
}

/// Who was waiting on a withdrawn order hears of it: while pending, everyone who
/// may decide it now; once approved, the account manager (told of it before).
fn withdrawal_notices(
    ctx: &ServerContext,
    sit: &OrderSituation,
    lines: &[PricedLine],
    now: i64,
) -> Vec<kontor_store::outbox::NewMail> {
    let o = &sit.order;
    let mailer = mailer_for(ctx, sit, lines);
    let t = mailer.t;
    let notice = |to: (&str, &str)| {
        let event = format!("withdrawn/{}", to.1);
        mailer.mail(
            &event,
            to,
            t.mail_withdrawn_subject,
            t.mail_withdrawn_body,
            &[],
        )
    };
    match o.state {
        OrderState::PendingApproval => {
            let members = members_of(&sit.team);
            let authority = Authority {
                members: &members,
                deputies: &sit.deputies,
                times: sit.times,
            };
            let pending = pending_of(o);
            holders(&pending, &authority, now)
                .iter()
                .filter_map(|id| sit.team.iter().find(|u| &u.id == id))
                .map(|u| notice((&u.display_name, &u.email)))
                .collect()
        }
        _ => match (
            &sit.customer.account_manager_name,
            &sit.customer.account_manager_email,
        ) {
            (Some(name), Some(email)) => vec![notice((name, email))],
            _ => Vec::new(),
        },
    }
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
    let reason = comment_of(&reason, "reason", event, &mut problems);
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
