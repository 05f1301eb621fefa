//! Spend analytics for a customer's buyers: one read that the page, and each table's
//! CSV export, are made from. The counting is the domain's (`analytics`); this module
//! checks who asks, reads the period and shapes the answer.

use crate::api::analytics::{
    AnalyticsTable, ApproverRow, GroupRow, MonthRow, PurchaserRow, SpendReport,
};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::Money;
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::analytics::{Breakdown, Month, cycle_times, per_group, per_month};
use kontor_domain::csv::{Cell, write};
use kontor_store::orders::member_of;

/// How many months the analytics cover, the current one included.
pub const MONTHS: usize = 24;

/// The analytics of the actor's organization over the [`MONTHS`] that end now.
pub async fn spend(ctx: &ServerContext, actor: &Actor) -> Result<SpendReport, ServiceError> {
    let user = actor.person()?;
    let organization_id = &user.record.organization_id;
    let scope = CustomerScope {
        organization_id,
        account_manager_id: None,
    };
    if actor.is_vendor() {
        return Err(ServiceError::Forbidden);
    }
    ServiceError::require(actor.may(Action::ViewSpendAnalytics(scope)))?;

    let last = Month::of(ctx.now());
    let first = last.window(MONTHS)[0];
    let period = (first.starts_at(), last.next().starts_at());
    let store = &ctx.store;
    let (lines, decisions, team, (waiting_orders, waiting_total)) = tokio::try_join!(
        store.spend_lines(organization_id, period),
        store.approval_decisions(organization_id, period),
        store.team(organization_id),
        store.waiting_summary(organization_id),
    )?;

    let months = per_month(&lines, last, MONTHS)
        .into_iter()
        .map(|m| MonthRow {
            month: m.month.iso(),
            spent: m.spent,
        })
        .collect();
    let members: Vec<_> = team
        .iter()
        .map(|u| (u.display_name.as_str(), member_of(u)))
        .collect();
    let budgets: Vec<Money> = members
        .iter()
        .filter(|(_, m)| m.active)
        .filter_map(|(_, m)| m.monthly_budget)
        .collect();
    let team_budgets = (!budgets.is_empty()).then(|| {
        Money::from_cents(
            budgets
                .iter()
                .map(|m| m.cents())
                .fold(0, i64::saturating_add),
        )
    });
    let this_month = per_group(&lines, Breakdown::Purchaser, last, last);
    let purchasers = per_group(&lines, Breakdown::Purchaser, first, last)
        .into_iter()
        .map(|g| {
            let name = g.group.unwrap_or_default();
            // Orders keep the purchaser's name as it was; a renamed or removed member
            // is still listed, without rules.
            let member = members.iter().find(|(n, _)| *n == name).map(|(_, m)| m);
            PurchaserRow {
                this_month: this_month
                    .iter()
                    .find(|t| t.group.as_deref() == Some(name.as_str()))
                    .map_or(Money::ZERO, |t| t.spent),
                monthly_budget: member.and_then(|m| m.monthly_budget),
                per_order_limit: member.and_then(|m| m.per_order_limit),
                spent: g.spent,
                name,
            }
        })
        .collect();
    let groups = |breakdown| {
        per_group(&lines, breakdown, first, last)
            .into_iter()
            .map(|g| GroupRow {
                group: g.group,
                spent: g.spent,
            })
            .collect()
    };
    let approvers = cycle_times(&decisions)
        .into_iter()
        .map(|c| ApproverRow {
            name: c.approver,
            decisions: c.decisions,
            median_ms: c.median_ms,
            p90_ms: c.p90_ms,
        })
        .collect();
    Ok(SpendReport {
        months,
        team_budgets,
        purchasers,
        cost_centers: groups(Breakdown::CostCenter),
        categories: groups(Breakdown::Category),
        approvers,
        waiting_orders,
        waiting_total,
    })
}

/// A CSV export: its file name and content.
pub struct Export {
    pub file_name: String,
    pub content: String,
}

/// One table of the analytics as CSV, in the reader's language and spreadsheet
/// convention (see `kontor_domain::csv::write`): the same figures the page shows.
pub async fn export(
    ctx: &ServerContext,
    actor: &Actor,
    table: AnalyticsTable,
    locale: kontor_domain::Locale,
) -> Result<Export, ServiceError> {
    let data = spend(ctx, actor).await?;
    let t = crate::i18n::analytics_texts(locale);
    let categories = crate::i18n::condition_texts(locale);
    let text = |s: &str| Cell::Text(s.to_string());
    let optional = |m: Option<Money>| m.map_or(Cell::Text(String::new()), Cell::Amount);
    let group_rows = |rows: &[GroupRow], none: &str, label: &dyn Fn(&str) -> String| {
        rows.iter()
            .map(|r| {
                let name = r.group.as_deref().map_or(none.to_string(), label);
                vec![Cell::Text(name), Cell::Amount(r.spent)]
            })
            .collect::<Vec<_>>()
    };
    let (header, rows): (Vec<&str>, Vec<Vec<Cell>>) = match table {
        AnalyticsTable::Months => (
            vec![t.col_month, t.col_spent],
            data.months
                .iter()
                .map(|m| vec![text(&m.month), Cell::Amount(m.spent)])
                .collect(),
        ),
        AnalyticsTable::Purchasers => (
            vec![
                t.col_purchaser,
                t.col_spent,
                t.col_this_month,
                t.col_monthly_budget,
                t.col_per_order_limit,
            ],
            data.purchasers
                .iter()
                .map(|p| {
                    vec![
                        text(&p.name),
                        Cell::Amount(p.spent),
                        Cell::Amount(p.this_month),
                        optional(p.monthly_budget),
                        optional(p.per_order_limit),
                    ]
                })
                .collect(),
        ),
        AnalyticsTable::CostCenters => (
            vec![t.col_cost_center, t.col_spent],
            group_rows(&data.cost_centers, t.no_cost_center, &|c| c.to_string()),
        ),
        AnalyticsTable::Categories => (
            vec![t.col_category, t.col_spent],
            group_rows(&data.categories, t.shipping, &|c| categories.category(c)),
        ),
        AnalyticsTable::Approvers => (
            vec![
                t.col_approver,
                t.col_decisions,
                t.col_median_hours,
                t.col_p90_hours,
            ],
            data.approvers
                .iter()
                .map(|a| {
                    vec![
                        text(&a.name),
                        Cell::Count(a.decisions as i64),
                        Cell::Amount(Money::from_cents(hundredths_of_hours(a.median_ms))),
                        Cell::Amount(Money::from_cents(hundredths_of_hours(a.p90_ms))),
                    ]
                })
                .collect(),
        ),
    };
    Ok(Export {
        file_name: format!("{}-{}.csv", t.file_prefix, table.slug()),
        content: write(locale, &header, &rows),
    })
}

/// A duration in hundredths of an hour, rounded to the nearest: a spreadsheet sums
/// and averages hours with two decimals better than "2 d 4 h".
fn hundredths_of_hours(ms: i64) -> i64 {
    (ms * 100 + 1_800_000) / 3_600_000
}
