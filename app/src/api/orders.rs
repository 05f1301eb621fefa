//! Cart, checkout, orders, approvals: the server functions and what they return.
//!
//! Each function: the signed-in caller as the actor → one operation in
//! `services::orders` (which checks, parses and decides) → its answer. The
//! organization is always the caller's own (or, for vendor staff, checked against
//! the customer's account manager); prices, limits and chains are computed on the
//! server from what is stored, never taken from the browser.

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{server::refusal, services::orders};
use kontor_domain::Money;
use kontor_domain::calendar::Day;
use kontor_domain::checkout::{DetailsForm, Headroom, PricedLine, Refusal};
use kontor_domain::decision::ApprovalTimes;
use kontor_domain::field::{FieldProblem, FormProblems};
use kontor_domain::order::OrderState;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One step of a chain, with names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepNames {
    Person(String),
    /// Any one of the organization's admins.
    Admins(Vec<String>),
}

/// A purchaser's own spending rules, as their profile shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySpending {
    pub headroom: Headroom,
    /// Who decides first when an order is over the limit or the budget; `None`:
    /// nobody in the organization could.
    pub approver: Option<StepNames>,
}

/// What placing the cart now would mean: the same domain code as placing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preview {
    ApprovedAtOnce,
    NeedsApproval {
        steps: Vec<StepNames>,
        over_limit: bool,
        over_budget: bool,
    },
    Refused(Refusal),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<PricedLine>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub headroom: Headroom,
    pub preview: Preview,
    /// The checkout form's starting values (the organization's delivery address).
    pub details: DetailsForm,
    /// A fresh key per rendering of the checkout form: a resubmission of the same
    /// form finds the order it placed.
    pub idempotency_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CartChange {
    Changed,
    Invalid(FieldProblem),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickProblem {
    pub line: usize,
    pub text: String,
    pub problem: FieldProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickOrderOutcome {
    pub added: Vec<String>,
    pub problems: Vec<QuickProblem>,
}

/// What became of a change to a waiting order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmendResult {
    /// Changed: waiting again from the first step, or approved at once when the new
    /// total is within the purchaser's limits.
    Amended(OrderState),
    /// Nothing differs from the order as it is: nothing was changed.
    Unchanged,
    Invalid(FormProblems),
    Refused(Refusal),
    /// It is not waiting any more (decided, withdrawn or expired meanwhile).
    NotWaiting,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceResult {
    Placed { order_id: String, state: OrderState },
    Invalid(FormProblems),
    Refused(Refusal),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: String,
    pub number: i64,
    pub customer: String,
    pub purchaser: String,
    pub po_number: Option<String>,
    pub state: OrderState,
    pub total: Money,
    pub placed_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    pub rows: Vec<OrderRow>,
    /// The cursor of the next (older) page.
    pub next: Option<String>,
    /// Whose orders: "own", "all" (organization) or "vendor".
    pub scope: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    Done {
        by: String,
        capacity: Option<String>,
        comment: Option<String>,
    },
    Rejected {
        by: String,
        comment: Option<String>,
    },
    Current,
    Next,
    /// The order left the chain before this step (withdrawn, rejected earlier).
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStep {
    pub who: StepNames,
    pub status: StepStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: i64,
    pub kind: String,
    pub actor: String,
    /// "deputy", "escalation", "admin" with the name decided for.
    pub capacity: Option<String>,
    pub on_behalf_of: Option<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: String,
    pub number: i64,
    /// How often the purchaser changed it while it waited (a decision names the
    /// revision it was taken on).
    pub revision: i64,
    pub customer: String,
    pub purchaser: String,
    pub state: OrderState,
    pub placed_at: i64,
    pub po_number: Option<String>,
    pub cost_center: Option<String>,
    pub delivery_address: String,
    pub requested_date: Option<Day>,
    pub note: Option<String>,
    pub lines: Vec<PricedLine>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    pub terms: kontor_domain::terms::Terms,
    pub chain: Vec<ChainStep>,
    /// Who may decide now (names), while pending.
    pub holders: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    /// The step the caller may decide now, with their capacity.
    pub decide_step: Option<i64>,
    pub can_withdraw: bool,
    /// The purchaser may change it (it still waits for approval).
    pub can_change: bool,
    pub can_reorder: bool,
    /// Vendor steps the caller may take now: "confirm", "ship", "deliver", "cancel".
    pub vendor_steps: Vec<String>,
    /// The accepted quote it was made from: id, number, version.
    pub quote: Option<(String, i64, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecideResult {
    Decided(OrderState),
    Invalid(FormProblems),
    /// Someone else (or another tab) decided first.
    AlreadyDecided,
    /// The purchaser changed the order after the decider's page showed it.
    Changed,
    NotYours,
    OwnOrder,
}

/// Why a decision link decides nothing (now or any more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkRefusal {
    /// No such link (mistyped, or not one of ours).
    Unknown,
    /// It was used already.
    Used,
    /// Its time ran out (a reminder brings a new one).
    Expired,
    /// The step was decided already (in the portal, by someone else, or the order
    /// was withdrawn).
    Decided,
    /// The order waited too long and expired before anyone decided.
    OrderExpired,
    /// The order is not what the mail showed any more.
    Changed,
    /// The approver's account is deactivated.
    Deactivated,
    /// The approver may not decide this step (any more).
    NotYours,
}

/// The order a decision link is for, and who decides with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkOrder {
    pub number: i64,
    pub company: String,
    pub purchaser: String,
    pub lines: Vec<PricedLine>,
    pub goods: Money,
    pub shipping: Money,
    pub total: Money,
    /// The person deciding with this link.
    pub decider: String,
    pub expires_at: i64,
}

/// What a decision link's page shows; opening it never changes anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkView {
    Open(LinkOrder),
    Refused(LinkRefusal),
}

/// What deciding through a link did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkDecision {
    Decided(OrderState),
    Invalid(FormProblems),
    Refused(LinkRefusal),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingOrder {
    pub id: String,
    pub number: i64,
    pub purchaser: String,
    pub total: Money,
    pub placed_at: i64,
    pub step_since: i64,
    /// The caller's capacity when it is not their own step.
    pub capacity: Option<String>,
    pub on_behalf_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendRow {
    pub name: String,
    pub per_order_limit: Option<Money>,
    pub monthly_budget: Option<Money>,
    pub spent: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeputyView {
    pub deputy_id: String,
    pub name: String,
    pub from: Day,
    pub to: Day,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalsView {
    pub waiting: Vec<WaitingOrder>,
    pub spend: Vec<SpendRow>,
    pub deputy: Option<DeputyView>,
    /// Who may be named deputy: (id, name).
    pub candidates: Vec<(String, String)>,
    pub times: ApprovalTimes,
    pub can_set_times: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingOutcome {
    Saved,
    Invalid(FormProblems),
}

/// The caller's cart with prices, limits and who would approve.
/// Authorization: purchasers of a customer organization.
#[server(endpoint = "cart")]
pub async fn cart() -> Result<CartView, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    orders::cart_view(&ctx, &actor).await.map_err(refusal)
}

/// Adds `quantity` of a product to the caller's cart. Authorization: purchasers.
#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<CartChange, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let line = orders::CartLine {
        sku: sku.clone(),
        quantity: quantity.clone(),
    };
    let change = orders::add_to_cart(&ctx, &actor, line)
        .await
        .map_err(refusal)?;
    // Without the script: back to the list, that product's row telling what happened.
    crate::server::answer_plain_form(
        <AddToCart as leptos::server_fn::ServerFn>::PATH,
        &change,
        &[("sku", &sku), ("quantity", &quantity)],
    );
    Ok(change)
}

/// Sets a cart line's quantity (0 removes it). Authorization: purchasers.
#[server(endpoint = "update_cart_line")]
pub async fn update_cart_line(sku: String, quantity: String) -> Result<CartChange, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let line = orders::CartLine { sku, quantity };
    orders::update_cart_line(&ctx, &actor, line)
        .await
        .map_err(refusal)
}

/// Adds pasted "SKU quantity" lines; the valid ones are added, the others reported.
/// Authorization: purchasers.
#[server(endpoint = "quick_order")]
pub async fn quick_order(lines: String) -> Result<QuickOrderOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = orders::quick_order(&ctx, &actor, &lines)
        .await
        .map_err(refusal)?;
    // Without the script: back to the cart with what was added and the refused lines
    // (they come back into the field to be corrected).
    crate::server::answer_plain_form(
        <QuickOrder as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Puts a past order's items into the cart (at today's prices).
/// Authorization: purchasers who may see the order.
#[server(endpoint = "reorder")]
pub async fn reorder(order_id: String) -> Result<QuickOrderOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome = orders::reorder(&ctx, &actor, &order_id)
        .await
        .map_err(refusal)?;
    // Without the script: back to the order, which says what went into the cart and
    // what is no longer available (an order's lines: a short answer).
    crate::server::answer_plain_form(
        <Reorder as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// Places the caller's cart as an order. The same `idempotency_key` twice places
/// one order. Authorization: purchasers.
#[server(endpoint = "place_order")]
pub async fn place_order(
    idempotency_key: String,
    #[server(default)] po_number: String,
    #[server(default)] cost_center: String,
    #[server(default)] delivery_address: String,
    #[server(default)] requested_date: String,
    #[server(default)] note: String,
) -> Result<PlaceResult, AppError> {
    let form = DetailsForm {
        po_number,
        cost_center,
        delivery_address,
        requested_date,
        note,
    };
    let kept = form.clone();
    let (ctx, actor) = crate::server::caller().await?;
    let input = orders::PlaceOrder {
        idempotency_key,
        details: form,
    };
    let result = orders::place(&ctx, &actor, input).await.map_err(refusal)?;
    match &result {
        // Without JavaScript, the browser lands where the script would take it…
        PlaceResult::Placed { order_id, .. } => {
            crate::server::land_plain_form_on(&format!("/orders/{order_id}"))
        }
        // …or back at the cart, the problems at their fields and the details kept.
        _ => crate::server::answer_plain_form(
            <PlaceOrder as leptos::server_fn::ServerFn>::PATH,
            &result,
            &[
                ("po_number", &kept.po_number),
                ("cost_center", &kept.cost_center),
                ("delivery_address", &kept.delivery_address),
                ("requested_date", &kept.requested_date),
                ("note", &kept.note),
            ],
        ),
    }
    Ok(result)
}

/// Changes the caller's own waiting order: `quantities[q-<SKU>]` per line ("0"
/// removes it), one line to add, the details. Authorization: its purchaser.
#[server(endpoint = "amend_order")]
#[allow(clippy::too_many_arguments)]
pub async fn amend_order(
    order_id: String,
    #[server(default)] quantities: std::collections::BTreeMap<String, String>,
    #[server(default)] add_sku: String,
    #[server(default)] add_quantity: String,
    #[server(default)] po_number: String,
    #[server(default)] cost_center: String,
    #[server(default)] delivery_address: String,
    #[server(default)] requested_date: String,
    #[server(default)] note: String,
) -> Result<AmendResult, AppError> {
    use kontor_domain::amendment::LinesForm;
    let details = DetailsForm {
        po_number,
        cost_center,
        delivery_address,
        requested_date,
        note,
    };
    let kept = details.clone();
    let lines = LinesForm {
        // The keys carry "q-" first: the form decoder reads a key of digits as a
        // list index, and an SKU may be all digits.
        quantities: quantities
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("q-").map(|sku| (sku.to_string(), v.clone())))
            .collect(),
        add_sku: add_sku.clone(),
        add_quantity: add_quantity.clone(),
    };
    let (ctx, actor) = crate::server::caller().await?;
    let input = orders::AmendOrder {
        order_id: order_id.clone(),
        lines,
        details,
    };
    let result = orders::amend(&ctx, &actor, input).await.map_err(refusal)?;
    match &result {
        AmendResult::Amended(_) | AmendResult::NotWaiting => {
            crate::server::land_plain_form_on(&format!("/orders/{order_id}"))
        }
        _ => {
            // What was typed, to show again at the form: each line's quantity under
            // its field name (`q-<SKU>`), then the rest.
            let mut fields: Vec<(&str, &str)> = quantities
                .iter()
                .filter(|(k, _)| k.starts_with("q-"))
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            fields.extend([
                ("add_sku", add_sku.as_str()),
                ("add_quantity", add_quantity.as_str()),
                ("po_number", kept.po_number.as_str()),
                ("cost_center", kept.cost_center.as_str()),
                ("delivery_address", kept.delivery_address.as_str()),
                ("requested_date", kept.requested_date.as_str()),
                ("note", kept.note.as_str()),
            ]);
            crate::server::answer_plain_form(
                <AmendOrder as leptos::server_fn::ServerFn>::PATH,
                &result,
                &fields,
            )
        }
    }
    Ok(result)
}

/// A page of orders, newest first. Authorization: customers see their own orders
/// (admins, approvers, finance and viewers the whole organization's); vendor staff
/// the orders of the customers they may see.
#[server(endpoint = "orders")]
pub async fn list_orders(
    #[server(default)] state: String,
    #[server(default)] before: String,
) -> Result<OrderList, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let query = orders::OrderListQuery { state, before };
    orders::list(&ctx, &actor, query).await.map_err(refusal)
}

/// One order with lines, chain, timeline and what the caller may do with it.
/// Authorization: as [`list_orders`]; anything else is a 404.
#[server(endpoint = "order")]
pub async fn get_order(order_id: String) -> Result<OrderDetail, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    orders::detail(&ctx, &actor, &order_id)
        .await
        .map_err(refusal)
}

