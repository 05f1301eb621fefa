//! "My terms" for a customer, and the same overview with the editors for the
//! customer's account manager (`/vendor/customers/{id}/terms`).

use crate::AppError;
use crate::api::catalog::ImportOutcome;
use crate::api::terms::{
    ChangeOutcome, HistoryItem, ImportPrices, SavePrice, SaveTerms, TermsOverview, customer_terms,
    my_terms,
};
use crate::api::terms::{RESOLUTION_FIELDS, RESPONSE_FIELDS};
use crate::components::TextField;
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::Locale;
use kontor_domain::field::FormProblems;
use kontor_domain::terms::{Incoterm, Priority, TermsForm};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MyTermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| my_terms());
    view! {
        <PageTitle text=move || i18n.c().terms_title />
        <h1>{move || i18n.c().terms_title}</h1>
        <p class="lead">{move || i18n.c().terms_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <TermsView overview=o /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
pub fn CustomerTermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let save_terms = ServerAction::<SaveTerms>::new();
    let save_price = ServerAction::<SavePrice>::new();
    let import = ServerAction::<ImportPrices>::new();
    crate::plain_form::restore_answer(save_terms);
    crate::plain_form::restore_answer(save_price);
    crate::plain_form::restore_answer(import);
    // Reload after a recorded change only: a refused form keeps what was typed.
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        let recorded = |v: Option<Result<ChangeOutcome, AppError>>| {
            matches!(v, Some(Ok(ChangeOutcome::Recorded { .. })))
        };
        let imported =
            matches!(import.value().get(), Some(Ok(ImportOutcome::Checked(r))) if r.imported);
        // Read every action first: a short-circuiting `||` would stop tracking the rest.
        let terms = recorded(save_terms.value().get());
        let price = recorded(save_price.value().get());
        if terms || price || imported {
            changes.update(|c| *c += 1);
        }
    });
    let overview = Resource::new(move || (id(), changes.get()), |(id, _)| customer_terms(id));
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let o = match overview.await {
                    Ok(o) => o,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let org = o.organization_id.clone();
                let form = o.form.clone();
                view! {
                    <PageTitle text=o.organization_name.clone() />
                    <p><A href=format!("/vendor/customers/{org}")>{move || i18n.a().back}</A></p>
                    <h1>{o.organization_name.clone()}": "{move || i18n.c().terms_link}</h1>
                    <TermsView overview=o />
                    {form.map(|form| view! {
                        <TermsEditor organization_id=org.clone() form action=save_terms />
                        <PriceEditor organization_id=org.clone() action=save_price />
                        <PriceImport organization_id=org.clone() action=import />
                    })}
                }.into_any()
            }))}
        </Transition>
    }
}

