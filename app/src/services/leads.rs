//! Leads from technical downloads, once each: a prospect registers and confirms the
//! address by a link, downloads what the vendor offers after registration, and the
//! vendor's account managers assign, note, convert (a customer organization with the
//! lead as its invited admin) or close the lead. The rules are
//! `kontor_domain::lead`'s; who may is `kontor_domain::access`'s.

use crate::api::leads::{
    ConfirmOutcome, LeadOutcome, LeadProblems, ProspectDocument, RegisterOutcome,
};
use crate::server::ServerContext;
use crate::server::auth::{random_token, token_hash};
use crate::services::customers::is_account_manager;
use crate::services::{Actor, ServiceError, vendor_audit};
use kontor_domain::Locale;
use kontor_domain::access::{Action, Role, Roles};
use kontor_domain::documents::DocumentKind;
use kontor_domain::field::FieldProblem;
use kontor_domain::lead::{
    LINK_DAYS, LeadEvent, LeadRefusal, LeadStatus, Registration, SESSION_DAYS, apply, parse_note,
};
use kontor_domain::notifications::MailKind;
use kontor_domain::team::{Invitation, MemberSettings};
use kontor_store::audit::AuditEntry;
use kontor_store::leads::{LeadRecord, LeadUpdate, NewProspect};
use kontor_store::outbox::{NewMail, SECRET_MARK};

const DAY_MS: i64 = 86_400_000;

/// The registration form as typed.
#[derive(Clone, Debug, Default)]
pub struct RegistrationForm {
    pub name: String,
    pub company: String,
    pub email: String,
}

/// Registers a prospect (or finds the one of that address) and mails a confirmation
/// link. An address of an existing account gets a mail saying so instead; the answer
/// is the same either way. Limiting mail to unconfirmed addresses is the caller's
/// (it knows the client).
pub async fn register(
    ctx: &ServerContext,
    form: RegistrationForm,
    locale: Locale,
) -> Result<RegisterOutcome, ServiceError> {
    register_with_token(ctx, form, locale, random_token()).await
}

/// [`register`] with the link's token given: the demo seed confirms its prospect
/// with it, as the prospect would from the mail.
pub async fn register_with_token(
    ctx: &ServerContext,
    form: RegistrationForm,
    locale: Locale,
    token: String,
) -> Result<RegisterOutcome, ServiceError> {
    let registration = match Registration::parse(&form.name, &form.company, &form.email) {
        Ok(r) => r,
        Err(problems) => return Ok(RegisterOutcome::Invalid(problems)),
    };
    let t = crate::i18n::lead_texts(locale);
    let email = registration.email.as_str();
    let now = ctx.now();
    if ctx.store.user_by_email(email).await?.is_some() {
        let mail = NewMail {
            dedupe_key: format!("prospect-has-account/{}", kontor_store::new_id()),
            organization_id: None,
            recipient: email.to_string(),
            subject: t.mail_has_account_subject.into(),
            body_text: t
                .mail_has_account_body
                .replace("{name}", &registration.name)
                .replace("{link}", &format!("{}/sign-in", ctx.public_url)),
            secret: None,
            kind: MailKind::Required,
        };
        ctx.store.enqueue_mail(&mail, now).await?;
    } else {
        let hash = token_hash(&token);
        let mail = NewMail {
            dedupe_key: format!("prospect-link/{}", &hash[..32]),
            organization_id: None,
            recipient: email.to_string(),
            subject: t.mail_confirm_subject.into(),
            body_text: t
                .mail_confirm_body
                .replace("{name}", &registration.name)
                .replace("{days}", &LINK_DAYS.to_string())
                .replace(
                    "{link}",
                    &format!("{}/downloads/confirm?t={SECRET_MARK}", ctx.public_url),
                ),
            secret: Some(token),
            kind: MailKind::Required,
        };
        let prospect = NewProspect {
            name: registration.name.clone(),
            company: registration.company.clone(),
            email: email.to_string(),
            locale: locale.tag().to_string(),
        };
        ctx.store
            .register_prospect(&prospect, &hash, now + LINK_DAYS * DAY_MS, &mail, now)
            .await?;
    }
    (ctx.mail_written)();
    Ok(RegisterOutcome::Sent)
}

