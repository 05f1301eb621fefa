//! Quotes: what the pages, the REST API and the server functions exchange, and the
//! server functions themselves. Every function is the caller as the actor → one
//! operation in `services::quotes` → its answer.

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{server::refusal, services::quotes};
use kontor_domain::Money;
use kontor_domain::calendar::Day;
use kontor_domain::checkout::Refusal;
use kontor_domain::field::FormProblems;
use kontor_domain::order::OrderState;
use kontor_domain::quote::{LineChange, OfferForm, QuoteState, RequestForm};
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// One quote in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub id: String,
    pub number: i64,
    pub customer: String,
    pub requester: String,
    pub state: QuoteState,
    /// The version on the table (0: none yet) and its total and validity.
    pub version: i64,
    pub total: Option<Money>,
    pub valid_until: Option<Day>,
    /// Since when the side whose move it is has waited.
    pub waiting_since: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteList {
    pub rows: Vec<QuoteRow>,
    /// The vendor's queue (oldest waiting first) rather than a customer's list.
    pub vendor: bool,
    /// The queue's customers to filter by (id, name): the caller's.
    pub customers: Vec<(String, String)>,
    /// The caller may ask for a quotation.
    pub can_request: bool,
}

/// One line of a version (or of the request, without prices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLineView {
    pub line_no: i64,
    /// `None`: an item described in words.
    pub sku: Option<String>,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub quantity: i64,
    /// The list price when offered (catalog lines).
    pub list_price: Option<Money>,
    pub unit_price: Option<Money>,
    pub line_total: Option<Money>,
}

/// An offered version with what changed since the one before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub version: i64,
    pub lines: Vec<QuoteLineView>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    /// `None`: as in the contract.
    pub payment_net_days: Option<u32>,
    pub delivery_terms: Option<String>,
    pub valid_until: Day,
    pub offered_by: String,
    pub offered_at: i64,
    /// Old → new per line against the version before (empty for the first).
    pub changes: Vec<LineChange>,
}

/// An entry of the conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteMessageView {
    pub author: String,
    /// customer | vendor | system
    pub side: String,
    /// For vendor staff only (never sent to a customer).
    pub internal: bool,
    pub event: String,
    pub version: Option<i64>,
    pub body: Option<String>,
    pub at: i64,
    /// Files with it: id (for `/files/quotes/{id}`), name, size in bytes.
    pub attachments: Vec<(String, String, i64)>,
}

/// What the viewer may do now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteMoves {
    /// Vendor: send a (new) version, decline the request, write internal notes.
    pub offer: bool,
    pub vendor_decline: bool,
    pub note: bool,
    /// Buyer (the requester): accept (the version is on the table and valid), ask
    /// for changes, decline, withdraw.
    pub accept: bool,
    pub request_changes: bool,
    pub decline: bool,
    pub withdraw: bool,
    /// Put a file on it (the parties, while it is open).
    pub attach: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteDetail {
    pub id: String,
    pub number: i64,
    pub customer_id: String,
    pub customer: String,
    pub requester: String,
    pub state: QuoteState,
    pub wished_date: Option<Day>,
    pub created_at: i64,
    /// The lines as asked for.
    pub requested: Vec<QuoteLineView>,
    /// Every offered version, oldest first; the last is on the table.
    pub versions: Vec<VersionView>,
    pub messages: Vec<QuoteMessageView>,
    /// The order an accepted version became: id and number.
    pub order: Option<(String, i64)>,
    /// The version on the table is still valid today (Berlin).
    pub valid_now: bool,
    pub moves: QuoteMoves,
    /// The largest file the storage takes, in MB.
    pub max_mb: u64,
}

/// The request form's starting point: lines from the cart (if asked) and a fresh
/// key, so a resubmission finds the request it made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestStart {
    pub form: RequestForm,
    pub idempotency_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestResult {
    Requested { quote_id: String, number: i64 },
    Invalid(FormProblems),
}

