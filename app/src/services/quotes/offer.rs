//! The vendor's offer: a new version of the quote, priced per line.

use super::*;
use crate::api::quotes::{OfferStart, StepResult};
use crate::i18n::quote_texts;
use crate::mail::Letter;
use kontor_domain::catalog::parse_sku;
use kontor_domain::integration::EventType;
use kontor_domain::pricing::unit_price;
use kontor_domain::quote::{AddedLine, LineItem, OfferForm, QuoteEvent, version_total};
use kontor_domain::terms::Terms;
use kontor_store::quotes::{NewQuoteLine, NewVersion, QuoteStep, StepOutcome};

/// How long a new offer is valid unless the vendor says otherwise.
const DEFAULT_VALIDITY_DAYS: i64 = 30;

/// A new version as the vendor typed it; `based_on` is the version the form was made
/// from, so two people (or two tabs) offering at once make one version.
pub struct OfferQuote {
    pub quote_id: String,
    pub based_on: i64,
    pub form: OfferForm,
}

/// The lines on the table: the last version's, or the request's.
async fn on_table(
    ctx: &ServerContext,
    quote: &QuoteRecord,
) -> Result<Vec<QuoteLineRecord>, ServiceError> {
    let lines = ctx.store.quote_lines(&quote.id).await?;
    Ok(lines
        .into_iter()
        .filter(|l| l.version == quote.version)
        .collect())
}

/// The offer form's start: the lines on the table with the customer's contract
/// price for catalog lines of the request (the last version's prices later on),
/// shipping as the contract has it, valid for 30 days.
pub async fn offer_start(
    ctx: &ServerContext,
    actor: &Actor,
    quote_id: &str,
) -> Result<OfferStart, ServiceError> {
    let seen = visible(ctx, actor, quote_id).await?;
    if !seen.may_work {
        return Err(ServiceError::Forbidden);
    }
    let quote = &seen.quote;
    let lines = on_table(ctx, quote).await?;
    let org = &quote.organization_id;
    let day = today(ctx);
    let mut views = Vec::with_capacity(lines.len());
    let mut form = OfferForm::default();
    let mut goods = Money::ZERO;
    for line in &lines {
        let mut view = line_view(line);
        if view.unit_price.is_none()
            && let Some(sku) = &line.sku
            && let Some(row) = ctx.store.catalog_product(sku, org, day.0).await?
        {
            let agreements: Vec<_> = row.agreement.into_iter().collect();
            let price = unit_price(row.product.list_price, &agreements, line.quantity, day.0);
            view.list_price = Some(row.product.list_price);
            view.unit_price = Some(price.unit_price);
        }
        if let Some(total) = view.unit_price.and_then(|p| p.checked_mul(line.quantity)) {
            goods = goods.checked_add(total).unwrap_or(goods);
        }
        let key = line.line_no.to_string();
        form.quantity.insert(key.clone(), line.quantity.to_string());
        let price = view.unit_price.map(|p| plain_amount(p)).unwrap_or_default();
        form.unit_price.insert(key, price);
        views.push(view);
    }
    let versions = ctx.store.quote_versions(&quote.id).await?;
    let shipping = match versions.last() {
        Some(last) => Money::from_cents(last.shipping_cents),
        None => contract_terms(ctx, org).await?.shipping_for(goods),
    };
    form.shipping = plain_amount(shipping);
    form.valid_until = Day(day.0 + DEFAULT_VALIDITY_DAYS).to_string();
    if let Some(last) = versions.last() {
        form.payment_net_days = last
            .payment_net_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        form.delivery_terms = last.delivery_terms.clone().unwrap_or_default();
    }
    Ok(OfferStart {
        based_on: quote.version,
        lines: views,
        form,
    })
}

/// "1045.00": an amount as a form field holds it (read back by `Money::parse_price`).
fn plain_amount(m: Money) -> String {
    format!("{}.{:02}", m.cents() / 100, m.cents() % 100)
}

async fn contract_terms(ctx: &ServerContext, org: &str) -> Result<Terms, ServiceError> {
    Ok(ctx
        .store
        .terms_at(org, ctx.now())
        .await?
        .map_or_else(Terms::standard, |v| v.terms))
}

