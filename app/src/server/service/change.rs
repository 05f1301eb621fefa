//! Every change of a request: replies and internal notes, assignment, resolving,
//! reopening, closing, and — from the notice loop — breach warnings and closing
//! once the reopen window has passed. Each runs as a rule inside the store's
//! transaction on the locked request, so two clicks have one effect.

use super::mail::{MailRequest, ServiceMailer};
use super::{assignees_for, hours, priority_of, scope_of, status_of, terms_of, visible_request};
use crate::api::service::ServiceOutcome;
use crate::i18n::{ServiceTexts, initial_locale, service_texts};
use crate::server::auth::{
    SessionUser, forbidden, not_found, random_token, require, signed_in, token_hash,
};
use crate::server::{ServerContext, context, internal_error};
use kontor_domain::Locale;
use kontor_domain::access::Action;
use kontor_domain::business_hours::BusinessHours;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::service::{
    MESSAGE_MAX, Reopening, RequestEvent, RequestKind, RequestStatus, reopening, resumed,
};
use kontor_domain::text::optional_text;
use kontor_store::audit::AuditEntry;
use kontor_store::outbox::SECRET_MARK;
use kontor_store::service::{
    ChangeRequest, NewMessage, RequestRecord, RequestSituation, RequestUpdate,
};
use kontor_store::{new_id, now_ms};
use leptos::prelude::ServerFnError;

/// Why a change does not apply now (the pages show it).
pub const REFUSED_STATUS: &str = "status";
pub const REFUSED_WINDOW: &str = "window";

fn mailer<'a>(
    ctx: &'a ServerContext,
    t: &'static ServiceTexts,
    r: &'a RequestRecord,
) -> ServiceMailer<'a> {
    ServiceMailer {
        ctx,
        t,
        request: MailRequest {
            id: &r.id,
            organization_id: &r.organization_id,
            number: Some(r.number),
            subject: &r.subject,
            company: &r.organization_name,
            kind: RequestKind::parse(&r.kind).unwrap_or(RequestKind::TechnicalQuestion),
            priority: priority_of(r),
            response_due: r.first_response_due,
            resolution_due: r.resolution_due,
        },
    }
}

/// Who hears of what the customer writes: the assignee, else the account manager,
/// else the vendor's inbox.
fn vendor_contact(ctx: &ServerContext, sit: &RequestSituation) -> (String, String) {
    let r = &sit.request;
    let c = &sit.customer;
    match (&r.assignee_name, &r.assignee_email) {
        (Some(name), Some(email)) => (name.clone(), email.clone()),
        _ => match (&c.account_manager_name, &c.account_manager_email) {
            (Some(name), Some(email)) => (name.clone(), email.clone()),
            _ => ("Service".into(), ctx.vendor_inbox.clone()),
        },
    }
}

pub(super) fn message(
    user: &SessionUser,
    body: String,
    internal: bool,
    status_after: Option<RequestStatus>,
) -> NewMessage {
    NewMessage {
        id: new_id(),
        author_id: Some(user.record.id.clone()),
        author_name: user.record.display_name.clone(),
        side: if user.actor().is_vendor() {
            "vendor"
        } else {
            "customer"
        },
        internal,
        body,
        status_after: status_after.map(RequestStatus::as_str),
        attachments: Vec::new(),
    }
}

fn audit(user: &SessionUser, r: &RequestRecord, action: &str, after: Option<String>) -> AuditEntry {
    AuditEntry {
        organization_id: r.organization_id.clone(),
        actor_id: Some(user.record.id.clone()),
        actor_name: user.record.display_name.clone(),
        action: action.into(),
        target: format!("service_request:{} SR {}", r.id, r.number),
        before: Some(r.status.clone()),
        after,
    }
}

/// The clock runs again from `now`: the resolution due time (and its warning)
/// move on by the business time that stood still since `since`.
fn resume(
    update: &mut RequestUpdate,
    r: &RequestRecord,
    since: i64,
    now: i64,
    hours: &BusinessHours<'_>,
) {
    update.resolution_due = resumed(r.resolution_due, since, now, hours);
    update.resolution_warn_at = resumed(r.resolution_warn_at, since, now, hours);
    update.paused_at = None;
}