/// Everything agreed, read-only: the same for the customer and for vendor staff.
#[component]
fn TermsView(overview: TermsOverview) -> impl IntoView {
    let i18n = use_i18n();
    let o = overview;
    let terms = o.terms.clone();
    let t = terms.clone();
    let standard = o.current.is_none();
    let since = o.current.as_ref().map(|c| (c.version, c.effective_at));
    view! {
        <div class="terms" data-terms-version=since.map(|(v, _)| v).unwrap_or(0)>
            {standard.then(|| view! { <p class="note">{move || i18n.c().terms_standard}</p> })}
            {since.map(|(version, at)| view! {
                <p class="note">{move || i18n.c().terms_version}" "{version}", "{move || i18n.c().terms_since}" "{move || i18n.c().instant(at)}</p>
            })}
            {view! { <div class="cards terms-cards">
                <section class="panel" data-section="payment">
                    <h2>{move || i18n.c().payment}</h2>
                    <p>{t.payment_net_days}" "{move || i18n.c().days_net}</p>
                    <p>{move || if t.discount_basis_points > 0 {
                        format!("{} {} {}", i18n.c().percent(t.discount_basis_points), i18n.c().discount_within, i18n.t().days(t.discount_days.into()))
                    } else {
                        i18n.c().no_discount.to_string()
                    }}</p>
                    <p>{move || i18n.c().currency}": EUR"</p>
                </section>
                <section class="panel" data-section="delivery">
                    <h2>{move || i18n.c().delivery}</h2>
                    <p><strong>{terms.incoterm.code()}" "{terms.incoterm_place.clone()}</strong>" (Incoterms 2020)"</p>
                    <p>{move || match terms.free_freight_threshold {
                        Some(threshold) => format!("{} {}", i18n.c().free_freight_from, i18n.money(threshold)),
                        None => i18n.c().never_free.to_string(),
                    }}</p>
                    <p>{move || i18n.c().field("shipping_fee")}": "{move || i18n.money(terms.shipping_fee)}</p>
                    <p>{move || i18n.c().field("minimum_order_value")}": "{move || i18n.money(terms.minimum_order_value)}</p>
                    <p>{move || i18n.c().field("lead_time_days")}": "{move || i18n.t().days(terms.default_lead_time_days.into())}</p>
                </section>
                <section class="panel contact-card" data-section="contact">
                    <h2>{move || i18n.c().contact}</h2>
                    {match o.contact.clone() {
                        Some(c) => view! {
                            <p><strong>{c.name.clone()}</strong></p>
                            <p><a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></p>
                        }.into_any(),
                        None => view! { <p>{move || i18n.c().no_contact}</p> }.into_any(),
                    }}
                </section>
            </div> }.into_any()}
            {view! { <section class="panel" data-section="service">
                <h2>{move || i18n.c().service_level}</h2>
                <div class="table-wrap" tabindex="0"><table>
                    <thead><tr>
                        <th scope="col">{move || i18n.c().priority}</th>
                        <th scope="col" class="num">{move || i18n.c().service_columns().0}</th>
                        <th scope="col" class="num">{move || i18n.c().service_columns().1}</th>
                    </tr></thead>
                    <tbody>
                        {Priority::ALL.into_iter().enumerate().map(|(i, p)| {
                            let times = o.terms.service_times(p);
                            view! { <tr>
                                <td>{move || i18n.c().priorities[i]}</td>
                                <td class="num">{times.first_response_hours}</td>
                                <td class="num">{times.resolution_hours}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p>{move || i18n.c().business_hours}": "{move || i18n.c().weekdays}", "
                    {o.terms.business_hours_start}":00–"{o.terms.business_hours_end}":00"</p>
                {o.terms.notes.clone().map(|n| view! { <p class="note"><strong>{move || i18n.c().notes}": "</strong>{n.clone()}</p> })}
            </section> }.into_any()}
            {(!o.scheduled.is_empty()).then(|| view! {
                <section class="panel" data-section="scheduled">
                    <h2>{move || i18n.c().terms_scheduled}</h2>
                    <ul>{o.scheduled.iter().map(|s| {
                        let (version, at) = (s.version, s.effective_at);
                        view! { <li>{move || i18n.c().terms_version}" "{version}": "{move || i18n.c().effective}" "{move || i18n.c().instant(at)}</li> }
                    }).collect_view()}</ul>
                </section>
            })}
            {view! { <section class="panel" data-section="prices">
                <h2>{move || i18n.c().prices}</h2>
                {o.prices.is_empty().then(|| view! { <p>{move || i18n.c().no_prices}</p> })}
                {(!o.prices.is_empty()).then(|| view! {
                    <div class="table-wrap" tabindex="0"><table class="prices">
                        <thead><tr>
                            <th scope="col">{move || i18n.t().catalog_product}</th>
                            <th scope="col" class="num">{move || i18n.t().catalog_list_price}</th>
                            <th scope="col" class="num">{move || i18n.c().your_price}</th>
                            <th scope="col">{move || i18n.c().tiers}</th>
                            <th scope="col">{move || i18n.c().valid_from}</th>
                            <th scope="col">{move || i18n.c().valid_to}</th>
                        </tr></thead>
                        <tbody>
                            {o.prices.iter().cloned().map(|p| {
                                let name = {
                                    let p = p.clone();
                                    move || if i18n.locale.get() == Locale::De { p.name_de.clone() } else { p.name_en.clone() }
                                };
                                let sku = p.sku.clone();
                                view! { <tr data-sku=p.sku.clone()>
                                    <td><A href=format!("/catalog/{}", p.sku)>{sku}</A><br /><small>{name}</small></td>
                                    <td class="num">{move || i18n.money(p.list_price)}</td>
                                    <td class="num price my-price">{move || i18n.money(p.base_price)}</td>
                                    <td>{p.tiers.iter().map(|t| {
                                        let t = *t;
                                        view! { <span class="tier">{move || i18n.c().tier_from}" "{t.min_quantity}": "{move || i18n.money(t.unit_price)}</span> }
                                    }).collect_view()}</td>
                                    <td>{move || i18n.c().day(p.valid_from)}</td>
                                    <td>{move || p.valid_to.map(|d| i18n.c().day(d)).unwrap_or_else(|| i18n.c().open_ended.to_string())}</td>
                                </tr> }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                })}
            </section> }.into_any()}
            <History items=o.history />
        </div>
    }
    .into_any()
}

#[component]
fn History(items: Vec<HistoryItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" data-section="history">
            <h2>{move || i18n.c().history}</h2>
            {items.is_empty().then(|| view! { <p>{move || i18n.c().no_history}</p> })}
            <ol class="history">
                {items.into_iter().map(|h| {
                    let what = h.sku.clone().unwrap_or_default();
                    view! {
                        <li data-version=h.version data-kind=h.kind.clone()>
                            <p><strong>{move || i18n.c().terms_version}" "{h.version}</strong>" · "
                                {move || i18n.c().effective}" "{move || i18n.c().instant(h.effective_at)}" · "
                                {move || i18n.c().changed_by}" "{h.changed_by.clone()}" ("{move || i18n.c().instant(h.created_at)}")"</p>
                            <ul>{h.changes.into_iter().map(|c| {
                                let field = c.field.clone();
                                let what = what.clone();
                                view! { <li>
                                    {move || i18n.c().field(&field).to_string()}" "{what.clone()}": "
                                    {move || c.before.as_ref().map(|v| i18n.c().change_value(v)).unwrap_or_else(|| i18n.c().new_value.to_string())}
                                    " → "
                                    {move || c.after.as_ref().map(|v| i18n.c().change_value(v)).unwrap_or_else(|| i18n.c().ended.to_string())}
                                </li> }
                            }).collect_view()}</ul>
                            {h.reason.clone().map(|r| view! { <p class="note">{move || i18n.c().reason}": "{r.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

fn problems_of(outcome: Option<Result<ChangeOutcome, AppError>>) -> FormProblems {
    match outcome {
        Some(Ok(ChangeOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

#[component]
fn Recorded(action: Signal<Option<Result<ChangeOutcome, AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || match action.get() {
        Some(Ok(ChangeOutcome::Recorded { version })) => Some(view! {
            <p class="success" role="status">{move || i18n.c().recorded}" "{version}</p>
        }),
        _ => None,
    }
}

#[component]
fn TermsEditor(
    organization_id: String,
    form: TermsForm,
    action: ServerAction<SaveTerms>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |name: &'static str| {
        Signal::derive(move || problems_of(action.value().get()).get(name))
    };
    let label = move |name: &'static str| Signal::derive(move || i18n.c().field(name));
    // A refused plain post shows what was typed (`crate::plain_form`), not the terms.
    let refused = matches!(
        action.value().get_untracked(),
        Some(Ok(ChangeOutcome::Invalid(_)))
    );
    let kept = move |name: &str| {
        refused
            .then(|| crate::plain_form::kept(name))
            .flatten()
            .unwrap_or_default()
    };
    let f = if refused { kept_terms(kept) } else { form };
    view! {
        <section class="panel form-panel" id="edit-terms">
            <h2>{move || i18n.c().edit_terms}</h2>
            <Recorded action=action.value().into() />
            <ActionForm action attr:class="form terms-form" attr:novalidate=true>
                <input type="hidden" name="organization_id" value=organization_id />
                <fieldset><legend>{move || i18n.c().payment}</legend>
                    <TextField name="payment_net_days" label=label("payment_net_days") problem=problem("payment_net_days") max_chars=4 value=f.payment_net_days.clone() input_type="number" />
                    <TextField name="discount_percent" label=label("discount_percent") problem=problem("discount_percent") max_chars=6 value=f.discount_percent.clone() />
                    <TextField name="discount_days" label=label("discount_days") problem=problem("discount_days") max_chars=4 value=f.discount_days.clone() input_type="number" />
                </fieldset>
                <fieldset><legend>{move || i18n.c().delivery}</legend>
                    <label for="incoterm">{move || i18n.c().field("incoterm")}</label>
                    <select id="incoterm" name="incoterm">
                        {Incoterm::ALL.into_iter().map(|t| view! {
                            <option value=t.code() selected=t.code() == f.incoterm>{t.code()}</option>
                        }).collect_view()}
                    </select>
                    <TextField name="incoterm_place" label=label("incoterm_place") problem=problem("incoterm_place") max_chars=100 value=f.incoterm_place.clone() />
                    <TextField name="free_freight_threshold" label=label("free_freight_threshold") problem=problem("free_freight_threshold") max_chars=20 value=f.free_freight_threshold.clone() />
                    <TextField name="shipping_fee" label=label("shipping_fee") problem=problem("shipping_fee") max_chars=20 value=f.shipping_fee.clone() />
                    <TextField name="minimum_order_value" label=label("minimum_order_value") problem=problem("minimum_order_value") max_chars=20 value=f.minimum_order_value.clone() />
                    <TextField name="lead_time_days" label=label("lead_time_days") problem=problem("lead_time_days") max_chars=4 value=f.lead_time_days.clone() input_type="number" />
                </fieldset>
                <fieldset><legend>{move || i18n.c().service_level}</legend>
                    {(0..Priority::ALL.len()).map(|i| {
                        let (response, resolution) = (RESPONSE_FIELDS[i], RESOLUTION_FIELDS[i]);
                        view! {
                            <TextField name=response label=label(response) problem=problem(response) max_chars=5 value=f.response_hours[i].clone() input_type="number" />
                            <TextField name=resolution label=label(resolution) problem=problem(resolution) max_chars=5 value=f.resolution_hours[i].clone() input_type="number" />
                        }
                    }).collect_view()}
                    <TextField name="business_hours_start" label=label("business_hours_start") problem=problem("business_hours_start") max_chars=2 value=f.business_hours_start.clone() input_type="number" />
                    <TextField name="business_hours_end" label=label("business_hours_end") problem=problem("business_hours_end") max_chars=2 value=f.business_hours_end.clone() input_type="number" />
                </fieldset>
                <TextField name="notes" label=label("notes") problem=problem("notes") max_chars=2000 multiline=true value=f.notes.clone() />
                <TextField name="effective_date" label=Signal::derive(move || i18n.c().effective_date) problem=problem("effective_date")
                    max_chars=10 input_type="date" hint=Signal::derive(move || i18n.c().effective_date_hint) value=kept("effective_date") />
                <TextField name="reason" label=Signal::derive(move || i18n.c().reason) problem=problem("reason") max_chars=500
                    hint=Signal::derive(move || i18n.c().reason_hint) value=kept("reason") />
                <button type="submit" class="button" disabled=move || action.pending().get()>{move || i18n.a().save}</button>
            </ActionForm>
        </section>
    }
}

/// The terms form as a refused plain post kept it.
fn kept_terms(kept: impl Fn(&str) -> String) -> TermsForm {
    TermsForm {
        payment_net_days: kept("payment_net_days"),
        discount_percent: kept("discount_percent"),
        discount_days: kept("discount_days"),
        incoterm: kept("incoterm"),
        incoterm_place: kept("incoterm_place"),
        free_freight_threshold: kept("free_freight_threshold"),
        shipping_fee: kept("shipping_fee"),
        lead_time_days: kept("lead_time_days"),
        minimum_order_value: kept("minimum_order_value"),
        response_hours: RESPONSE_FIELDS.map(&kept),
        resolution_hours: RESOLUTION_FIELDS.map(&kept),
        business_hours_start: kept("business_hours_start"),
        business_hours_end: kept("business_hours_end"),
        notes: kept("notes"),
    }
}

#[component]
fn PriceEditor(organization_id: String, action: ServerAction<SavePrice>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |name: &'static str| {
        Signal::derive(move || problems_of(action.value().get()).get(name))
    };
    // What a refused plain post kept (`crate::plain_form`).
    let refused = matches!(
        action.value().get_untracked(),
        Some(Ok(ChangeOutcome::Invalid(_)))
    );
    let kept = move |name: &str| {
        refused
            .then(|| crate::plain_form::kept(name))
            .flatten()
            .unwrap_or_default()
    };
    let end_chosen = !kept("end").is_empty();
    view! {
        <section class="panel form-panel" id="set-price">
            <h2>{move || i18n.c().set_price}</h2>
            <Recorded action=action.value().into() />
            <ActionForm action attr:class="form price-form" attr:novalidate=true>
                <input type="hidden" name="organization_id" value=organization_id />
                <TextField name="sku" id="price-sku".to_string() label=Signal::derive(move || i18n.t().catalog_sku) problem=problem("sku") max_chars=40 required=true autocomplete="off" value=kept("sku") />
                <TextField name="base_price" label=Signal::derive(move || i18n.c().base_price) problem=problem("base_price") max_chars=20 value=kept("base_price") />
                <TextField name="tiers" label=Signal::derive(move || i18n.c().tiers) problem=problem("tiers") max_chars=1000 multiline=true
                    hint=Signal::derive(move || i18n.c().tiers_hint) value=kept("tiers") />
                <TextField name="valid_from" label=Signal::derive(move || i18n.c().valid_from) problem=problem("valid_from") max_chars=10 input_type="date"
                    hint=Signal::derive(move || i18n.c().effective_date_hint) value=kept("valid_from") />
                <TextField name="valid_to" label=Signal::derive(move || i18n.c().valid_to) problem=problem("valid_to") max_chars=10 input_type="date" value=kept("valid_to") />
                <TextField name="reason" id="price-reason".to_string() label=Signal::derive(move || i18n.c().reason) problem=problem("reason") max_chars=500 value=kept("reason") />
                <label class="checkbox"><input type="checkbox" name="end" value="true" checked=end_chosen />" "{move || i18n.c().end_agreement}</label>
                <button type="submit" class="button" disabled=move || action.pending().get()>{move || i18n.a().save}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PriceImport(organization_id: String, action: ServerAction<ImportPrices>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel form-panel" id="import-prices">
            <h2>{move || i18n.c().import_prices}</h2>
            <p class="hint">{move || i18n.c().import_hint_prices}</p>
            <ImportResult outcome=action.value().into() />
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="organization_id" value=organization_id />
                <label for="price-csv">{move || i18n.c().csv}</label>
                <textarea id="price-csv" name="csv" rows="8" maxlength="2000000"></textarea>
                <label for="import-reason">{move || i18n.c().reason}</label>
                <input id="import-reason" name="reason" maxlength="500" />
                <label class="checkbox"><input type="checkbox" name="keep_valid" value="true" />" "{move || i18n.c().import_keep_valid}</label>
                <button type="submit" class="button" disabled=move || action.pending().get()>{move || i18n.c().import_check}</button>
            </ActionForm>
        </section>
    }
}

/// The outcome of a CSV import: done, or every line's problems at once.
#[component]
pub fn ImportResult(outcome: Signal<Option<Result<ImportOutcome, AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match outcome.get() {
        Some(Ok(ImportOutcome::File(problem))) => Some(view! {
            <p class="field-error" role="alert" data-import="file">{move || i18n.c().file_problem(&problem)}</p>
        }.into_any()),
        Some(Ok(ImportOutcome::Checked(report))) => {
            let valid = report.valid_lines;
            let imported = report.imported;
            Some(view! {
                <div class="import-report" role="status" data-imported=imported.to_string()>
                    <p class=if imported { "success" } else { "field-error" }>
                        {move || if imported { i18n.c().import_done } else { i18n.c().import_nothing }}
                        " ("{valid}" "{move || i18n.c().import_valid_lines}")"
                    </p>
                    {(!report.problems.is_empty()).then(|| view! {
                        <ul class="line-problems">
                            {report.problems.into_iter().map(|line| view! {
                                <li data-line=line.line>
                                    <strong>{move || i18n.c().line}" "{line.line}</strong>" "{line.key.clone()}": "
                                    {line.problems.iter().map(|(field, problem)| {
                                        let (field, problem) = (field.clone(), *problem);
                                        view! { <span class="line-problem">{move || i18n.c().field(&field).to_string()}" — "
                                            {move || i18n.problem(problem)}" "</span> }
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }.into_any())
        }
        _ => None,
    }
    }
}
