//! One service request: its facts and due times, the conversation (internal notes
//! only ever arrive for vendor staff), and the forms the caller may use.

use super::{Due, problems_of};
use crate::AppError;
use crate::api::service::{
    AssignRequest, ReplyToRequest, RequestDetail, RequestRefusal, ServiceOutcome, SetRequestStatus,
    service_request,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::{I18n, use_i18n};
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::service::MESSAGE_MAX;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn refusal_text(
    i18n: I18n,
    value: &Option<Result<ServiceOutcome, AppError>>,
) -> Option<&'static str> {
    match value {
        Some(Ok(ServiceOutcome::Refused(RequestRefusal::ReopenWindow))) => {
            Some(i18n.s().refused_window)
        }
        Some(Ok(ServiceOutcome::Refused(RequestRefusal::Status))) => Some(i18n.s().refused_status),
        Some(Err(_)) => Some(i18n.s().failed),
        _ => None,
    }
}

/// Bumps `version` whenever `action` succeeded, so the page reloads the request.
fn reload_on_done(value: Signal<Option<Result<ServiceOutcome, AppError>>>, version: RwSignal<u32>) {
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(ServiceOutcome::Done { .. }))) {
            version.update(|v| *v += 1);
        }
    });
}

#[component]
pub fn ServiceRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = RwSignal::new(0u32);
    let reply = ServerAction::<ReplyToRequest>::new();
    crate::plain_form::restore_answer(reply);
    let assign = ServerAction::<AssignRequest>::new();
    let status = ServerAction::<SetRequestStatus>::new();
    crate::plain_form::restore_answer(assign);
    crate::plain_form::restore_answer(status);
    let attach = crate::plain_form::answer_signal::<crate::api::service::AttachToRequest>();
    for value in [
        Signal::derive(move || reply.value().get()),
        Signal::derive(move || assign.value().get()),
        Signal::derive(move || status.value().get()),
    ] {
        reload_on_done(value, version);
    }
    let detail = Resource::new(move || (id(), version.get()), |(id, _)| service_request(id));
    view! {
        <p><A href="/service">{move || i18n.s().back}</A></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <RequestView d reply assign status attach /> }.into_any(),
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn RequestView(
    d: RequestDetail,
    reply: ServerAction<ReplyToRequest>,
    assign: ServerAction<AssignRequest>,
    status: ServerAction<SetRequestStatus>,
    attach: Signal<Option<Result<ServiceOutcome, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let r = d.row.clone();
    let heading = {
        let subject = r.subject.clone();
        move || format!("{} · {}", i18n.s().request_number(r.number), subject)
    };
    let (kind, priority, state) = (r.kind, r.priority, r.status);
    view! {
        <PageTitle text=heading.clone() />
        <h1 data-request=r.number>{heading}</h1>
        {view! { <section class="panel request-facts">
            <dl class="facts">
                <dt>{move || i18n.s().col_status}</dt><dd data-status=state.as_str()>{move || i18n.s().status(state)}</dd>
                <dt>{move || i18n.s().kind}</dt><dd>{move || i18n.s().kind(kind)}</dd>
                <dt>{move || i18n.s().priority}</dt><dd>{move || i18n.s().priority(priority)}</dd>
                {r.customer.clone().map(|c| view! { <dt>{move || i18n.s().col_customer}</dt><dd>{c}</dd> })}
                <dt>{move || i18n.s().opened_by}</dt><dd>{r.opened_by.clone()}" · "{move || i18n.c().instant(r.opened_at)}</dd>
                {d.order_id.clone().zip(d.order_number).map(|(id, n)| view! {
                    <dt>{move || i18n.s().order}</dt><dd><A href=format!("/orders/{id}")>{move || i18n.o().number(n)}</A></dd>
                })}
                {d.product.clone().map(|p| view! { <dt>{move || i18n.s().product}</dt><dd>{p}</dd> })}
                {d.quantity.map(|q| view! { <dt>{move || i18n.s().quantity}</dt><dd>{q}</dd> })}
                {d.staff.then(|| view! { <dt>{move || i18n.s().assignee}</dt><dd data-assignee="">{r.assignee.clone().unwrap_or_else(|| i18n.s().nobody.to_string())}</dd> })}
                <dt>{move || i18n.s().first_response_due}</dt>
                <dd data-due="first_response"><Due at=d.first_response_due sla=d.response_sla />
                    {d.first_response_at.map(|at| view! { " · "{move || i18n.s().responded_at}" "{move || i18n.c().instant(at)} })}</dd>
                <dt>{move || i18n.s().resolution_due}</dt>
                <dd data-due="resolution"><Due at=d.resolution_due sla=d.resolution_sla />
                    {d.resolved_at.map(|at| view! { " · "{move || i18n.s().resolved_at}" "{move || i18n.c().instant(at)} })}</dd>
            </dl>
            {d.paused.then(|| view! { <p class="note" data-paused="">{move || i18n.s().clock_paused}</p> })}
        </section> }.into_any()}
        <Conversation d=d.clone() />
        {d.can_reply.then(|| view! { <ReplyForm request_id=r.id.clone() staff=d.can_work action=reply /> }.into_any())}
        {d.can_reply.then(|| view! { <AttachForm request_id=r.id.clone() staff=d.can_work max_mb=d.max_mb answer=attach /> }.into_any())}
        {d.can_work.then(|| view! { <WorkPanel d=d.clone() assign status /> }.into_any())}
        {(!d.staff).then(|| view! { <CustomerPanel d=d.clone() status /> }.into_any())}
    }
}