/// Uses a confirmation link: the address is confirmed and the browser gets the
/// session token to keep (as a cookie) for the downloads.
pub async fn confirm(
    ctx: &ServerContext,
    token: &str,
) -> Result<(ConfirmOutcome, Option<String>), ServiceError> {
    let session = random_token();
    let now = ctx.now();
    let confirmed = ctx
        .store
        .confirm_prospect(
            &token_hash(token.trim()),
            &token_hash(&session),
            now + SESSION_DAYS * DAY_MS,
            now,
        )
        .await?;
    Ok(match confirmed {
        Some(_) => (ConfirmOutcome::Confirmed, Some(session)),
        None => (ConfirmOutcome::LinkInvalid, None),
    })
}

/// The confirmed prospect of a browser's session token.
pub async fn prospect_of(
    ctx: &ServerContext,
    session: Option<&str>,
) -> Result<Option<LeadRecord>, ServiceError> {
    let Some(session) = session else {
        return Ok(None);
    };
    Ok(ctx
        .store
        .prospect_by_session(&token_hash(session), ctx.now())
        .await?)
}

/// What a prospect may download: the documents offered after registration.
pub async fn documents_for(
    ctx: &ServerContext,
    locale: Locale,
) -> Result<Vec<ProspectDocument>, ServiceError> {
    use kontor_store::documents::{DocumentQuery, Reader};
    let query = DocumentQuery {
        limit: 200,
        ..DocumentQuery::default()
    };
    let page = ctx.store.documents_page(Reader::Prospect, &query).await?;
    Ok(page
        .into_iter()
        .map(|d| ProspectDocument {
            id: d.id,
            kind: d.kind,
            title: match locale {
                Locale::De => d.title_de,
                Locale::En => d.title_en,
            },
            product: match locale {
                Locale::De => d.product_name_de,
                Locale::En => d.product_name_en,
            },
            file_name: d.current.file_name,
            size_bytes: d.current.size_bytes,
        })
        .collect())
}

