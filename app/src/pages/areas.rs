//! The customer and vendor areas' entry pages: what each area holds.
//! Sign-in (and with it the areas' own pages) comes with the accounts capability.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CustomerAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t().area_customer_title />
        <section class="panel area">
            <h1>{move || i18n.t().area_customer_title}</h1>
            <ul class="checklist">
                {move || i18n.t().area_customer_items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
            <p class="note">{move || i18n.t().area_sign_in_note}</p>
        </section>
    }
}

#[component]
pub fn VendorAreaPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t().area_vendor_title />
        <section class="panel area">
            <h1>{move || i18n.t().area_vendor_title}</h1>
            <ul class="checklist">
                {move || i18n.t().area_vendor_items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
            <p class="note">{move || i18n.t().area_sign_in_note}</p>
        </section>
    }
}
