//! The vendor staff's follow-ups: a customer's list with the form to add one
//! (`/vendor/customers/{id}/follow-ups`), and what is due on the start page. Both forms
//! are plain posts too, so they work before the script has arrived.

use crate::api::follow_ups::{
    AddFollowUp, AddOutcome, CompleteFollowUp, DoneOutcome, FollowUpItem, follow_ups, my_follow_ups,
};
use crate::components::{PageTitle, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let add = ServerAction::<AddFollowUp>::new();
    let done = ServerAction::<CompleteFollowUp>::new();
    crate::plain_form::restore_answer(add);
    crate::plain_form::restore_answer(done);
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(
        move || (id(), add.version().get(), done.version().get()),
        |(id, _, _)| follow_ups(id),
    );
    let problem = move |field: &'static str| {
        Signal::derive(move || match add.value().get() {
            Some(Ok(AddOutcome::Invalid(p))) => p.get(field),
            _ => None::<FieldProblem>,
        })
    };
    view! {
        <PageTitle text=move || i18n.fu().title />
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let view = match data.await {
                    Ok(view) => view,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let customer_id = view.customer_id.clone();
                let back = format!("/vendor/customers/{}", view.customer_id);
                let (name, heading_name) = (view.customer_name.clone(), view.customer_name.clone());
                let today = view.today.to_string();
                view! {
                    <p><A href=back>{name}</A></p>
                    <h1>{move || i18n.fu().title}": "{heading_name}</h1>
                    <p class="lead">{move || i18n.fu().lead}</p>
                    <FollowUpList items=view.items done show_customer=false />
                    <section class="panel form-panel">
                        <h2>{move || i18n.fu().add}</h2>
                        {move || matches!(add.value().get(), Some(Ok(AddOutcome::Added))).then(|| view! {
                            <p class="success" role="status">{move || i18n.fu().added}</p>
                        })}
                        <ActionForm action=add attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="customer_id" value=customer_id />
                            <TextField name="note" label=Signal::derive(move || i18n.fu().note)
                                hint=Signal::derive(move || i18n.fu().note_hint)
                                problem=problem("note") max_chars=kontor_domain::follow_up::NOTE_MAX required=true
                                value=crate::plain_form::kept("note").unwrap_or_default() />
                            <TextField name="due" input_type="date" label=Signal::derive(move || i18n.fu().due)
                                problem=problem("due") max_chars=10 required=true value=crate::plain_form::kept("due").unwrap_or(today) />
                            <button type="submit" class="button" disabled=move || add.pending().get()>
                                {move || i18n.fu().add}
                            </button>
                        </ActionForm>
                    </section>
                }.into_any()
            }))}
        </Transition>
    }
}

/// Follow-ups as a list, each open one with its "Mark done" button.
#[component]
pub(crate) fn FollowUpList(
    items: Vec<FollowUpItem>,
    done: ServerAction<CompleteFollowUp>,
    show_customer: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = items.is_empty();
    view! {
        {move || matches!(done.value().get(), Some(Ok(DoneOutcome::AlreadyDone))).then(|| view! {
            <p class="note" role="status">{move || i18n.fu().already_done}</p>
        })}
        <ul class="follow-ups">
            {empty.then(|| view! { <li data-empty="follow-ups">{move || if show_customer { i18n.fu().none_due } else { i18n.fu().none }}</li> })}
            {items.into_iter().map(|f| {
                let standing = f.standing;
                let id = f.id.clone();
                view! {
                    <li data-follow-up=f.id.clone() data-standing=standing.map(|s| format!("{s:?}").to_lowercase())>
                        <span class="when">{move || i18n.c().day(f.due)}
                            {standing.map(|s| view! { " · "<span class="badge">{move || i18n.fu().standing(s)}</span> })}
                        </span>
                        {show_customer.then(|| {
                            let href = match &f.lead_id {
                                Some(lead) => format!("/vendor/leads/{lead}"),
                                None => format!("/vendor/customers/{}/follow-ups", f.customer_id),
                            };
                            view! { <A href=href>{f.customer_name.clone()}</A> }
                        })}
                        <span class="note-text">{f.note.clone()}</span>
                        {match (standing, f.done_by.clone()) {
                            (Some(_), _) => view! {
                                <ActionForm action=done attr:class="inline-actions">
                                    <input type="hidden" name="id" value=id />
                                    <button type="submit" class="button secondary">{move || i18n.fu().mark_done}</button>
                                </ActionForm>
                            }.into_any(),
                            (None, by) => view! {
                                <span class="done">{move || i18n.fu().done}{by.clone().map(|b| format!(" ({b})"))}</span>
                            }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The signed-in staff member's follow-ups due today or earlier (the start page).
#[component]
pub fn DueFollowUps() -> impl IntoView {
    let i18n = use_i18n();
    let done = ServerAction::<CompleteFollowUp>::new();
    let due = Resource::new(move || done.version().get(), |_| my_follow_ups());
    view! {
        <Transition fallback=|| ()>
            {suspended(move || Suspend::new(async move {
                due.await.ok().map(|items| view! {
                    <section class="panel due-follow-ups">
                        <h2>{move || i18n.fu().due_title}</h2>
                        <FollowUpList items done show_customer=true />
                    </section>
                })
            }))}
        </Transition>
    }
}