/// Sends a new version to the buyer: refused at the fields when the form is wrong,
/// `Stale` when the quote moved on since the form was made (another version was
/// sent, the buyer withdrew). Mails the requester in their language.
pub async fn offer(
    ctx: &ServerContext,
    actor: &Actor,
    OfferQuote {
        quote_id,
        based_on,
        form,
    }: OfferQuote,
) -> Result<StepResult, ServiceError> {
    let seen = visible(ctx, actor, &quote_id).await?;
    if !seen.may_work {
        return Err(ServiceError::Forbidden);
    }
    let quote = &seen.quote;
    if !quote.state().waits_for_vendor() || quote.version != based_on {
        return Ok(StepResult::Stale(quote.state()));
    }
    let now = ctx.now();
    let table = on_table(ctx, quote).await?;
    let items: Vec<LineItem> = table.iter().map(QuoteLineRecord::item).collect();
    let draft = match form.parse(&items, now) {
        Ok(draft) => draft,
        Err(problems) => return Ok(StepResult::Invalid(problems)),
    };
    let org = quote.organization_id.clone();
    let day = today(ctx);
    let mut lines = Vec::with_capacity(draft.lines.len() + draft.added.len());
    for offered in &draft.lines {
        let Some(old) = table.iter().find(|l| l.item() == offered.item) else {
            continue;
        };
        let list_price = match &old.sku {
            Some(sku) => ctx
                .store
                .catalog_product(sku, &org, day.0)
                .await?
                .map(|r| r.product.list_price),
            None => None,
        };
        lines.push(NewQuoteLine {
            product: old.product_id.clone().zip(old.sku.clone()),
            name_en: old.name_en.clone(),
            name_de: old.name_de.clone(),
            unit: old.unit.clone(),
            quantity: offered.quantity,
            list_price,
            unit_price: Some(offered.unit_price),
        });
    }
    for added in &draft.added {
        lines.push(added_line(ctx, &org, day, added).await?);
    }
    let priced: Vec<_> = lines
        .iter()
        .map(|l| kontor_domain::quote::OfferedLine {
            item: match &l.product {
                Some((_, sku)) => LineItem::Product { sku: sku.clone() },
                None => LineItem::FreeText {
                    description: l.name_en.clone(),
                },
            },
            quantity: l.quantity,
            unit_price: l.unit_price.unwrap_or(Money::ZERO),
        })
        .collect();
    // The form checked this sum already; the catalog lookups change no amount.
    let Some(total) = version_total(&priced, draft.shipping) else {
        let mut problems = kontor_domain::field::FormProblems::default();
        problems.add(
            "added_lines",
            kontor_domain::field::FieldProblem::OutOfRange,
        );
        return Ok(StepResult::Invalid(problems));
    };
    let goods = Money::from_cents(total.cents() - draft.shipping.cents());
    let requester = requester_of(ctx, quote).await?;
    let (_, author_name) = actor.recorded_as();
    let version_no = quote.version + 1;
    let outcome = ctx
        .store
        .quote_step(&org, &quote_id, now, |c| {
            let current = c.quote.state();
            if current.apply(QuoteEvent::Offer).is_err() || c.quote.version != based_on {
                return Err(StepResult::Stale(current));
            }
            let m = mailer(ctx, &c.quote, &author_name, version_no);
            let mails = requester
                .as_ref()
                .map(|user| {
                    let to = to_user(user);
                    let t = quote_texts(to.locale);
                    let extra = vec![
                        (
                            "lines",
                            super::mail::lines_text(t, &lines, Some(draft.shipping)),
                        ),
                        ("total", total.format(t.locale)),
                        ("valid_until", super::mail::day_text(t, draft.valid_until)),
                    ];
                    m.mail("offered", to, draft.message.as_deref(), |t| Letter {
                        subject: t.mail_offered_subject,
                        body: t.mail_offered_body,
                        extra,
                    })
                })
                .into_iter()
                .collect();
            let mut messages = vec![message(actor, "offered", draft.message.clone(), false)];
            if let Some(note) = &draft.internal_note {
                messages.push(message(actor, "note", Some(note.clone()), true));
            }
            let (offered_by, offered_by_name) = actor.recorded_as();
            Ok(QuoteStep {
                after: QuoteState::Offered,
                version: Some(NewVersion {
                    lines: lines.clone(),
                    goods,
                    shipping: draft.shipping,
                    total,
                    payment_net_days: draft.payment_net_days,
                    delivery_terms: draft.delivery_terms.clone(),
                    valid_until: draft.valid_until.0,
                    offered_by: matches!(actor, Actor::Person(_)).then_some(offered_by),
                    offered_by_name,
                }),
                messages,
                mails,
                audit: quote_audit(
                    actor,
                    &c.quote,
                    "quote.offered",
                    Some(format!("v{version_no} {}", total.cents())),
                ),
                webhook: Some(EventType::QuoteOffered),
            })
        })
        .await?;
    Ok(match outcome {
        StepOutcome::Done(state) => {
            (ctx.mail_written)();
            StepResult::Done(state)
        }
        StepOutcome::Refused(result) => result,
        StepOutcome::NotFound => return Err(ServiceError::NotFound),
    })
}

/// A line the vendor added: a catalog product when the first field is the SKU of
/// one on sale, otherwise an item described in words.
async fn added_line(
    ctx: &ServerContext,
    org: &str,
    day: Day,
    added: &AddedLine,
) -> Result<NewQuoteLine, ServiceError> {
    if let Ok(sku) = parse_sku(&added.text)
        && let Some(row) = ctx.store.catalog_product(&sku, org, day.0).await?
        && !row.archived
    {
        return Ok(NewQuoteLine {
            product: Some((row.id, row.product.sku)),
            name_en: row.product.name_en,
            name_de: row.product.name_de,
            unit: row.product.unit,
            quantity: added.quantity,
            list_price: Some(row.product.list_price),
            unit_price: Some(added.unit_price),
        });
    }
    Ok(NewQuoteLine {
        product: None,
        name_en: added.text.clone(),
        name_de: added.text.clone(),
        unit: "pc".into(),
        quantity: added.quantity,
        list_price: None,
        unit_price: Some(added.unit_price),
    })
}
