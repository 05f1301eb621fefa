use crate::api::list_catalog;
use crate::components::ErrorPanel;
use crate::i18n::use_i18n;
use kontor_domain::Locale;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The public catalog at list prices, paged by SKU cursor (`?after=`).
#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let after = move || query.read().get("after");
    let page = Resource::new(after, list_catalog);

    view! {
        <Title text=move || i18n.t().catalog_title />
        <h1>{move || i18n.t().catalog_title}</h1>
        <p class="lead">{move || i18n.t().catalog_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                let Ok(page) = page.await else {
                    return Either::Left(view! { <ErrorPanel /> });
                };
                let next = page.next_after.clone();
                let is_first = after().is_none();
                Either::Right(view! {
                    <div class="table-wrap">
                        <table class="catalog">
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t().catalog_sku}</th>
                                    <th scope="col">{move || i18n.t().catalog_product}</th>
                                    <th scope="col" class="num">{move || i18n.t().catalog_list_price}</th>
                                    <th scope="col" class="num">{move || i18n.t().catalog_stock}</th>
                                    <th scope="col" class="num">{move || i18n.t().catalog_lead_time}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.is_empty().then(|| view! {
                                    <tr><td colspan="5">{move || i18n.t().catalog_empty}</td></tr>
                                })}
                                {page.items.into_iter().map(|item| {
                                    let name = {
                                        let item = item.clone();
                                        move || match i18n.locale.get() {
                                            Locale::De => item.name_de.clone(),
                                            Locale::En => item.name_en.clone(),
                                        }
                                    };
                                    view! {
                                        <tr>
                                            <td class="sku" data-label=move || i18n.t().catalog_sku>{item.sku.clone()}</td>
                                            <td data-label=move || i18n.t().catalog_product>{name}</td>
                                            <td class="num price" data-label=move || i18n.t().catalog_list_price>
                                                {move || i18n.money(item.list_price)}
                                            </td>
                                            <td class="num" data-label=move || i18n.t().catalog_stock>
                                                {
                                                    let unit = item.unit.clone();
                                                    move || i18n.t().quantity(item.stock, &unit)
                                                }
                                            </td>
                                            <td class="num" data-label=move || i18n.t().catalog_lead_time>
                                                {move || i18n.t().days(item.lead_time_days)}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <nav class="pager">
                        {(!is_first).then(|| view! {
                            <A href="/catalog">{move || i18n.t().catalog_first_page}</A>
                        })}
                        {next.map(|sku| view! {
                            <A href=format!("/catalog?after={sku}") attr:rel="next">{move || i18n.t().catalog_next_page}</A>
                        })}
                    </nav>
                })
            })}
        </Transition>
    }
}
