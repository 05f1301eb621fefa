//! The catalog (search, category, keyset pages) and one product's page, at the
//! signed-in customer's own prices.

use crate::address::encode;
use crate::api::catalog::{CatalogItem, catalog_product, list_catalog};
use crate::components::{PageTitle, suspended};
use crate::i18n::{condition_texts, texts, use_i18n};
use crate::pages::cart::{AddToCartForm, CartAdder};
use crate::pages::documents::{RelatedDocuments, related_documents};
use crate::session::{LoadProblem, LoadRefused};
use crate::sync_html::SyncHtml;
use kontor_domain::Locale;
use kontor_domain::pricing::Tier;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn catalog_href(q: &str, category: &str, after: Option<&str>) -> String {
    let mut params = Vec::new();
    if !q.is_empty() {
        params.push(format!("q={}", encode(q)));
    }
    if !category.is_empty() {
        params.push(format!("category={}", encode(category)));
    }
    if let Some(after) = after {
        params.push(format!("after={}", encode(after)));
    }
    if params.is_empty() {
        "/catalog".into()
    } else {
        format!("/catalog?{}", params.join("&"))
    }
}

fn name(locale: Locale, item: &CatalogItem) -> String {
    match locale {
        Locale::De => item.name_de.clone(),
        Locale::En => item.name_en.clone(),
    }
}