/// The caller's right to change `r`: vendor staff who work the customer's
/// requests, or the customer's own people (not viewers).
pub(super) fn may_change_request(
    user: &SessionUser,
    r: &RequestRecord,
) -> Result<(), ServerFnError> {
    let action = if user.actor().is_vendor() {
        Action::WorkServiceRequests(scope_of(r))
    } else {
        Action::OpenServiceRequest(scope_of(r))
    };
    require(user.actor().may(action))
}

/// The request `request_id` if the caller may see it (else 404) and change it
/// (else 403): checked before anything of the form is looked at.
async fn changeable(user: &SessionUser, request_id: &str) -> Result<RequestRecord, ServerFnError> {
    let r = visible_request(user, request_id).await?;
    may_change_request(user, &r)?;
    Ok(r)
}

/// Runs `rule` on `r` (see [`changeable`]) inside the store's transaction.
async fn change(
    r: RequestRecord,
    rule: impl FnOnce(&RequestSituation, &BusinessHours<'_>, i64) -> Result<RequestUpdate, &'static str>,
) -> Result<ServiceOutcome, ServerFnError> {
    let ctx = context();
    let now = now_ms();
    let terms = terms_of(&ctx, &r.organization_id, now).await?;
    let hours = hours(&terms, &ctx.service);
    let outcome = ctx
        .store
        .change_request(&r.organization_id, &r.id, now, |sit| rule(sit, &hours, now))
        .await
        .map_err(|e| internal_error("service_change", e))?;
    match outcome {
        ChangeRequest::Changed => {
            (ctx.mail_written)();
            Ok(ServiceOutcome::Done { id: r.id })
        }
        ChangeRequest::Refused(reason) => Ok(ServiceOutcome::Refused(reason.into())),
        ChangeRequest::NotFound => Err(not_found()),
    }
}

fn required_text(field: &str, text: &str) -> Result<String, FormProblems> {
    let mut problems = FormProblems::default();
    match optional_text(text, MESSAGE_MAX) {
        Ok(Some(text)) => return Ok(text),
        Ok(None) => problems.add(field, FieldProblem::Required),
        Err(e) => problems.add(field, e.into()),
    }
    Err(problems)
}

pub async fn reply(
    request_id: String,
    body: String,
    internal: bool,
    wait: bool,
) -> Result<ServiceOutcome, ServerFnError> {
    let user = signed_in().await?;
    let staff = user.actor().is_vendor();
    let r = changeable(&user, &request_id).await?;
    // Only vendor staff write internal notes or put a request on hold; a customer
    // asking for either is not using our form.
    if !staff && (internal || wait) {
        return Err(forbidden());
    }
    let body = match required_text("body", &body) {
        Ok(body) => body,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    let ctx = context();
    let t = service_texts(initial_locale());
    change(r, |sit, hours, now| {
        let r = &sit.request;
        let status = status_of(r);
        if internal {
            if status == RequestStatus::Closed {
                return Err(REFUSED_STATUS);
            }
            let mut update = RequestUpdate::from(r, status.as_str());
            update.messages.push(message(&user, body, true, None));
            return Ok(update);
        }
        let event = match (staff, wait) {
            (true, true) => RequestEvent::AskCustomer,
            (true, false) => RequestEvent::StaffReply,
            (false, _) => RequestEvent::CustomerReply,
        };
        let next = status.apply(event).map_err(|_| REFUSED_STATUS)?;
        let mut update = RequestUpdate::from(r, next.as_str());
        if let (RequestStatus::WaitingOnCustomer, Some(since)) = (status, r.paused_at)
            && next != RequestStatus::WaitingOnCustomer
        {
            resume(&mut update, r, since, now, hours);
        }
        if next == RequestStatus::WaitingOnCustomer && update.paused_at.is_none() {
            update.paused_at = Some(now);
        }
        let mail = mailer(&ctx, t, r);
        let written = message(&user, body.clone(), false, (next != status).then_some(next));
        if staff {
            update.first_response_at.get_or_insert(now);
            if update.assignee_id.is_none() {
                update.assignee_id = Some(user.record.id.clone());
            }
            let waiting = if wait {
                t.clock_paused.to_string() + "\n\n"
            } else {
                String::new()
            };
            update.mails.push(mail.mail(
                &format!("reply/{}", written.id),
                (&r.opened_by_name, &r.opened_by_email),
                t.mail_reply_subject,
                t.mail_reply_body,
                &[
                    ("author", user.record.display_name.clone()),
                    ("message", body),
                    ("waiting", waiting),
                ],
            ));
        } else {
            let (name, email) = vendor_contact(&ctx, sit);
            update.mails.push(mail.mail(
                &format!("reply/{}", written.id),
                (&name, &email),
                t.mail_customer_reply_subject,
                t.mail_customer_reply_body,
                &[
                    ("author", user.record.display_name.clone()),
                    ("message", body),
                ],
            ));
        }
        update.messages.push(written);
        Ok(update)
    })
    .await
}

pub async fn assign(
    request_id: String,
    assignee_id: String,
) -> Result<ServiceOutcome, ServerFnError> {
    let user = signed_in().await?;
    if !user.actor().is_vendor() {
        return Err(forbidden());
    }
    let r = changeable(&user, &request_id).await?;
    let candidates = assignees_for(&r).await?;
    let Some(to) = candidates.into_iter().find(|c| c.id == assignee_id.trim()) else {
        let mut problems = FormProblems::default();
        problems.add("assignee_id", FieldProblem::Required);
        return Ok(ServiceOutcome::Invalid(problems));
    };
    let to_email = crate::server::auth::store()
        .user_by_id(&to.id)
        .await
        .map_err(|e| internal_error("assign_request", e))?
        .map(|u| u.email)
        .unwrap_or_default();
    let ctx = context();
    let t = service_texts(initial_locale());
    change(r, |sit, _, _| {
        let r = &sit.request;
        let status = status_of(r);
        if status == RequestStatus::Closed {
            return Err(REFUSED_STATUS);
        }
        let mut update = RequestUpdate::from(r, status.as_str());
        update.assignee_id = Some(to.id.clone());
        let note = message(&user, format!("{} → {}", t.assignee, to.name), true, None);
        if to.id != user.record.id {
            update.mails.push(mailer(&ctx, t, r).mail(
                &format!("assigned/{}", note.id),
                (&to.name, &to_email),
                t.mail_assigned_subject,
                t.mail_assigned_body,
                &[("author", user.record.display_name.clone())],
            ));
        }
        update.messages.push(note);
        update.audit = Some(audit(&user, r, "service.assigned", Some(to.name.clone())));
        Ok(update)
    })
    .await
}

pub async fn set_status(
    request_id: String,
    status: String,
    comment: String,
) -> Result<ServiceOutcome, ServerFnError> {
    let user = signed_in().await?;
    let staff = user.actor().is_vendor();
    let r = changeable(&user, &request_id).await?;
    let ctx = context();
    let t = service_texts(initial_locale());
    match status.as_str() {
        "resolved" if staff => {
            let text = match required_text("comment", &comment) {
                Ok(text) => text,
                Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
            };
            change(r, |sit, hours, now| {
                let r = &sit.request;
                let next = status_of(r)
                    .apply(RequestEvent::Resolve)
                    .map_err(|_| REFUSED_STATUS)?;
                let mut update = RequestUpdate::from(r, next.as_str());
                if let Some(since) = r.paused_at {
                    resume(&mut update, r, since, now, hours);
                }
                update.resolved_at = Some(now);
                update.first_response_at.get_or_insert(now);
                let token = random_token();
                update.survey = Some((r.opened_by.clone(), token_hash(&token)));
                let written = message(&user, text.clone(), false, Some(next));
                let until = now + i64::from(ctx.service.reopen_days) * 86_400_000;
                let mail = mailer(&ctx, t, r);
                let mut resolved = mail.mail(
                    &format!("resolved/{}", written.id),
                    (&r.opened_by_name, &r.opened_by_email),
                    t.mail_resolved_subject,
                    t.mail_resolved_body,
                    &[
                        ("message", text),
                        ("until", mail.instant(until)),
                        (
                            "survey",
                            format!("{}/survey/{}?t={SECRET_MARK}", ctx.public_url, r.id),
                        ),
                    ],
                );
                // The token lives in the outbox only until the mail is sent.
                resolved.secret = Some(token);
                update.mails.push(resolved);
                update.messages.push(written);
                update.audit = Some(audit(
                    &user,
                    r,
                    "service.resolved",
                    Some(next.as_str().into()),
                ));
                Ok(update)
            })
            .await
        }
        "reopen" if !staff => {
            let text = match required_text("comment", &comment) {
                Ok(text) => text,
                Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
            };
            change(r, |sit, hours, now| {
                let r = &sit.request;
                let status = status_of(r);
                let resolved_at =
                    match reopening(status, r.resolved_at, ctx.service.reopen_days, now) {
                        Reopening::Possible { .. } => r.resolved_at.unwrap_or(now),
                        Reopening::WindowPassed => return Err(REFUSED_WINDOW),
                        Reopening::NotResolved => return Err(REFUSED_STATUS),
                    };
                let next = status
                    .apply(RequestEvent::Reopen)
                    .map_err(|_| REFUSED_STATUS)?;
                let mut update = RequestUpdate::from(r, next.as_str());
                // The time it stood resolved does not count against the vendor.
                resume(&mut update, r, resolved_at, now, hours);
                update.resolved_at = None;
                let written = message(&user, text.clone(), false, Some(next));
                let (name, email) = vendor_contact(&ctx, sit);
                update.mails.push(mailer(&ctx, t, r).mail(
                    &format!("reply/{}", written.id),
                    (&name, &email),
                    t.mail_customer_reply_subject,
                    t.mail_customer_reply_body,
                    &[
                        ("author", user.record.display_name.clone()),
                        ("message", text),
                    ],
                ));
                update.messages.push(written);
                update.audit = Some(audit(
                    &user,
                    r,
                    "service.reopened",
                    Some(next.as_str().into()),
                ));
                Ok(update)
            })
            .await
        }
        "closed" => {
            let text = optional_text(&comment, MESSAGE_MAX).ok().flatten();
            change(r, |sit, _, now| {
                let r = &sit.request;
                let next = status_of(r)
                    .apply(RequestEvent::Close)
                    .map_err(|_| REFUSED_STATUS)?;
                let mut update = RequestUpdate::from(r, next.as_str());
                update.closed_at = Some(now);
                let body = text.unwrap_or_else(|| t.status_set.replace("{status}", t.status(next)));
                update
                    .messages
                    .push(message(&user, body, false, Some(next)));
                update.audit = Some(audit(
                    &user,
                    r,
                    "service.closed",
                    Some(next.as_str().into()),
                ));
                Ok(update)
            })
            .await
        }
        // Resolving is the vendor's, reopening the customer's; anything else is
        // not a status anyone sets.
        "resolved" | "reopen" => Err(forbidden()),
        _ => Err(crate::server::auth::bad_request()),
    }
}

/// Breach warnings for requests whose due time is near (each due time warns its
/// assignee once) and closing of resolved requests whose reopen window has
/// passed. Returns how many requests changed.
pub async fn send_service_notices(ctx: &ServerContext, now: i64) -> kontor_store::Result<usize> {
    let t = service_texts(Locale::default());
    let mut changed = 0;
    for (org, id) in ctx.store.requests_to_warn(now).await? {
        let outcome = ctx
            .store
            .change_request(&org, &id, now, |sit| warning(ctx, t, sit, now))
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

fn warning(
    ctx: &ServerContext,
    t: &'static ServiceTexts,
    sit: &RequestSituation,
    now: i64,
) -> Result<RequestUpdate, ()> {
    let r = &sit.request;
    let status = status_of(r);
    let (Some(name), Some(email), true) = (&r.assignee_name, &r.assignee_email, status.is_active())
    else {
        return Err(());
    };
    let mut update = RequestUpdate::from(r, status.as_str());
    let (which, due, key) = if r.first_response_at.is_none()
        && r.response_warned_at.is_none()
        && r.first_response_warn_at <= now
    {
        update.response_warned_at = Some(now);
        (
            t.mail_warning_response,
            r.first_response_due,
            "warn/response",
        )
    } else if r.first_response_at.is_some()
        && r.resolution_warned_at.is_none()
        && r.paused_at.is_none()
        && r.resolution_warn_at <= now
    {
        update.resolution_warned_at = Some(now);
        (
            t.mail_warning_resolution,
            r.resolution_due,
            "warn/resolution",
        )
    } else {
        return Err(());
    };
    let mail = mailer(ctx, t, r);
    update.mails.push(mail.mail(
        key,
        (name, email),
        t.mail_warning_subject,
        t.mail_warning_body,
        &[("which", which.to_string()), ("due", mail.instant(due))],
    ));
    Ok(update)
}
