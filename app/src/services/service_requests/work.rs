//! Working a request: replies and internal notes, assignment, resolving, reopening
//! and closing. Each runs as a rule inside the store's transaction on the locked
//! request, so of two clicks (or two servers) one changes it and the other is
//! refused by what it finds.
//!
//! Who may: vendor staff who work the customer's requests, or the customer's own
//! people (not viewers, who only read). Only staff write internal notes, put a
//! request on hold, assign and resolve; only the customer reopens.

use super::{reader_for, scope_of};
use crate::api::service::{Choice, RequestRefusal, ServiceOutcome};
use crate::i18n::service_texts;
use crate::mail::{Letter, To, account_manager, language};
use crate::server::ServerContext;
use crate::server::auth::{random_token, token_hash};
use crate::server::service::mail::{MailRequest, ServiceMailer, instant};
use crate::server::service::{hours, priority_of, status_of};
use crate::services::{Actor, Person, ServiceError, access_of};
use kontor_domain::Locale;
use kontor_domain::access::Action;
use kontor_domain::business_hours::BusinessHours;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::service::{
    MESSAGE_MAX, Reopening, RequestEvent, RequestKind, RequestStatus, reopening, resumed,
};
use kontor_domain::terms::Terms;
use kontor_domain::text::optional_text;
use kontor_store::audit::AuditEntry;
use kontor_store::new_id;
use kontor_store::organizations::CustomerRecord;
use kontor_store::outbox::SECRET_MARK;
use kontor_store::service::{
    ChangeRequest, NewMessage, RequestRecord, RequestSituation, RequestUpdate,
};

/// What someone writes on a request. `internal`: a note only vendor staff read;
/// `wait`: the vendor waits for the customer (the resolution clock stops).
#[derive(Clone, Debug, Default)]
pub struct Reply {
    pub body: String,
    pub internal: bool,
    pub wait: bool,
}

