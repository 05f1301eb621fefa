//! A customer's negotiated conditions: "My terms" for the customer, the editor for
//! its account manager.
//!
//! The write functions take one argument per form field (what `ActionForm` posts),
//! hence more arguments than clippy likes.
#![allow(clippy::too_many_arguments)]

use crate::AppError;
use crate::api::catalog::ImportOutcome;
use kontor_domain::Money;
use kontor_domain::calendar::Day;
use kontor_domain::field::FormProblems;
use kontor_domain::pricing::Tier;
use kontor_domain::terms::{Change, Terms, TermsForm};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsInfo {
    pub version: i64,
    pub effective_at: i64,
    pub terms: Terms,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLine {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub unit: String,
    pub list_price: Money,
    pub base_price: Money,
    pub tiers: Vec<Tier>,
    pub valid_from: Day,
    pub valid_to: Option<Day>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub version: i64,
    pub kind: String,
    pub sku: Option<String>,
    pub effective_at: i64,
    pub changes: Vec<Change>,
    pub reason: Option<String>,
    pub changed_by: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

/// Everything agreed with one customer, in one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsOverview {
    pub organization_id: String,
    pub organization_name: String,
    /// The terms in force now; `None` = none recorded, `terms` are the standard ones.
    pub current: Option<TermsInfo>,
    pub terms: Terms,
    /// Versions recorded for a later date.
    pub scheduled: Vec<TermsInfo>,
    /// Agreements valid today or later.
    pub prices: Vec<PriceLine>,
    pub contact: Option<Contact>,
    pub history: Vec<HistoryItem>,
    pub today: Day,
    /// The caller may change them (and gets the editor's starting values).
    pub can_manage: bool,
    pub form: Option<TermsForm>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeOutcome {
    Recorded { version: i64 },
    Invalid(FormProblems),
}

/// How many history entries a page shows.
pub const HISTORY_PAGE: i64 = 50;

/// The caller's own organization's terms ("My terms"). Authorization: every member
/// of a customer organization; vendor staff get 403 (they use the customer's page).
#[server(endpoint = "my_terms")]
pub async fn my_terms() -> Result<TermsOverview, AppError> {
    use crate::server::auth::{forbidden, signed_in};
    let user = signed_in().await?;
    if user.actor().is_vendor() {
        return Err(forbidden());
    }
    crate::server::conditions::overview(user.record.organization_id.clone()).await
}

/// A customer's terms for vendor staff. Authorization: those who may see the
/// customer; the editor's values only for its account manager and vendor admins.
#[server(endpoint = "customer_terms")]
pub async fn customer_terms(organization_id: String) -> Result<TermsOverview, AppError> {
    use crate::server::auth::{forbidden, signed_in};
    let user = signed_in().await?;
    if !user.actor().is_vendor() {
        return Err(forbidden());
    }
    crate::server::conditions::overview(organization_id).await
}

/// Records new terms. Authorization: the customer's account manager or a vendor admin.
#[server(endpoint = "save_terms")]
pub async fn save_terms(
    organization_id: String,
    payment_net_days: String,
    #[server(default)] discount_percent: String,
    #[server(default)] discount_days: String,
    incoterm: String,
    incoterm_place: String,
    #[server(default)] free_freight_threshold: String,
    shipping_fee: String,
    lead_time_days: String,
    minimum_order_value: String,
    response_urgent: String,
    response_high: String,
    response_normal: String,
    response_low: String,
    resolution_urgent: String,
    resolution_high: String,
    resolution_normal: String,
    resolution_low: String,
    business_hours_start: String,
    business_hours_end: String,
    #[server(default)] notes: String,
    #[server(default)] effective_date: String,
    #[server(default)] reason: String,
) -> Result<ChangeOutcome, AppError> {
    let form = TermsForm {
        payment_net_days,
        discount_percent,
        discount_days,
        incoterm,
        incoterm_place,
        free_freight_threshold,
        shipping_fee,
        lead_time_days,
        minimum_order_value,
        response_hours: [
            response_urgent,
            response_high,
            response_normal,
            response_low,
        ],
        resolution_hours: [
            resolution_urgent,
            resolution_high,
            resolution_normal,
            resolution_low,
        ],
        business_hours_start,
        business_hours_end,
        notes,
    };
    use crate::services::terms::{TermsChange, change_terms};
    let (ctx, actor) = crate::server::caller().await?;
    let typed = form.clone();
    let input = TermsChange {
        customer_id: organization_id,
        form,
        effective_date: effective_date.clone(),
        reason: reason.clone(),
    };
    let outcome = change_terms(&ctx, &actor, input)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the customer's terms with the outcome; a refusal
    // keeps every field as typed.
    let kept: Vec<(&str, &str)> = match outcome {
        ChangeOutcome::Recorded { .. } => Vec::new(),
        ChangeOutcome::Invalid(_) => {
            let mut kept = vec![
                ("payment_net_days", typed.payment_net_days.as_str()),
                ("discount_percent", &typed.discount_percent),
                ("discount_days", &typed.discount_days),
                ("incoterm", &typed.incoterm),
                ("incoterm_place", &typed.incoterm_place),
                ("free_freight_threshold", &typed.free_freight_threshold),
                ("shipping_fee", &typed.shipping_fee),
                ("lead_time_days", &typed.lead_time_days),
                ("minimum_order_value", &typed.minimum_order_value),
                ("business_hours_start", &typed.business_hours_start),
                ("business_hours_end", &typed.business_hours_end),
                ("notes", &typed.notes),
                ("effective_date", &effective_date),
                ("reason", &reason),
            ];
            kept.extend(
                RESPONSE_FIELDS
                    .iter()
                    .copied()
                    .zip(typed.response_hours.iter().map(String::as_str)),
            );
            kept.extend(
                RESOLUTION_FIELDS
                    .iter()
                    .copied()
                    .zip(typed.resolution_hours.iter().map(String::as_str)),
            );
            kept
        }
    };
    crate::server::answer_plain_form(
        <SaveTerms as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &kept,
    );
    Ok(outcome)
}

/// The terms form's fields of first-response and resolution hours, in the order of
/// `Priority::ALL`.
pub const RESPONSE_FIELDS: [&str; 4] = [
    "response_urgent",
    "response_high",
    "response_normal",
    "response_low",
];
pub const RESOLUTION_FIELDS: [&str; 4] = [
    "resolution_urgent",
    "resolution_high",
    "resolution_normal",
    "resolution_low",
];

/// Sets (or, with `end`, ends) one product's agreement from a day on.
/// Authorization: the customer's account manager or a vendor admin.
#[server(endpoint = "save_price")]
pub async fn save_price(
    organization_id: String,
    sku: String,
    #[server(default)] base_price: String,
    #[server(default)] tiers: String,
    #[server(default)] valid_from: String,
    #[server(default)] valid_to: String,
    #[server(default)] reason: String,
    #[server(default)] end: bool,
) -> Result<ChangeOutcome, AppError> {
    use kontor_domain::pricing::AgreementForm;
    let form = AgreementForm {
        base_price,
        tiers,
        valid_from,
        valid_to,
    };
    use crate::services::terms::{PriceAgreementChange, change_price};
    let (ctx, actor) = crate::server::caller().await?;
    let typed = (sku.clone(), form.clone(), reason.clone());
    let input = PriceAgreementChange {
        customer_id: organization_id,
        sku,
        form,
        reason,
        end,
    };
    let outcome = change_price(&ctx, &actor, input)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the customer's terms with the outcome; a refusal
    // keeps what was typed.
    let (sku, form, reason) = &typed;
    let kept: &[(&str, &str)] = match outcome {
        ChangeOutcome::Recorded { .. } => &[],
        ChangeOutcome::Invalid(_) => &[
            ("sku", sku),
            ("base_price", &form.base_price),
            ("tiers", &form.tiers),
            ("valid_from", &form.valid_from),
            ("valid_to", &form.valid_to),
            ("reason", reason),
            ("end", if end { "true" } else { "" }),
        ],
    };
    crate::server::answer_plain_form(
        <SavePrice as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Checks a price-agreement CSV for one customer and imports it when it has no
/// errors (or `keep_valid` is set). Authorization: as [`save_price`].
#[server(endpoint = "import_prices")]
pub async fn import_prices(
    organization_id: String,
    csv: String,
    #[server(default)] reason: String,
    #[server(default)] keep_valid: bool,
) -> Result<ImportOutcome, AppError> {
    let outcome =
        crate::server::conditions::import_prices(organization_id, csv, reason, keep_valid).await?;
    // Without the script: back to the terms with the check's report (when it fits in
    // an address; the file itself is not kept).
    crate::server::answer_plain_form(
        <ImportPrices as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}
