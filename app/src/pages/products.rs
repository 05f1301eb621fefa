//! The vendor admin's product list, editor and CSV import.

use crate::address::encode;
use crate::api::catalog::{
    ArchiveProduct, ImportProducts, SaveOutcome, SaveProduct, vendor_product, vendor_products,
};
use crate::components::TextField;
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::pages::terms::ImportResult;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::catalog::{ProductForm, UNITS};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let after = move || query.read().get("after");
    let save = ServerAction::<SaveProduct>::new();
    let import = ServerAction::<ImportProducts>::new();
    crate::plain_form::restore_answer(save);
    crate::plain_form::restore_answer(import);
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        let saved = matches!(save.value().get(), Some(Ok(SaveOutcome::Saved { .. })));
        let imported = matches!(import.value().get(), Some(Ok(crate::api::catalog::ImportOutcome::Checked(r))) if r.imported);
        if saved || imported {
            changes.update(|c| *c += 1);
        }
    });
    let page = Resource::new(
        move || (q(), after(), changes.get()),
        |(q, after, _)| vendor_products(q, after),
    );
    view! {
        <PageTitle text=move || i18n.c().products_title />
        <h1>{move || i18n.c().products_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let q = q();
                let next = page.next_after.clone().map(|sku| format!("/vendor/products?q={}&after={}", encode(&q), encode(&sku)));
                view! {
                    <form method="get" action="/vendor/products" class="search-bar" role="search">
                        <label for="q">{move || i18n.c().search}</label>
                        <input id="q" name="q" type="search" value=q.clone() maxlength="200" />
                        <button type="submit" class="button">{move || i18n.c().search_submit}</button>
                    </form>
                    <div class="table-wrap" tabindex="0"><table class="products">
                        <thead><tr>
                            <th scope="col">{move || i18n.t().catalog_sku}</th>
                            <th scope="col">{move || i18n.t().catalog_product}</th>
                            <th scope="col">{move || i18n.c().category}</th>
                            <th scope="col" class="num">{move || i18n.t().catalog_list_price}</th>
                            <th scope="col" class="num">{move || i18n.t().catalog_stock}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|p| {
                                let category = p.category.clone();
                                let sku = p.sku.clone();
                                view! { <tr data-sku=p.sku.clone() class:archived=p.archived>
                                    <td><A href=format!("/vendor/products/{}", p.id)>{sku}</A></td>
                                    <td>{p.name_en.clone()}<br /><small>{p.name_de.clone()}</small>
                                        {p.archived.then(|| view! { " " <span class="badge">{move || i18n.c().archived}</span> })}</td>
                                    <td>{move || i18n.c().category(&category)}</td>
                                    <td class="num">{move || i18n.money(p.list_price)}</td>
                                    <td class="num">{p.stock}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <nav class="pager">
                        {next.map(|href| view! { <A href=href attr:rel="next">{move || i18n.t().catalog_next_page}</A> })}
                    </nav>
                }.into_any()
            }))}
        </Transition>
        <ProductEditor title=|i18n| i18n.c().new_product form=ProductForm::default() id=String::new() action=save />
        <section class="panel form-panel" id="import-products">
            <h2>{move || i18n.c().import_products}</h2>
            <p class="hint">{move || i18n.c().import_hint_products}</p>
            <ImportResult outcome=import.value().into() />
            <ActionForm action=import attr:class="form" attr:novalidate=true>
                <label for="product-csv">{move || i18n.c().csv}</label>
                <textarea id="product-csv" name="csv" rows="8" maxlength="2000000"></textarea>
                <label class="checkbox"><input type="checkbox" name="keep_valid" value="true" />" "{move || i18n.c().import_keep_valid}</label>
                <button type="submit" class="button" disabled=move || import.pending().get()>{move || i18n.c().import_check}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let save = ServerAction::<SaveProduct>::new();
    let archive = ServerAction::<ArchiveProduct>::new();
    crate::plain_form::restore_answer(save);
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(archive.value().get(), Some(Ok(true))) {
            changes.update(|c| *c += 1);
        }
    });
    let product = Resource::new(move || (id(), changes.get()), |(id, _)| vendor_product(id));
    view! {
        <p><A href="/vendor/products">{move || i18n.a().back}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let p = match product.await {
                    Ok(p) => p,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let archived = p.archived;
                let id = p.id.clone();
                view! {
                    <PageTitle text=p.form.sku.clone() />
                    <h1>{p.form.sku.clone()}{archived.then(|| view! { " " <span class="badge">{move || i18n.c().archived}</span> })}</h1>
                    <ActionForm action=archive attr:class="inline-actions">
                        <input type="hidden" name="id" value=id.clone() />
                        <input type="hidden" name="archived" value=(!archived).to_string() />
                        <button type="submit" class="button secondary">
                            {move || if archived { i18n.c().restore } else { i18n.c().archive }}
                        </button>
                    </ActionForm>
                    <ProductEditor title=|i18n| i18n.c().edit_product form=p.form id=p.id action=save />
                }.into_any()
            }))}
        </Transition>
    }
}