/// "ab 50: 1.090,00 €" lines, in `locale` (the page around them follows the
/// language, see [`CatalogPage`]).
#[component]
fn Tiers(tiers: Vec<Tier>, locale: Locale) -> impl IntoView {
    let from = condition_texts(locale).tier_from;
    (!tiers.is_empty()).then(|| {
        view! {
            <ul class="tiers">
                {tiers.into_iter().map(|t| view! {
                    <li>{from}" "{t.min_quantity}": "{t.unit_price.format(locale)}</li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let category = move || query.read().get("category").unwrap_or_default();
    let after = move || query.read().get("after");
    let page = Resource::new(
        move || (q(), category(), after()),
        |(q, category, after)| list_catalog(q, category, after),
    );
    let adder = CartAdder::for_page();
    view! {
        <PageTitle text=move || i18n.t().catalog_title />
        <h1>{move || i18n.t().catalog_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || {
                // The rows' texts are plain values, made once per render: reading the
                // locale here (before the await, where the render effect sees it) renders
                // the table again on a change of language. A closure per cell, a dozen
                // per row, would cost every page request far more than that re-render
                // costs the rare switch.
                let locale = i18n.locale.get();
                Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                    };
                    let (q, category) = (q(), category());
                    let next = page.next_after.clone().map(|sku| catalog_href(&q, &category, Some(&sku)));
                    let first = after().is_some().then(|| catalog_href(&q, &category, None));
                    let personal = page.personal;
                    let can_order = page.can_order;
                    let selected = category.clone();
                    let (t, c) = (texts(locale), condition_texts(locale));
                    // Nothing below waits: rendered in one pass (see `SyncHtml`).
                    SyncHtml(view! {
                        <p class="lead">{move || if personal { i18n.c().your_prices_note } else { i18n.t().catalog_lead }}</p>
                        <form method="get" action="/catalog" class="search-bar" role="search">
                            <label for="q">{move || i18n.c().search}</label>
                            <input id="q" name="q" type="search" value=q.clone() maxlength="200" />
                            <label for="category">{move || i18n.c().category}</label>
                            <select id="category" name="category">
                                <option value="">{move || i18n.c().all_categories}</option>
                                {page.categories.into_iter().map(|c| {
                                    let label = c.clone();
                                    view! { <option value=c.clone() selected=c == selected>{move || i18n.c().category(&label)}</option> }
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button">{move || i18n.c().search_submit}</button>
                        </form>
                        <div class="table-wrap" tabindex="0">
                            <table class="catalog">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t().catalog_sku}</th>
                                        <th scope="col">{move || i18n.t().catalog_product}</th>
                                        <th scope="col" class="num">{move || i18n.t().catalog_list_price}</th>
                                        {personal.then(|| view! { <th scope="col" class="num">{move || i18n.c().your_price}</th> })}
                                        <th scope="col" class="num">{move || i18n.t().catalog_stock}</th>
                                        <th scope="col" class="num">{move || i18n.t().catalog_lead_time}</th>
                                        {can_order.then(|| view! { <th scope="col"><span class="visually-hidden">{move || i18n.o().add_to_cart}</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.items.is_empty().then(|| view! {
                                        <tr><td colspan="6">{move || i18n.t().catalog_empty}</td></tr>
                                    })}
                                    {page.items.into_iter().map(|item| {
                                        let my_price = item.my_price.unwrap_or(item.list_price);
                                        view! {
                                            <tr data-sku=item.sku.clone()>
                                                <td class="sku" data-label=t.catalog_sku>{item.sku.clone()}</td>
                                                // A plain link: the router follows it in the page as well, and
                                                // `<A>` would add a memo per row for an `aria-current` that a
                                                // product's link never has on the list.
                                                <td data-label=t.catalog_product>
                                                    <a href=format!("/catalog/{}", encode(&item.sku))>{name(locale, &item)}</a>
                                                </td>
                                                <td class="num price" data-label=t.catalog_list_price>
                                                    {item.list_price.format(locale)}
                                                </td>
                                                {personal.then(|| view! {
                                                    <td class="num price my-price" data-label=c.your_price>
                                                        {my_price.format(locale)}
                                                        <Tiers tiers=item.tiers.clone() locale />
                                                    </td>
                                                })}
                                                <td class="num" data-label=t.catalog_stock>
                                                    {t.quantity(item.stock, &item.unit)}
                                                </td>
                                                <td class="num" data-label=t.catalog_lead_time>
                                                    {t.days(item.lead_time_days)}
                                                </td>
                                                {can_order.then(|| view! { <td><AddToCartForm sku=item.sku.clone() adder /></td> })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager">
                            {first.map(|href| view! { <A href=href>{move || i18n.t().catalog_first_page}</A> })}
                            {next.map(|href| view! { <A href=href attr:rel="next">{move || i18n.t().catalog_next_page}</A> })}
                        </nav>
                    }).into_any()
                })
            })}
        </Transition>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let sku = move || params.read().get("sku").unwrap_or_default();
    let product = Resource::new(sku, catalog_product);
    let adder = CartAdder::for_page();
    let documents = related_documents(move || (sku(), String::new()));
    view! {
        <p><A href="/catalog">{move || i18n.c().back_to_catalog}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let p = match product.await {
                    Ok(p) => p,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let item = p.item.clone();
                let title = {
                    let item = item.clone();
                    move || name(i18n.locale.get(), &item)
                };
                let description = move || match i18n.locale.get() {
                    Locale::De => p.description_de.clone(),
                    Locale::En => p.description_en.clone(),
                };
                let category = item.category.clone();
                let unit = item.unit.clone();
                view! {
                    <PageTitle text=title.clone() />
                    <h1>{title}</h1>
                    <section class="panel product" data-sku=item.sku.clone()>
                        <dl class="facts">
                            <dt>{move || i18n.t().catalog_sku}</dt><dd>{item.sku.clone()}</dd>
                            <dt>{move || i18n.c().category}</dt><dd>{move || i18n.c().category(&category)}</dd>
                            <dt>{move || i18n.t().catalog_list_price}</dt><dd class="price">{move || i18n.money(item.list_price)}</dd>
                            {p.personal.then(|| view! {
                                <dt>{move || i18n.c().your_price}</dt>
                                <dd class="price my-price">
                                    {move || i18n.money(item.my_price.unwrap_or(item.list_price))}
                                    {let tiers = item.tiers.clone(); move || view! { <Tiers tiers=tiers.clone() locale=i18n.locale.get() /> }}
                                    {p.valid_to.map(|to| view! { <small>{move || i18n.c().valid_to}" "{move || i18n.c().day(to)}</small> })}
                                </dd>
                            })}
                            <dt>{move || i18n.t().catalog_stock}</dt><dd>{move || i18n.t().quantity(item.stock, &unit)}</dd>
                            <dt>{move || i18n.t().catalog_lead_time}</dt><dd>{move || i18n.t().days(item.lead_time_days)}</dd>
                        </dl>
                        {p.can_order.then(|| view! { <AddToCartForm sku=item.sku.clone() adder /> })}
                        <h2>{move || i18n.c().description}</h2>
                        <p class="description">{description}</p>
                    </section>
                }.into_any()
            }))}
        </Transition>
        <RelatedDocuments documents />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_links_carry_only_what_is_set() {
        assert_eq!(catalog_href("", "", None), "/catalog");
        assert_eq!(
            catalog_href("a b", "spare_parts", Some("NH-SPR-3020")),
            "/catalog?q=a%20b&category=spare_parts&after=NH-SPR-3020"
        );
    }
}
