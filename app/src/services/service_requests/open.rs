//! Opening a request (the portal's form and the demo seed).

// `|s| Action::OpenServiceRequest(s)` is not redundant: the variant itself is not
// general enough for the `for<'a> fn(CustomerScope<'a>) -> Action<'a>` it is passed as.
#![allow(clippy::redundant_closure)]

use super::work::vendor_desk;
use crate::api::service::ServiceOutcome;
use crate::mail::{Letter, To};
use crate::server::ServerContext;
use crate::server::service::hours;
use crate::server::service::mail::{MailRequest, ServiceMailer};
use crate::services::orders::only_own_orders;
use crate::services::{Actor, Person, ServiceError};
use kontor_domain::access::Action;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::service::{ClaimedLine, RequestDraft, RequestForm, check_claim, due_times};
use kontor_domain::terms::Terms;
use kontor_store::audit::AuditEntry;
use kontor_store::new_id;
use kontor_store::organizations::CustomerRecord;
use kontor_store::service::{ClaimTarget, NewMessage, NewRequest, RequestWrite};

/// Why an opening wrote nothing.
enum Refused {
    Invalid(FormProblems),
    /// A colleague's order, for a caller who may not see it: as if it did not exist.
    Hidden,
}

/// Opens a request in the person's organization: the form, the order line or product
/// it names (a claim only within what was delivered; a colleague's order is not found
/// by someone who sees only their own), the due times from the contract in force,
/// then one transaction with the first message, the confirmation to the person, the
/// notice to the vendor and the audit entry. Only a customer's own people open
/// requests (every member may); vendor staff and API clients do not.
pub async fn open(
    ctx: &ServerContext,
    actor: &Actor,
    form: RequestForm,
) -> Result<ServiceOutcome, ServiceError> {
    let person = actor.person()?;
    if actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let customer =
        crate::services::customers::customer_for(ctx, actor, &person.record.organization_id, |s| {
            Action::OpenServiceRequest(s)
        })
        .await?;
    let draft = match form.parse() {
        Ok(draft) => draft,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    let own_only = only_own_orders(&person.record).map(str::to_string);
    let id = new_id();
    let prepared = prepare(ctx, person, &customer, &draft, &id).await?;
    let (order_number, sku) = (draft.order_number, draft.sku.clone());
    let outcome = ctx
        .store
        .open_request_on_claim(&customer.id, order_number, sku.as_deref(), |target| {
            if let (Some(own), Some(placed_by)) = (&own_only, &target.order_purchaser_id)
                && own != placed_by
            {
                return Err(Refused::Hidden);
            }
            check_target(&draft, target).map_err(Refused::Invalid)?;
            Ok(prepared.write(draft, target))
        })
        .await?;
    match outcome {
        Ok(_) => {
            (ctx.mail_written)();
            Ok(ServiceOutcome::Done { id })
        }
        Err(Refused::Invalid(problems)) => Ok(ServiceOutcome::Invalid(problems)),
        Err(Refused::Hidden) => Err(ServiceError::NotFound),
    }
}

/// The order, line and product the form names must be the organization's, and a
/// claim on a line within what was delivered.
fn check_target(draft: &RequestDraft, target: &ClaimTarget) -> Result<(), FormProblems> {
    let mut problems = FormProblems::default();
    if draft.order_number.is_some() && target.order.is_none() {
        problems.add("order", FieldProblem::NoSuchOrder);
    }
    if let (Some(_), Some((_, state))) = (&draft.sku, &target.order) {
        match target.line {
            None => problems.add("sku", FieldProblem::UnknownOrderLine),
            Some((_, ordered)) => {
                let line = ClaimedLine {
                    ordered,
                    delivered: state == "delivered",
                    returned_before: target.returned_before,
                };
                match check_claim(draft.kind, draft.quantity, line) {
                    Ok(()) => {}
                    Err(FieldProblem::NotDelivered) => {
                        problems.add("order", FieldProblem::NotDelivered)
                    }
                    Err(problem) => problems.add("quantity", problem),
                }
            }
        }
    }
    if draft.sku.is_some() && draft.order_number.is_none() && target.product_id.is_none() {
        problems.add("sku", FieldProblem::UnknownProduct);
    }
    problems.or_value(|| ())
}

/// What a request needs that does not depend on its order line: due times from the
/// terms in force, the mails; computed before the transaction.
struct Prepared {
    request: NewRequest,
    mails: Vec<kontor_store::outbox::NewMail>,
    me_id: String,
    me_name: String,
}

async fn prepare(
    ctx: &ServerContext,
    person: &Person,
    customer: &CustomerRecord,
    draft: &RequestDraft,
    id: &str,
) -> Result<Prepared, ServiceError> {
    let now = ctx.now();
    let terms = ctx
        .store
        .terms_at(&customer.id, now)
        .await?
        .map_or_else(Terms::standard, |v| v.terms);
    let due = due_times(now, &terms, draft.priority, &hours(&terms, &ctx.service));
    let me = &person.record;
    let mailer = ServiceMailer {
        ctx,
        request: MailRequest {
            id,
            organization_id: &customer.id,
            number: None,
            subject: &draft.subject,
            company: &customer.name,
            kind: draft.kind,
            priority: draft.priority,
            response_due: due.first_response,
            resolution_due: due.resolution,
        },
    };
    let mut mails = vec![mailer.mail("opened", To::user(me), |t| Letter {
        subject: t.mail_opened_subject,
        body: t.mail_opened_body,
        extra: vec![],
    })];
    // The vendor learns of it: the customer's account manager, else the inbox.
    mails.push(mailer.mail("new", vendor_desk(ctx, customer), |t| Letter {
        subject: t.mail_new_subject,
        body: t.mail_new_body,
        extra: vec![("customer_name", me.display_name.clone())],
    }));
    let request = NewRequest {
        id: id.to_string(),
        organization_id: customer.id.clone(),
        kind: draft.kind.as_str(),
        priority: draft.priority.as_str(),
        subject: draft.subject.clone(),
        opened_by: me.id.clone(),
        opened_by_name: me.display_name.clone(),
        order_id: None,
        order_line_no: None,
        product_id: None,
        quantity: draft.quantity,
        opened_at: now,
        due,
    };
    Ok(Prepared {
        request,
        mails,
        me_id: me.id.clone(),
        me_name: me.display_name.clone(),
    })
}

impl Prepared {
    /// The rows to write, once the claim's target is known (inside the transaction).
    fn write(self, draft: RequestDraft, target: &ClaimTarget) -> RequestWrite {
        let mut new = self.request;
        new.order_id = target.order.as_ref().map(|(id, _)| id.clone());
        new.order_line_no = target.line.map(|(no, _)| no);
        new.product_id = target.product_id.clone();
        let first = NewMessage {
            id: new_id(),
            author_id: Some(self.me_id.clone()),
            author_name: self.me_name.clone(),
            side: "customer",
            internal: false,
            body: draft.description,
            status_after: Some("open"),
            attachments: Vec::new(),
        };
        let audit = AuditEntry {
            organization_id: new.organization_id.clone(),
            actor_id: Some(self.me_id),
            actor_name: self.me_name,
            action: "service.opened".into(),
            target: format!("service_request:{} {}", new.id, draft.kind.as_str()),
            before: None,
            after: Some(format!("{} ({})", draft.subject, draft.priority.as_str())),
        };
        RequestWrite {
            new,
            first,
            mails: self.mails,
            audit,
        }
    }
}
