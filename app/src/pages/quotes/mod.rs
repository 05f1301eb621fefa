//! Quotes: a customer's list ("My quotes") and the vendor's queue (oldest waiting
//! first), the request form, one quote with its versions and history, and the
//! printable offer.

mod print;
mod quote;

pub use print::QuotePrintPage;
pub use quote::QuotePage;

use crate::AppError;
use crate::api::quotes::{QuoteRow, RequestQuote, RequestResult, list_quotes, quote_request_start};
use crate::components::{PageTitle, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FormProblems;
use kontor_domain::quote::{MESSAGE_MAX, QuoteState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// "Q 7" (English) or "A 7" (German).
pub(crate) fn quote_name(i18n: I18n, number: i64) -> String {
    i18n.q().quote_number(number)
}

#[component]
pub fn QuotesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let state = move || query.read().get("state").unwrap_or_default();
    let customer = move || query.read().get("customer").unwrap_or_default();
    let list = Resource::new(move || (state(), customer()), |(s, c)| list_quotes(s, c));
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let list = match list.await {
                    Ok(list) => list,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let vendor = list.vendor;
                let title = move || if vendor { i18n.q().title_vendor } else { i18n.q().title_customer };
                view! {
                    <PageTitle text=title />
                    <h1>{title}</h1>
                    <p class="lead">{move || if vendor { i18n.q().lead_vendor } else { i18n.q().lead_customer }}</p>
                    {list.can_request.then(|| view! {
                        <p><A href="/quotes/new" attr:class="button primary">{move || i18n.q().new_request}</A></p>
                    })}
                    <StateFilter vendor chosen=state() customers=list.customers.clone() customer=customer() />
                    <QuoteTable rows=list.rows vendor />
                }.into_any()
            }))}
        </Transition>
    }
}

/// A plain GET form: works without the script.
#[component]
fn StateFilter(
    vendor: bool,
    chosen: String,
    customers: Vec<(String, String)>,
    customer: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/quotes" class="search-bar" role="search">
            <label for="state">{move || i18n.q().col_state}</label>
            <select id="state" name="state">
                <option value="">{move || if vendor { i18n.q().any_state } else { i18n.q().all_states }}</option>
                {QuoteState::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=chosen == s.as_str()>{move || i18n.q().state(s)}</option>
                }).collect_view()}
            </select>
            {vendor.then(|| view! {
                <label for="customer">{move || i18n.q().col_customer}</label>
                <select id="customer" name="customer">
                    <option value="">{move || i18n.q().any_customer}</option>
                    {customers.into_iter().map(|(id, name)| {
                        let selected = id == customer;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            })}
            <button type="submit" class="button">{move || i18n.q().filter}</button>
        </form>
    }
}

#[component]
fn QuoteTable(rows: Vec<QuoteRow>, vendor: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="quotes">
                <thead><tr>
                    <th scope="col">{move || i18n.q().col_quote}</th>
                    {vendor.then(|| view! { <th scope="col">{move || i18n.q().col_customer}</th> })}
                    <th scope="col">{move || i18n.q().col_requester}</th>
                    <th scope="col">{move || i18n.q().col_state}</th>
                    <th scope="col" class="num">{move || i18n.q().col_total}</th>
                    <th scope="col">{move || i18n.q().col_valid}</th>
                    <th scope="col">{move || i18n.q().col_since}</th>
                </tr></thead>
                <tbody>
                    {rows.is_empty().then(|| view! { <tr><td colspan="7" data-empty="quotes">{move || i18n.q().empty}</td></tr> })}
                    {rows.into_iter().map(|r| {
                        let state = r.state;
                        view! {
                            <tr data-quote=r.number>
                                <td data-label=move || i18n.q().col_quote>
                                    <A href=format!("/quotes/{}", r.id)>{move || quote_name(i18n, r.number)}</A>
                                </td>
                                {vendor.then(|| view! { <td data-label=move || i18n.q().col_customer>{r.customer.clone()}</td> })}
                                <td data-label=move || i18n.q().col_requester>{r.requester.clone()}</td>
                                <td data-label=move || i18n.q().col_state data-state=state.as_str()>{move || i18n.q().state(state)}</td>
                                <td data-label=move || i18n.q().col_total class="num">{move || r.total.map(|t| i18n.money(t)).unwrap_or_default()}</td>
                                <td data-label=move || i18n.q().col_valid>{move || r.valid_until.map(|d| i18n.c().day(d)).unwrap_or_default()}</td>
                                <td data-label=move || i18n.q().col_since>{move || i18n.c().instant(r.waiting_since)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn problems_of(value: Option<Result<RequestResult, AppError>>) -> FormProblems {
    match value {
        Some(Ok(RequestResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

/// The request form; `?from=cart` fills it with the cart's lines. Works without the
/// script: a refusal comes back with the problems at their fields and the text kept.
#[component]
pub fn NewQuotePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let from_cart = query.read_untracked().get("from").as_deref() == Some("cart");
    let start = Resource::new(move || from_cart, quote_request_start);
    let action = ServerAction::<RequestQuote>::new();
    crate::plain_form::restore_answer(action);
    let problems = move || problems_of(action.value().get());
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(RequestResult::Requested { quote_id, .. })) = action.value().get() {
            navigate(&format!("/quotes/{quote_id}"), Default::default());
        }
    });
    let kept = |name: &str, start: String| crate::plain_form::kept(name).unwrap_or(start);
    view! {
        <PageTitle text=move || i18n.q().new_title />
        <p><A href="/quotes">{move || i18n.q().back}</A></p>
        <h1>{move || i18n.q().new_title}</h1>
        <p class="lead">{move || i18n.q().new_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let start = match start.await {
                    Ok(start) => start,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <ActionForm action attr:class="quote-form" attr:novalidate=true>
                            <input type="hidden" name="idempotency_key" value=start.idempotency_key />
                            <TextField name="catalog_lines" label=Signal::derive(move || i18n.q().catalog_lines)
                                problem=field("catalog_lines") max_chars=5000 multiline=true
                                value=kept("catalog_lines", start.form.catalog_lines)
                                hint=Signal::derive(move || i18n.q().catalog_hint) />
                            <TextField name="free_text_lines" label=Signal::derive(move || i18n.q().free_text_lines)
                                problem=field("free_text_lines") max_chars=5000 multiline=true
                                value=kept("free_text_lines", String::new())
                                hint=Signal::derive(move || i18n.q().free_text_hint) />
                            <TextField name="wished_date" label=Signal::derive(move || i18n.q().wished_date)
                                problem=field("wished_date") max_chars=10 input_type="date"
                                value=kept("wished_date", String::new()) />
                            <TextField name="message" label=Signal::derive(move || i18n.q().message)
                                problem=field("message") max_chars=MESSAGE_MAX multiline=true
                                value=kept("message", String::new()) />
                            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                {move || if action.pending().get() { i18n.q().sending } else { i18n.q().submit }}
                            </button>
                            {move || match action.value().get() {
                                Some(Ok(RequestResult::Invalid(_))) => Some(view! { <p class="field-error" role="alert">{i18n.q().fix_fields}</p> }.into_any()),
                                Some(Err(_)) => Some(view! { <p class="field-error" role="alert">{i18n.q().failed}</p> }.into_any()),
                                _ => None,
                            }}
                        </ActionForm>
                    </section>
                }.into_any()
            }))}
        </Transition>
    }
}
