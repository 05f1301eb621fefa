//! What the server's notice loop does to requests: a warning to the assignee when
//! a due time is near (each due time warns once) and closing resolved requests
//! whose reopen window has passed. Both run as rules on the locked request, so two
//! servers running the loop at the same moment change each request once.

use super::work::mailer;
use crate::i18n::service_texts;
use crate::mail::{Letter, To, language};
use crate::server::ServerContext;
use crate::server::service::mail::instant;
use crate::server::service::status_of;
use kontor_domain::Locale;
use kontor_domain::service::RequestEvent;
use kontor_store::new_id;
use kontor_store::service::{ChangeRequest, NewMessage, RequestSituation, RequestUpdate};

/// Breach warnings for requests whose due time is near (each due time warns its
/// assignee once) and closing of resolved requests whose reopen window has
/// passed. Returns how many requests changed.
pub async fn send_notices(ctx: &ServerContext, now: i64) -> kontor_store::Result<usize> {
    let mut changed = 0;
    for (org, id) in ctx.store.requests_to_warn(now).await? {
        let outcome = ctx
            .store
            .change_request(&org, &id, now, |sit| warning(ctx, sit, now))
            .await?;
        changed += usize::from(outcome == ChangeRequest::Changed);
    }
    let window = i64::from(ctx.service.reopen_days) * 86_400_000;
    for (org, id) in ctx.store.requests_to_close(now - window).await? {
        let outcome = ctx
            .store
            .change_request(&org, &id, now, |sit| {
                let r = &sit.request;
                let next = status_of(r).apply(RequestEvent::Close).map_err(|_| ())?;
                let mut update = RequestUpdate::from(r, next.as_str());
                update.closed_at = Some(now);
                // A line of the timeline, which both sides read: the portal's language.
                let t = service_texts(Locale::default());
                update.messages.push(NewMessage {
                    id: new_id(),
                    author_id: None,
                    author_name: t.system.into(),
                    side: "system",
                    internal: false,
                    body: t.status_set.replace("{status}", t.status(next)),
                    status_after: Some(next.as_str()),
                    attachments: Vec::new(),
                });
                Ok::<_, ()>(update)
            })
            .await?;
        changed += usize::from(outcome == ChangeRequest::Changed);
    }
    if changed > 0 {
        (ctx.mail_written)();
    }
    Ok(changed)
}

fn warning(ctx: &ServerContext, sit: &RequestSituation, now: i64) -> Result<RequestUpdate, ()> {
    let r = &sit.request;
    let status = status_of(r);
    let (Some(name), Some(email), true) = (&r.assignee_name, &r.assignee_email, status.is_active())
    else {
        return Err(());
    };
    let to = To {
        name,
        email,
        locale: language(r.assignee_locale.as_deref()),
    };
    let mut update = RequestUpdate::from(r, status.as_str());
    let (which, due, key) = if r.first_response_at.is_none()
        && r.response_warned_at.is_none()
        && r.first_response_warn_at <= now
    {
        update.response_warned_at = Some(now);
        (Which::Response, r.first_response_due, "warn/response")
    } else if r.first_response_at.is_some()
        && r.resolution_warned_at.is_none()
        && r.paused_at.is_none()
        && r.resolution_warn_at <= now
    {
        update.resolution_warned_at = Some(now);
        (Which::Resolution, r.resolution_due, "warn/resolution")
    } else {
        return Err(());
    };
    update.mails.push(mailer(ctx, r).mail(key, to, |t| Letter {
        subject: t.mail_warning_subject,
        body: t.mail_warning_body,
        extra: vec![
            (
                "which",
                match which {
                    Which::Response => t.mail_warning_response,
                    Which::Resolution => t.mail_warning_resolution,
                }
                .to_string(),
            ),
            ("due", instant(t, due)),
        ],
    }));
    Ok(update)
}

/// The due time a warning is about.
enum Which {
    Response,
    Resolution,
}
