//! Asking for a quotation: from the cart's lines or written from scratch, with
//! catalog lines and lines described in words.

use super::*;
use crate::api::quotes::{RequestResult, RequestStart};
use crate::i18n::quote_texts;
use crate::mail::{Letter, account_manager};
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::quote::RequestForm;
use kontor_store::quotes::{NewQuote, NewQuoteLine, RequestWrites, Requested};

/// A request as the purchaser typed it, and the key that makes a repeated submit
/// (a second click, a retry) make it once.
pub struct RequestQuote {
    pub idempotency_key: String,
    pub form: RequestForm,
}

/// The purchaser in their own organization.
fn purchaser(actor: &Actor) -> Result<&crate::services::Person, ServiceError> {
    let user = actor.person()?;
    if actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    let scope = CustomerScope {
        organization_id: &user.record.organization_id,
        account_manager_id: None,
    };
    ServiceError::require(actor.may(Action::PlaceOrder(scope)))?;
    Ok(user)
}

/// The request form's start: empty, or the cart's lines as "SKU quantity".
pub async fn request_start(
    ctx: &ServerContext,
    actor: &Actor,
    from_cart: bool,
) -> Result<RequestStart, ServiceError> {
    let user = purchaser(actor)?;
    let mut form = RequestForm::default();
    if from_cart {
        let cart = ctx
            .store
            .cart(&user.record.organization_id, &user.record.id, today(ctx).0)
            .await?;
        form.catalog_lines = cart
            .iter()
            .filter(|l| !l.archived)
            .map(|l| format!("{} {}", l.sku, l.quantity))
            .collect::<Vec<_>>()
            .join("\n");
    }
    Ok(RequestStart {
        form,
        idempotency_key: kontor_store::new_id(),
    })
}

/// Asks for a quotation: the lines are checked against the catalog (an unknown or
/// archived SKU is a problem at the field), the request goes to the customer's
/// account manager (mail and their queue). The cart stays as it is: a buyer may
/// still order part of it at today's prices.
pub async fn request(
    ctx: &ServerContext,
    actor: &Actor,
    RequestQuote {
        idempotency_key,
        form,
    }: RequestQuote,
) -> Result<RequestResult, ServiceError> {
    let user = purchaser(actor)?;
    let now = ctx.now();
    let key = idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        let mut problems = FormProblems::default();
        problems.add("idempotency_key", FieldProblem::Required);
        return Ok(RequestResult::Invalid(problems));
    }
    let draft = match form.parse(now) {
        Ok(draft) => draft,
        Err(problems) => return Ok(RequestResult::Invalid(problems)),
    };
    let org = &user.record.organization_id;
    let mut lines = Vec::with_capacity(draft.products.len() + draft.free_text.len());
    for (sku, quantity) in &draft.products {
        let row = ctx.store.catalog_product(sku, org, today(ctx).0).await?;
        let Some(row) = row.filter(|r| !r.archived) else {
            let mut problems = FormProblems::default();
            problems.add("catalog_lines", FieldProblem::UnknownProduct);
            return Ok(RequestResult::Invalid(problems));
        };
        lines.push(NewQuoteLine {
            product: Some((row.id, row.product.sku)),
            name_en: row.product.name_en,
            name_de: row.product.name_de,
            unit: row.product.unit,
            quantity: *quantity,
            list_price: None,
            unit_price: None,
        });
    }
    for (description, quantity) in &draft.free_text {
        lines.push(NewQuoteLine {
            product: None,
            name_en: description.clone(),
            name_de: description.clone(),
            unit: "pc".into(),
            quantity: *quantity,
            list_price: None,
            unit_price: None,
        });
    }
    let customer = ctx
        .store
        .customer(org)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let new = NewQuote {
        organization_id: org.clone(),
        requester_id: user.record.id.clone(),
        requester_name: user.record.display_name.clone(),
        idempotency_key: key.to_string(),
        wished_date: draft.wished_date.map(|d| d.0),
        lines,
        message: message(actor, "requested", draft.message.clone(), false),
    };
    let outcome = ctx
        .store
        .request_quote(&new, now, |id, number| {
            let m = QuoteMailer {
                ctx,
                quote: MailQuote {
                    id,
                    organization_id: org,
                    number,
                    company: &customer.name,
                    requester: &new.requester_name,
                    author: &new.requester_name,
                    version: 0,
                },
            };
            let mails = account_manager(&customer)
                .map(|to| {
                    let t = quote_texts(to.locale);
                    let mut body_lines = super::mail::lines_text(t, &new.lines, None);
                    if let Some(day) = draft.wished_date {
                        let wished = t
                            .mail_wished
                            .replace("{date}", &super::mail::day_text(t, day));
                        body_lines.push_str(&format!("\n{wished}"));
                    }
                    m.mail("requested", to, draft.message.as_deref(), |t| Letter {
                        subject: t.mail_requested_subject,
                        body: t.mail_requested_body,
                        extra: vec![("lines", body_lines)],
                    })
                })
                .into_iter()
                .collect();
            RequestWrites {
                mails,
                audit: AuditEntry {
                    organization_id: org.clone(),
                    actor_id: Some(user.record.id.clone()),
                    actor_name: user.record.display_name.clone(),
                    action: "quote.requested".into(),
                    target: format!("quote:{id} #{number}"),
                    before: None,
                    after: Some(format!("{} lines", new.lines.len())),
                },
            }
        })
        .await?;
    match outcome {
        Requested::New { id, number } => {
            (ctx.mail_written)();
            Ok(RequestResult::Requested {
                quote_id: id,
                number,
            })
        }
        Requested::Already { id, number } => Ok(RequestResult::Requested {
            quote_id: id,
            number,
        }),
        Requested::NotFound => Err(ServiceError::NotFound),
    }
}
