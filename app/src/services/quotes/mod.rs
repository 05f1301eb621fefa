//! Quotes: a buyer asks for an offer, the vendor answers with versions, the buyer
//! accepts one (an order through the ordinary placement rules), asks for changes,
//! declines or withdraws; the notice loop lets an offer expire. The state table is
//! the domain's (`quote`); this module checks who may, reads what the rules need,
//! runs them inside the store's transaction and writes the mails and history.
//!
//! Who sees a quote: the purchaser who asked; the organization's admins, approvers
//! and finance; the customer's account manager and the vendor admins (and API
//! clients with `quotes:read` for the customer). Another organization's quote, and
//! a colleague's for a purchaser, is not found. Only the requester answers an offer;
//! only the account manager and the vendor admins (and clients with `quotes:write`)
//! offer.

#![allow(clippy::redundant_closure)]

use crate::api::quotes::{
    QuoteDetail, QuoteLineView, QuoteList, QuoteMessageView, QuoteMoves, QuoteRow, VersionView,
};
use crate::mail::To;
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::Money;
use kontor_domain::access::{Action, CustomerScope, Role, Roles};
use kontor_domain::calendar::{Day, berlin_day};
use kontor_domain::quote::{QuoteState, changes_between, still_valid};
use kontor_store::audit::AuditEntry;
use kontor_store::quotes::{
    NewQuoteMessage, QuoteLineRecord, QuoteMessageRecord, QuoteQuery, QuoteRecord,
    QuoteVersionRecord,
};
use mail::{MailQuote, QuoteMailer};

mod accept;
mod attach;
mod expire;
mod mail;
mod offer;
mod request;
mod step;

pub use accept::{AcceptQuote, accept};
pub use attach::{AttachFile, attach, attachment, may_attach};
pub use expire::expire_offers;
pub use offer::{OfferQuote, offer, offer_start};
pub use request::{RequestQuote, request, request_start};
pub use step::{QuoteStepInput, Step, step};

/// The most quotes a list shows (newest first; the queue oldest waiting first).
const LIST_MAX: i64 = 200;

/// A quote as the actor may see it, and what they are to it.
struct Seen {
    quote: QuoteRecord,
    /// Vendor staff or an API client.
    vendor: bool,
    /// May offer and decline as the vendor.
    may_work: bool,
    /// The purchaser who asked (and may still order): the one who answers offers.
    requester: bool,
}

fn scope_of(quote: &QuoteRecord) -> CustomerScope<'_> {
    CustomerScope {
        organization_id: &quote.organization_id,
        account_manager_id: quote.account_manager_id.as_deref(),
    }
}

