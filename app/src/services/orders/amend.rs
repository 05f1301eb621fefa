//! Changing a waiting order (instead of withdrawing it): priced and routed anew,
//! earlier approvals void, everyone concerned told what changed (the domain's
//! `amendment` module has the rules).

use super::*;
use crate::api::orders::AmendResult;
use kontor_domain::amendment::{DetailField, LinesForm, OrderChange};
use kontor_domain::calendar::Day;
use kontor_store::orders::{AmendContext, Amended};

/// A change of a waiting order as the purchaser typed it.
pub struct AmendOrder {
    pub order_id: String,
    pub lines: LinesForm,
    pub details: DetailsForm,
}

/// Why the amendment rule changed nothing.
enum NotAmended {
    NotWaiting,
    Unchanged,
    Invalid(FormProblems),
    Refused(Refusal),
}

/// Changes the purchaser's own waiting order. A colleague's order is refused (403,
/// as withdrawing it is); another organization's is not found.
pub async fn amend(
    ctx: &ServerContext,
    actor: &Actor,
    input: AmendOrder,
) -> Result<AmendResult, ServiceError> {
    let user = member_may(actor, |s| Action::PlaceOrder(s))?;
    let order = visible_to_member(ctx, user, &input.order_id).await?;
    // An order from a quote keeps the lines its prices were agreed for.
    if order.purchaser_id != user.record.id || order.quote_id.is_some() {
        return Err(ServiceError::Forbidden);
    }
    if order.state != OrderState::PendingApproval {
        return Ok(AmendResult::NotWaiting);
    }
    let now = ctx.now();
    let (lines_now, events) = tokio::try_join!(
        ctx.store.order_lines(&order.id),
        ctx.store.order_events(&order.id),
    )?;
    let current: Vec<(String, i64)> = lines_now
        .iter()
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    let (items, details) = match (input.lines.parse(&current), input.details.parse(now)) {
        (Ok(items), Ok(details)) => (items, details),
        (lines, details) => {
            let mut problems = lines.err().unwrap_or_default();
            problems.0.extend(details.err().unwrap_or_default().0);
            return Ok(AmendResult::Invalid(problems));
        }
    };
    // Who approved this revision so far: their approval is void and they hear why.
    let approvers: Vec<String> = events
        .iter()
        .filter(|e| e.revision == order.revision && e.kind == "approved")
        .filter_map(|e| e.actor_id.clone())
        .collect();
    let day = berlin_day(now);
    let outcome = ctx
        .store
        .amend_order(
            &order.organization_id,
            &order.id,
            &user.record.id,
            &items,
            day.0,
            berlin_month(now),
            now,
            |c| amendment_rule(ctx, &user.record, c, details, &approvers, now),
        )
        .await?;
    Ok(match outcome {
        ChangeOrder::Changed(state) => {
            (ctx.mail_written)();
            AmendResult::Amended(state)
        }
        ChangeOrder::Refused(NotAmended::NotWaiting) => AmendResult::NotWaiting,
        ChangeOrder::Refused(NotAmended::Unchanged) => AmendResult::Unchanged,
        ChangeOrder::Refused(NotAmended::Invalid(p)) => AmendResult::Invalid(p),
        ChangeOrder::Refused(NotAmended::Refused(r)) => AmendResult::Refused(r),
        ChangeOrder::NotFound => return Err(ServiceError::NotFound),
    })
}

fn details_of(o: &OrderRecord) -> OrderDetails {
    OrderDetails {
        po_number: o.po_number.clone(),
        cost_center: o.cost_center.clone(),
        delivery_address: o.delivery_address.clone(),
        requested_date: o.requested_date.map(Day),
        note: o.note.clone(),
    }
}

