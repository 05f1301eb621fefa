//! The printable offer: vendor, customer, lines, totals, terms and validity on one
//! page, for the browser's "print" or "save as PDF" (the print stylesheet hides the
//! portal around it).

use super::quote::line_name;
use super::quote_name;
use crate::api::quotes::{QuoteDetail, get_quote};
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn QuotePrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, get_quote);
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Printable d /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

/// Opens the browser's print dialog: an island, the one thing here that needs the
/// script (without it, the browser's own "print" does the same).
#[island]
fn PrintButton(label: String) -> impl IntoView {
    let live = crate::components::island_mark();
    view! {
        <button type="button" class="button" data-hydrated=live on:click=|_| {
            let _ = window().print();
        }>{label}</button>
    }
}

#[component]
fn Printable(d: QuoteDetail) -> impl IntoView {
    let i18n = use_i18n();
    let number = d.number;
    let Some(v) = d.versions.last().cloned() else {
        return view! { <p class="note">{move || i18n.q().empty}</p> }.into_any();
    };
    let title = move || {
        format!(
            "{} {} · {} {}",
            i18n.q().print_title,
            quote_name(i18n, number),
            i18n.q().version,
            v.version
        )
    };
    let back = format!("/quotes/{}", d.id);
    view! {
        <PageTitle text=title />
        <p class="no-print">
            <A href=back>{move || i18n.q().back}</A>" "
            <PrintButton label=i18n.q().print_button.to_string() />
        </p>
        <article class="printable-offer">
            <header>
                <h1>{title}</h1>
                <dl class="facts">
                    <dt>{move || i18n.q().print_from}</dt><dd>"Nordhydraulik GmbH"</dd>
                    <dt>{move || i18n.q().print_for}</dt><dd>{d.customer.clone()}" · "{d.requester.clone()}</dd>
                    <dt>{move || i18n.q().offered_by}</dt><dd>{v.offered_by.clone()}" · "{move || i18n.c().instant(v.offered_at)}</dd>
                    <dt>{move || i18n.q().valid_until}</dt><dd>{move || i18n.c().day(v.valid_until)}</dd>
                </dl>
            </header>
            <div class="table-wrap" tabindex="0">
            <table class="quote-lines">
                <thead><tr>
                    <th scope="col">{move || i18n.q().item}</th>
                    <th scope="col" class="num">{move || i18n.q().quantity}</th>
                    <th scope="col" class="num">{move || i18n.q().unit_price}</th>
                    <th scope="col" class="num">{move || i18n.q().line_total}</th>
                </tr></thead>
                <tbody>
                    {v.lines.iter().map(|l| {
                        let l = l.clone();
                        let name = {
                            let l = l.clone();
                            move || line_name(i18n, &l)
                        };
                        view! {
                            <tr>
                                <td>{name}</td>
                                <td class="num">{l.quantity}" "{l.unit.clone()}</td>
                                <td class="num">{move || l.unit_price.map(|m| i18n.money(m)).unwrap_or_default()}</td>
                                <td class="num">{move || l.line_total.map(|m| i18n.money(m)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr><th scope="row" colspan="3">{move || i18n.q().goods}</th><td class="num">{move || i18n.money(v.goods)}</td></tr>
                    <tr><th scope="row" colspan="3">{move || i18n.q().shipping}</th><td class="num">{move || i18n.money(v.shipping)}</td></tr>
                    <tr><th scope="row" colspan="3">{move || i18n.q().total}</th><td class="num"><strong>{move || i18n.money(v.total)}</strong></td></tr>
                </tfoot>
            </table>
            </div>
            <dl class="facts">
                <dt>{move || i18n.q().payment}</dt>
                <dd>{move || match v.payment_net_days {
                    Some(days) => format!("{days} {}", i18n.q().payment_days),
                    None => i18n.q().as_in_contract.to_string(),
                }}</dd>
                {v.delivery_terms.clone().map(|terms| view! { <dt>{move || i18n.q().delivery_terms}</dt><dd>{terms}</dd> })}
            </dl>
            <p class="note">{move || i18n.q().print_net}</p>
        </article>
    }
    .into_any()
}
