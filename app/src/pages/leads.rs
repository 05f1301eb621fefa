//! The vendor's leads from the technical downloads: the list (`/vendor/leads`) and one
//! lead with its downloads, notes and the account manager's actions
//! (`/vendor/leads/{id}`). The forms are plain posts too.

use crate::AppError;
use crate::api::follow_ups::{AddFollowUp, AddOutcome, CompleteFollowUp, FollowUpItem};
use crate::api::leads::{
    AssignLead, CloseLead, ConvertLead, LeadOutcome, LeadRow, LeadView, NoteLead, lead, leads,
};
use crate::components::{PageTitle, TextField, suspended};
use crate::i18n::use_i18n;
use crate::pages::follow_ups::FollowUpList;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::lead::NOTE_MAX;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LeadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| leads());
    view! {
        <PageTitle text=move || i18n.l().leads_title />
        <h1>{move || i18n.l().leads_title}</h1>
        <p class="lead">{move || i18n.l().leads_lead}</p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let rows = match rows.await {
                    Ok(rows) => rows,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                if rows.is_empty() {
                    return view! { <p data-empty="leads">{move || i18n.l().no_leads}</p> }.into_any();
                }
                view! {
                    <table class="stack">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.l().col_person}</th>
                                <th scope="col">{move || i18n.l().col_company}</th>
                                <th scope="col">{move || i18n.l().col_downloaded}</th>
                                <th scope="col">{move || i18n.l().col_status}</th>
                                <th scope="col">{move || i18n.l().col_assigned}</th>
                                <th scope="col">{move || i18n.l().col_registered}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! { <LeadListRow row /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }))}
        </Transition>
    }
}

#[component]
fn LeadListRow(row: LeadRow) -> impl IntoView {
    let i18n = use_i18n();
    let status = row.status;
    let products = row.products.join(", ");
    let last = row.last_download_at;
    view! {
        <tr data-lead=row.id.clone() data-status=status.as_str()>
            <td data-label=move || i18n.l().col_person>
                <A href=format!("/vendor/leads/{}", row.id)>{row.name.clone()}</A>
                <br /><small>{row.email.clone()}</small>
                {(!row.confirmed).then(|| view! { <br /><small class="hint">{move || i18n.l().unconfirmed}</small> })}
            </td>
            <td data-label=move || i18n.l().col_company>{row.company.clone()}</td>
            <td data-label=move || i18n.l().col_downloaded data-products=products.clone()>
                {products.clone()}
                {last.map(|at| view! { <br /><small>{row.downloads}" · "{move || i18n.c().instant(at)}</small> })}
            </td>
            <td data-label=move || i18n.l().col_status><span class="badge">{move || i18n.l().status(status)}</span></td>
            <td data-label=move || i18n.l().col_assigned>
                {row.assigned_name.clone().unwrap_or_else(|| i18n.l().nobody.to_string())}
            </td>
            <td data-label=move || i18n.l().col_registered>{move || i18n.c().instant(row.created_at)}</td>
        </tr>
    }
}

#[component]
pub fn LeadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let assign = ServerAction::<AssignLead>::new();
    let note = ServerAction::<NoteLead>::new();
    let convert = ServerAction::<ConvertLead>::new();
    let close = ServerAction::<CloseLead>::new();
    let add_follow_up = ServerAction::<AddFollowUp>::new();
    let done_follow_up = ServerAction::<CompleteFollowUp>::new();
    crate::plain_form::restore_answer(add_follow_up);
    crate::plain_form::restore_answer(done_follow_up);
    crate::plain_form::restore_answer(assign);
    crate::plain_form::restore_answer(note);
    crate::plain_form::restore_answer(convert);
    crate::plain_form::restore_answer(close);
    let data = Resource::new(
        move || {
            (
                id(),
                assign.version().get(),
                note.version().get(),
                convert.version().get(),
                close.version().get(),
                add_follow_up.version().get(),
                done_follow_up.version().get(),
            )
        },
        |(id, ..)| lead(id),
    );
    view! {
        <PageTitle text=move || i18n.l().leads_title />
        <p><A href="/vendor/leads">{move || i18n.l().back_to_leads}</A></p>
        <Outcome action=assign.value() />
        <Outcome action=note.value() />
        <Outcome action=convert.value() />
        <Outcome action=close.value() />
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let follow_ups = (view.lead.id.clone(), view.follow_ups.clone(), view.today, view.may_work);
                        view! {
                            <LeadDetails view assign note convert close />
                            <LeadFollowUps follow_ups add=add_follow_up done=done_follow_up />
                        }.into_any()
                    }
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

