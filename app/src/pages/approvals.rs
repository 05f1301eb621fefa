//! The approvals inbox, the team's spend this month against limits and budgets,
//! the approver's deputy and (for admins) the organization's approval times.

use crate::AppError;
use crate::api::orders::{ApprovalsView, SetApprovalTimes, SetDeputy, SettingOutcome, approvals};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use crate::sync_html::SyncHtml;
use kontor_domain::field::FormProblems;
use leptos::prelude::*;
use leptos_router::components::A;

fn problems_of(value: Option<Result<SettingOutcome, AppError>>) -> FormProblems {
    match value {
        Some(Ok(SettingOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let deputy = ServerAction::<SetDeputy>::new();
    let times = ServerAction::<SetApprovalTimes>::new();
    crate::plain_form::restore_answer(deputy);
    crate::plain_form::restore_answer(times);
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        let a = matches!(deputy.value().get(), Some(Ok(SettingOutcome::Saved)));
        let b = matches!(times.value().get(), Some(Ok(SettingOutcome::Saved)));
        if a || b {
            version.update(|v| *v += 1);
        }
    });
    let view_data = Resource::new(move || version.get(), |_| approvals());
    view! {
        <PageTitle text=move || i18n.o().approvals_title />
        <h1>{move || i18n.o().approvals_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match view_data.await {
                    // Nothing below waits: rendered in one pass (see `SyncHtml`).
                    Ok(v) => SyncHtml(view! {
                        <Waiting v=v.clone() />
                        <Spend v=v.clone() />
                        <DeputyPanel v=v.clone() action=deputy />
                        {v.can_set_times.then(|| view! { <TimesPanel v=v.clone() action=times /> })}
                    }).into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn Waiting(v: ApprovalsView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <p class="lead">{move || i18n.o().approvals_lead}</p>
            {v.waiting.is_empty().then(|| view! { <p data-empty="approvals">{move || i18n.o().approvals_empty}</p> })}
            <ul class="inbox">
                {v.waiting.into_iter().map(|w| {
                    let capacity = w.capacity.clone();
                    let behalf = w.on_behalf_of.clone().unwrap_or_default();
                    view! {
                        <li data-order=w.number>
                            <A href=format!("/orders/{}", w.id)>{move || i18n.o().number(w.number)}</A>
                            " · "{w.purchaser.clone()}" · "<span class="price">{move || i18n.money(w.total)}</span>
                            " · "{move || i18n.o().waiting_since}" "{move || i18n.c().instant(w.step_since)}
                            {move || capacity.as_deref().map(|c| match c {
                                "deputy" => format!(" ({})", i18n.o().cap_deputy.replace("{name}", &behalf)),
                                "escalation" => format!(" ({})", i18n.o().cap_escalation.replace("{name}", &behalf)),
                                _ => format!(" ({})", i18n.o().cap_admin),
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Spend(v: ApprovalsView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{move || i18n.o().spend_title}</h2>
            <div class="table-wrap" tabindex="0"><table class="spend">
                <thead><tr>
                    <th scope="col">{move || i18n.o().member}</th>
                    <th scope="col" class="num">{move || i18n.o().per_order_limit}</th>
                    <th scope="col" class="num">{move || i18n.o().monthly_budget}</th>
                    <th scope="col" class="num">{move || i18n.o().spent_this_month}</th>
                </tr></thead>
                <tbody>
                    {v.spend.into_iter().map(|r| view! {
                        <tr>
                            <td data-label=move || i18n.o().member>{r.name.clone()}</td>
                            <td class="num price" data-label=move || i18n.o().per_order_limit>{move || r.per_order_limit.map(|m| i18n.money(m)).unwrap_or_else(|| "—".into())}</td>
                            <td class="num price" data-label=move || i18n.o().monthly_budget>{move || r.monthly_budget.map(|m| i18n.money(m)).unwrap_or_else(|| "—".into())}</td>
                            <td class="num price" data-label=move || i18n.o().spent_this_month>{move || i18n.money(r.spent)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn DeputyPanel(v: ApprovalsView, action: ServerAction<SetDeputy>) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || problems_of(action.value().get());
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    let current = v.deputy.clone();
    // What a refused plain post kept (`crate::plain_form`), else the deputy as set.
    let kept = crate::plain_form::kept;
    let chosen = kept("deputy_id").or_else(|| current.as_ref().map(|d| d.deputy_id.clone()));
    let (from, to) = (
        kept("from").unwrap_or_default(),
        kept("to").unwrap_or_default(),
    );
    view! {
        <section class="panel deputy">
            <h2>{move || i18n.o().deputy_title}</h2>
            <p class="note">{move || i18n.o().deputy_lead}</p>
            {match current.clone() {
                Some(d) => view! {
                    <p data-deputy=d.name.clone()><strong>{d.name.clone()}</strong>" "{move || i18n.o().deputy_current}" ("
                        {move || i18n.c().day(d.from)}" – "{move || i18n.c().day(d.to)}")"</p>
                    <ActionForm action attr:class="inline">
                        <button type="submit" class="link-button">{move || i18n.o().deputy_clear}</button>
                    </ActionForm>
                }.into_any(),
                None => view! { <p>{move || i18n.o().deputy_none}</p> }.into_any(),
            }}
            <ActionForm action>
                <div class="form-grid">
                    <div class="field">
                        <label for="deputy_id">{move || i18n.o().deputy}</label>
                        <select id="deputy_id" name="deputy_id" aria-describedby="deputy_id-error">
                            <option value="">{move || i18n.o().choose}</option>
                            {v.candidates.into_iter().map(|(id, name)| {
                                let selected = chosen.as_deref() == Some(id.as_str());
                                view! { <option value=id selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                        <FieldMessage problem=field("deputy_id") id="deputy_id-error".to_string() />
                    </div>
                    <div class="field"><TextField name="from" label=Signal::derive(move || i18n.o().from) problem=field("from") max_chars=20 value=from /></div>
                    <div class="field"><TextField name="to" label=Signal::derive(move || i18n.o().to) problem=field("to") max_chars=20 value=to /></div>
                </div>
                <button type="submit" class="button">{move || i18n.o().save}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TimesPanel(v: ApprovalsView, action: ServerAction<SetApprovalTimes>) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || problems_of(action.value().get());
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    // What a refused plain post kept (`crate::plain_form`), else the times as set.
    let kept = |name: &str, set: String| crate::plain_form::kept(name).unwrap_or(set);
    let reminder = kept("reminder_hours", v.times.reminder_hours.to_string());
    let escalation = kept("escalation_hours", v.times.escalation_hours.to_string());
    let expiry = kept(
        "expiry_days",
        v.times
            .expiry_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    view! {
        <section class="panel times">
            <h2>{move || i18n.o().times_title}</h2>
            <p class="note">{move || i18n.o().times_lead}</p>
            <ActionForm action>
                <div class="form-grid">
                    <div class="field"><TextField name="reminder_hours" label=Signal::derive(move || i18n.o().reminder_hours) problem=field("reminder_hours") max_chars=4 value=reminder /></div>
                    <div class="field"><TextField name="escalation_hours" label=Signal::derive(move || i18n.o().escalation_hours) problem=field("escalation_hours") max_chars=4 value=escalation /></div>
                    <div class="field"><TextField name="expiry_days" label=Signal::derive(move || i18n.o().expiry_days) problem=field("expiry_days") max_chars=3 value=expiry hint=Signal::derive(move || i18n.o().expiry_hint) /></div>
                </div>
                <button type="submit" class="button">{move || i18n.o().save}</button>
                {move || matches!(action.value().get(), Some(Ok(SettingOutcome::Saved))).then(|| view! { <span role="status">{i18n.o().saved}</span> })}
            </ActionForm>
        </section>
    }
}
