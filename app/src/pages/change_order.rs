//! Changing a waiting order: quantities per line (0 removes it), one product to
//! add, the details. Works as a plain form post too; on success the browser lands on
//! the order, on a refusal it comes back here with the problems at their fields.

use crate::api::orders::{AmendOrder, AmendResult, OrderDetail, get_order};
use crate::components::{FieldMessage, PageTitle, TextField, suspended};
use crate::i18n::use_i18n;
use crate::pages::cart::refusal_text;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::Locale;
use kontor_domain::amendment::quantity_field;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn ChangeOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let amend = ServerAction::<AmendOrder>::new();
    crate::plain_form::restore_answer(amend);
    // With the script, a saved change shows the order as it is now.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(AmendResult::Amended(_) | AmendResult::NotWaiting)) = amend.value().get() {
            navigate(&format!("/orders/{}", id()), Default::default());
        }
    });
    let order = Resource::new(id, get_order);
    view! {
        <p><A href=move || format!("/orders/{}", id())>{move || i18n.o().back_to_order}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match order.await {
                    Ok(o) if o.can_change => view! { <ChangeForm o amend /> }.into_any(),
                    Ok(o) => {
                        let quoted = o.quote.is_some();
                        view! {
                            <PageTitle text=move || i18n.o().change_order.to_string() />
                            <h1>{move || i18n.o().change_order}</h1>
                            <p class="note" role="status">{move || if quoted { i18n.q().change_quoted } else { i18n.o().change_not_waiting }}</p>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn ChangeForm(o: OrderDetail, amend: ServerAction<AmendOrder>) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        i18n.o()
            .change_title
            .replace("{number}", &i18n.o().number(o.number))
    };
    let problems = move || match amend.value().get() {
        Some(Ok(AmendResult::Invalid(p))) => p,
        _ => FormProblems::default(),
    };
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    // What was typed before a refused plain post, else the order as it is.
    let kept_or = |name: &str, value: Option<String>| {
        crate::plain_form::kept(name).or(value).unwrap_or_default()
    };
    let requested = o.requested_date.map(|d| d.to_string());
    view! {
        <PageTitle text=title />
        <h1>{title}</h1>
        <p class="lead">{move || i18n.o().change_lead}</p>
        <ActionForm action=amend>
            <input type="hidden" name="order_id" value=o.id.clone() />
            <section class="panel">
                <h2>{move || i18n.o().lines_title}</h2>
                <ul class="change-lines">
                    {o.lines.iter().map(|line| {
                        let key = quantity_field(&line.sku);
                        let name = match i18n.locale.get_untracked() {
                            Locale::De => line.name_de.clone(),
                            Locale::En => line.name_en.clone(),
                        };
                        let problem = {
                            let key = key.clone();
                            Signal::derive(move || problems().get(&key))
                        };
                        let error_id = format!("{key}-error");
                        view! {
                            <li class="field" data-sku=line.sku.clone()>
                                <label for=key.clone()><span class="sku">{line.sku.clone()}</span>" "{name}</label>
                                <input id=key.clone() name=format!("quantities[{key}]") type="number" min="0" max="100000"
                                    inputmode="numeric" value=kept_or(&key, Some(line.quantity.to_string())) aria-describedby=error_id.clone() />
                                <FieldMessage problem id=error_id />
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <FieldMessage problem=field("lines") id="lines-error".to_string() />
                <div class="form-grid">
                    <div class="field"><TextField name="add_sku" label=Signal::derive(move || i18n.o().add_sku) problem=field("add_sku") max_chars=64 value=kept_or("add_sku", None) /></div>
                    <div class="field"><TextField name="add_quantity" label=Signal::derive(move || i18n.o().add_quantity) problem=field("add_quantity") max_chars=6 value=kept_or("add_quantity", Some("1".into())) /></div>
                </div>
            </section>
            <section class="panel">
                <h2>{move || i18n.o().details_title}</h2>
                <div class="form-grid">
                    <div class="field"><TextField name="po_number" label=Signal::derive(move || i18n.o().po_number) problem=field("po_number") max_chars=35 value=kept_or("po_number", o.po_number.clone()) /></div>
                    <div class="field"><TextField name="cost_center" label=Signal::derive(move || i18n.o().cost_center) problem=field("cost_center") max_chars=35 value=kept_or("cost_center", o.cost_center.clone()) /></div>
                    <div class="field wide"><TextField name="delivery_address" label=Signal::derive(move || i18n.o().delivery_address) problem=field("delivery_address") max_chars=500 multiline=true required=true value=kept_or("delivery_address", Some(o.delivery_address.clone())) /></div>
                    <div class="field"><TextField name="requested_date" label=Signal::derive(move || i18n.o().requested_date) problem=field("requested_date") max_chars=20 hint=Signal::derive(move || i18n.o().requested_hint) value=kept_or("requested_date", requested) /></div>
                    <div class="field wide"><TextField name="note" label=Signal::derive(move || i18n.o().note) problem=field("note") max_chars=1000 multiline=true value=kept_or("note", o.note.clone()) /></div>
                </div>
            </section>
            {move || match amend.value().get() {
                Some(Ok(AmendResult::Invalid(_))) => Some(view! { <p class="form-error" role="alert">{i18n.o().fix_fields}</p> }.into_any()),
                Some(Ok(AmendResult::Refused(r))) => Some(view! { <p class="form-error" role="alert">{refusal_text(i18n, &r)}</p> }.into_any()),
                Some(Ok(AmendResult::Unchanged)) => Some(view! { <p class="note" role="status">{i18n.o().change_unchanged}</p> }.into_any()),
                _ => None,
            }}
            <button type="submit" class="button primary" disabled=move || amend.pending().get()>{move || i18n.o().save_change}</button>
        </ActionForm>
    }
}