/// What an action's answer says, above the lead.
#[component]
fn Outcome(#[prop(into)] action: Signal<Option<Result<LeadOutcome, AppError>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match action.get() {
        Some(Ok(LeadOutcome::Done)) => Some(view! { <p class="success" role="status">{i18n.l().done}</p> }.into_any()),
        Some(Ok(LeadOutcome::Converted { organization_id, invited })) => Some(view! {
            <p class="success" role="status" data-converted=organization_id.clone()>
                {if invited { i18n.l().converted } else { i18n.l().converted_not_invited }}" "
                <A href=format!("/vendor/customers/{organization_id}")>{i18n.l().to_customer}</A>
            </p>
        }.into_any()),
        Some(Ok(LeadOutcome::Refused(r))) => Some(view! { <p class="form-error" role="alert">{i18n.l().refusal(r)}</p> }.into_any()),
        Some(Ok(LeadOutcome::Invalid(p))) if p.email.is_some() => {
            let email = p.email;
            Some(view! {
                <crate::components::FieldMessage problem=Signal::derive(move || email) id="lead-email-error".to_string() />
            }.into_any())
        }
        Some(Err(_)) => Some(view! { <p class="form-error" role="alert">{i18n.t().error_body}</p> }.into_any()),
        _ => None,
    }
    }
}

