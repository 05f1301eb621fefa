use crate::components::PageTitle;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text="" />
        <section class="hero">
            <h1>{move || i18n.t().home_title}</h1>
            <p class="lead">{move || i18n.t().home_lead}</p>
            <p class="actions">
                <A href="/catalog" attr:class="button">{move || i18n.t().home_catalog_cta}</A>
                <A href="/request-access" attr:class="button secondary">{move || i18n.t().home_access_cta}</A>
            </p>
        </section>
        <section class="cards">
            <article class="card">
                <h2><A href="/customer">{move || i18n.t().home_customer_title}</A></h2>
                <p>{move || i18n.t().home_customer_body}</p>
            </article>
            <article class="card">
                <h2><A href="/vendor">{move || i18n.t().home_vendor_title}</A></h2>
                <p>{move || i18n.t().home_vendor_body}</p>
            </article>
        </section>
    }
}
