//! The vendor's analytics: revenue per month (a chart drawn on the server, with its
//! table), per customer, and the service level kept per customer and quarter, each
//! table as CSV. CSAT and NPS have their page already (`/satisfaction`).

use crate::api::analytics::{VendorReport, VendorTable, vendor_analytics};
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::pages::analytics::{CsvDownload, MonthChart};
use crate::session::{LoadProblem, LoadRefused};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn VendorAnalyticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| vendor_analytics());
    view! {
        <PageTitle text=move || i18n.an().vendor_title />
        <h1>{move || i18n.an().vendor_title}</h1>
        <p class="lead">{move || i18n.an().vendor_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! {
                        <div class="analytics">
                            <Revenue v=v.clone() />
                            <Customers v=v.clone() />
                            <ServiceLevel v=v.clone() />
                            <Leads v />
                        </div>
                    }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn Revenue(v: VendorReport) -> impl IntoView {
    let i18n = use_i18n();
    let from = v
        .months
        .first()
        .map(|m| m.month.clone())
        .unwrap_or_default();
    let to = v.months.last().map(|m| m.month.clone()).unwrap_or_default();
    let title = Signal::derive(move || {
        i18n.an()
            .revenue_chart_title
            .replace("{from}", &i18n.an().month(&from))
            .replace("{to}", &i18n.an().month(&to))
    });
    let points = v
        .months
        .iter()
        .map(|m| (m.month.clone(), m.revenue))
        .collect();
    view! {
        <section class="panel wide" data-analytics="revenue">
            <h2>{move || i18n.an().revenue_title}</h2>
            <figure class="chart">
                <MonthChart name="revenue" title months=points reference=None />
            </figure>
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="revenue-months">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_month}</th>
                    <th scope="col" class="num">{move || i18n.an().col_orders}</th>
                    <th scope="col" class="num">{move || i18n.an().col_revenue}</th>
                </tr></thead>
                <tbody>
                    {v.months.into_iter().rev().map(|m| view! {
                        <tr>
                            <th scope="row">{move || i18n.an().month(&m.month)}</th>
                            <td class="num" data-label=move || i18n.an().col_orders>{m.orders}</td>
                            <td class="num price" data-label=move || i18n.an().col_revenue>{move || i18n.money(m.revenue)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn Customers(v: VendorReport) -> impl IntoView {
    let i18n = use_i18n();
    let empty = v.customers.is_empty();
    view! {
        <section class="panel wide" data-analytics="customers">
            <h2>{move || i18n.an().customers_title}</h2>
            {empty.then(|| view! { <p class="note">{move || i18n.an().no_revenue}</p> })}
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="customers">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_customer}</th>
                    <th scope="col" class="num">{move || i18n.an().col_orders}</th>
                    <th scope="col" class="num">{move || i18n.an().col_revenue}</th>
                </tr></thead>
                <tbody>
                    {v.customers.into_iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.customer.clone()}</th>
                            <td class="num" data-label=move || i18n.an().col_orders>{c.orders}</td>
                            <td class="num price" data-label=move || i18n.an().col_revenue>{move || i18n.money(c.revenue)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvDownload href=VendorTable::Revenue.csv_path() slug=VendorTable::Revenue.slug() />
        </section>
    }
}

#[component]
fn ServiceLevel(v: VendorReport) -> impl IntoView {
    let i18n = use_i18n();
    let empty = v.service_level.is_empty();
    view! {
        <section class="panel wide" data-analytics="service-level">
            <h2>{move || i18n.an().service_level_title}</h2>
            <p class="note">{move || i18n.an().service_level_lead}</p>
            {empty.then(|| view! { <p class="note">{move || i18n.an().no_requests}</p> })}
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="service-level">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_customer}</th>
                    <th scope="col">{move || i18n.an().col_quarter}</th>
                    <th scope="col" class="num">{move || i18n.an().col_requests}</th>
                    <th scope="col" class="num">{move || i18n.an().col_response_share}</th>
                    <th scope="col" class="num">{move || i18n.an().col_resolution_share}</th>
                </tr></thead>
                <tbody>
                    {v.service_level.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row">{l.customer.clone()}</th>
                            <td data-label=move || i18n.an().col_quarter>{l.quarter.clone()}</td>
                            <td class="num" data-label=move || i18n.an().col_requests>{l.requests}</td>
                            <td class="num" data-label=move || i18n.an().col_response_share>{move || i18n.an().kept(l.responses_kept, l.responses_missed)}</td>
                            <td class="num" data-label=move || i18n.an().col_resolution_share>{move || i18n.an().kept(l.resolutions_kept, l.resolutions_missed)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvDownload href=VendorTable::ServiceLevel.csv_path() slug=VendorTable::ServiceLevel.slug() />
            <p><A href="/satisfaction">{move || i18n.an().satisfaction_link}</A></p>
        </section>
    }
}

/// Leads from the technical downloads per month, with the leads list a click away.
#[component]
fn Leads(v: VendorReport) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel wide" data-analytics="leads">
            <h2>{move || i18n.an().leads_title}</h2>
            <p class="note">{move || i18n.an().leads_lead}</p>
            <div class="table-wrap" tabindex="0"><table class="analytics" data-table="leads">
                <thead><tr>
                    <th scope="col">{move || i18n.an().col_month}</th>
                    <th scope="col" class="num">{move || i18n.an().col_leads_registered}</th>
                    <th scope="col" class="num">{move || i18n.an().col_leads_downloading}</th>
                    <th scope="col" class="num">{move || i18n.an().col_downloads}</th>
                </tr></thead>
                <tbody>
                    {v.leads.into_iter().map(|l| view! {
                        <tr data-month=l.month.clone()>
                            <th scope="row">{l.month.clone()}</th>
                            <td class="num" data-label=move || i18n.an().col_leads_registered>{l.registered}</td>
                            <td class="num" data-label=move || i18n.an().col_leads_downloading>{l.downloading}</td>
                            <td class="num" data-label=move || i18n.an().col_downloads>{l.downloads}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <CsvDownload href=VendorTable::Leads.csv_path() slug=VendorTable::Leads.slug() />
            <p><A href="/vendor/leads">{move || i18n.l().leads_title}</A></p>
        </section>
    }
}
