//! Spend analytics for a customer's buyers: the server function and what it returns.
//! The CSV exports of the same tables are plain downloads (`/analytics/csv/{table}`),
//! made by the same operation (`services::analytics`).

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{server::refusal, services::analytics};
use kontor_domain::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the organization spent and how its approvals went, over the 24 Berlin months
/// that end with the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendReport {
    /// Oldest first; months without orders are there with zero.
    pub months: Vec<MonthRow>,
    /// The sum of the active members' monthly budgets, if any member has one: what
    /// the team may spend in a month without approval for being over budget.
    pub team_budgets: Option<Money>,
    pub purchasers: Vec<PurchaserRow>,
    pub cost_centers: Vec<GroupRow>,
    /// `group` is the category's code; `None` is shipping.
    pub categories: Vec<GroupRow>,
    pub approvers: Vec<ApproverRow>,
    pub waiting_orders: i64,
    pub waiting_total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// "2026-11".
    pub month: String,
    pub spent: Money,
}

/// A purchaser's spend over the period and this month, against their own rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaserRow {
    pub name: String,
    pub spent: Money,
    pub this_month: Money,
    pub monthly_budget: Option<Money>,
    pub per_order_limit: Option<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub group: Option<String>,
    pub spent: Money,
}

/// One approver's cycle times (placed → decided) over the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverRow {
    pub name: String,
    pub decisions: usize,
    pub median_ms: i64,
    pub p90_ms: i64,
}

/// The tables a page shows and a spreadsheet can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalyticsTable {
    Months,
    Purchasers,
    CostCenters,
    Categories,
    Approvers,
}

impl AnalyticsTable {
    pub const ALL: [AnalyticsTable; 5] = [
        AnalyticsTable::Months,
        AnalyticsTable::Purchasers,
        AnalyticsTable::CostCenters,
        AnalyticsTable::Categories,
        AnalyticsTable::Approvers,
    ];

    /// The table's name in its download's address and file name.
    pub fn slug(self) -> &'static str {
        match self {
            AnalyticsTable::Months => "months",
            AnalyticsTable::Purchasers => "purchasers",
            AnalyticsTable::CostCenters => "cost-centers",
            AnalyticsTable::Categories => "categories",
            AnalyticsTable::Approvers => "approvers",
        }
    }

    pub fn from_slug(slug: &str) -> Option<AnalyticsTable> {
        AnalyticsTable::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// Where its CSV is downloaded.
    pub fn csv_path(self) -> String {
        format!("/analytics/csv/{}", self.slug())
    }
}

/// The caller's organization's spend analytics.
///
/// Authorization: its admins, approvers and finance (403 for purchasers, viewers and
/// vendor staff).
#[server(endpoint = "spend_analytics")]
pub async fn spend_analytics() -> Result<SpendReport, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    analytics::spend(&ctx, &actor).await.map_err(refusal)
}

/// The vendor's figures about the customers the caller looks after, over the 12
/// Berlin months (revenue) and 4 quarters (service level) that end now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorReport {
    /// Revenue of all covered customers per month, oldest first.
    pub months: Vec<RevenueRow>,
    /// Per customer over the months, the largest first (`month` empty).
    pub customers: Vec<RevenueRow>,
    /// Per customer and month with orders (for the export).
    pub customer_months: Vec<RevenueRow>,
    /// Per customer and quarter, newest quarter first.
    pub service_level: Vec<LevelRow>,
    /// Leads from technical downloads per month, oldest first (every lead: they
    /// belong to no customer yet).
    pub leads: Vec<LeadMonthRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadMonthRow {
    /// "2026-11".
    pub month: String,
    pub registered: i64,
    pub downloading: i64,
    pub downloads: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueRow {
    pub customer: String,
    /// "2026-11"; empty for a customer's total.
    pub month: String,
    pub orders: i64,
    pub revenue: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRow {
    pub customer: String,
    /// "2026-Q4".
    pub quarter: String,
    pub requests: i64,
    pub responses_kept: i64,
    pub responses_missed: i64,
    pub resolutions_kept: i64,
    pub resolutions_missed: i64,
}

/// The vendor's tables that a spreadsheet can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VendorTable {
    Revenue,
    ServiceLevel,
    Leads,
}

impl VendorTable {
    pub const ALL: [VendorTable; 3] = [
        VendorTable::Revenue,
        VendorTable::ServiceLevel,
        VendorTable::Leads,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            VendorTable::Revenue => "revenue",
            VendorTable::ServiceLevel => "service-level",
            VendorTable::Leads => "leads",
        }
    }

    pub fn from_slug(slug: &str) -> Option<VendorTable> {
        VendorTable::ALL.into_iter().find(|t| t.slug() == slug)
    }

    pub fn csv_path(self) -> String {
        format!("/vendor/analytics/csv/{}", self.slug())
    }
}

/// The vendor's analytics of the caller's customers.
///
/// Authorization: vendor admins (every customer) and account managers (their own);
/// 403 for service agents and customers.
#[server(endpoint = "vendor_analytics")]
pub async fn vendor_analytics() -> Result<VendorReport, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    crate::services::vendor_analytics::report(&ctx, &actor)
        .await
        .map_err(refusal)
}