#[component]
fn Conversation(d: RequestDetail) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel conversation">
            <h2>{move || i18n.s().conversation}</h2>
            <ol class="messages">
                {d.messages.into_iter().map(|m| {
                    let internal = m.internal;
                    let after = m.status_after;
                    view! {
                        <li class=format!("message side-{}{}", m.side, if internal { " internal" } else { "" })
                            data-message=m.id.clone() data-internal=internal.to_string()>
                            <p class="meta"><strong>{m.author.clone()}</strong>" · "{move || i18n.c().instant(m.at)}
                                {internal.then(|| view! { " · "<span class="badge">{move || i18n.s().internal_badge}</span> })}
                                {after.map(|s| view! { " · "<span class="badge">{move || i18n.s().status_set.replace("{status}", i18n.s().status(s))}</span> })}
                            </p>
                            <p class="body">{m.body.clone()}</p>
                            {(!m.attachments.is_empty()).then(|| view! {
                                <ul class="attachments">
                                    {m.attachments.into_iter().map(|f| view! {
                                        <li><a href=format!("/files/service/{}", f.id) rel="external" download=f.file_name.clone()>{f.file_name.clone()}</a>
                                            " ("{move || i18n.d().size(f.size_bytes)}")"</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ReplyForm(
    request_id: String,
    staff: bool,
    action: ServerAction<ReplyToRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str| {
        Signal::derive(move || problems_of(action.value().get()).get(name))
    };
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(ServiceOutcome::Done { .. })))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    view! {
        <section class="panel reply">
            <h2>{move || i18n.s().reply}</h2>
            <ActionForm action node_ref=form>
                <input type="hidden" name="request_id" value=request_id />
                <TextField name="body" label=Signal::derive(move || i18n.s().reply_label) problem=field("body") max_chars=MESSAGE_MAX multiline=true required=true
                    value=crate::plain_form::kept("body").unwrap_or_default() />
                {staff.then(|| view! {
                    <label class="check"><input type="checkbox" name="internal" value="1" />" "{move || i18n.s().as_internal}</label>
                    <label class="check"><input type="checkbox" name="wait" value="1" />" "{move || i18n.s().wait_for_customer}</label>
                })}
                <button type="submit" class="button primary" disabled=move || action.pending().get()>{move || i18n.s().send_reply}</button>
                {move || refusal_text(i18n, &action.value().get()).map(|t| view! { <p class="field-error" role="alert">{t}</p> })}
            </ActionForm>
        </section>
    }
}

#[component]
fn AttachForm(
    request_id: String,
    staff: bool,
    max_mb: u64,
    answer: Signal<Option<Result<ServiceOutcome, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = Signal::derive(move || problems_of(answer.get()).get("file"));
    view! {
        <details class="panel upload">
            <summary><h2>{move || i18n.s().attach_title}</h2></summary>
            <form method="post" action="/api/attach_to_request" enctype="multipart/form-data">
                <input type="hidden" name="request_id" value=request_id />
                {staff.then(|| view! { <label class="check"><input type="checkbox" name="internal" value="1" />" "{move || i18n.s().as_internal}</label> })}
                <label for="file">{move || i18n.d().file}</label>
                <small class="hint">{move || i18n.s().attach_hint.replace("{max}", &max_mb.to_string())}</small>
                <input id="file" name="file" type="file" required=true aria-describedby="file-error"
                    aria-invalid=move || problem.get().is_some().to_string() />
                <FieldMessage problem id="file-error".to_string() />
                <button type="submit" class="button">{move || i18n.s().attach_submit}</button>
                {move || refusal_text(i18n, &answer.get()).map(|t| view! { <p class="field-error" role="alert">{t}</p> })}
            </form>
        </details>
    }
}

#[component]
fn WorkPanel(
    d: RequestDetail,
    assign: ServerAction<AssignRequest>,
    status: ServerAction<SetRequestStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str| {
        Signal::derive(move || problems_of(status.value().get()).get(name))
    };
    let active = d.row.status.is_active();
    let current = d.row.assignee.clone().unwrap_or_default();
    let id = d.row.id.clone();
    let (close_id, resolve_id) = (id.clone(), id.clone());
    view! {
        <section class="panel work">
            {active.then(|| view! {
                <ActionForm action=assign attr:class="inline assign">
                    <input type="hidden" name="request_id" value=id />
                    <label for="assignee_id">{move || i18n.s().assignee}</label>
                    <select id="assignee_id" name="assignee_id">
                        {d.assignees.into_iter().map(|c| {
                            let selected = c.name == current;
                            view! { <option value=c.id selected=selected>{c.name}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">{move || i18n.s().assign}</button>
                </ActionForm>
                <ActionForm action=status attr:class="resolve">
                    <input type="hidden" name="request_id" value=resolve_id />
                    <input type="hidden" name="status" value="resolved" />
                    <TextField name="comment" id="resolve-comment".to_string() label=Signal::derive(move || i18n.s().resolve_comment) problem=field("comment") max_chars=MESSAGE_MAX multiline=true required=true
                        value=crate::plain_form::kept("comment").unwrap_or_default() />
                    <button type="submit" class="button primary">{move || i18n.s().resolve}</button>
                </ActionForm>
            })}
            {d.can_close.then(|| view! { <CloseForm request_id=close_id.clone() status /> })}
            {move || refusal_text(i18n, &status.value().get()).map(|t| view! { <p class="field-error" role="alert">{t}</p> })}
        </section>
    }
}

#[component]
fn CustomerPanel(d: RequestDetail, status: ServerAction<SetRequestStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str| {
        Signal::derive(move || problems_of(status.value().get()).get(name))
    };
    let id = d.row.id.clone();
    let close_id = id.clone();
    (d.reopen_until.is_some() || d.can_close).then(|| view! {
        <section class="panel reopen">
            {d.reopen_until.map(|until| view! {
                <p>{move || i18n.s().reopen_until.replace("{until}", &i18n.c().instant(until))}</p>
                <ActionForm action=status>
                    <input type="hidden" name="request_id" value=id.clone() />
                    <input type="hidden" name="status" value="reopen" />
                    <TextField name="comment" id="reopen-comment".to_string() label=Signal::derive(move || i18n.s().reopen_comment) problem=field("comment") max_chars=MESSAGE_MAX multiline=true required=true
                        value=crate::plain_form::kept("comment").unwrap_or_default() />
                    <button type="submit" class="button">{move || i18n.s().reopen}</button>
                </ActionForm>
            })}
            {d.can_close.then(|| view! { <CloseForm request_id=close_id.clone() status /> })}
            {move || refusal_text(i18n, &status.value().get()).map(|t| view! { <p class="field-error" role="alert">{t}</p> })}
        </section>
    })
}

#[component]
fn CloseForm(request_id: String, status: ServerAction<SetRequestStatus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=status attr:class="inline">
            <input type="hidden" name="request_id" value=request_id />
            <input type="hidden" name="status" value="closed" />
            <button type="submit" class="button">{move || i18n.s().close}</button>
        </ActionForm>
    }
}
