//! Service requests: the customer's list and the vendor's queue (filters, due
//! soonest first, near and late ones marked), the new-request form, one request
//! with its conversation, the survey behind the resolution mail and the vendor's
//! satisfaction report.

mod request;
mod survey;

pub use request::ServiceRequestPage;
pub use survey::{RelationshipSurveyPage, SatisfactionPage, SurveyPage};

use crate::AppError;
use crate::address::encode;
use crate::api::service::{
    OpenServiceRequest, RequestList, RequestRow, ServiceOutcome, service_form, service_requests,
};
use crate::components::PageTitle;
use crate::components::{FieldMessage, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FormProblems;
use kontor_domain::service::{MESSAGE_MAX, RequestKind, RequestStatus, SUBJECT_MAX, SlaState};
use kontor_domain::terms::Priority;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The field problems of a service form's last answer.
pub(crate) fn problems_of(value: Option<Result<ServiceOutcome, AppError>>) -> FormProblems {
    match value {
        Some(Ok(ServiceOutcome::Invalid(p))) => p,
        _ => FormProblems::default(),
    }
}

/// A due time with where it stands, marked for the eye and for tests.
#[component]
pub(crate) fn Due(at: i64, sla: SlaState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("due sla-{}", sla.as_str()) data-sla=sla.as_str()>
            {move || i18n.c().instant(at)}" "<small class="badge">{move || i18n.s().sla(sla)}</small>
        </span>
    }
}

fn list_href(params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if query.is_empty() {
        "/service".into()
    } else {
        format!("/service?{}", query.join("&"))
    }
}

#[component]
pub fn ServiceListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &'static str| move || query.read().get(name).unwrap_or_default();
    let (status, priority, customer, assignee, after) = (
        param("status"),
        param("priority"),
        param("customer"),
        param("assignee"),
        param("after"),
    );
    let page = Resource::new(
        move || (status(), priority(), customer(), assignee(), after()),
        |(s, p, c, a, after)| service_requests(s, p, c, a, after),
    );
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let list = match page.await {
                    Ok(list) => list,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let filters = [
                    ("status", status()),
                    ("priority", priority()),
                    ("customer", customer()),
                    ("assignee", assignee()),
                ];
                let next = list.next.clone().map(|n| {
                    let mut p = filters.to_vec();
                    p.push(("after", n));
                    list_href(&p)
                });
                let first = (!after().is_empty()).then(|| list_href(&filters));
                let staff = list.staff;
                view! {
                    <PageTitle text=move || if staff { i18n.s().title_staff } else { i18n.s().title_customer } />
                    <h1>{move || if staff { i18n.s().title_staff } else { i18n.s().title_customer }}</h1>
                    <p class="lead">{move || if staff { i18n.s().lead_staff } else { i18n.s().lead_customer }}</p>
                    {list.can_open.then(|| view! { <p><A href="/service/new" attr:class="button primary">{move || i18n.s().new_request}</A></p> })}
                    {staff.then(|| view! { <p><A href="/satisfaction">{move || i18n.s().satisfaction_title}</A></p> })}
                    <Filters list=list.clone() status=status() priority=priority() customer=customer() assignee=assignee() />
                    <RequestTable rows=list.rows staff />
                    <nav class="pager">
                        {first.map(|href| view! { <A href=href>{move || i18n.s().first_page}</A> })}
                        {next.map(|href| view! { <A href=href attr:rel="next">{move || i18n.s().more}</A> })}
                    </nav>
                }.into_any()
            }))}
        </Transition>
    }
}

