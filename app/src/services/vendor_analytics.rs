//! The vendor's figures about its customers: one read that the page and its CSV
//! exports are made from. The counting is the domain's (`vendor_analytics`).

use crate::api::analytics::{LeadMonthRow, LevelRow, RevenueRow, VendorReport, VendorTable};
use crate::server::ServerContext;
use crate::services::analytics::Export;
use crate::services::{Actor, ServiceError};
use kontor_domain::access::{Action, Role};
use kontor_domain::analytics::Month;
use kontor_domain::csv::{Cell, write};
use kontor_domain::vendor_analytics::{
    Revenue, leads_per_month, revenue_per_customer, revenue_per_customer_month, revenue_per_month,
    service_level,
};
use kontor_store::analytics::Customers;

/// How many months of revenue, and quarters of service level, the figures cover.
pub const MONTHS: usize = 12;
pub const QUARTERS: usize = 4;

fn row(r: Revenue, with_month: bool) -> RevenueRow {
    RevenueRow {
        customer: r.customer,
        month: if with_month {
            r.month.iso()
        } else {
            String::new()
        },
        orders: r.orders,
        revenue: r.revenue,
    }
}

/// The figures of the customers the actor looks after.
pub async fn report(ctx: &ServerContext, actor: &Actor) -> Result<VendorReport, ServiceError> {
    let user = actor.person()?;
    ServiceError::require(actor.may(Action::ViewVendorAnalytics))?;
    let access = crate::services::access_of(&user.record);
    let customers = if access.has(Role::VendorAdmin) {
        Customers::All
    } else {
        Customers::ManagedBy(&user.record.id)
    };
    let now = ctx.now();
    let last = Month::of(now);
    let first = last.window(MONTHS)[0];
    // Four quarters: this one and the three before, from the first month of the
    // oldest (its month is three quarters back from this quarter's first month).
    let this_quarter_starts = {
        let mut m = last;
        while (m.month() - 1) % 3 != 0 {
            m = m.previous();
        }
        m
    };
    let mut quarters_start = this_quarter_starts;
    for _ in 0..(QUARTERS - 1) * 3 {
        quarters_start = quarters_start.previous();
    }
    let end = last.next().starts_at();
    let store = &ctx.store;
    let (orders, requests, (confirmed, downloads)) = tokio::try_join!(
        store.customer_orders(customers, (first.starts_at(), end)),
        store.request_times(customers, (quarters_start.starts_at(), end)),
        store.lead_activity((first.starts_at(), end)),
    )?;
    Ok(VendorReport {
        months: revenue_per_month(&orders, last, MONTHS)
            .into_iter()
            .map(|r| row(r, true))
            .collect(),
        customers: revenue_per_customer(&orders, first, last)
            .into_iter()
            .map(|r| row(r, false))
            .collect(),
        customer_months: revenue_per_customer_month(&orders, first, last)
            .into_iter()
            .map(|r| row(r, true))
            .collect(),
        service_level: service_level(&requests, now)
            .into_iter()
            .map(|l| LevelRow {
                customer: l.customer,
                quarter: l.quarter,
                requests: l.requests,
                responses_kept: l.responses_kept,
                responses_missed: l.responses_missed,
                resolutions_kept: l.resolutions_kept,
                resolutions_missed: l.resolutions_missed,
            })
            .collect(),
        leads: leads_per_month(&confirmed, &downloads, last, MONTHS)
            .into_iter()
            .map(|l| LeadMonthRow {
                month: l.month.iso(),
                registered: l.registered,
                downloading: l.downloading,
                downloads: l.downloads,
            })
            .collect(),
    })
}

/// One of the vendor's tables as CSV, in the reader's spreadsheet convention.
pub async fn export(
    ctx: &ServerContext,
    actor: &Actor,
    table: VendorTable,
    locale: kontor_domain::Locale,
) -> Result<Export, ServiceError> {
    let data = report(ctx, actor).await?;
    let t = crate::i18n::analytics_texts(locale);
    let text = |s: &str| Cell::Text(s.to_string());
    let (header, rows): (Vec<&str>, Vec<Vec<Cell>>) = match table {
        VendorTable::Revenue => (
            vec![t.col_customer, t.col_month, t.col_orders, t.col_revenue],
            data.customer_months
                .iter()
                .map(|r| {
                    vec![
                        text(&r.customer),
                        text(&r.month),
                        Cell::Count(r.orders),
                        Cell::Amount(r.revenue),
                    ]
                })
                .collect(),
        ),
        VendorTable::ServiceLevel => (
            vec![
                t.col_customer,
                t.col_quarter,
                t.col_requests,
                t.col_responses_kept,
                t.col_responses_missed,
                t.col_resolutions_kept,
                t.col_resolutions_missed,
            ],
            data.service_level
                .iter()
                .map(|l| {
                    vec![
                        text(&l.customer),
                        text(&l.quarter),
                        Cell::Count(l.requests),
                        Cell::Count(l.responses_kept),
                        Cell::Count(l.responses_missed),
                        Cell::Count(l.resolutions_kept),
                        Cell::Count(l.resolutions_missed),
                    ]
                })
                .collect(),
        ),
        VendorTable::Leads => (
            vec![
                t.col_month,
                t.col_leads_registered,
                t.col_leads_downloading,
                t.col_downloads,
            ],
            data.leads
                .iter()
                .map(|l| {
                    vec![
                        text(&l.month),
                        Cell::Count(l.registered),
                        Cell::Count(l.downloading),
                        Cell::Count(l.downloads),
                    ]
                })
                .collect(),
        ),
    };
    Ok(Export {
        file_name: format!("{}-{}.csv", t.vendor_file_prefix, table.slug()),
        content: write(locale, &header, &rows),
    })
}
