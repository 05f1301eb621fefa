//! Follow-ups: the vendor's staff note what they mean to do about a customer or a
//! lead and when; on the day it is on their start page and they get one mail. Who
//! may: the vendor's admins and the customer's account manager (those who manage the
//! customer); for a lead, those who may work it (`Action::WorkLead`).

use crate::api::follow_ups::{AddOutcome, CustomerFollowUps, DoneOutcome, FollowUpItem};
use crate::i18n::{condition_texts, follow_up_texts};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::calendar::{Day, berlin_day};
use kontor_domain::follow_up::{FollowUpDraft, standing};
use kontor_domain::notifications::MailKind;
use kontor_store::follow_ups::{FollowUpRecord, NewFollowUp};
use kontor_store::organizations::CustomerRecord;
use kontor_store::outbox::NewMail;

/// How many reminders one round of the notice loop writes at most.
const ROUND: i64 = 200;

/// The form's fields as sent: on a customer (`customer_id`) or a lead (`lead_id`).
#[derive(Clone, Debug, Default)]
pub struct AddFollowUp {
    pub customer_id: String,
    pub lead_id: String,
    pub note: String,
    pub due: String,
}

/// The lead, if the actor may work it (404 for those who may not see leads, as for
/// a lead that does not exist; 403 for a colleague's lead).
async fn worked_lead(
    ctx: &ServerContext,
    actor: &Actor,
    lead_id: &str,
) -> Result<kontor_store::leads::LeadRecord, ServiceError> {
    actor.person()?;
    if !actor.may(Action::ViewLeads).is_allowed() {
        return Err(ServiceError::NotFound);
    }
    let (lead, _, _) = ctx
        .store
        .lead(lead_id.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(Action::WorkLead {
        assigned_to: lead.assigned_to.as_deref(),
    }))?;
    Ok(lead)
}

/// A lead's follow-ups, for its page (the caller may see leads).
pub async fn of_lead(
    ctx: &ServerContext,
    lead_id: &str,
) -> Result<Vec<FollowUpItem>, ServiceError> {
    let today = berlin_day(ctx.now());
    let records = ctx.store.follow_ups_of_lead(lead_id).await?;
    Ok(records.into_iter().map(|r| item(r, today)).collect())
}