/// What became of a step on a quote (offer, asking for changes, declining,
/// withdrawing, a note).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepResult {
    Done(QuoteState),
    Invalid(FormProblems),
    /// Someone else moved first: the quote is now in this state (or at another
    /// version than the one the form was made for). Nothing was changed.
    Stale(QuoteState),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AcceptResult {
    /// The order was placed (or had been, by an earlier click).
    Placed { order_id: String, state: OrderState },
    /// The version's validity ended.
    Expired,
    /// A newer version is on the table (or the quote moved on): look again.
    Superseded(QuoteState),
    /// The spending rules refuse it (nobody can approve the amount).
    Refused(Refusal),
}

/// An offer form's starting values for the vendor: the lines on the table, with
/// the customer's contract price (or the last version's price) filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferStart {
    pub based_on: i64,
    pub lines: Vec<QuoteLineView>,
    pub form: OfferForm,
}

/// Quotes the caller may see: a customer's own (or the organization's), or the
/// vendor's queue. `state`: one state's name, or empty (customers: all; the queue:
/// waiting for the vendor); `customer`: the queue of one customer.
#[server(endpoint = "quotes")]
pub async fn list_quotes(
    #[server(default)] state: String,
    #[server(default)] customer: String,
) -> Result<QuoteList, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let state = QuoteState::parse(&state);
    let customer = (!customer.is_empty()).then_some(customer.as_str());
    quotes::list(&ctx, &actor, state, customer)
        .await
        .map_err(refusal)
}

/// One quote with its versions and conversation.
#[server(endpoint = "quote")]
pub async fn get_quote(id: String) -> Result<QuoteDetail, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    quotes::detail(&ctx, &actor, &id).await.map_err(refusal)
}

/// The request form's start; `from_cart` fills it with the cart's lines.
#[server(endpoint = "quote_request_start")]
pub async fn quote_request_start(
    #[server(default)] from_cart: bool,
) -> Result<RequestStart, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    quotes::request_start(&ctx, &actor, from_cart)
        .await
        .map_err(refusal)
}

/// Asks for a quotation. Authorization: purchasers.
#[server(endpoint = "request_quote")]
pub async fn request_quote(
    idempotency_key: String,
    #[server(default)] catalog_lines: String,
    #[server(default)] free_text_lines: String,
    #[server(default)] wished_date: String,
    #[server(default)] message: String,
) -> Result<RequestResult, AppError> {
    let form = RequestForm {
        catalog_lines,
        free_text_lines,
        wished_date,
        message,
    };
    let kept = form.clone();
    let (ctx, actor) = crate::server::caller().await?;
    let input = quotes::RequestQuote {
        idempotency_key,
        form,
    };
    let result = quotes::request(&ctx, &actor, input)
        .await
        .map_err(refusal)?;
    if let RequestResult::Requested { quote_id, .. } = &result {
        crate::server::land_plain_form_on(&format!("/quotes/{quote_id}"));
    } else {
        crate::server::answer_plain_form(
            <RequestQuote as leptos::server_fn::ServerFn>::PATH,
            &result,
            &[
                ("catalog_lines", &kept.catalog_lines),
                ("free_text_lines", &kept.free_text_lines),
                ("wished_date", &kept.wished_date),
                ("message", &kept.message),
            ],
        );
    }
    Ok(result)
}

/// The offer form's start for a quote waiting for the vendor.
/// Authorization: the customer's account manager, vendor admins.
#[server(endpoint = "quote_offer_start")]
pub async fn quote_offer_start(id: String) -> Result<OfferStart, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    quotes::offer_start(&ctx, &actor, &id)
        .await
        .map_err(refusal)
}

