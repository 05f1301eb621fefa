//! Spend analytics for a customer's buyers: spend per month as a chart drawn on the
//! server (SVG, no chart library in the browser) with its figures as a table, the
//! breakdowns, approval cycle times, what waits now, and a CSV of every table.
//!
//! The charts are accessible as images with a title and a description, and each
//! one's numbers are in the table next to it — the table is the chart's text.

use crate::api::analytics::{AnalyticsTable, GroupRow, SpendReport, spend_analytics};
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::Money;
use kontor_domain::analytics::{CHART_HEIGHT, CHART_WIDTH, PLOT_BOTTOM, PLOT_LEFT, bar_chart};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| spend_analytics());
    view! {
        <PageTitle text=move || i18n.an().title />
        <h1>{move || i18n.an().title}</h1>
        <p class="lead">{move || i18n.an().lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Analytics v /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn Analytics(v: SpendReport) -> impl IntoView {
    let i18n = use_i18n();
    let waiting = (v.waiting_orders, v.waiting_total);
    let categories = v.categories.clone();
    let cost_centers = v.cost_centers.clone();
    view! {
        <div class="analytics">
            <section class="panel" data-analytics="waiting">
                <h2>{move || i18n.an().waiting_title}</h2>
                {move || match waiting {
                    (0, _) => view! { <p>{i18n.an().waiting_none}</p> }.into_any(),
                    (count, total) => view! {
                        <p>{i18n.an().waiting_some.replace("{count}", &count.to_string()).replace("{amount}", &i18n.money(total))}
                            " "<A href="/orders">{i18n.an().waiting_link}</A></p>
                    }.into_any(),
                }}
            </section>
            <Months v=v.clone() />
            <Purchasers v=v.clone() />
            <Groups
                table=AnalyticsTable::CostCenters
                title=|i| i.an().cost_centers_title
                column=|i| i.an().col_cost_center
                rows=cost_centers
                label=|i, group| group.map_or_else(|| i.an().no_cost_center.to_string(), str::to_string)
            />
            <Groups
                table=AnalyticsTable::Categories
                title=|i| i.an().categories_title
                column=|i| i.an().col_category
                rows=categories
                label=|i, group| group.map_or_else(|| i.an().shipping.to_string(), |c| i.c().category(c))
            />
            <Approvers v />
        </div>
    }
}

/// The section's link to its table as CSV (a plain download: it works without the
/// page's script and in every browser's "save link as").
#[component]
fn CsvLink(table: AnalyticsTable) -> impl IntoView {
    view! { <CsvDownload href=table.csv_path() slug=table.slug() /> }
}

#[component]
pub fn CsvDownload(href: String, slug: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="csv"><a href=href download rel="external" data-csv=slug>{move || i18n.an().download_csv}</a></p>
    }
}

/// A bar per month, drawn on the server: its title and description name it for screen
/// readers (the table beside it holds the figures), each bar has its month and amount
/// as a tooltip, every third month is named under the axis.
#[component]
pub fn MonthChart(
    /// Names the chart's title and description elements (`{name}-chart-title`).
    name: &'static str,
    #[prop(into)] title: Signal<String>,
    months: Vec<(String, Money)>,
    reference: Option<Money>,
) -> impl IntoView {
    let i18n = use_i18n();
    let values: Vec<Money> = months.iter().map(|(_, m)| *m).collect();
    let chart = bar_chart(&values, reference);
    let count = months.len();
    let bars: Vec<_> = chart.bars.iter().copied().zip(months).enumerate().collect();
    let title_id = format!("{name}-chart-title");
    let description_id = format!("{name}-chart-description");
    let labelled_by = format!("{title_id} {description_id}");
    view! {
        <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") role="img"
            aria-labelledby=labelled_by data-chart=name>
            <title id=title_id>{move || title.get()}</title>
            <desc id=description_id>{move || i18n.an().chart_description}</desc>
            {chart.ticks.into_iter().map(|tick| view! {
                <line class="grid" x1=PLOT_LEFT x2=CHART_WIDTH y1=tick.y y2=tick.y />
                <text class="tick" x=PLOT_LEFT - 6 y=tick.y + 4 text-anchor="end">
                    {move || tick.amount.format_whole(i18n.locale.get())}
                </text>
            }).collect_view()}
            {bars.into_iter().map(|(i, (bar, (month, amount)))| {
                // Every third month is named (the last one always): 24 names
                // would not fit a phone.
                let named = (count - 1 - i).is_multiple_of(3);
                let iso = month.clone();
                let data_month = month.clone();
                view! {
                    <rect class="bar" x=bar.x y=bar.y width=bar.width height=bar.height data-month=data_month>
                        <title>{move || format!("{}: {}", i18n.an().month(&month), i18n.money(amount))}</title>
                    </rect>
                    {named.then(|| view! {
                        <text class="month" x=bar.label_x y=PLOT_BOTTOM + 18 text-anchor="middle">
                            {move || i18n.an().month_tick(&iso)}
                        </text>
                    })}
                }
            }).collect_view()}
            {chart.reference_y.map(|y| view! {
                <line class="budget" x1=PLOT_LEFT x2=CHART_WIDTH y1=y y2=y stroke-dasharray="6 4" />
            })}
        </svg>
    }
}

#[component]
fn Months(v: SpendReport) -> impl IntoView {
    let i18n = use_i18n();
    let from = v
        .months
        .first()
        .map(|m| m.month.clone())
        .unwrap_or_default();
    let to = v.months.last().map(|m| m.month.clone()).unwrap_or_default();
    let title = Signal::derive(move || {
        i18n.an()
            .chart_title
            .replace("{from}", &i18n.an().month(&from))
            .replace("{to}", &i18n.an().month(&to))
    });
    let budgets = v.team_budgets;
    let months = v.months.clone();
    let nothing = v.months.iter().all(|m| m.spent == Money::ZERO);
    let points = v
        .months
        .iter()
        .map(|m| (m.month.clone(), m.spent))
        .collect();
    view! {
        <section class="panel wide" data-analytics="months">
            <h2>{move || i18n.an().months_title}</h2>
            {nothing.then(|| view! { <p class="note">{move || i18n.an().nothing_spent}</p> })}
            <figure class="chart">
                <MonthChart name="months" title months=points reference=budgets />
                <figcaption>
                    {move || match budgets {
                        Some(amount) => i18n.an().budget_line.replace("{amount}", &i18n.money(amount)),
                        None => i18n.an().no_budgets.to_string(),
                    }}
                </figcaption>
            </figure>
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="months">
                    <thead><tr>
                        <th scope="col">{move || i18n.an().col_month}</th>
                        <th scope="col" class="num">{move || i18n.an().col_spent}</th>
                    </tr></thead>
                    <tbody>
                        {months.into_iter().rev().map(|m| view! {
                            <tr>
                                <th scope="row">{move || i18n.an().month(&m.month)}</th>
                                <td class="num price" data-label=move || i18n.an().col_spent>{move || i18n.money(m.spent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            <CsvLink table=AnalyticsTable::Months />
        </section>
    }
}

#[component]
fn Purchasers(v: SpendReport) -> impl IntoView {
    let i18n = use_i18n();
    let empty = v.purchasers.is_empty();
    let optional = move |m: Option<Money>| m.map_or_else(|| "—".to_string(), |m| i18n.money(m));
    view! {
        <section class="panel wide" data-analytics="purchasers">
            <h2>{move || i18n.an().purchasers_title}</h2>
            {empty.then(|| view! { <p class="note">{move || i18n.an().nothing_spent}</p> })}
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="purchasers">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_purchaser}</th>
                    <th scope="col" class="num">{move || i18n.an().col_spent}</th>
                    <th scope="col" class="num">{move || i18n.an().col_this_month}</th>
                    <th scope="col" class="num">{move || i18n.an().col_monthly_budget}</th>
                    <th scope="col" class="num">{move || i18n.an().col_per_order_limit}</th>
                </tr></thead>
                <tbody>
                    {v.purchasers.into_iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.name.clone()}</th>
                            <td class="num price" data-label=move || i18n.an().col_spent>{move || i18n.money(p.spent)}</td>
                            <td class="num price" data-label=move || i18n.an().col_this_month>{move || i18n.money(p.this_month)}</td>
                            <td class="num price" data-label=move || i18n.an().col_monthly_budget>{move || optional(p.monthly_budget)}</td>
                            <td class="num price" data-label=move || i18n.an().col_per_order_limit>{move || optional(p.per_order_limit)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvLink table=AnalyticsTable::Purchasers />
        </section>
    }
}

type Text = fn(&crate::i18n::I18n) -> &'static str;

/// A breakdown by cost center or category: a table with a bar per row (drawn in
/// SVG, hidden from screen readers: the row's amount says it).
#[component]
fn Groups(
    table: AnalyticsTable,
    title: Text,
    column: Text,
    rows: Vec<GroupRow>,
    label: fn(&crate::i18n::I18n, Option<&str>) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    let largest = rows.iter().map(|r| r.spent.cents()).max().unwrap_or(0);
    let empty = rows.is_empty();
    view! {
        <section class="panel wide" data-analytics=table.slug()>
            <h2>{move || title(&i18n)}</h2>
            {empty.then(|| view! { <p class="note">{move || i18n.an().nothing_spent}</p> })}
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table=table.slug()>
                <thead><tr>
                    <th scope="col">{move || column(&i18n)}</th>
                    <th scope="col" class="num">{move || i18n.an().col_spent}</th>
                    <th scope="col" class="share"><span class="visually-hidden">{move || i18n.an().col_share}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let width = kontor_domain::analytics::scale(r.spent.cents(), 100, largest);
                        let group = r.group.clone();
                        view! {
                            <tr>
                                <th scope="row">{move || label(&i18n, group.as_deref())}</th>
                                <td class="num price" data-label=move || i18n.an().col_spent>{move || i18n.money(r.spent)}</td>
                                <td class="share">
                                    <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                        <rect class="bar" x="0" y="1" width=width height="8" />
                                    </svg>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvLink table />
        </section>
    }
}

#[component]
fn Approvers(v: SpendReport) -> impl IntoView {
    let i18n = use_i18n();
    let empty = v.approvers.is_empty();
    view! {
        <section class="panel wide" data-analytics="approvers">
            <h2>{move || i18n.an().approvers_title}</h2>
            <p class="note">{move || i18n.an().approvers_lead}</p>
            {empty.then(|| view! { <p class="note">{move || i18n.an().no_decisions}</p> })}
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="approvers">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_approver}</th>
                    <th scope="col" class="num">{move || i18n.an().col_decisions}</th>
                    <th scope="col" class="num">{move || i18n.an().col_median}</th>
                    <th scope="col" class="num">{move || i18n.an().col_p90}</th>
                </tr></thead>
                <tbody>
                    {v.approvers.into_iter().map(|a| view! {
                        <tr>
                            <th scope="row">{a.name.clone()}</th>
                            <td class="num" data-label=move || i18n.an().col_decisions>{a.decisions}</td>
                            <td class="num" data-label=move || i18n.an().col_median>{move || i18n.an().duration(a.median_ms)}</td>
                            <td class="num" data-label=move || i18n.an().col_p90>{move || i18n.an().duration(a.p90_ms)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvLink table=AnalyticsTable::Approvers />
        </section>
    }
}
