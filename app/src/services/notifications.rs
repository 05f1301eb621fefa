//! How notifications reach a person: their settings (My profile) and the daily
//! digest of what was held for it (the domain's `notifications` has the rules).

use crate::api::profile::{
    NotificationChoice, NotificationItem, NotificationList, NotificationsOutcome,
};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::calendar::{berlin_day, berlin_offset_ms};
use kontor_domain::notifications::{Delivery, MailKind, Notice, parse_defaults, parse_settings};
use kontor_store::notifications::NotificationSettings;
use kontor_store::outbox::{DigestRecipient, HeldMail, NewMail, SECRET_MARK};

/// Every kind with `own` (a person's choice or an organization's default, where
/// set), what applies without it (the organization's default, else at once) and
/// what the kind offers.
fn choices(
    own: &[(Notice, Option<Delivery>)],
    defaults: &[(Notice, Delivery)],
) -> Vec<NotificationChoice> {
    Notice::ALL
        .into_iter()
        .map(|notice| NotificationChoice {
            notice,
            own: own
                .iter()
                .find(|(n, _)| *n == notice)
                .and_then(|(_, d)| *d)
                .filter(|d| notice.choices().contains(d)),
            organization: MailKind::Notice(notice)
                .delivery(defaults.iter().find(|(n, _)| *n == notice).map(|(_, d)| *d)),
            offered: notice.choices().to_vec(),
        })
        .collect()
}

/// A person's settings as the profile shows them: every kind with their choice,
/// their organization's default and what it offers; and their digest hour.
pub async fn settings(
    ctx: &ServerContext,
    actor: &Actor,
) -> Result<(Vec<NotificationChoice>, u32), ServiceError> {
    let person = actor.person()?;
    let (stored, defaults) = tokio::try_join!(
        ctx.store.notification_settings(&person.record.id),
        ctx.store
            .notification_defaults(&person.record.organization_id)
    )?;
    Ok((choices(&stored.chosen, &defaults), stored.digest_hour))
}

/// The actor's organization's defaults, for its admins: as [`settings`], with the
/// defaults as `own` and "at once" as what applies without them.
pub async fn organization_defaults(
    ctx: &ServerContext,
    actor: &Actor,
) -> Result<Vec<NotificationChoice>, ServiceError> {
    let person = crate::services::team::own_team_admin(actor)?;
    let defaults = ctx
        .store
        .notification_defaults(&person.record.organization_id)
        .await?;
    let as_own: Vec<_> = defaults.iter().map(|(n, d)| (*n, Some(*d))).collect();
    Ok(choices(&as_own, &[]))
}

/// An admin sets their organization's defaults (`kinds`: per kind a delivery
/// name); a delivery a kind does not offer is a problem at its field, and nothing
/// is written.
pub async fn set_organization_defaults(
    ctx: &ServerContext,
    actor: &Actor,
    kinds: Vec<(String, String)>,
) -> Result<NotificationsOutcome, ServiceError> {
    let person = crate::services::team::own_team_admin(actor)?;
    let defaults = match parse_defaults(&kinds) {
        Ok(defaults) => defaults,
        Err(problems) => return Ok(NotificationsOutcome::Invalid(problems)),
    };
    ctx.store
        .set_notification_defaults(&person.record, &defaults, ctx.now())
        .await?;
    Ok(NotificationsOutcome::Saved)
}

/// The notification form as typed: per kind (`Notice::as_str`) a delivery name, and
/// the digest hour.
pub struct NotificationsForm {
    pub kinds: Vec<(String, String)>,
    pub digest_hour: String,
}

/// Saves the actor's own settings; a choice a kind does not offer (turning off
/// approvals one must decide) is a problem at its field, and nothing is written.
pub async fn set_notifications(
    ctx: &ServerContext,
    actor: &Actor,
    form: NotificationsForm,
) -> Result<NotificationsOutcome, ServiceError> {
    let person = actor.person()?;
    let (chosen, digest_hour) = match parse_settings(&form.kinds, &form.digest_hour) {
        Ok(parsed) => parsed,
        Err(problems) => return Ok(NotificationsOutcome::Invalid(problems)),
    };
    let settings = NotificationSettings {
        chosen,
        digest_hour,
    };
    ctx.store
        .set_notification_settings(&person.record, &settings, ctx.now())
        .await?;
    Ok(NotificationsOutcome::Saved)
}

/// Sends the digests due at `now` (run by every server's notice loop): one mail per
/// person and day, at their hour in Berlin time, with everything held for it.
pub async fn send_digests(ctx: &ServerContext, now: i64) -> kontor_store::Result<usize> {
    let day = berlin_day(now).0;
    let hour = ((now + berlin_offset_ms(now)).rem_euclid(86_400_000) / 3_600_000) as u32;
    let mut sent = 0;
    for recipient in ctx.store.digests_due(day, hour).await? {
        let written = ctx
            .store
            .send_digest(&recipient, day, now, |held| digest(ctx, &recipient, held))
            .await?;
        if written {
            sent += 1;
        }
    }
    if sent > 0 {
        (ctx.mail_written)();
    }
    Ok(sent)
}