#[component]
fn Filters(
    list: RequestList,
    status: String,
    priority: String,
    customer: String,
    assignee: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = list.staff;
    view! {
        <form method="get" action="/service" class="search-bar" role="search">
            <label for="status">{move || i18n.s().col_status}</label>
            <select id="status" name="status">
                // The queue shows the active ones unless asked for all.
                <option value=if staff { "all" } else { "" } selected=status == "all">{move || i18n.s().any_status}</option>
                <option value="active" selected=status == "active" || (staff && status.is_empty())>{move || i18n.s().active_statuses}</option>
                {RequestStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=status == s.as_str()>{move || i18n.s().status(s)}</option>
                }).collect_view()}
            </select>
            <label for="priority">{move || i18n.s().priority}</label>
            <select id="priority" name="priority">
                <option value="">{move || i18n.s().any_priority}</option>
                {Priority::ALL.into_iter().map(|p| view! {
                    <option value=p.as_str() selected=priority == p.as_str()>{move || i18n.s().priority(p)}</option>
                }).collect_view()}
            </select>
            {staff.then(|| view! {
                <label for="customer">{move || i18n.s().col_customer}</label>
                <select id="customer" name="customer">
                    <option value="">{move || i18n.s().any_customer}</option>
                    {list.customers.into_iter().map(|c| {
                        let selected = c.id == customer;
                        view! { <option value=c.id selected=selected>{c.name}</option> }
                    }).collect_view()}
                </select>
                <label for="assignee">{move || i18n.s().col_assignee}</label>
                <select id="assignee" name="assignee">
                    <option value="">{move || i18n.s().anyone}</option>
                    <option value="me" selected=assignee == "me">{move || i18n.s().mine}</option>
                    <option value="none" selected=assignee == "none">{move || i18n.s().unassigned}</option>
                </select>
            })}
            <button type="submit" class="button">{move || i18n.s().filter}</button>
        </form>
    }
}