/// Approves or rejects the step `step` of an order. Authorization: whoever may
/// decide that step now (approver, deputy, escalation, admin) — never the purchaser.
#[server(endpoint = "decide_order")]
pub async fn decide_order(
    order_id: String,
    step: i64,
    decision: String,
    #[server(default)] comment: String,
    #[server(default)] revision: Option<i64>,
) -> Result<DecideResult, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let input = orders::DecideOrder {
        order_id,
        step,
        revision,
        verdict: orders::Verdict::parse(&decision),
        comment: comment.clone(),
    };
    let result = orders::decide(&ctx, &actor, input).await.map_err(refusal)?;
    // Without the script: back to the order, which shows the outcome; a refused
    // comment is kept for correcting.
    let keep: &[(&str, &str)] = match result {
        DecideResult::Invalid(_) => &[("comment", &comment)],
        _ => &[("comment", "")],
    };
    crate::server::answer_plain_form(
        <DecideOrder as leptos::server_fn::ServerFn>::PATH,
        &result,
        keep,
    );
    Ok(result)
}

/// Withdraws a pending or approved order. Authorization: its purchaser.
#[server(endpoint = "withdraw_order")]
pub async fn withdraw_order(order_id: String) -> Result<DecideResult, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let result = orders::withdraw(&ctx, &actor, &order_id)
        .await
        .map_err(refusal)?;
    // Without the script: back to the order, as it now stands, with the outcome (an
    // approver who decided first, say).
    crate::server::answer_plain_form(
        <WithdrawOrder as leptos::server_fn::ServerFn>::PATH,
        &result,
        &[],
    );
    Ok(result)
}