/// Sends a new version. `based_on`: the version the form was made from.
/// Authorization: the customer's account manager, vendor admins.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "offer_quote")]
pub async fn offer_quote(
    id: String,
    based_on: i64,
    #[server(default)] quantity: std::collections::BTreeMap<String, String>,
    #[server(default)] unit_price: std::collections::BTreeMap<String, String>,
    #[server(default)] added_lines: String,
    #[server(default)] shipping: String,
    #[server(default)] payment_net_days: String,
    #[server(default)] delivery_terms: String,
    #[server(default)] valid_until: String,
    #[server(default)] message: String,
    #[server(default)] internal_note: String,
) -> Result<StepResult, AppError> {
    let form = OfferForm {
        quantity,
        unit_price,
        added_lines,
        shipping,
        payment_net_days,
        delivery_terms,
        valid_until,
        message,
        internal_note,
    };
    let kept = form.clone();
    let (ctx, actor) = crate::server::caller().await?;
    let input = quotes::OfferQuote {
        quote_id: id.clone(),
        based_on,
        form,
    };
    let result = quotes::offer(&ctx, &actor, input).await.map_err(refusal)?;
    if matches!(result, StepResult::Done(_)) {
        crate::server::land_plain_form_on(&format!("/quotes/{id}"));
    } else {
        // The prices per line come back as the form had them from its start.
        crate::server::answer_plain_form(
            <OfferQuote as leptos::server_fn::ServerFn>::PATH,
            &result,
            &[
                ("added_lines", &kept.added_lines),
                ("shipping", &kept.shipping),
                ("payment_net_days", &kept.payment_net_days),
                ("delivery_terms", &kept.delivery_terms),
                ("valid_until", &kept.valid_until),
            ],
        );
    }
    Ok(result)
}

/// The buyer's answer to the version on the table (`step`: `request_changes`,
/// `decline` or `withdraw`), or the vendor's (`vendor_decline`, `note`).
/// Authorization: the requester; the vendor steps: the account manager, vendor admins.
#[server(endpoint = "quote_step")]
pub async fn take_quote_step(
    id: String,
    version: i64,
    step: String,
    #[server(default)] comment: String,
) -> Result<StepResult, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let Some(step) = quotes::Step::parse(&step) else {
        return Err(crate::server::auth::bad_request());
    };
    let step_name = step_name_of(step);
    let input = quotes::QuoteStepInput {
        quote_id: id.clone(),
        version,
        step,
        comment: comment.clone(),
    };
    let result = quotes::step(&ctx, &actor, input).await.map_err(refusal)?;
    if matches!(result, StepResult::Done(_)) {
        crate::server::land_plain_form_on(&format!("/quotes/{id}"));
    } else {
        crate::server::answer_plain_form(
            <TakeQuoteStep as leptos::server_fn::ServerFn>::PATH,
            &result,
            // `step` tells the page which of its forms the answer is for.
            &[("comment", &comment), ("step", step_name)],
        );
    }
    Ok(result)
}

#[cfg(feature = "ssr")]
fn step_name_of(step: quotes::Step) -> &'static str {
    use quotes::Step;
    match step {
        Step::RequestChanges => "request_changes",
        Step::Decline => "decline",
        Step::Withdraw => "withdraw",
        Step::VendorDecline => "vendor_decline",
        Step::Note => "note",
    }
}

/// Attaches a file to a quote (fields `quote_id`, `internal` for vendor staff, then
/// `file`); it streams to the document storage. Authorization: the requester, the
/// customer's account manager, vendor admins.
#[server(endpoint = "attach_to_quote", input = MultipartFormData)]
#[middleware(crate::server::multipart::MultipartOnly)]
pub async fn attach_to_quote(data: MultipartData) -> Result<StepResult, AppError> {
    let outcome = crate::server::quote_files::attach(data).await?;
    // A plain post: back to the quote with the answer.
    crate::server::answer_plain_form(
        <AttachToQuote as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Accepts the version on the table: it becomes an order through the placement
/// rules. Authorization: the requester.
#[server(endpoint = "accept_quote")]
pub async fn accept_quote(id: String, version: i64) -> Result<AcceptResult, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let input = quotes::AcceptQuote {
        quote_id: id,
        version,
    };
    let result = quotes::accept(&ctx, &actor, input).await.map_err(refusal)?;
    if let AcceptResult::Placed { order_id, .. } = &result {
        crate::server::land_plain_form_on(&format!("/orders/{order_id}"));
    } else {
        crate::server::answer_plain_form(
            <AcceptQuote as leptos::server_fn::ServerFn>::PATH,
            &result,
            &[],
        );
    }
    Ok(result)
}
