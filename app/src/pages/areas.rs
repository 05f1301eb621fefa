//! The customer and vendor areas' entry pages: what each area holds.
//! Sign-in (and with it the areas' own pages) comes with the accounts capability.

use crate::i18n::{Texts, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CustomerAreaPage() -> impl IntoView {
    view! { <AreaPage title=|t| t.area_customer_title items=|t| &t.area_customer_items[..] /> }
}

#[component]
pub fn VendorAreaPage() -> impl IntoView {
    view! { <AreaPage title=|t| t.area_vendor_title items=|t| &t.area_vendor_items[..] /> }
}

#[component]
fn AreaPage(
    title: fn(&'static Texts) -> &'static str,
    items: fn(&'static Texts) -> &'static [&'static str],
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || title(i18n.t()) />
        <section class="panel area">
            <h1>{move || title(i18n.t())}</h1>
            <ul class="checklist">
                {move || items(i18n.t()).iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
            <p class="note">{move || i18n.t().area_sign_in_note}</p>
        </section>
    }
}