#[component]
fn ProductEditor(
    title: fn(crate::i18n::I18n) -> &'static str,
    form: ProductForm,
    id: String,
    action: ServerAction<SaveProduct>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match action.value().get() {
        Some(Ok(SaveOutcome::Invalid(p))) => p,
        _ => Default::default(),
    };
    let problem = move |name: &'static str| Signal::derive(move || problems().get(name));
    let label = move |name: &'static str| Signal::derive(move || i18n.c().field(name));
    let creating = id.is_empty();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(SaveOutcome::Saved { id })) = action.value().get()
            && creating
        {
            navigate(&format!("/vendor/products/{id}"), Default::default());
        }
    });
    // A refused plain post shows what was typed (`crate::plain_form`), not the product.
    let refused = matches!(
        action.value().get_untracked(),
        Some(Ok(SaveOutcome::Invalid(_)))
    );
    let f = if refused {
        let kept = |name| crate::plain_form::kept(name).unwrap_or_default();
        ProductForm {
            sku: kept("sku"),
            name_en: kept("name_en"),
            name_de: kept("name_de"),
            description_en: kept("description_en"),
            description_de: kept("description_de"),
            category: kept("category"),
            unit: kept("unit"),
            list_price: kept("list_price"),
            stock: kept("stock"),
            lead_time_days: kept("lead_time_days"),
        }
    } else {
        form
    };
    view! {
        <section class="panel form-panel" id="product-editor">
            <h2>{move || title(i18n)}</h2>
            <Show when=move || matches!(action.value().get(), Some(Ok(SaveOutcome::Saved { .. })))>
                <p class="success" role="status">{move || i18n.a().saved}</p>
            </Show>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id />
                <TextField name="sku" label=label("sku") problem=problem("sku") max_chars=40 required=true value=f.sku.clone() autocomplete="off" />
                <TextField name="name_en" label=label("name_en") problem=problem("name_en") max_chars=200 required=true value=f.name_en.clone() />
                <TextField name="name_de" label=label("name_de") problem=problem("name_de") max_chars=200 required=true value=f.name_de.clone() />
                <TextField name="description_en" label=label("description_en") problem=problem("description_en") max_chars=4000 multiline=true value=f.description_en.clone() />
                <TextField name="description_de" label=label("description_de") problem=problem("description_de") max_chars=4000 multiline=true value=f.description_de.clone() />
                <TextField name="category" label=label("category") problem=problem("category") max_chars=60 required=true value=f.category.clone() />
                <label for="unit">{move || i18n.c().field("unit")}</label>
                <select id="unit" name="unit">
                    {UNITS.into_iter().map(|u| view! { <option value=u selected=u == f.unit>{move || i18n.c().unit(u)}</option> }).collect_view()}
                </select>
                <TextField name="list_price" label=label("list_price") problem=problem("list_price") max_chars=20 required=true value=f.list_price.clone() />
                <TextField name="stock" label=label("stock") problem=problem("stock") max_chars=10 required=true value=f.stock.clone() input_type="number" />
                <TextField name="lead_time_days" label=label("lead_time_days") problem=problem("lead_time_days") max_chars=4 required=true value=f.lead_time_days.clone() input_type="number" />
                <button type="submit" class="button" disabled=move || action.pending().get()>{move || i18n.a().save}</button>
            </ActionForm>
        </section>
    }
}
