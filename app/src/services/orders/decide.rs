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
        order: MailOrder {
            id: &o.id,
            organization_id: &o.organization_id,
            number: o.number,
            company: &sit.customer.name,
            purchaser_name: &o.purchaser_name,
            lines,
            revision: o.revision,
            goods: o.goods,
            shipping: o.shipping,
            total: o.total,
            terms: &o.terms,
            from_quote: o.quote_number.zip(o.quote_version),
        },
    }
}

pub(super) fn purchaser_of(sit: &OrderSituation) -> Option<&UserRecord> {
    sit.team.iter().find(|u| u.id == sit.order.purchaser_id)
}

/// The decision rule: the step must still be the one the decider saw, and they
/// must be allowed to decide it now.
/// One person's decision on one step, as they submitted it.
pub(super) struct Decision<'a> {
    pub(super) decider: &'a UserRecord,
    pub(super) step: i64,
    pub(super) revision: Option<i64>,
    pub(super) approve: bool,
    pub(super) comment: Option<String>,
    pub(super) now: i64,
}

pub(super) fn decide_rule(
    ctx: &ServerContext,
    sit: &OrderSituation,
    lines: &[PricedLine],
    d: Decision<'_>,
) -> Result<OrderUpdate, DecideResult> {
    let Decision {
        decider,
        step,
        revision,
        approve,
        comment,
        now,
    } = d;
    let o = &sit.order;
    if revision.is_some_and(|r| r != o.revision) {
        return Err(DecideResult::Changed);
    }
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
            mailer.mail("decision", To::user(p), |t| Letter {
                subject: t.mail_rejected_subject,
                body: t.mail_rejected_body,
                extra: vec![
                    ("by", decider.display_name.clone()),
                    ("comment", comment_text.clone()),
                ],
            })
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
                let (mails, links) = requests(
                    &mailer,
                    &next_pending,
                    &sit.team,
                    &sit.deputies,
                    sit.times,
                    now,
                );
                update.mails.extend(mails);
                update.links.extend(links);
                let next_names = match step_names(&sit.team, &o.chain[next]) {
                    StepNames::Person(name) => name,
                    StepNames::Admins(names) => names.join(", "),
                };
                update.mails.extend(purchaser.map(|p| {
                    mailer.mail(&format!("step/{step}/approved"), To::user(p), |t| Letter {
                        subject: t.mail_step_subject,
                        body: t.mail_step_body,
                        extra: vec![
                            ("by", decider.display_name.clone()),
                            ("next", next_names.clone()),
                            ("comment", comment_text.clone()),
                        ],
                    })
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
                update
                    .mails
                    .extend(mailer.new_order(account_manager(&sit.customer)));
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

/// One change of one order at `ctx.now()`: `rule` decides on the order as it is
/// under its row lock (with its lines); a change wakes the mail worker for the mails
/// it wrote.
async fn change_one(
    ctx: &ServerContext,
    order: &OrderRecord,
    rule: impl FnOnce(&OrderSituation, &[PricedLine], i64) -> Result<OrderUpdate, DecideResult>,
) -> Result<DecideResult, ServiceError> {
    let lines = ctx.store.order_lines(&order.id).await?;
    let now = ctx.now();
    let outcome = ctx
        .store
        .change_order(&order.organization_id, &order.id, now, |sit| {
            rule(sit, &lines, now)
        })
        .await?;
    match outcome {
        ChangeOrder::Changed(state) => {
            (ctx.mail_written)();
            Ok(DecideResult::Decided(state))
        }
        ChangeOrder::Refused(result) => Ok(result),
        ChangeOrder::NotFound => Err(ServiceError::NotFound),
    }
}

/// Approve or reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Reject,
}

impl Verdict {
    /// The form's value ("approve", "reject").
    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "approve" => Some(Verdict::Approve),
            "reject" => Some(Verdict::Reject),
            _ => None,
        }
    }
}

/// A decision on the step the decider saw (`step`): when the order has moved on
/// since, nothing happens and the answer says so.
pub struct DecideOrder {
    pub order_id: String,
    pub step: i64,
    /// The order's revision the decider saw (`None`: not checked). A decision on a
    /// page shown before the purchaser changed the order is refused.
    pub revision: Option<i64>,
    /// `None`: the form sent neither (a problem at the field `decision`).
    pub verdict: Option<Verdict>,
    pub comment: String,
}

/// An approver (or their deputy, or an admin) decides the order's current step.
pub async fn decide(
    ctx: &ServerContext,
    actor: &Actor,
    DecideOrder {
        order_id,
        step,
        revision,
        verdict,
        comment,
    }: DecideOrder,
) -> Result<DecideResult, ServiceError> {
    let user = member_may(actor, |s| Action::ApproveOrders(s))?;
    let order = ctx
        .store
        .order(&order_id, Some(&user.record.organization_id))
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut problems = FormProblems::default();
    let approve = match verdict {
        Some(verdict) => verdict == Verdict::Approve,
        None => {
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
    change_one(ctx, &order, |sit, lines, now| {
        let decision = Decision {
            decider: &user.record,
            step,
            revision,
            approve,
            comment,
            now,
        };
        decide_rule(ctx, sit, lines, decision)
    })
    .await
}

/// The decision's comment (the domain says when one is required), at its field.
pub(super) fn comment_of(
    text: &str,
    field: &str,
    event: OrderEvent,
    problems: &mut FormProblems,
) -> Option<String> {
    parse_comment(text, event)
        .map_err(|p| problems.add(field, p))
        .unwrap_or_default()
}

/// The purchaser takes back their order while it waits or before the vendor
/// confirms it.
pub async fn withdraw(
    ctx: &ServerContext,
    actor: &Actor,
    order_id: &str,
) -> Result<DecideResult, ServiceError> {
    let user = member_may(actor, |s| Action::ViewOrders(s))?;
    let order = visible_to_member(ctx, user, order_id).await?;
    if order.purchaser_id != user.record.id {
        return Err(ServiceError::Forbidden);
    }
    change_one(ctx, &order, |sit, lines, now| {
        let o = &sit.order;
        let mut update = OrderUpdate::from(o);
        update.state = o
            .state
            .apply(OrderEvent::Withdraw)
            .map_err(|_| DecideResult::AlreadyDecided)?;
        update
            .events
            .push(user_event("withdrawn", None, &user.record));
        update.mails = withdrawal_notices(ctx, sit, lines, now);
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
    let notice = |to: To<'_>| {
        let event = format!("withdrawn/{}", to.email);
        mailer.mail(&event, to, |t| Letter {
            subject: t.mail_withdrawn_subject,
            body: t.mail_withdrawn_body,
            extra: vec![],
        })
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
                .map(|u| notice(To::user(u)))
                .collect()
        }
        _ => account_manager(&sit.customer)
            .map(notice)
            .into_iter()
            .collect(),
    }
}

/// What the vendor does with an order after approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VendorStep {
    Confirm,
    Ship,
    Deliver,
    Cancel,
}

impl VendorStep {
    pub const ALL: [VendorStep; 4] = [
        VendorStep::Confirm,
        VendorStep::Ship,
        VendorStep::Deliver,
        VendorStep::Cancel,
    ];

    /// The form's value ("confirm", "ship", "deliver", "cancel").
    pub fn parse(text: &str) -> Option<VendorStep> {
        VendorStep::ALL.into_iter().find(|s| s.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            VendorStep::Confirm => "confirm",
            VendorStep::Ship => "ship",
            VendorStep::Deliver => "deliver",
            VendorStep::Cancel => "cancel",
        }
    }

    pub(super) fn event(self) -> OrderEvent {
        match self {
            VendorStep::Confirm => OrderEvent::Confirm,
            VendorStep::Ship => OrderEvent::Ship,
            VendorStep::Deliver => OrderEvent::Deliver,
            VendorStep::Cancel => OrderEvent::Cancel,
        }
    }

    /// How the step is recorded (history, audit, mail).
    fn recorded_as(self) -> &'static str {
        match self {
            VendorStep::Confirm => "confirmed",
            VendorStep::Ship => "shipped",
            VendorStep::Deliver => "delivered",
            VendorStep::Cancel => "cancelled",
        }
    }
}

/// Vendor staff (or the ERP) move an order on; cancelling needs a reason.
#[derive(Clone, Debug, Default)]
pub struct AdvanceOrder {
    pub order_id: String,
    /// `None`: the form sent no known step (a problem at the field `step`).
    pub step: Option<VendorStep>,
    pub reason: String,
    /// The ERP's number for the order (kept when empty).
    pub external_id: String,
    /// The shipment's carrier and tracking number (kept when empty).
    pub carrier: String,
    pub tracking_number: String,
}

/// Vendor staff who manage the customer, or an API client with `orders:write` for
/// it, confirm, ship, deliver or cancel the order.
pub async fn advance(
    ctx: &ServerContext,
    actor: &Actor,
    AdvanceOrder {
        order_id,
        step,
        reason,
        external_id,
        carrier,
        tracking_number,
    }: AdvanceOrder,
) -> Result<DecideResult, ServiceError> {
    if !actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let (order, _) = visible_to_staff(ctx, actor, &order_id, |s| Action::ManageOrders(s)).await?;
    let Some(step) = step else {
        let mut problems = FormProblems::default();
        problems.add("step", FieldProblem::Required);
        return Ok(DecideResult::Invalid(problems));
    };
    let (event, kind) = (step.event(), step.recorded_as());
    let mut problems = FormProblems::default();
    let reason = comment_of(&reason, "reason", event, &mut problems);
    let mut external = |field: &str, text: &str| {
        parse_external_text(text)
            .map_err(|p| problems.add(field, p))
            .unwrap_or_default()
    };
    let external_id = external("external_id", &external_id);
    let carrier = external("carrier", &carrier);
    let tracking_number = external("tracking_number", &tracking_number);
    if !problems.is_empty() {
        return Ok(DecideResult::Invalid(problems));
    }
    let (actor_id, actor_name) = actor.recorded_as();
    change_one(ctx, &order, |sit, lines, _now| {
        let o = &sit.order;
        let mut update = OrderUpdate::from(o);
        update.state = o
            .state
            .apply(event)
            .map_err(|_| DecideResult::AlreadyDecided)?;
        update.external_id = external_id.clone();
        if carrier.is_some() || tracking_number.is_some() {
            update.shipment = Some((
                carrier.clone().unwrap_or_default(),
                tracking_number.clone().unwrap_or_default(),
            ));
        }
        update.events.push(NewEvent {
            comment: reason.clone(),
            actor_id: Some(actor_id.clone()),
            actor_name: actor_name.clone(),
            ..system_event(kind, None)
        });
        let mailer = mailer_for(ctx, sit, lines);
        let state = update.state;
        update.mails.extend(purchaser_of(sit).map(|p| {
            mailer.mail(kind, To::user(p), |t| Letter {
                subject: t.mail_status_subject,
                body: t.mail_status_body,
                extra: vec![
                    ("state", t.state(state).to_string()),
                    ("comment", reason.clone().unwrap_or_default()),
                ],
            })
        }));
        update.audit = Some(AuditEntry {
            organization_id: o.organization_id.clone(),
            actor_id: Some(actor_id.clone()),
            actor_name: actor_name.clone(),
            action: format!("order.{kind}"),
            target: format!("order:{} #{}", o.id, o.number),
            before: None,
            after: Some(update.state.as_str().to_string()),
        });
        Ok(update)
    })
    .await
}