/// The customer, if the actor manages it (404 for a customer they may not see, 403
/// for staff who see it but do not manage it).
async fn managed_customer(
    ctx: &ServerContext,
    actor: &Actor,
    customer_id: &str,
) -> Result<CustomerRecord, ServiceError> {
    actor.person()?;
    let customer = ctx
        .store
        .customer(customer_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ServiceError::require(actor.may(Action::ManageCustomer(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok(customer)
}

fn item(record: FollowUpRecord, today: Day) -> FollowUpItem {
    let due = Day(record.due_day);
    FollowUpItem {
        standing: record.done_at.is_none().then(|| standing(due, today)),
        id: record.id,
        customer_id: record.organization_id,
        customer_name: record.customer_name,
        lead_id: record.prospect_id,
        owner_name: record.owner_name,
        note: record.note,
        due,
        done_by: record.done_by,
    }
}

pub async fn of_customer(
    ctx: &ServerContext,
    actor: &Actor,
    customer_id: &str,
) -> Result<CustomerFollowUps, ServiceError> {
    let customer = managed_customer(ctx, actor, customer_id).await?;
    let today = berlin_day(ctx.now());
    let records = ctx.store.follow_ups_of_customer(&customer.id).await?;
    Ok(CustomerFollowUps {
        customer_id: customer.id,
        customer_name: customer.name,
        today,
        items: records.into_iter().map(|r| item(r, today)).collect(),
    })
}

/// The actor's open follow-ups due today or before; none for anyone but staff.
pub async fn due_for(
    ctx: &ServerContext,
    actor: &Actor,
) -> Result<Vec<FollowUpItem>, ServiceError> {
    let person = actor.person()?;
    if !actor.is_vendor() {
        return Ok(Vec::new());
    }
    let today = berlin_day(ctx.now());
    let records = ctx
        .store
        .open_follow_ups_of(&person.record.id, today.0)
        .await?;
    Ok(records.into_iter().map(|r| item(r, today)).collect())
}

pub async fn add(
    ctx: &ServerContext,
    actor: &Actor,
    input: AddFollowUp,
) -> Result<AddOutcome, ServiceError> {
    let (organization_id, lead_id) = if input.lead_id.trim().is_empty() {
        let customer = managed_customer(ctx, actor, &input.customer_id).await?;
        (customer.id, None)
    } else {
        let lead = worked_lead(ctx, actor, &input.lead_id).await?;
        let person = actor.person()?;
        (person.record.organization_id.clone(), Some(lead.id))
    };
    let person = actor.person()?;
    let now = ctx.now();
    let draft = match FollowUpDraft::parse(&input.note, &input.due, berlin_day(now)) {
        Ok(draft) => draft,
        Err(problems) => return Ok(AddOutcome::Invalid(problems)),
    };
    let id = kontor_store::new_id();
    ctx.store
        .add_follow_up(
            &NewFollowUp {
                id: &id,
                organization_id: &organization_id,
                prospect_id: lead_id.as_deref(),
                owner_id: &person.record.id,
                owner_name: &person.record.display_name,
                vendor_organization_id: &person.record.organization_id,
                note: &draft.note,
                due_day: draft.due.0,
            },
            now,
        )
        .await?;
    Ok(AddOutcome::Added)
}

pub async fn complete(
    ctx: &ServerContext,
    actor: &Actor,
    id: &str,
) -> Result<DoneOutcome, ServiceError> {
    let record = ctx
        .store
        .follow_up(id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match &record.prospect_id {
        Some(lead) => worked_lead(ctx, actor, lead).await.map(|_| ())?,
        None => managed_customer(ctx, actor, &record.organization_id)
            .await
            .map(|_| ())?,
    }
    let person = actor.person()?;
    let closed = ctx
        .store
        .complete_follow_up(
            &record,
            &person.record.organization_id,
            (&person.record.id, &person.record.display_name),
            ctx.now(),
        )
        .await?;
    Ok(if closed {
        DoneOutcome::Done
    } else {
        DoneOutcome::AlreadyDone
    })
}

/// Writes the reminder of every open follow-up whose day has come, once each (run by
/// every server's notice loop; the claim and the mail's key keep it to one).
pub async fn mail_due(ctx: &ServerContext) -> Result<usize, ServiceError> {
    let now = ctx.now();
    let due = ctx
        .store
        .follow_ups_to_mail(berlin_day(now).0, ROUND)
        .await?;
    let mut written = 0;
    for record in due {
        let Some(owner) = ctx.store.user_by_id(&record.owner_id).await? else {
            continue;
        };
        let locale = owner.language();
        let t = follow_up_texts(locale);
        let mail = NewMail {
            dedupe_key: format!("follow-up/{}", record.id),
            organization_id: Some(record.organization_id.clone()),
            recipient: owner.email.clone(),
            subject: t.mail_subject.replace("{customer}", &record.customer_name),
            body_text: t
                .mail_body
                .replace("{name}", &owner.display_name)
                .replace("{customer}", &record.customer_name)
                .replace("{due}", &condition_texts(locale).day(Day(record.due_day)))
                .replace("{note}", &record.note)
                .replace(
                    "{url}",
                    &match &record.prospect_id {
                        Some(lead) => format!("{}/vendor/leads/{lead}", ctx.public_url),
                        None => format!(
                            "{}/vendor/customers/{}/follow-ups",
                            ctx.public_url, record.organization_id
                        ),
                    },
                ),
            secret: None,
            kind: MailKind::Required,
        };
        if ctx.store.mail_follow_up(&record.id, &mail, now).await? {
            written += 1;
        }
    }
    if written > 0 {
        (ctx.mail_written)();
    }
    Ok(written)
}
