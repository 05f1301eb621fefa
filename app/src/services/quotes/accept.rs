//! Accepting the version on the table: it becomes an order at exactly the offered
//! prices and terms, through the same spending rules and approval chain as a cart.

use super::*;
use crate::api::quotes::AcceptResult;
use crate::i18n::{order_texts, quote_texts};
use crate::mail::{Letter, account_manager};
use crate::services::orders::{FromQuote, new_order, route_agreed};
use kontor_domain::calendar::berlin_month;
use kontor_domain::checkout::{OrderDetails, PricedLine, Quote, Refusal};
use kontor_domain::integration::EventType;
use kontor_domain::pricing::PriceSource;
use kontor_domain::quote::{QuoteEvent, expired};
use kontor_domain::terms::Terms;
use kontor_store::orders::PlaceOutcome;
use kontor_store::quotes::{AcceptContext, QuoteStep, QuoteVersionRecord};

pub struct AcceptQuote {
    pub quote_id: String,
    /// The version the buyer saw: a newer one on the table is not accepted blindly.
    pub version: i64,
}

/// Why accepting did not make an order.
enum NotAccepted {
    Expired,
    Superseded(QuoteState),
    Refused(Refusal),
}

/// Accepts the version on the table for the requester. Refused: a version that
/// expired (Berlin days), one that is not the latest, a quote that moved on, or an
/// amount nobody in the organization may approve. Two accepts at once make one
/// order: the customer's row is locked, the second finds the first's order.
pub async fn accept(
    ctx: &ServerContext,
    actor: &Actor,
    AcceptQuote { quote_id, version }: AcceptQuote,
) -> Result<AcceptResult, ServiceError> {
    let seen = visible(ctx, actor, &quote_id).await?;
    if !seen.requester {
        return Err(ServiceError::Forbidden);
    }
    let user = &actor.person()?.record;
    let now = ctx.now();
    let org = seen.quote.organization_id.clone();
    let outcome = ctx
        .store
        .accept_quote(&org, &quote_id, &user.id, berlin_month(now), now, |c| {
            accept_rule(ctx, actor, user, c, version, now)
        })
        .await?;
    Ok(match outcome {
        PlaceOutcome::Placed {
            order_id, state, ..
        } => {
            (ctx.mail_written)();
            AcceptResult::Placed { order_id, state }
        }
        // An earlier click accepted this very version.
        PlaceOutcome::AlreadyPlaced {
            order_id, state, ..
        } => AcceptResult::Placed { order_id, state },
        PlaceOutcome::Refused(NotAccepted::Expired) => AcceptResult::Expired,
        PlaceOutcome::Refused(NotAccepted::Superseded(state)) => AcceptResult::Superseded(state),
        PlaceOutcome::Refused(NotAccepted::Refused(r)) => AcceptResult::Refused(r),
        PlaceOutcome::NotFound => return Err(ServiceError::NotFound),
    })
}

/// The acceptance, decided on the quote as it is inside the transaction.
fn accept_rule(
    ctx: &ServerContext,
    actor: &Actor,
    user: &kontor_store::accounts::UserRecord,
    c: &AcceptContext,
    version: i64,
    now: i64,
) -> Result<(kontor_store::orders::NewOrder, QuoteStep), NotAccepted> {
    let q = &c.quote;
    let state = q.state();
    if state == QuoteState::Expired {
        return Err(NotAccepted::Expired);
    }
    if q.version != version || state.apply(QuoteEvent::Accept).is_err() {
        return Err(NotAccepted::Superseded(state));
    }
    let Some(offer) = &c.version else {
        return Err(NotAccepted::Superseded(state));
    };
    if expired(Day(offer.valid_until), now) {
        return Err(NotAccepted::Expired);
    }
    let p = &c.placement;
    let contract = p
        .terms
        .as_ref()
        .map_or_else(Terms::standard, |v| v.terms.clone());
    let terms = agreed_terms(contract, offer);
    let quoted = quoted_lines(&c.lines, offer).ok_or(NotAccepted::Refused(Refusal::TooLarge))?;
    let routed = route_agreed(&p.team, &user.id, quoted, terms, p.spent_this_month)
        .map_err(NotAccepted::Refused)?;
    let details = OrderDetails {
        po_number: None,
        cost_center: None,
        delivery_address: p
            .customer
            .shipping_address
            .clone()
            .or_else(|| p.customer.billing_address.clone())
            .unwrap_or_else(|| p.customer.name.clone()),
        requested_date: q.wished_date.map(Day).filter(|day| *day >= berlin_day(now)),
        note: None,
    };
    let total = routed.quote.total;
    let order = new_order(
        ctx,
        user,
        p,
        routed,
        details,
        now,
        Some(FromQuote {
            id: &q.id,
            number: q.number,
            version,
        }),
    );
    let order_number = order_texts(user.language()).number(p.number);
    let m = mailer(ctx, q, &user.display_name, version);
    let mails = account_manager(&p.customer)
        .map(|to| {
            let t = quote_texts(to.locale);
            let extra = vec![
                ("total", total.format(t.locale)),
                ("order", order_number.clone()),
            ];
            m.mail("accepted", to, None, |t| Letter {
                subject: t.mail_accepted_subject,
                body: t.mail_accepted_body,
                extra,
            })
        })
        .into_iter()
        .collect();
    let step = QuoteStep {
        after: QuoteState::Accepted,
        version: None,
        messages: vec![message(actor, "accepted", None, false)],
        mails,
        audit: quote_audit(
            actor,
            q,
            "quote.accepted",
            Some(format!("v{version} order:{}", p.order_id)),
        ),
        webhook: Some(EventType::QuoteAccepted),
    };
    Ok((order, step))
}

/// The contract's terms with what the offer says instead: its payment days, and its
/// delivery terms in the terms' notes.
fn agreed_terms(mut terms: Terms, offer: &QuoteVersionRecord) -> Terms {
    if let Some(days) = offer.payment_net_days {
        terms.payment_net_days = days as u32;
        // A discount period longer than the new payment term would be meaningless.
        terms.discount_days = terms.discount_days.min(terms.payment_net_days);
    }
    if let Some(delivery) = &offer.delivery_terms {
        terms.notes = Some(delivery.clone());
    }
    terms
}

/// The version's lines as an order's, at the offered prices, with the version's
/// shipping. `None` when the sums leave the range of money.
fn quoted_lines(lines: &[QuoteLineRecord], offer: &QuoteVersionRecord) -> Option<Quote> {
    let mut priced = Vec::with_capacity(lines.len());
    let mut goods = Money::ZERO;
    for l in lines {
        let unit_price = Money::from_cents(l.unit_price_cents?);
        let line_total = unit_price.checked_mul(l.quantity)?;
        goods = goods.checked_add(line_total)?;
        priced.push(PricedLine {
            product_id: l.product_id.clone().unwrap_or_default(),
            sku: l.sku.clone().unwrap_or_default(),
            name_en: l.name_en.clone(),
            name_de: l.name_de.clone(),
            unit: l.unit.clone(),
            quantity: l.quantity,
            list_price: l.list_price_cents.map_or(unit_price, Money::from_cents),
            unit_price,
            source: PriceSource::Quote,
            line_total,
        });
    }
    let shipping = Money::from_cents(offer.shipping_cents);
    Some(Quote {
        lines: priced,
        goods,
        total: goods.checked_add(shipping)?,
        shipping,
    })
}