#[component]
fn RequestTable(rows: Vec<RequestRow>, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="service-requests">
                <thead><tr>
                    <th scope="col">{move || i18n.s().col_request}</th>
                    {staff.then(|| view! { <th scope="col">{move || i18n.s().col_customer}</th> })}
                    <th scope="col">{move || i18n.s().kind}</th>
                    <th scope="col">{move || i18n.s().priority}</th>
                    <th scope="col">{move || i18n.s().col_status}</th>
                    <th scope="col">{move || i18n.s().col_due}</th>
                    {staff.then(|| view! { <th scope="col">{move || i18n.s().col_assignee}</th> })}
                    <th scope="col">{move || i18n.s().col_opened}</th>
                </tr></thead>
                <tbody>
                    {rows.is_empty().then(|| view! { <tr><td colspan="8" data-empty="service">{move || i18n.s().empty}</td></tr> })}
                    {rows.into_iter().map(|r| {
                        let (kind, priority, status, sla) = (r.kind, r.priority, r.status, r.sla);
                        let active = status.is_active();
                        view! {
                            <tr data-request=r.number class=format!("sla-row-{}", if active { sla.as_str() } else { "done" })>
                                <td data-label=move || i18n.s().col_request>
                                    <A href=format!("/service/{}", r.id)>{move || i18n.s().request_number(r.number)}" · "{r.subject.clone()}</A>
                                </td>
                                {r.customer.clone().map(|c| view! { <td data-label=move || i18n.s().col_customer>{c}</td> })}
                                <td data-label=move || i18n.s().kind>{move || i18n.s().kind(kind)}</td>
                                <td data-label=move || i18n.s().priority>{move || i18n.s().priority(priority)}</td>
                                <td data-label=move || i18n.s().col_status data-status=status.as_str()>{move || i18n.s().status(status)}</td>
                                <td data-label=move || i18n.s().col_due>{active.then(|| view! { <Due at=r.due sla /> })}</td>
                                {staff.then(|| view! { <td data-label=move || i18n.s().col_assignee>{r.assignee.clone().unwrap_or_else(|| "—".into())}</td> })}
                                <td data-label=move || i18n.s().col_opened>{r.opened_by.clone()}" · "{move || i18n.c().instant(r.opened_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn NewServiceRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // From a link (an order's or a product's "report a problem"), or what a plain post
    // the server refused kept (`crate::plain_form`): the same query parameters.
    let prefill = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let (order, sku, kind) = (prefill("order"), prefill("sku"), prefill("kind"));
    let (subject, description, quantity) = (
        prefill("subject"),
        prefill("description"),
        prefill("quantity"),
    );
    let kept_priority = prefill("priority");
    let priority = Priority::ALL
        .into_iter()
        .find(|p| p.as_str() == kept_priority)
        .unwrap_or(Priority::Normal);
    let choices = Resource::new(|| (), |_| service_form());
    let action = ServerAction::<OpenServiceRequest>::new();
    crate::plain_form::restore_answer(action);
    let problems = move || problems_of(action.value().get());
    let field = move |name: &'static str| Signal::derive(move || problems().get(name));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(ServiceOutcome::Done { id })) = action.value().get() {
            navigate(&format!("/service/{id}"), Default::default());
        }
    });
    view! {
        <PageTitle text=move || i18n.s().new_title />
        <p><A href="/service">{move || i18n.s().back}</A></p>
        <h1>{move || i18n.s().new_title}</h1>
        <p class="lead">{move || i18n.s().new_lead}</p>
        <section class="panel">
            <ActionForm action attr:class="service-form">
                <label for="kind">{move || i18n.s().kind}</label>
                <select id="kind" name="kind" required=true>
                    {RequestKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=kind == k.as_str()>{move || i18n.s().kind(k)}</option>
                    }).collect_view()}
                </select>
                <FieldMessage problem=field("kind") id="kind-error".to_string() />
                <label for="priority">{move || i18n.s().priority}</label>
                <select id="priority" name="priority" required=true>
                    {Priority::ALL.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=p == priority>{move || i18n.s().priority(p)}</option>
                    }).collect_view()}
                </select>
                <FieldMessage problem=field("priority") id="priority-error".to_string() />
                <TextField name="subject" label=Signal::derive(move || i18n.s().subject) problem=field("subject") max_chars=SUBJECT_MAX required=true value=subject />
                <TextField name="description" label=Signal::derive(move || i18n.s().description) problem=field("description") max_chars=MESSAGE_MAX multiline=true required=true value=description />
                <div class="form-grid">
                    <div class="field">
                        <label for="order">{move || i18n.s().order_optional}</label>
                        <select id="order" name="order" aria-describedby="order-error"
                            aria-invalid=move || field("order").get().is_some().to_string()>
                            <option value="">"—"</option>
                            <Transition fallback=|| ()>
                                {suspended(move || {
                                    let order = order.clone();
                                    Suspend::new(async move {
                                    choices.await.unwrap_or_default().into_iter().map(|o| {
                                        let label = format!("{} · {} · {} · {}", i18n.o().number(o.number), o.po_number.clone().unwrap_or_default(), i18n.o().state(o.state), i18n.c().instant(o.placed_at));
                                        view! { <option value=o.number.to_string() selected=order == o.number.to_string()>{label}</option> }
                                    }).collect_view()
                                })})}
                            </Transition>
                        </select>
                        <FieldMessage problem=field("order") id="order-error".to_string() />
                    </div>
                    <div class="field"><TextField name="sku" label=Signal::derive(move || i18n.s().sku_optional) problem=field("sku") max_chars=64 value=sku.clone()
                        hint=Signal::derive(move || i18n.s().sku_hint) /></div>
                    <div class="field"><TextField name="quantity" label=Signal::derive(move || i18n.s().quantity_optional) problem=field("quantity") input_type="number" max_chars=7 value=quantity /></div>
                </div>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { i18n.s().sending } else { i18n.s().submit }}
                </button>
                {move || match action.value().get() {
                    Some(Ok(ServiceOutcome::Invalid(_))) => Some(view! { <p class="field-error" role="alert">{i18n.s().fix_fields}</p> }.into_any()),
                    Some(Err(_)) => Some(view! { <p class="field-error" role="alert">{i18n.s().failed}</p> }.into_any()),
                    _ => None,
                }}
            </ActionForm>
        </section>
    }
}