/// The amendment, decided on the order as it is inside the transaction.
fn amendment_rule(
    ctx: &ServerContext,
    purchaser: &UserRecord,
    c: &AmendContext<'_>,
    details: OrderDetails,
    approvers: &[String],
    now: i64,
) -> Result<OrderUpdate, NotAmended> {
    let sit = c.situation;
    let o = &sit.order;
    if o.state != OrderState::PendingApproval {
        return Err(NotAmended::NotWaiting);
    }
    if let Some(sku) = c.unknown.first() {
        let mut problems = FormProblems::default();
        // Only the added line can name an SKU that is not in the catalog.
        let field = if c.lines_before.iter().any(|l| &l.sku == sku) {
            kontor_domain::amendment::quantity_field(sku)
        } else {
            "add_sku".to_string()
        };
        problems.add(&field, FieldProblem::UnknownProduct);
        return Err(NotAmended::Invalid(problems));
    }
    let before: Vec<(String, i64)> = c
        .lines_before
        .iter()
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    let after: Vec<(String, i64)> = c
        .lines_after
        .iter()
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    let old_details = details_of(o);
    let change = OrderChange::between(&before, &after, &old_details, &details);
    if change.is_empty() {
        return Err(NotAmended::Unchanged);
    }
    let Routed {
        quote: q,
        terms,
        state,
        chain,
    } = price_and_route(
        &sit.team,
        &purchaser.id,
        &c.lines_after,
        c.terms.as_ref(),
        berlin_day(now),
        c.spent_without_it,
    )
    .map_err(NotAmended::Refused)?;
    let members = members_of(&sit.team);
    let revision = o.revision + 1;
    let mailer = Mailer {
        ctx,
        order: MailOrder {
            id: &o.id,
            organization_id: &o.organization_id,
            number: o.number,
            company: &sit.customer.name,
            purchaser_name: &o.purchaser_name,
            lines: &q.lines,
            revision,
            goods: q.goods,
            shipping: q.shipping,
            total: q.total,
            terms: &terms,
            from_quote: o.quote_number.zip(o.quote_version),
        },
    };
    let told = |t: &OrderTexts| {
        describe(
            t,
            &change,
            (&c.lines_before, &q.lines),
            (&old_details, &details),
            (o.total, q.total),
        )
    };
    let mut update = OrderUpdate::from(o);
    update.state = state;
    update.current_step = 0;
    update.step_since = now;
    update.reminded_step = -1;
    update.escalated_step = -1;
    update.events.push(NewEvent {
        comment: Some(told(crate::i18n::order_texts(purchaser.language()))),
        ..user_event("amended", None, purchaser)
    });
    // Who could decide before the change, and who approved it, hear what changed.
    let old_holders = {
        let authority = Authority {
            members: &members,
            deputies: &sit.deputies,
            times: sit.times,
        };
        holders(&pending_of(o), &authority, now)
    };
    let mut new_holders = Vec::new();
    if state == OrderState::Approved {
        update.events.push(system_event("auto_approved", None));
        update.mails.push(mailer.confirmation(purchaser, &[]));
        update
            .mails
            .extend(mailer.new_order(account_manager(&sit.customer)));
    } else {
        let pending = Pending {
            purchaser_id: &o.purchaser_id,
            steps: &chain,
            current: 0,
            step_since: now,
        };
        let (mut mails, links) =
            requests(&mailer, &pending, &sit.team, &sit.deputies, sit.times, now);
        for mail in &mut mails {
            if let Some(to) = sit.team.iter().find(|u| u.email == mail.recipient) {
                let t = crate::i18n::order_texts(to.language());
                mail.body_text = format!(
                    "{}\n\n{}",
                    mail.body_text,
                    t.mail_amended_section
                        .replace("{purchaser}", &o.purchaser_name)
                        .replace("{change}", &told(t))
                );
                new_holders.push(to.id.clone());
            }
        }
        update.mails.extend(mails);
        update.links = links;
    }
    let mut concerned: Vec<&String> = old_holders.iter().chain(approvers).collect();
    concerned.sort();
    concerned.dedup();
    for id in concerned {
        if new_holders.contains(id) || *id == o.purchaser_id {
            continue;
        }
        let Some(to) = sit.team.iter().find(|u| &u.id == id) else {
            continue;
        };
        update.mails.push(
            mailer.mail(&format!("amended/{}", to.id), To::user(to), |t| Letter {
                subject: t.mail_amended_subject,
                body: t.mail_amended_body,
                extra: vec![
                    ("change", told(t)),
                    (
                        "next",
                        if state == OrderState::Approved {
                            t.mail_amended_now_approved.to_string()
                        } else {
                            t.mail_amended_now_waiting.to_string()
                        },
                    ),
                ],
            }),
        );
    }
    update.audit = Some(order_audit(
        &o.id,
        o.number,
        &o.organization_id,
        purchaser,
        "order.amended",
        format!("{} {} rev{revision}", q.total.cents(), state.as_str()),
    ));
    update.amended = Some(Amended {
        quote: q,
        chain,
        details,
        terms_version_id: c.terms.as_ref().map(|v| v.id.clone()),
        terms,
    });
    Ok(update)
}

/// What changed, old → new, one line each, in the reader's language.
fn describe(
    t: &OrderTexts,
    change: &OrderChange,
    (lines_before, lines_after): (&[PricedLine], &[PricedLine]),
    (old, new): (&OrderDetails, &OrderDetails),
    (total_before, total_after): (Money, Money),
) -> String {
    let name = |sku: &str| {
        lines_after
            .iter()
            .chain(lines_before)
            .find(|l| l.sku == sku)
            .map_or_else(String::new, |l| {
                if t.locale == kontor_domain::Locale::De {
                    l.name_de.clone()
                } else {
                    l.name_en.clone()
                }
            })
    };
    let mut out: Vec<String> = change
        .quantities
        .iter()
        .map(|q| format!("- {} {}: {} → {}", q.sku, name(&q.sku), q.before, q.after))
        .collect();
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    let day = |d: Option<Day>| {
        d.map_or_else(
            || "—".to_string(),
            |d| crate::i18n::condition_texts(t.locale).day(d),
        )
    };
    for field in &change.details {
        let (label, before, after) = match field {
            DetailField::PoNumber => (t.po_number, text(&old.po_number), text(&new.po_number)),
            DetailField::CostCenter => (
                t.cost_center,
                text(&old.cost_center),
                text(&new.cost_center),
            ),
            DetailField::DeliveryAddress => (
                t.delivery_address,
                old.delivery_address.replace('\n', ", "),
                new.delivery_address.replace('\n', ", "),
            ),
            DetailField::RequestedDate => (
                t.requested_date,
                day(old.requested_date),
                day(new.requested_date),
            ),
            DetailField::Note => (t.note, text(&old.note), text(&new.note)),
        };
        out.push(format!("- {label}: {before} → {after}"));
    }
    out.push(format!(
        "{}: {} → {}",
        t.total,
        total_before.format(t.locale),
        total_after.format(t.locale)
    ));
    out.join("\n")
}