/// Offers a document for every customer to registered prospects too, or stops;
/// returns whether it is offered now. Vendor admins (the catalog's documents are
/// theirs).
pub async fn offer_to_prospects(
    ctx: &ServerContext,
    actor: &Actor,
    document_id: &str,
    offered: bool,
) -> Result<bool, ServiceError> {
    ServiceError::require(actor.may(Action::ManageDocuments(None)))?;
    let audit = vendor_audit(
        ctx,
        actor,
        if offered {
            "document.offered_to_prospects"
        } else {
            "document.withdrawn_from_prospects"
        },
        format!("document:{document_id}"),
        None,
    )
    .await?;
    let kinds = DocumentKind::FOR_PROSPECTS.map(DocumentKind::as_str);
    if ctx
        .store
        .set_document_for_prospects(document_id, offered, &kinds, &audit, ctx.now())
        .await?
    {
        Ok(offered)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// A lead for `action`: not found for anyone who may not see leads at all, as for a
/// lead that does not exist.
async fn lead_for(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<LeadRecord, ServiceError> {
    ServiceError::require(actor.may(Action::ViewLeads))?;
    let (lead, _, _) = ctx
        .store
        .lead(id.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(lead)
}

/// A lead the actor may work (note, convert, close): 403 for a colleague's.
async fn worked_lead(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<LeadRecord, ServiceError> {
    let lead = lead_for(ctx, actor, id).await?;
    ServiceError::require(actor.may(Action::WorkLead {
        assigned_to: lead.assigned_to.as_deref(),
    }))?;
    Ok(lead)
}

fn status_of(lead: &LeadRecord) -> LeadStatus {
    LeadStatus::parse(&lead.status).unwrap_or(LeadStatus::Closed)
}

fn audit_of(
    entry: &AuditEntry,
    action: &str,
    lead: &LeadRecord,
    after: Option<String>,
) -> AuditEntry {
    AuditEntry {
        action: action.into(),
        target: format!("lead:{} {} ({})", lead.id, lead.name, lead.company),
        after,
        ..entry.clone()
    }
}

/// One step on a lead: what happens, and how the audit trail names it.
struct Step {
    event: LeadEvent,
    action: &'static str,
    after: Option<String>,
}

impl Step {
    fn new(event: LeadEvent, action: &'static str) -> Step {
        Step {
            event,
            action,
            after: None,
        }
    }
}

/// Applies `step` to the lead under its lock, with `update` for the rest, if the
/// actor `may` still work the lead as it is then.
async fn change(
    ctx: &ServerContext,
    actor: &Actor,
    lead: &LeadRecord,
    step: Step,
    update: LeadUpdate,
    may: impl FnOnce(&LeadRecord) -> bool,
) -> Result<Result<(), LeadRefusal>, ServiceError> {
    let Step {
        event,
        action,
        after,
    } = step;
    let entry = vendor_audit(ctx, actor, action, String::new(), None).await?;
    let outcome = ctx
        .store
        .change_lead(&lead.id, ctx.now(), |now| {
            if !may(now) {
                return Err(None);
            }
            let next = apply(status_of(now), event).map_err(Some)?;
            Ok(LeadUpdate {
                status: Some(next.as_str().to_string()),
                audit: Some(audit_of(&entry, action, now, after)),
                ..update
            })
        })
        .await?
        .ok_or(ServiceError::NotFound)?;
    match outcome {
        Ok(()) => Ok(Ok(())),
        Err(Some(refusal)) => Ok(Err(refusal)),
        // Someone took the lead in between: the caller may no longer work it.
        Err(None) => Err(ServiceError::Forbidden),
    }
}

fn answer(outcome: Result<(), LeadRefusal>) -> LeadOutcome {
    match outcome {
        Ok(()) => LeadOutcome::Done,
        Err(refusal) => LeadOutcome::Refused(refusal),
    }
}

/// Hands the lead to account manager `to` (an account manager takes it themselves).
pub async fn assign(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
    to: &str,
) -> Result<LeadOutcome, ServiceError> {
    let lead = lead_for(ctx, actor, id).await?;
    let to = to.trim();
    let may = |l: &LeadRecord| {
        actor
            .may(Action::AssignLead {
                assigned_to: l.assigned_to.as_deref(),
                to,
            })
            .is_allowed()
    };
    ServiceError::require(actor.may(Action::AssignLead {
        assigned_to: lead.assigned_to.as_deref(),
        to,
    }))?;
    if !is_account_manager(ctx, to).await? {
        return Ok(LeadOutcome::Invalid(LeadProblems {
            account_manager: Some(FieldProblem::Required),
            ..LeadProblems::default()
        }));
    }
    let update = LeadUpdate {
        assigned_to: Some(to.to_string()),
        ..LeadUpdate::default()
    };
    Ok(answer(
        change(
            ctx,
            actor,
            &lead,
            Step {
                after: Some(to.to_string()),
                ..Step::new(LeadEvent::Assign, "lead.assigned")
            },
            update,
            may,
        )
        .await?,
    ))
}

fn may_work<'a>(actor: &'a Actor) -> impl FnOnce(&LeadRecord) -> bool + 'a {
    move |l: &LeadRecord| {
        actor
            .may(Action::WorkLead {
                assigned_to: l.assigned_to.as_deref(),
            })
            .is_allowed()
    }
}

/// Notes a call or a thought on the lead.
pub async fn note(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
    text: &str,
) -> Result<LeadOutcome, ServiceError> {
    let lead = worked_lead(ctx, actor, id).await?;
    let text = match parse_note(text) {
        Ok(text) => text,
        Err(problem) => {
            return Ok(LeadOutcome::Invalid(LeadProblems {
                note: Some(problem),
                ..LeadProblems::default()
            }));
        }
    };
    let (author_id, author_name) = actor.recorded_as();
    let update = LeadUpdate {
        note: Some((author_id, author_name, text)),
        ..LeadUpdate::default()
    };
    Ok(answer(
        change(
            ctx,
            actor,
            &lead,
            Step::new(LeadEvent::Note, "lead.noted"),
            update,
            may_work(actor),
        )
        .await?,
    ))
}

/// Closes the lead: nothing came of it.
pub async fn close(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<LeadOutcome, ServiceError> {
    let lead = worked_lead(ctx, actor, id).await?;
    Ok(answer(
        change(
            ctx,
            actor,
            &lead,
            Step::new(LeadEvent::Close, "lead.closed"),
            LeadUpdate::default(),
            may_work(actor),
        )
        .await?,
    ))
}

/// Converts the lead into a customer organization (pending, with `account_manager`;
/// an account manager converting is its account manager) and invites the lead as its
/// admin. Once: a second conversion, also a concurrent one, is refused as finished.
pub async fn convert(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
    account_manager: &str,
) -> Result<LeadOutcome, ServiceError> {
    use crate::api::customers::CreateCustomerOutcome;
    use crate::api::team::TeamOutcome;
    use crate::services::customers::{NewCustomerInput, create};
    use crate::services::team::{Team, invite};
    let lead = worked_lead(ctx, actor, id).await?;
    ServiceError::require(actor.may(Action::CreateCustomer))?;
    if status_of(&lead).is_finished() {
        return Ok(LeadOutcome::Refused(LeadRefusal::Finished));
    }
    // The form's choice, else whoever has the lead, else the one converting it (an
    // account manager converting is the customer's account manager in any case).
    let manager = match (account_manager.trim(), &lead.assigned_to) {
        ("", Some(assigned)) => assigned.clone(),
        ("", None) => actor.recorded_as().0,
        (chosen, _) => chosen.to_string(),
    };
    let mut problems = LeadProblems::default();
    if !is_account_manager(ctx, &manager).await? {
        problems.account_manager = Some(FieldProblem::Required);
    }
    if ctx.store.user_by_email(&lead.email).await?.is_some() {
        problems.email = Some(FieldProblem::EmailTaken);
    }
    if problems != LeadProblems::default() {
        // A colleague's (or a second click's) conversion may have just invited the
        // address: then the lead is finished, and that is the answer.
        let now = lead_for(ctx, actor, id).await?;
        if status_of(&now).is_finished() {
            return Ok(LeadOutcome::Refused(LeadRefusal::Finished));
        }
        return Ok(LeadOutcome::Invalid(problems));
    }
    // The lead first: of two conversions at once, one claims it; the other is told
    // it is finished and creates nothing.
    let claimed = change(
        ctx,
        actor,
        &lead,
        Step::new(LeadEvent::Convert, "lead.converted"),
        LeadUpdate::default(),
        may_work(actor),
    )
    .await?;
    if let Err(refusal) = claimed {
        return Ok(LeadOutcome::Refused(refusal));
    }
    let created = create(
        ctx,
        actor,
        NewCustomerInput {
            name: lead.company.clone(),
            account_manager: manager,
            ..NewCustomerInput::default()
        },
    )
    .await?;
    let CreateCustomerOutcome::Created {
        id: organization_id,
    } = created
    else {
        // Checked above; only a colleague deactivating the manager this very moment
        // gets here. The lead is converted without an organization: say so.
        tracing::warn!(
            lead = lead.id,
            "lead converted but its customer was refused"
        );
        return Ok(LeadOutcome::Invalid(LeadProblems {
            account_manager: Some(FieldProblem::Required),
            ..LeadProblems::default()
        }));
    };
    ctx.store
        .link_lead_organization(&lead.id, &organization_id)
        .await?;
    let invitation = Invitation {
        display_name: lead.name.clone(),
        email: kontor_domain::EmailAddress::parse(&lead.email)
            .map_err(|_| ServiceError::NotFound)?,
        settings: MemberSettings {
            roles: Roles::new([Role::Admin]),
            per_order_limit: None,
            monthly_budget: None,
            approver: None,
        },
    };
    let invited = matches!(
        invite(ctx, actor, Team::Customer(&organization_id), invitation).await?,
        TeamOutcome::Done
    );
    Ok(LeadOutcome::Converted {
        organization_id,
        invited,
    })
}