/// Confirms, ships, delivers or cancels (with a reason) an order.
/// Authorization: the customer's account manager or a vendor admin.
#[server(endpoint = "advance_order")]
pub async fn advance_order(
    order_id: String,
    step: String,
    #[server(default)] reason: String,
) -> Result<DecideResult, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let input = orders::AdvanceOrder {
        order_id,
        step: orders::VendorStep::parse(&step),
        reason: reason.clone(),
        ..orders::AdvanceOrder::default()
    };
    let result = orders::advance(&ctx, &actor, input)
        .await
        .map_err(refusal)?;
    // Without the script: back to the order with the outcome; a refused cancellation
    // keeps its reason.
    let kept: &[(&str, &str)] = match result {
        DecideResult::Invalid(_) => &[("reason", &reason)],
        _ => &[],
    };
    crate::server::answer_plain_form(
        <AdvanceOrder as leptos::server_fn::ServerFn>::PATH,
        &result,
        kept,
    );
    Ok(result)
}

/// The approvals inbox, the team's spend and the caller's deputy.
/// Authorization: approvers and admins of a customer organization.
#[server(endpoint = "approvals")]
pub async fn approvals() -> Result<ApprovalsView, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    orders::approvals(&ctx, &actor).await.map_err(refusal)
}

/// Names the caller's deputy for a date range; an empty `deputy_id` removes it.
/// Authorization: approvers and admins.
#[server(endpoint = "set_deputy")]
pub async fn set_deputy(
    #[server(default)] deputy_id: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<SettingOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let form = orders::DeputyForm {
        deputy_id,
        from,
        to,
    };
    let typed = form.clone();
    let outcome = orders::set_deputy(&ctx, &actor, form)
        .await
        .map_err(refusal)?;
    // Without the script (an approver on the road): back to the approvals page with
    // the outcome; a refusal keeps what was chosen and typed.
    let kept: &[(&str, &str)] = match outcome {
        SettingOutcome::Invalid(_) => &[
            ("deputy_id", &typed.deputy_id),
            ("from", &typed.from),
            ("to", &typed.to),
        ],
        _ => &[],
    };
    crate::server::answer_plain_form(
        <SetDeputy as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Sets the organization's reminder, escalation and expiry times (`expiry_days`
/// empty or absent: waiting orders never expire). Authorization: its admins.
#[server(endpoint = "set_approval_times")]
pub async fn set_approval_times(
    reminder_hours: String,
    escalation_hours: String,
    expiry_days: Option<String>,
) -> Result<SettingOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let form = orders::ApprovalTimesForm {
        reminder_hours,
        escalation_hours,
        expiry_days: expiry_days.unwrap_or_default(),
    };
    let typed = form.clone();
    let outcome = orders::set_approval_times(&ctx, &actor, form)
        .await
        .map_err(refusal)?;
    // Without the script: back to the approvals page with the outcome ("saved", or the
    // problems with what was typed).
    let kept: &[(&str, &str)] = match outcome {
        SettingOutcome::Invalid(_) => &[
            ("reminder_hours", &typed.reminder_hours),
            ("escalation_hours", &typed.escalation_hours),
            ("expiry_days", &typed.expiry_days),
        ],
        _ => &[],
    };
    crate::server::answer_plain_form(
        <SetApprovalTimes as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// The order behind a decision link from an approval mail. Authorization: holding
/// the link's token (anyone else learns only that it decides nothing). Never
/// changes anything: mail scanners open links.
#[server(endpoint = "approval_link")]
pub async fn approval_link(token: String) -> Result<LinkView, AppError> {
    let ctx = crate::server::context();
    orders::link_view(&ctx, token.trim()).await.map_err(refusal)
}

/// Decides a waiting order's step through a decision link, as the approver it was
/// mailed to, without signing in: only that one decision. Authorization: holding
/// an unused, unexpired link whose approver may still decide that step of that
/// order as it was mailed.
#[server(endpoint = "decide_by_link")]
pub async fn decide_by_link(
    token: String,
    decision: String,
    #[server(default)] comment: String,
) -> Result<LinkDecision, AppError> {
    let ctx = crate::server::context();
    let verdict = orders::Verdict::parse(&decision);
    let result = orders::decide_by_link(&ctx, token.trim(), verdict, &comment)
        .await
        .map_err(refusal)?;
    // Without the script: back to the link's page, which shows the outcome.
    let keep: &[(&str, &str)] = match result {
        LinkDecision::Invalid(_) => &[("comment", &comment)],
        _ => &[("comment", "")],
    };
    crate::server::answer_plain_form(
        <DecideByLink as leptos::server_fn::ServerFn>::PATH,
        &result,
        keep,
    );
    Ok(result)
}
