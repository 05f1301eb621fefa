//! Offers whose validity ended: the notice loop ends them, once, the day after
//! their last valid day (Berlin), and tells both sides.

use super::*;
use crate::i18n::quote_texts;
use crate::mail::{Letter, account_manager};
use kontor_domain::integration::EventType;
use kontor_domain::quote::{QuoteEvent, expired};
use kontor_store::quotes::{NewQuoteMessage, QuoteStep, StepOutcome};

/// How many quotes one round of the loop ends at most (the rest in the next round).
const ROUND: i64 = 200;

/// Ends every offer whose validity is over; returns how many it ended. Run by the
/// notice loop: an offer is ended once, a round that meets one already ended (by a
/// parallel round, or accepted in the last second of its day) leaves it alone.
pub async fn expire_offers(ctx: &ServerContext) -> Result<usize, ServiceError> {
    let now = ctx.now();
    let due = ctx.store.quotes_to_expire(today(ctx).0, ROUND).await?;
    let mut ended = 0;
    for quote in due {
        let requester = requester_of(ctx, &quote).await?;
        let outcome: StepOutcome<()> = ctx
            .store
            .quote_step(&quote.organization_id, &quote.id, now, |c| {
                let q = &c.quote;
                let still_due = q.valid_until.is_some_and(|day| expired(Day(day), now));
                let after = q
                    .state()
                    .apply(QuoteEvent::Expire)
                    .map_err(|_| ())
                    .and_then(|after| if still_due { Ok(after) } else { Err(()) })?;
                let m = mailer(ctx, q, "Kontor", q.version);
                let mail = |to: To<'_>| {
                    let t = quote_texts(to.locale);
                    let valid_until = q.valid_until.map(Day).map(|d| super::mail::day_text(t, d));
                    m.mail("expired", to, None, |t| Letter {
                        subject: t.mail_expired_subject,
                        body: t.mail_expired_body,
                        extra: vec![("valid_until", valid_until.unwrap_or_default())],
                    })
                };
                let mails = requester
                    .as_ref()
                    .map(|u| mail(to_user(u)))
                    .into_iter()
                    .chain(account_manager(&c.customer).map(mail))
                    .collect();
                Ok(QuoteStep {
                    after,
                    version: None,
                    messages: vec![NewQuoteMessage {
                        author_id: None,
                        author_name: "Kontor".into(),
                        side: "system",
                        internal: false,
                        event: "expired",
                        body: None,
                        attachments: Vec::new(),
                    }],
                    mails,
                    audit: AuditEntry {
                        organization_id: q.organization_id.clone(),
                        actor_id: None,
                        actor_name: "Kontor".into(),
                        action: "quote.expired".into(),
                        target: format!("quote:{} #{}", q.id, q.number),
                        before: Some(q.state().as_str().into()),
                        after: Some(after.as_str().into()),
                    },
                    webhook: Some(EventType::QuoteExpired),
                })
            })
            .await?;
        if matches!(outcome, StepOutcome::Done(_)) {
            ended += 1;
        }
    }
    if ended > 0 {
        (ctx.mail_written)();
    }
    Ok(ended)
}