/// One mail with every held one in it, oldest first, in the recipient's language:
/// each with its subject and its text without greeting and signature. A paragraph
/// that would carry a decision link's secret is left out: the digest points to the
/// portal instead.
fn digest(ctx: &ServerContext, to: &DigestRecipient, held: &[HeldMail]) -> NewMail {
    let locale = crate::mail::language(to.locale.as_deref());
    let t = crate::i18n::account_texts(locale);
    let c = crate::i18n::condition_texts(locale);
    let items = held
        .iter()
        .map(|m| {
            let paragraphs: Vec<&str> = m.body_text.split("\n\n").collect();
            let last = paragraphs.len().saturating_sub(1);
            let body = paragraphs
                .iter()
                .enumerate()
                .filter(|(i, p)| {
                    let greeting = *i == 0 && p.trim_end().ends_with(',');
                    let signature = *i == last && i > &0 && p.contains("Kontor") && p.len() < 60;
                    !greeting && !signature && !p.contains(SECRET_MARK)
                })
                .map(|(_, p)| *p)
                .collect::<Vec<_>>()
                .join("\n\n");
            format!("— {} ({})\n\n{body}", m.subject, c.instant(m.created_at))
        })
        .collect::<Vec<_>>()
        .join("\n\n\n");
    NewMail {
        // Set by the store: one digest per person and day.
        dedupe_key: String::new(),
        organization_id: None,
        recipient: to.email.clone(),
        subject: t
            .mail_digest_subject
            .replace("{count}", &held.len().to_string()),
        body_text: t
            .mail_digest_body
            .replace("{name}", &to.display_name)
            .replace("{items}", &items)
            .replace("{link}", &format!("{}/account", ctx.public_url)),
        secret: None,
        kind: MailKind::Required,
    }
}

/// How many notifications the list shows.
const LIST_MAX: i64 = 50;

/// Where a notification leads: its order, service request, document or quote, or
/// the organization's terms.
fn target(dedupe_key: &str) -> Option<String> {
    let mut parts = dedupe_key.split('/');
    match (parts.next(), parts.next()) {
        (Some("order"), Some(id)) => Some(format!("/orders/{id}")),
        (Some("service"), Some(id)) => Some(format!("/service/{id}")),
        (Some("document"), Some(id)) => Some(format!("/documents/{id}")),
        (Some("terms"), Some(_)) => Some("/customer/terms".to_string()),
        (Some("quote"), Some(id)) => Some(format!("/quotes/{id}")),
        _ => None,
    }
}

/// The actor's notifications, newest first: everything of a notification kind that
/// was addressed to them, mailed or not (so what they turned off still shows here).
pub async fn list(ctx: &ServerContext, actor: &Actor) -> Result<NotificationList, ServiceError> {
    let person = actor.person()?;
    let email = &person.record.email;
    let (rows, unread) = tokio::try_join!(
        ctx.store.notifications_of(email, LIST_MAX),
        ctx.store.unread_notifications(email),
    )?;
    Ok(NotificationList {
        unread,
        items: rows
            .into_iter()
            .map(|r| NotificationItem {
                href: target(&r.dedupe_key),
                id: r.id,
                subject: r.subject,
                at: r.created_at,
                read: r.read_at.is_some(),
            })
            .collect(),
    })
}

/// Marks one of the actor's notifications read (`id`), or all (empty); returns how
/// many are unread now.
pub async fn mark_read(ctx: &ServerContext, actor: &Actor, id: &str) -> Result<i64, ServiceError> {
    let person = actor.person()?;
    let email = &person.record.email;
    let id = Some(id.trim()).filter(|i| !i.is_empty());
    ctx.store
        .mark_notifications_read(email, id, ctx.now())
        .await?;
    Ok(ctx.store.unread_notifications(email).await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_notification_leads_to_its_order_or_request() {
        assert_eq!(
            super::target("order/abc/rev1/step/0/request/u"),
            Some("/orders/abc".to_string())
        );
        assert_eq!(
            super::target("service/r1/reply/m"),
            Some("/service/r1".into())
        );
        assert_eq!(
            super::target("document/d1/v1/u"),
            Some("/documents/d1".into())
        );
        assert_eq!(
            super::target("terms/c1/x/u"),
            Some("/customer/terms".into())
        );
        assert_eq!(
            super::target("quote/q1/v2/offered/egon@mueller.example"),
            Some("/quotes/q1".into())
        );
        assert_eq!(super::target("user/u/invitation"), None);
    }
}