#[component]
fn LeadDetails(
    view: LeadView,
    assign: ServerAction<AssignLead>,
    note: ServerAction<NoteLead>,
    convert: ServerAction<ConvertLead>,
    close: ServerAction<CloseLead>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lead = view.lead.clone();
    let status = lead.status;
    let note_problem = Signal::derive(move || match note.value().get() {
        Some(Ok(LeadOutcome::Invalid(p))) => p.note,
        _ => None,
    });
    let manager_problem =
        Signal::derive(
            move || match (assign.value().get(), convert.value().get()) {
                (Some(Ok(LeadOutcome::Invalid(p))), _) | (_, Some(Ok(LeadOutcome::Invalid(p)))) => {
                    p.account_manager
                }
                _ => None,
            },
        );
    let managers = view.account_managers.clone();
    let assigned = lead.assigned_to.clone();
    let options = move || {
        managers
            .iter()
            .map(|m| {
                let selected = assigned.as_deref() == Some(m.id.as_str());
                view! { <option value=m.id.clone() selected=selected>{m.display_name.clone()}</option> }
            })
            .collect_view()
    };
    let options_again = options.clone();
    let (id, id_assign, id_convert, id_close) = (
        lead.id.clone(),
        lead.id.clone(),
        lead.id.clone(),
        lead.id.clone(),
    );
    view! {
        <h1>{lead.name.clone()}" — "{lead.company.clone()}</h1>
        <dl class="facts">
            <dt>{move || i18n.l().email}</dt><dd>{lead.email.clone()}</dd>
            <dt>{move || i18n.l().col_status}</dt><dd data-status=status.as_str()>{move || i18n.l().status(status)}</dd>
            <dt>{move || i18n.l().col_assigned}</dt>
            <dd>{lead.assigned_name.clone().unwrap_or_else(|| i18n.l().nobody.to_string())}</dd>
            <dt>{move || i18n.l().col_registered}</dt>
            <dd>{move || i18n.c().instant(lead.created_at)}
                {(!lead.confirmed).then(|| view! { " · "{move || i18n.l().unconfirmed} })}</dd>
        </dl>
        <section class="panel">
            <h2>{move || i18n.l().downloads_heading}</h2>
            {view.downloads.is_empty().then(|| view! { <p>{move || i18n.l().no_downloads}</p> })}
            <ul class="lead-downloads">
                {view.downloads.into_iter().map(|d| view! {
                    <li><span class="when">{move || i18n.c().instant(d.at)}</span>" "{d.title.clone()}
                        {d.product.clone().map(|p| view! { " · "<strong>{p}</strong> })}</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel">
            <h2>{move || i18n.l().notes_heading}</h2>
            {view.notes.is_empty().then(|| view! { <p>{move || i18n.l().no_notes}</p> })}
            <ul class="lead-notes">
                {view.notes.into_iter().map(|n| view! {
                    <li><span class="when">{move || i18n.c().instant(n.at)}" · "{n.author.clone()}</span>" "<span class="note-text">{n.text.clone()}</span></li>
                }).collect_view()}
            </ul>
            {view.may_work.then(|| view! {
                <ActionForm action=note attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="id" value=id.clone() />
                    <TextField name="note" label=Signal::derive(move || i18n.l().note)
                        hint=Signal::derive(move || i18n.l().note_hint)
                        problem=note_problem max_chars=NOTE_MAX required=true multiline=true
                        value=crate::plain_form::kept("note").filter(|_| matches!(note.value().get_untracked(), Some(Ok(ref o)) if *o != LeadOutcome::Done)).unwrap_or_default() />
                    <button type="submit" class="button" disabled=move || note.pending().get()>{move || i18n.l().add_note}</button>
                </ActionForm>
            })}
        </section>
        {view.may_assign.then(|| view! {
            <section class="panel">
                <h2>{move || i18n.l().assign_heading}</h2>
                <ActionForm action=assign attr:class="form">
                    <input type="hidden" name="id" value=id_assign.clone() />
                    <label for="assign-manager">{move || i18n.l().account_manager}</label>
                    <select id="assign-manager" name="account_manager" aria-describedby="assign-manager-error">{options.clone()}</select>
                    <crate::components::FieldMessage problem=manager_problem id="assign-manager-error".to_string() />
                    <button type="submit" class="button" disabled=move || assign.pending().get()>{move || i18n.l().assign}</button>
                </ActionForm>
            </section>
        })}
        {view.may_work.then(|| view! {
            <section class="panel">
                <h2>{move || i18n.l().convert_heading}</h2>
                <p>{move || i18n.l().convert_lead}</p>
                <ActionForm action=convert attr:class="form">
                    <input type="hidden" name="id" value=id_convert.clone() />
                    <label for="convert-manager">{move || i18n.l().account_manager}</label>
                    <select id="convert-manager" name="account_manager">{options_again.clone()}</select>
                    <button type="submit" class="button primary" disabled=move || convert.pending().get()>{move || i18n.l().convert}</button>
                </ActionForm>
                <ActionForm action=close attr:class="inline-actions">
                    <input type="hidden" name="id" value=id_close.clone() />
                    <button type="submit" class="button danger" disabled=move || close.pending().get()>{move || i18n.l().close}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// The lead's follow-ups, and the form to add one for oneself (who may work it).
#[component]
fn LeadFollowUps(
    follow_ups: (
        String,
        Vec<FollowUpItem>,
        kontor_domain::calendar::Day,
        bool,
    ),
    add: ServerAction<AddFollowUp>,
    done: ServerAction<CompleteFollowUp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (lead_id, items, today, may_work) = follow_ups;
    // What a refused plain post of the follow-up form kept (the lead's note form keeps
    // its own `note`: only with this form's answer).
    let kept_follow_up = move |name: &str| {
        matches!(
            add.value().get_untracked(),
            Some(Ok(AddOutcome::Invalid(_)))
        )
        .then(|| crate::plain_form::kept(name))
        .flatten()
    };
    let problem = move |field: &'static str| {
        Signal::derive(move || match add.value().get() {
            Some(Ok(AddOutcome::Invalid(p))) => p.get(field),
            _ => None,
        })
    };
    view! {
        <section class="panel" data-lead-follow-ups="">
            <h2>{move || i18n.fu().title}</h2>
            <FollowUpList items done show_customer=false />
            {may_work.then(|| view! {
                {move || matches!(add.value().get(), Some(Ok(AddOutcome::Added))).then(|| view! {
                    <p class="success" role="status">{move || i18n.fu().added}</p>
                })}
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="lead_id" value=lead_id.clone() />
                    <TextField name="note" id="follow-up-note".to_string() label=Signal::derive(move || i18n.fu().note)
                        hint=Signal::derive(move || i18n.fu().note_hint)
                        problem=problem("note") max_chars=kontor_domain::follow_up::NOTE_MAX required=true
                        value=kept_follow_up("note").unwrap_or_default() />
                    <TextField name="due" input_type="date" label=Signal::derive(move || i18n.fu().due)
                        problem=problem("due") max_chars=10 required=true value=kept_follow_up("due").unwrap_or_else(|| today.to_string()) />
                    <button type="submit" class="button" disabled=move || add.pending().get()>
                        {move || i18n.fu().add}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}
