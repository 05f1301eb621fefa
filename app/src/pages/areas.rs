//! The customer and vendor areas' entry pages: for a signed-in person their start
//! page, for anyone else what the area holds and the way in.

use crate::components::{PageTitle, suspended};
use crate::i18n::{Texts, use_i18n};
use crate::pages::customers::CustomersPage;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CustomerAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match session.viewer.await {
                    Some(viewer) if !viewer.vendor => {
                        let has = |role: &str| viewer.roles.iter().any(|r| r == role);
                        let team = has("admin") || has("approver");
                        let audit = has("admin");
                        let analytics = team || has("finance");
                        view! {
                            <PageTitle text=move || i18n.t().area_customer_title />
                            <h1>{viewer.organization_name.clone()}</h1>
                            <p class="lead">{move || i18n.a().signed_in_as}" "{viewer.display_name.clone()}</p>
                            <div class="cards">
                                {team.then(|| view! { <A href="/customer/team" attr:class="card">{move || i18n.a().team_title}</A> })}
                                {audit.then(|| view! { <A href="/customer/timeline" attr:class="card">{move || i18n.tl().nav_timeline}</A> })}
                                {audit.then(|| view! { <A href="/customer/audit" attr:class="card">{move || i18n.a().audit_title}</A> })}
                                <A href="/catalog" attr:class="card">{move || i18n.t().nav_catalog}</A>
                                {has("purchaser").then(|| view! { <A href="/cart" attr:class="card">{move || i18n.t().nav_cart}</A> })}
                                <A href="/orders" attr:class="card">{move || i18n.t().nav_orders}</A>
                                {team.then(|| view! { <A href="/approvals" attr:class="card">{move || i18n.t().nav_approvals}</A> })}
                                {analytics.then(|| view! { <A href="/analytics" attr:class="card">{move || i18n.an().nav_analytics}</A> })}
                                <A href="/customer/terms" attr:class="card">{move || i18n.c().terms_title}</A>
                                <A href="/account" attr:class="card">{move || i18n.a().account_title}</A>
                            </div>
                        }.into_any()
                    }
                    _ => view! { <AreaPage title=|t| t.area_customer_title items=|t| &t.area_customer_items[..] /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
pub fn VendorAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match session.viewer.await {
                    Some(viewer) if viewer.vendor => view! { <CustomersPage /> }.into_any(),
                    _ => view! { <AreaPage title=|t| t.area_vendor_title items=|t| &t.area_vendor_items[..] /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn AreaPage(
    title: fn(&'static Texts) -> &'static str,
    items: fn(&'static Texts) -> &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || title(i18n.t()) />
        <section class="panel area">
            <h1>{move || title(i18n.t())}</h1>
            <ul class="checklist">
                {move || items(i18n.t()).iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
            <p class="note">{move || i18n.t().area_sign_in_note}</p>
            <A href="/sign-in" attr:class="button">{move || i18n.t().sign_in}</A>
        </section>
    }
}
