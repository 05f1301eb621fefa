//! Opening a request: the form, the order line or product it names (a claim within
//! what was delivered), the due times from the contract, then one transaction with
//! the first message, the confirmation and the vendor's notice, and the audit entry.

use super::mail::{MailRequest, ServiceMailer};
use super::{hours, terms_of};
use crate::api::service::{OrderChoice, ServiceOutcome};
use crate::i18n::{initial_locale, service_texts};
use crate::server::auth::{SessionUser, forbidden, not_found, require, signed_in, store};
use crate::server::{context, internal_error};
use crate::services::orders::only_own_orders;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::service::{ClaimedLine, RequestDraft, RequestForm, check_claim, due_times};
use kontor_store::audit::AuditEntry;
use kontor_store::orders::OrderQuery;
use kontor_store::organizations::CustomerRecord;
use kontor_store::service::{ClaimTarget, NewMessage, NewRequest, RequestWrite};
use kontor_store::{new_id, now_ms};
use leptos::prelude::ServerFnError;

/// The caller and their organization, if they may open requests in its name.
async fn opener() -> Result<(SessionUser, CustomerRecord), ServerFnError> {
    let user = signed_in().await?;
    let actor = user.actor();
    if actor.is_vendor() {
        return Err(forbidden());
    }
    let customer = store()
        .customer(&user.record.organization_id)
        .await
        .map_err(|e| internal_error("open_service_request", e))?
        .ok_or_else(not_found)?;
    require(actor.may(Action::OpenServiceRequest(CustomerScope {
        organization_id: &customer.id,
        account_manager_id: customer.account_manager_id.as_deref(),
    })))?;
    Ok((user, customer))
}

pub async fn form_choices() -> Result<Vec<OrderChoice>, ServerFnError> {
    let (user, customer) = opener().await?;
    // A purchaser who sees only their own orders is offered only those.
    let orders = store()
        .orders_page(&OrderQuery {
            organization_id: Some(&customer.id),
            purchaser_id: only_own_orders(&user.record),
            limit: 30,
            ..Default::default()
        })
        .await
        .map_err(|e| internal_error("service_form", e))?;
    Ok(orders
        .into_iter()
        .map(|o| OrderChoice {
            number: o.number,
            po_number: o.po_number,
            state: o.state,
            placed_at: o.placed_at,
        })
        .collect())
}

/// Why an opening wrote nothing.
enum Refused {
    Invalid(FormProblems),
    /// A colleague's order, for a caller who may not see it: as if it did not exist.
    Hidden,
}

pub async fn open(form: RequestForm) -> Result<ServiceOutcome, ServerFnError> {
    let (user, customer) = opener().await?;
    let draft = match form.parse() {
        Ok(draft) => draft,
        Err(problems) => return Ok(ServiceOutcome::Invalid(problems)),
    };
    let own_only = only_own_orders(&user.record).map(str::to_string);
    let id = new_id();
    let prepared = prepare(&user, &customer, &draft, &id).await?;
    let (order_number, sku) = (draft.order_number, draft.sku.clone());
    let outcome = store()
        .open_request_on_claim(&customer.id, order_number, sku.as_deref(), |target| {
            if let (Some(own), Some(placed_by)) = (&own_only, &target.order_purchaser_id)
                && own != placed_by
            {
                return Err(Refused::Hidden);
            }
            check_target(&draft, target).map_err(Refused::Invalid)?;
            Ok(prepared.write(draft, target))
        })
        .await
        .map_err(|e| internal_error("open_service_request", e))?;
    match outcome {
        Ok(_) => {
            (context().mail_written)();
            Ok(ServiceOutcome::Done { id })
        }
        Err(Refused::Invalid(problems)) => Ok(ServiceOutcome::Invalid(problems)),
        Err(Refused::Hidden) => Err(not_found()),
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
    user: &SessionUser,
    customer: &CustomerRecord,
    draft: &RequestDraft,
    id: &str,
) -> Result<Prepared, ServerFnError> {
    let ctx = context();
    let now = now_ms();
    let terms = terms_of(&ctx, &customer.id, now).await?;
    let due = due_times(now, &terms, draft.priority, &hours(&terms, &ctx.service));
    let t = service_texts(initial_locale());
    let me = &user.record;
    let mailer = ServiceMailer {
        ctx: &ctx,
        t,
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
    let mut mails = vec![mailer.mail(
        "opened",
        (&me.display_name, &me.email),
        t.mail_opened_subject,
        t.mail_opened_body,
        &[],
    )];
    // The vendor learns of it: the customer's account manager, else the inbox.
    let (name, address) = match (
        &customer.account_manager_name,
        &customer.account_manager_email,
    ) {
        (Some(name), Some(email)) => (name.clone(), email.clone()),
        _ => ("Service".to_string(), ctx.vendor_inbox.clone()),
    };
    mails.push(mailer.mail(
        "new",
        (&name, &address),
        t.mail_new_subject,
        t.mail_new_body,
        &[("customer_name", me.display_name.clone())],
    ));
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
