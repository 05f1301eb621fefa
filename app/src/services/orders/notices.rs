//! Reminders, escalation notices and expiry (run by the server's notice loop).

use super::*;

/// Sends the reminders and escalation notices due at `now` and expires the orders
/// that waited too long; returns how many orders changed. Each order is one
/// transaction: two servers running this at once send each notice once (the step's
/// notice marker, and the order's state, are checked under the order's lock).
pub async fn send_notices(ctx: &ServerContext, now: i64) -> kontor_store::Result<usize> {
    let mut sent = 0;
    for (org, id) in ctx.store.orders_due_for_notice(now).await? {
        let lines = ctx.store.order_lines(&id).await?;
        let outcome = ctx
            .store
            .change_order(&org, &id, now, |sit| notice_rule(ctx, sit, &lines, now))
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
    sit: &OrderSituation,
    lines: &[PricedLine],
    now: i64,
) -> Result<OrderUpdate, ()> {
    let o = &sit.order;
    if o.state != OrderState::PendingApproval {
        return Err(());
    }
    let step = o.current_step;
    let p = pending_of(o);
    let members = members_of(&sit.team);
    let authority = Authority {
        members: &members,
        deputies: &sit.deputies,
        times: sit.times,
    };
    let mailer = mailer_for(ctx, sit, lines);
    if sit.times.expired(o.placed_at, now) {
        return Ok(expiry(sit, &p, &authority, &mailer, now));
    }
    let mut update = OrderUpdate::from(o);
    // In each recipient's language and date format.
    let since = |t: &OrderTexts| crate::i18n::condition_texts(t.locale).instant(o.step_since);
    let waiting = |t: &OrderTexts| match step_names(&sit.team, &o.chain[step as usize]) {
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
            let mail = mailer.mail(
                &format!("step/{step}/escalated/{}", to.id),
                To::user(to),
                |t| Letter {
                    subject: t.mail_escalated_subject,
                    body: t.mail_escalated_body,
                    extra: vec![("since", since(t)), ("waiting", waiting(t))],
                },
            );
            let (mail, link) = mailer.with_decision_links(mail, to, step, now);
            update.mails.push(mail);
            update.links.push(link);
        }
    } else if sit.times.reminder_due(o.step_since, now) && o.reminded_step < step {
        update.reminded_step = step;
        update.events.push(system_event("reminded", Some(step)));
        for to in recipients(&|c| !matches!(c, Capacity::Escalation { .. })) {
            // A fresh link: the first one may be near its end.
            let mail = mailer.mail(
                &format!("step/{step}/reminder/{}", to.id),
                To::user(to),
                |t| Letter {
                    subject: t.mail_reminder_subject,
                    body: t.mail_reminder_body,
                    extra: vec![("since", since(t))],
                },
            );
            let (mail, link) = mailer.with_decision_links(mail, to, step, now);
            update.mails.push(mail);
            update.links.push(link);
        }
    } else {
        return Err(());
    }
    Ok(update)
}

/// The order waited longer than its organization allows: it expires (and so leaves
/// the budget); the purchaser and everyone who could have decided now are told.
/// Its decision links stop working with the state.
fn expiry(
    sit: &OrderSituation,
    p: &Pending<'_>,
    authority: &Authority<'_>,
    mailer: &Mailer<'_>,
    now: i64,
) -> OrderUpdate {
    let o = &sit.order;
    let mut update = OrderUpdate::from(o);
    update.state = OrderState::Expired;
    update
        .events
        .push(system_event("expired", Some(o.current_step)));
    let days = sit.times.expiry_days.unwrap_or_default().to_string();
    let placed = |t: &OrderTexts| crate::i18n::condition_texts(t.locale).instant(o.placed_at);
    if let Some(purchaser) = purchaser_of(sit) {
        update
            .mails
            .push(mailer.mail("expired", To::user(purchaser), |t| Letter {
                subject: t.mail_expired_subject,
                body: t.mail_expired_body,
                extra: vec![("since", placed(t)), ("days", days.clone())],
            }));
    }
    for id in holders(p, authority, now) {
        let Some(to) = sit.team.iter().find(|u| u.id == id) else {
            continue;
        };
        update.mails.push(
            mailer.mail(&format!("expired/{}", to.id), To::user(to), |t| Letter {
                subject: t.mail_expired_subject,
                body: t.mail_expired_approver_body,
                extra: vec![("since", placed(t)), ("days", days.clone())],
            }),
        );
    }
    update
}