pub(crate) fn mailer<'a>(ctx: &'a ServerContext, r: &'a RequestRecord) -> ServiceMailer<'a> {
    ServiceMailer {
        ctx,
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
fn vendor_contact<'a>(ctx: &'a ServerContext, sit: &'a RequestSituation) -> To<'a> {
    let r = &sit.request;
    match (&r.assignee_name, &r.assignee_email) {
        (Some(name), Some(email)) => To {
            name,
            email,
            locale: language(r.assignee_locale.as_deref()),
        },
        _ => vendor_desk(ctx, &sit.customer),
    }
}

/// The customer's account manager, else the vendor's inbox (in the portal's default
/// language).
pub(crate) fn vendor_desk<'a>(ctx: &'a ServerContext, c: &'a CustomerRecord) -> To<'a> {
    account_manager(c).unwrap_or(To {
        name: "Service",
        email: &ctx.vendor_inbox,
        locale: Locale::default(),
    })
}

/// The person who opened the request.
pub(crate) fn opener(r: &RequestRecord) -> To<'_> {
    To {
        name: &r.opened_by_name,
        email: &r.opened_by_email,
        locale: language(r.opened_by_locale.as_deref()),
    }
}

/// A message written by `person` (on the vendor's side for staff).
pub fn message(
    person: &Person,
    body: String,
    internal: bool,
    status_after: Option<RequestStatus>,
) -> NewMessage {
    NewMessage {
        id: new_id(),
        author_id: Some(person.record.id.clone()),
        author_name: person.record.display_name.clone(),
        side: if access_of(&person.record).is_vendor() {
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

fn audit(person: &Person, r: &RequestRecord, action: &str, after: Option<String>) -> AuditEntry {
    AuditEntry {
        organization_id: r.organization_id.clone(),
        actor_id: Some(person.record.id.clone()),
        actor_name: person.record.display_name.clone(),
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

/// The request `request_id` if the person may see it (else `NotFound`) and change it
/// (else `Forbidden`): checked before anything of the form is looked at. API
/// clients do not work requests.
pub async fn changeable<'a>(
    ctx: &ServerContext,
    actor: &'a Actor,
    request_id: &str,
) -> Result<(&'a Person, RequestRecord), ServiceError> {
    let person = actor.person()?;
    let r = ctx
        .store
        .service_request(reader_for(&person.record), request_id.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let action = if actor.is_vendor() {
        Action::WorkServiceRequests(scope_of(&r))
    } else {
        Action::OpenServiceRequest(scope_of(&r))
    };
    ServiceError::require(actor.may(action))?;
    Ok((person, r))
}

/// Runs `rule` on the locked request inside the store's transaction, with the
/// business hours of the customer's contract.
async fn change(
    ctx: &ServerContext,
    r: RequestRecord,
    rule: impl FnOnce(
        &RequestSituation,
        &BusinessHours<'_>,
        i64,
    ) -> Result<RequestUpdate, RequestRefusal>,
) -> Result<ServiceOutcome, ServiceError> {
    let now = ctx.now();
    let terms = ctx
        .store
        .terms_at(&r.organization_id, now)
        .await?
        .map_or_else(Terms::standard, |v| v.terms);
    let hours = hours(&terms, &ctx.service);
    let outcome = ctx
        .store
        .change_request(&r.organization_id, &r.id, now, |sit| rule(sit, &hours, now))
        .await?;
    match outcome {
        ChangeRequest::Changed => {
            (ctx.mail_written)();
            Ok(ServiceOutcome::Done { id: r.id })
        }
        ChangeRequest::Refused(reason) => Ok(ServiceOutcome::Refused(reason)),
        ChangeRequest::NotFound => Err(ServiceError::NotFound),
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

/// Writes on a request. A staff reply is the first response (and takes the request
/// if nobody has it); a customer's reply to a waiting request starts the clock
/// again. The other side hears of it by mail; an internal note mails nobody.
pub async fn reply(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    reply: Reply,
) -> Result<ServiceOutcome, ServiceError> {
    let (person, r) = changeable(ctx, actor, request_id).await?;
    let staff = actor.is_vendor();
    // Only vendor staff write internal notes or put a request on hold; a customer
    // asking for either is not using our form.
    if !staff && (reply.internal || reply.wait) {
        return Err(ServiceError::Forbidden);
    }
    let body = match required_text("body", &reply.body) {
        Ok(body) => body,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    let (internal, wait) = (reply.internal, reply.wait);
    change(ctx, r, |sit, hours, now| {
        let r = &sit.request;
        let status = status_of(r);
        if internal {
            if status == RequestStatus::Closed {
                return Err(RequestRefusal::Status);
            }
            let mut update = RequestUpdate::from(r, status.as_str());
            update.messages.push(message(person, body, true, None));
            return Ok(update);
        }
        let event = match (staff, wait) {
            (true, true) => RequestEvent::AskCustomer,
            (true, false) => RequestEvent::StaffReply,
            (false, _) => RequestEvent::CustomerReply,
        };
        let next = status.apply(event).map_err(|_| RequestRefusal::Status)?;
        let mut update = RequestUpdate::from(r, next.as_str());
        if let (RequestStatus::WaitingOnCustomer, Some(since)) = (status, r.paused_at)
            && next != RequestStatus::WaitingOnCustomer
        {
            resume(&mut update, r, since, now, hours);
        }
        if next == RequestStatus::WaitingOnCustomer && update.paused_at.is_none() {
            update.paused_at = Some(now);
        }
        let mail = mailer(ctx, r);
        let written = message(
            person,
            body.clone(),
            false,
            (next != status).then_some(next),
        );
        let author = person.record.display_name.clone();
        if staff {
            update.first_response_at.get_or_insert(now);
            if update.assignee_id.is_none() {
                update.assignee_id = Some(person.record.id.clone());
            }
            update
                .mails
                .push(mail.mail(&format!("reply/{}", written.id), opener(r), |t| {
                    let waiting = if wait {
                        t.clock_paused.to_string() + "\n\n"
                    } else {
                        String::new()
                    };
                    Letter {
                        subject: t.mail_reply_subject,
                        body: t.mail_reply_body,
                        extra: vec![("author", author), ("message", body), ("waiting", waiting)],
                    }
                }));
        } else {
            update.mails.push(mail.mail(
                &format!("reply/{}", written.id),
                vendor_contact(ctx, sit),
                |t| Letter {
                    subject: t.mail_customer_reply_subject,
                    body: t.mail_customer_reply_body,
                    extra: vec![("author", author), ("message", body)],
                },
            ));
        }
        update.messages.push(written);
        Ok(update)
    })
    .await
}

/// Vendor staff who may work requests of the customer `r` belongs to: the choices
/// of the assignment form and the only ones [`assign`] accepts.
pub async fn assignees(
    ctx: &ServerContext,
    r: &RequestRecord,
) -> Result<Vec<Choice>, ServiceError> {
    let staff = ctx.store.vendor_staff().await?;
    Ok(staff
        .into_iter()
        .filter(|u| u.active)
        .filter(|u| {
            access_of(u)
                .may(Action::WorkServiceRequests(scope_of(r)))
                .is_allowed()
        })
        .map(|u| Choice {
            id: u.id,
            name: u.display_name,
        })
        .collect())
}

/// Gives the request to a member of the vendor's staff who may work it (they are
/// told by mail unless they took it themselves).
pub async fn assign(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    assignee_id: &str,
) -> Result<ServiceOutcome, ServiceError> {
    if !actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let (person, r) = changeable(ctx, actor, request_id).await?;
    let candidates = assignees(ctx, &r).await?;
    let Some(to) = candidates.into_iter().find(|c| c.id == assignee_id.trim()) else {
        let mut problems = FormProblems::default();
        problems.add("assignee_id", FieldProblem::Required);
        return Ok(ServiceOutcome::Invalid(problems));
    };
    let Some(assignee) = ctx.store.user_by_id(&to.id).await? else {
        return Err(ServiceError::NotFound);
    };
    let t = service_texts(actor.locale());
    change(ctx, r, |sit, _, _| {
        let r = &sit.request;
        let status = status_of(r);
        if status == RequestStatus::Closed {
            return Err(RequestRefusal::Status);
        }
        let mut update = RequestUpdate::from(r, status.as_str());
        update.assignee_id = Some(to.id.clone());
        let note = message(person, format!("{} → {}", t.assignee, to.name), true, None);
        if to.id != person.record.id {
            update.mails.push(mailer(ctx, r).mail(
                &format!("assigned/{}", note.id),
                To::user(&assignee),
                |t| Letter {
                    subject: t.mail_assigned_subject,
                    body: t.mail_assigned_body,
                    extra: vec![("author", person.record.display_name.clone())],
                },
            ));
        }
        update.messages.push(note);
        update.audit = Some(audit(person, r, "service.assigned", Some(to.name.clone())));
        Ok(update)
    })
    .await
}

/// Vendor staff resolve a request with the resolution (required); the customer gets
/// it by mail with a link to the satisfaction survey.
pub async fn resolve(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    resolution: &str,
) -> Result<ServiceOutcome, ServiceError> {
    resolve_with_survey_token(ctx, actor, request_id, resolution, random_token()).await
}

/// [`resolve`] with the survey link's token given: the demo seed answers its own
/// survey with it. The token is stored only as its hash; in clear it lives in the
/// outbox until the mail has gone.
pub async fn resolve_with_survey_token(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    resolution: &str,
    token: String,
) -> Result<ServiceOutcome, ServiceError> {
    let (person, r) = changeable(ctx, actor, request_id).await?;
    if !actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let text = match required_text("comment", resolution) {
        Ok(text) => text,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    change(ctx, r, |sit, hours, now| {
        let r = &sit.request;
        let next = status_of(r)
            .apply(RequestEvent::Resolve)
            .map_err(|_| RequestRefusal::Status)?;
        let mut update = RequestUpdate::from(r, next.as_str());
        if let Some(since) = r.paused_at {
            resume(&mut update, r, since, now, hours);
        }
        update.resolved_at = Some(now);
        update.first_response_at.get_or_insert(now);
        update.survey = Some((r.opened_by.clone(), token_hash(&token)));
        let written = message(person, text.clone(), false, Some(next));
        let until = now + i64::from(ctx.service.reopen_days) * 86_400_000;
        let mut resolved =
            mailer(ctx, r).mail(&format!("resolved/{}", written.id), opener(r), |t| Letter {
                subject: t.mail_resolved_subject,
                body: t.mail_resolved_body,
                extra: vec![
                    ("message", text),
                    ("until", instant(t, until)),
                    (
                        "survey",
                        format!("{}/survey/{}?t={SECRET_MARK}", ctx.public_url, r.id),
                    ),
                ],
            });
        resolved.secret = Some(token);
        update.mails.push(resolved);
        update.messages.push(written);
        update.audit = Some(audit(
            person,
            r,
            "service.resolved",
            Some(next.as_str().into()),
        ));
        Ok(update)
    })
    .await
}

/// The customer reopens a resolved request within the reopen window, saying why.
/// The time it stood resolved does not count against the vendor.
pub async fn reopen(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    reason: &str,
) -> Result<ServiceOutcome, ServiceError> {
    let (person, r) = changeable(ctx, actor, request_id).await?;
    if actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let text = match required_text("comment", reason) {
        Ok(text) => text,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    change(ctx, r, |sit, hours, now| {
        let r = &sit.request;
        let status = status_of(r);
        let resolved_at = match reopening(status, r.resolved_at, ctx.service.reopen_days, now) {
            Reopening::Possible { .. } => r.resolved_at.unwrap_or(now),
            Reopening::WindowPassed => return Err(RequestRefusal::ReopenWindow),
            Reopening::NotResolved => return Err(RequestRefusal::Status),
        };
        let next = status
            .apply(RequestEvent::Reopen)
            .map_err(|_| RequestRefusal::Status)?;
        let mut update = RequestUpdate::from(r, next.as_str());
        resume(&mut update, r, resolved_at, now, hours);
        update.resolved_at = None;
        let written = message(person, text.clone(), false, Some(next));
        update.mails.push(mailer(ctx, r).mail(
            &format!("reply/{}", written.id),
            vendor_contact(ctx, sit),
            |t| Letter {
                subject: t.mail_customer_reply_subject,
                body: t.mail_customer_reply_body,
                extra: vec![
                    ("author", person.record.display_name.clone()),
                    ("message", text),
                ],
            },
        ));
        update.messages.push(written);
        update.audit = Some(audit(
            person,
            r,
            "service.reopened",
            Some(next.as_str().into()),
        ));
        Ok(update)
    })
    .await
}

/// Either side closes a resolved request, with an optional last word.
pub async fn close(
    ctx: &ServerContext,
    actor: &Actor,
    request_id: &str,
    comment: &str,
) -> Result<ServiceOutcome, ServiceError> {
    let (person, r) = changeable(ctx, actor, request_id).await?;
    let text = match optional_text(comment, MESSAGE_MAX) {
        Ok(text) => text,
        Err(e) => {
            let mut problems = FormProblems::default();
            problems.add("comment", e.into());
            return Ok(ServiceOutcome::Invalid(problems));
        }
    };
    let t = service_texts(actor.locale());
    change(ctx, r, |sit, _, now| {
        let r = &sit.request;
        let next = status_of(r)
            .apply(RequestEvent::Close)
            .map_err(|_| RequestRefusal::Status)?;
        let mut update = RequestUpdate::from(r, next.as_str());
        update.closed_at = Some(now);
        let body = text.unwrap_or_else(|| t.status_set.replace("{status}", t.status(next)));
        update
            .messages
            .push(message(person, body, false, Some(next)));
        update.audit = Some(audit(
            person,
            r,
            "service.closed",
            Some(next.as_str().into()),
        ));
        Ok(update)
    })
    .await
}