/// The quote if the actor may see it: otherwise not found (another organization's,
/// a colleague's for a purchaser) or forbidden (a customer's viewer).
async fn visible(ctx: &ServerContext, actor: &Actor, quote_id: &str) -> Result<Seen, ServiceError> {
    if actor.is_vendor() {
        let quote = ctx
            .store
            .quote(None, quote_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        ServiceError::require(actor.may(Action::ViewQuotes(scope_of(&quote))))?;
        let may_work = actor.may(Action::WorkQuotes(scope_of(&quote))).is_allowed();
        return Ok(Seen {
            quote,
            vendor: true,
            may_work,
            requester: false,
        });
    }
    let user = actor.person()?;
    let org = user.record.organization_id.as_str();
    let quote = ctx
        .store
        .quote(Some(org), quote_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let scope = CustomerScope {
        organization_id: org,
        account_manager_id: None,
    };
    ServiceError::require(actor.may(Action::ViewQuotes(scope)))?;
    let mine = quote.requester_id == user.record.id;
    if !mine && !actor.may(Action::SeeAllQuotes(scope)).is_allowed() {
        return Err(ServiceError::NotFound);
    }
    let requester = mine && actor.may(Action::PlaceOrder(scope)).is_allowed();
    Ok(Seen {
        quote,
        vendor: false,
        may_work: false,
        requester,
    })
}

/// The quotes the actor may see: a customer's (a purchaser's own), or the vendor's
/// queue (an account manager's customers; everyone's for admins and clients),
/// oldest waiting first. `state` narrows to one state; the queue without it shows
/// what waits for the vendor; `customer` narrows the queue to one customer.
pub async fn list(
    ctx: &ServerContext,
    actor: &Actor,
    state: Option<QuoteState>,
    customer: Option<&str>,
) -> Result<QuoteList, ServiceError> {
    let states: Vec<QuoteState> = state.into_iter().collect();
    if actor.is_vendor() {
        let manager = match actor {
            Actor::Person(p) => {
                let roles = Roles::from_stored(&p.record.roles);
                if roles.contains(Role::VendorAdmin) {
                    None
                } else if roles.contains(Role::AccountManager) {
                    Some(p.record.id.as_str())
                } else {
                    return Err(ServiceError::Forbidden);
                }
            }
            _ => None,
        };
        let waiting = [QuoteState::Requested, QuoteState::ChangesRequested];
        let query = QuoteQuery {
            organization_id: customer,
            account_manager_id: manager,
            states: if states.is_empty() { &waiting } else { &states },
            oldest_waiting_first: true,
            limit: LIST_MAX,
            ..QuoteQuery::default()
        };
        let rows = ctx.store.quotes(&query).await?;
        // A client sees the customers it reaches, and only with its scope.
        let rows = rows
            .into_iter()
            .filter(|q| actor.may(Action::ViewQuotes(scope_of(q))).is_allowed())
            .map(row_of)
            .collect();
        let customers = ctx
            .store
            .customers(manager)
            .await?
            .into_iter()
            .filter(|c| {
                let scope = CustomerScope {
                    organization_id: &c.id,
                    account_manager_id: c.account_manager_id.as_deref(),
                };
                actor.may(Action::ViewQuotes(scope)).is_allowed()
            })
            .map(|c| (c.id, c.name))
            .collect();
        return Ok(QuoteList {
            rows,
            vendor: true,
            customers,
            can_request: false,
        });
    }
    let user = actor.person()?;
    let org = user.record.organization_id.as_str();
    let scope = CustomerScope {
        organization_id: org,
        account_manager_id: None,
    };
    ServiceError::require(actor.may(Action::ViewQuotes(scope)))?;
    let all = actor.may(Action::SeeAllQuotes(scope)).is_allowed();
    let query = QuoteQuery {
        organization_id: Some(org),
        requester_id: (!all).then_some(user.record.id.as_str()),
        states: &states,
        limit: LIST_MAX,
        ..QuoteQuery::default()
    };
    let rows = ctx.store.quotes(&query).await?;
    Ok(QuoteList {
        rows: rows.into_iter().map(row_of).collect(),
        vendor: false,
        customers: Vec::new(),
        can_request: actor.may(Action::PlaceOrder(scope)).is_allowed(),
    })
}

fn row_of(q: QuoteRecord) -> QuoteRow {
    QuoteRow {
        state: q.state(),
        total: q.total_cents.map(Money::from_cents),
        valid_until: q.valid_until.map(Day),
        id: q.id,
        number: q.number,
        customer: q.customer_name,
        requester: q.requester_name,
        version: q.version,
        waiting_since: q.waiting_since,
        created_at: q.created_at,
    }
}

/// One quote with every version (old → new per line) and the conversation;
/// internal notes only for the vendor's side.
pub async fn detail(
    ctx: &ServerContext,
    actor: &Actor,
    quote_id: &str,
) -> Result<QuoteDetail, ServiceError> {
    let seen = visible(ctx, actor, quote_id).await?;
    let (lines, versions, messages, files) = tokio::try_join!(
        ctx.store.quote_lines(quote_id),
        ctx.store.quote_versions(quote_id),
        ctx.store.quote_messages(quote_id, seen.vendor),
        ctx.store.quote_attachments(quote_id, seen.vendor),
    )?;
    let order = match &seen.quote.order_id {
        Some(id) => ctx
            .store
            .order(id, Some(&seen.quote.organization_id))
            .await?
            .map(|o| (o.id, o.number)),
        None => None,
    };
    let q = &seen.quote;
    let state = q.state();
    let valid_now = q
        .valid_until
        .is_some_and(|day| still_valid(Day(day), ctx.now()));
    let offered = state == QuoteState::Offered;
    let open = !state.is_final();
    let moves = QuoteMoves {
        offer: seen.may_work && state.waits_for_vendor(),
        vendor_decline: seen.may_work && state.waits_for_vendor(),
        note: seen.may_work,
        accept: seen.requester && offered && valid_now,
        request_changes: seen.requester && offered,
        decline: seen.requester && offered,
        withdraw: seen.requester && open,
        attach: (seen.requester || seen.may_work) && open,
    };
    Ok(QuoteDetail {
        id: q.id.clone(),
        number: q.number,
        customer_id: q.organization_id.clone(),
        customer: q.customer_name.clone(),
        requester: q.requester_name.clone(),
        state,
        wished_date: q.wished_date.map(Day),
        created_at: q.created_at,
        requested: lines
            .iter()
            .filter(|l| l.version == 0)
            .map(line_view)
            .collect(),
        versions: version_views(&lines, versions),
        messages: messages
            .into_iter()
            .map(|m| message_view(m, &files))
            .collect(),
        order,
        valid_now,
        moves,
        max_mb: ctx.files.max_bytes / (1024 * 1024),
    })
}

fn line_view(l: &QuoteLineRecord) -> QuoteLineView {
    let unit_price = l.unit_price_cents.map(Money::from_cents);
    QuoteLineView {
        line_no: l.line_no,
        sku: l.sku.clone(),
        name_en: l.name_en.clone(),
        name_de: l.name_de.clone(),
        unit: l.unit.clone(),
        quantity: l.quantity,
        list_price: l.list_price_cents.map(Money::from_cents),
        unit_price,
        line_total: unit_price.and_then(|p| p.checked_mul(l.quantity)),
    }
}

fn version_views(lines: &[QuoteLineRecord], versions: Vec<QuoteVersionRecord>) -> Vec<VersionView> {
    let offered = |version: i64| -> Vec<kontor_domain::quote::OfferedLine> {
        lines
            .iter()
            .filter(|l| l.version == version)
            .filter_map(QuoteLineRecord::offered)
            .collect()
    };
    versions
        .into_iter()
        .map(|v| VersionView {
            lines: lines
                .iter()
                .filter(|l| l.version == v.version)
                .map(line_view)
                .collect(),
            changes: if v.version > 1 {
                changes_between(&offered(v.version - 1), &offered(v.version))
            } else {
                Vec::new()
            },
            version: v.version,
            goods: Money::from_cents(v.goods_cents),
            shipping: Money::from_cents(v.shipping_cents),
            total: Money::from_cents(v.total_cents),
            payment_net_days: v.payment_net_days.map(|d| d as u32),
            delivery_terms: v.delivery_terms,
            valid_until: Day(v.valid_until),
            offered_by: v.offered_by_name,
            offered_at: v.offered_at,
        })
        .collect()
}

fn message_view(
    m: QuoteMessageRecord,
    files: &[kontor_store::quotes::QuoteAttachmentRecord],
) -> QuoteMessageView {
    QuoteMessageView {
        attachments: files
            .iter()
            .filter(|f| f.message_id == m.id)
            .map(|f| (f.id.clone(), f.file_name.clone(), f.size_bytes))
            .collect(),
        internal: m.internal(),
        author: m.author_name,
        side: m.side,
        event: m.event,
        version: m.version,
        body: m.body,
        at: m.at,
    }
}

/// The actor as the conversation records them: id, name and side.
fn author(actor: &Actor) -> (Option<String>, String, &'static str) {
    let (id, name) = actor.recorded_as();
    let side = if actor.is_vendor() {
        "vendor"
    } else {
        "customer"
    };
    let id = matches!(actor, Actor::Person(_)).then_some(id);
    (id, name, side)
}

fn message(
    actor: &Actor,
    event: &'static str,
    body: Option<String>,
    internal: bool,
) -> NewQuoteMessage {
    let (author_id, author_name, side) = author(actor);
    NewQuoteMessage {
        author_id,
        author_name,
        side,
        internal,
        event,
        body,
        attachments: Vec::new(),
    }
}

fn quote_audit(
    actor: &Actor,
    quote: &QuoteRecord,
    action: &str,
    after: Option<String>,
) -> AuditEntry {
    let (actor_id, actor_name) = actor.recorded_as();
    AuditEntry {
        organization_id: quote.organization_id.clone(),
        actor_id: Some(actor_id),
        actor_name,
        action: action.to_string(),
        target: format!("quote:{} #{}", quote.id, quote.number),
        before: Some(quote.state().as_str().to_string()),
        after,
    }
}

/// The mailer for a step on `quote` by `actor`, at `version`.
fn mailer<'a>(
    ctx: &'a ServerContext,
    quote: &'a QuoteRecord,
    author: &'a str,
    version: i64,
) -> QuoteMailer<'a> {
    QuoteMailer {
        ctx,
        quote: MailQuote {
            id: &quote.id,
            organization_id: &quote.organization_id,
            number: quote.number,
            company: &quote.customer_name,
            requester: &quote.requester_name,
            author,
            version,
        },
    }
}

/// The requester as a mail recipient (if they still have an account).
async fn requester_of(
    ctx: &ServerContext,
    quote: &QuoteRecord,
) -> Result<Option<kontor_store::accounts::UserRecord>, ServiceError> {
    Ok(ctx
        .store
        .user_by_id(&quote.requester_id)
        .await?
        .filter(|u| u.active))
}

fn to_user(user: &kontor_store::accounts::UserRecord) -> To<'_> {
    To::user(user)
}

/// Today's Berlin day, for validity.
fn today(ctx: &ServerContext) -> Day {
    berlin_day(ctx.now())
}
