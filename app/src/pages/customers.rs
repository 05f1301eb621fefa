//! The vendor's customer pages: the list with "new customer", one customer with its
//! members, unlock/suspend and the first admin's invitation, and audit trails.

use crate::api::customers::{
    CreateCustomer, CreateCustomerOutcome, CustomerProblems, InviteCustomerAdmin,
    SetCustomerStatus, StatusOutcome, audit_trail, customer_detail, list_customers,
};
use crate::api::team::TeamOutcome;
use crate::components::TextField;
use crate::components::{PageTitle, suspended};
use crate::i18n::use_i18n;
use crate::pages::team::money_or_none;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    // The action lives outside the reloading list, so its message survives the reload.
    let create = ServerAction::<CreateCustomer>::new();
    crate::plain_form::restore_answer(create);
    // Reload only when a customer was created: a refused form keeps what was typed.
    let created = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(CreateCustomerOutcome::Created { .. })) = create.value().get() {
            created.update(|c| *c += 1);
        }
    });
    let customers = Resource::new(move || created.get(), |_| list_customers());
    view! {
        <PageTitle text=move || i18n.a().customers_title />
        <h1>{move || i18n.a().customers_title}</h1>
        <p class="lead">{move || i18n.a().customers_lead}</p>
        <crate::pages::DueFollowUps />
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match customers.await {
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                    Ok(crate::api::customers::CustomerList { customers: list, can_create, can_manage_staff, managers }) => {
                        // The form's account managers come with the list: a suspense of
                        // the form's own, nested in this one, did not hydrate.
                        view! {
                        {can_manage_staff.then(|| view! {
                            <p class="actions">
                                <A href="/vendor/staff">{move || i18n.a().staff_title}</A>
                                <A href="/vendor/products">{move || i18n.c().products_title}</A>
                                <A href="/vendor/integrations">{move || i18n.i().title}</A>
                                <A href="/customer/audit">{move || i18n.a().audit_title}</A>
                            </p>
                        })}
                        // Who may create customers (admins, account managers) looks after
                        // them: the same people see their figures.
                        {can_create.then(|| view! {
                            <p class="actions">
                                <A href="/vendor/analytics">{move || i18n.an().nav_vendor_analytics}</A>
                                <A href="/vendor/leads">{move || i18n.l().nav_leads}</A>
                            </p>
                        })}
                        <div class="table-wrap" tabindex="0">
                            <table class="customers">
                                <thead><tr>
                                    <th scope="col">{move || i18n.a().company_name}</th>
                                    <th scope="col">{move || i18n.a().status}</th>
                                    <th scope="col">{move || i18n.a().account_manager}</th>
                                    <th scope="col" class="num">{move || i18n.a().members}</th>
                                </tr></thead>
                                <tbody>
                                    {list.is_empty().then(|| view! { <tr><td colspan="4">{move || i18n.a().customers_empty}</td></tr> })}
                                    {list.into_iter().map(|c| {
                                        let status = c.status.clone();
                                        let label = c.name.clone();
                                        view! {
                                            <tr data-customer=label>
                                                <td><A href=format!("/vendor/customers/{}", c.id)>{c.name.clone()}</A></td>
                                                <td>{move || i18n.a().org_status(&status)}</td>
                                                <td>{c.account_manager_name.clone().unwrap_or_default()}</td>
                                                <td class="num">{c.members}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {can_create.then(|| view! { <NewCustomerForm action=create managers /> })}
                    }.into_any()
                    }
                }
            }))}
        </Transition>
    }
}

#[component]
fn NewCustomerForm(
    action: ServerAction<CreateCustomer>,
    managers: Vec<crate::api::customers::StaffOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create = action;
    let problems = move || match create.value().get() {
        Some(Ok(CreateCustomerOutcome::Invalid(p))) => p,
        _ => CustomerProblems::default(),
    };
    let field = move |pick: fn(&CustomerProblems) -> Option<FieldProblem>| {
        Signal::derive(move || pick(&problems()))
    };
    // What a refused plain post kept (`crate::plain_form`).
    let kept = |name| crate::plain_form::kept(name).unwrap_or_default();
    let chosen_manager = kept("account_manager");
    view! {
                    <section class="panel form-panel">
                        <h2>{move || i18n.a().new_customer}</h2>
                        {move || match create.value().get() {
                            Some(Ok(CreateCustomerOutcome::Created { id })) => Some(view! {
                                <p class="success" role="status">
                                    {move || i18n.a().created_done}" "
                                    <A href=format!("/vendor/customers/{id}")>"→"</A>
                                </p>
                            }),
                            _ => None,
                        }}
                        <ActionForm action=create attr:class="form" attr:novalidate=true>
                            <TextField name="name" label=Signal::derive(move || i18n.a().company_name)
                                problem=field(|p| p.name) max_chars=200 required=true autocomplete="off" value=kept("name") />
                            <TextField name="vat_id" label=Signal::derive(move || i18n.a().vat_id)
                                problem=field(|p| p.vat_id) max_chars=20 autocomplete="off" value=kept("vat_id") />
                            <TextField name="billing_address" label=Signal::derive(move || i18n.a().billing_address)
                                problem=field(|p| p.billing_address) max_chars=500 multiline=true value=kept("billing_address") />
                            <TextField name="shipping_address" label=Signal::derive(move || i18n.a().shipping_address)
                                problem=field(|p| p.shipping_address) max_chars=500 multiline=true value=kept("shipping_address") />
                            <label for="account_manager">{move || i18n.a().account_manager}</label>
                            <select id="account_manager" name="account_manager">
                                {managers.into_iter().map(|m| {
                                    let selected = m.id == chosen_manager;
                                    view! { <option value=m.id selected=selected>{m.display_name}</option> }
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button" disabled=move || create.pending().get()>
                                {move || i18n.a().create}
                            </button>
                        </ActionForm>
                    </section>
    }
}

#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let status = ServerAction::<SetCustomerStatus>::new();
    let invite = ServerAction::<InviteCustomerAdmin>::new();
    crate::plain_form::restore_answer(status);
    crate::plain_form::restore_answer(invite);
    // Reload after a change, not after a refused form (which keeps its input).
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        let changed = matches!(status.value().get(), Some(Ok(StatusOutcome::Changed)));
        let invited = matches!(invite.value().get(), Some(Ok(TeamOutcome::Done)));
        if changed || invited {
            changes.update(|c| *c += 1);
        }
    });
    let customer = Resource::new(move || (id(), changes.get()), |(id, _)| customer_detail(id));
    view! {
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let c = match customer.await {
                    Ok(c) => c,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let state = c.status.clone();
                let unlockable = c.status != "active";
                let org_id = c.id.clone();
                let invite_org_id = c.id.clone();
                view! {
                    <PageTitle text=c.name.clone() />
                    <p><A href="/vendor">{move || i18n.a().back}</A></p>
                    <h1>{c.name.clone()}</h1>
                    <section class="panel">
                        <p><strong>{move || i18n.a().status}": "</strong>
                            <span data-status=c.status.clone()>{move || i18n.a().org_status(&state)}</span></p>
                        <p><strong>{move || i18n.a().vat_id}": "</strong>{c.vat_id.clone().unwrap_or_default()}</p>
                        <p><strong>{move || i18n.a().billing_address}": "</strong>{c.billing_address.clone().unwrap_or_default()}</p>
                        <p><strong>{move || i18n.a().account_manager}": "</strong>
                            {c.account_manager_name.clone().unwrap_or_default()}" "
                            {c.account_manager_email.clone().map(|e| view! { <a href=format!("mailto:{e}")>{e.clone()}</a> })}</p>
                        {move || match status.value().get() {
                            Some(Ok(StatusOutcome::Changed)) => Some(view! { <p class="success" role="status">{move || i18n.a().status_changed}</p> }.into_any()),
                            Some(Ok(StatusOutcome::AlreadyDone { current })) => Some(view! {
                                <p class="note">{move || i18n.a().already_done}" "{move || i18n.a().org_status(&current)}</p>
                            }.into_any()),
                            _ => None,
                        }}
                        {c.can_manage.then(|| view! {
                            <ActionForm action=status attr:class="inline-actions">
                                <input type="hidden" name="organization_id" value=org_id.clone() />
                                <input type="hidden" name="unlock" value=unlockable.to_string() />
                                <button type="submit" class="button" class:secondary=!unlockable>
                                    {move || if unlockable { i18n.a().unlock } else { i18n.a().suspend }}
                                </button>
                            </ActionForm>
                        })}
                        <p class="actions">
                            <A href=format!("/vendor/customers/{}/timeline", c.id)>{move || i18n.tl().nav_timeline}</A>
                            <A href=format!("/vendor/customers/{}/follow-ups", c.id)>{move || i18n.fu().nav_follow_ups}</A>
                            <A href=format!("/vendor/customers/{}/terms", c.id)>{move || i18n.c().terms_link}</A>
                            <A href=format!("/vendor/customers/{}/audit", c.id)>{move || i18n.a().audit_title}</A>
                        </p>
                    </section>
                    <h2>{move || i18n.a().members}</h2>
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead><tr>
                                <th scope="col">{move || i18n.a().name}</th>
                                <th scope="col">{move || i18n.a().roles}</th>
                                <th scope="col" class="num">{move || i18n.a().per_order_limit}</th>
                                <th scope="col">{move || i18n.a().approver}</th>
                            </tr></thead>
                            <tbody>
                                {c.members.into_iter().map(|m| {
                                    let roles = m.roles.clone();
                                    view! {
                                        <tr data-member=m.email.clone()>
                                            <td>{m.display_name.clone()}<br /><small>{m.email.clone()}</small></td>
                                            <td>{move || roles.iter().map(|r| i18n.a().role(r)).collect::<Vec<_>>().join(", ")}</td>
                                            <td class="num">{move || money_or_none(i18n, m.per_order_limit)}</td>
                                            <td>{m.approver_name.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {c.can_manage.then(|| view! { <InviteAdminForm organization_id=invite_org_id.clone() invite /> })}
                }.into_any()
            }))}
        </Transition>
    }
}

#[component]
fn InviteAdminForm(
    organization_id: String,
    invite: ServerAction<InviteCustomerAdmin>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = move || match invite.value().get() {
        Some(Ok(TeamOutcome::Invalid(p))) => p,
        _ => Default::default(),
    };
    view! {
        <section class="panel form-panel">
            <h2>{move || i18n.a().invite_admin_title}</h2>
            <Show when=move || matches!(invite.value().get(), Some(Ok(TeamOutcome::Done)))>
                <p class="success" role="status">{move || i18n.a().invited_done}</p>
            </Show>
            <Show when=move || matches!(invite.value().get(), Some(Ok(TeamOutcome::Refused(_))))>
                <p class="error" role="alert">{move || i18n.a().refused_customer_has_admin}</p>
            </Show>
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <input type="hidden" name="organization_id" value=organization_id />
                <TextField name="display_name" label=Signal::derive(move || i18n.a().name)
                    problem=Signal::derive(move || problems().display_name) max_chars=120 required=true autocomplete="off"
                    value=crate::plain_form::kept("display_name").unwrap_or_default() />
                <TextField name="email" label=Signal::derive(move || i18n.a().email)
                    problem=Signal::derive(move || problems().email) max_chars=254 required=true input_type="email" autocomplete="off"
                    value=crate::plain_form::kept("email").unwrap_or_default() />
                <button type="submit" class="button">{move || i18n.a().invite_submit}</button>
            </ActionForm>
        </section>
    }
}

/// `/customer/audit` (own organization) and `/vendor/customers/{id}/audit`.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // Older entries are a page of their own: `?before=<seq>`.
    let query = leptos_router::hooks::use_query_map();
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let id = move || params.read().get("id").unwrap_or_default();
    let entries = Resource::new(
        move || (id(), before()),
        |(id, before)| audit_trail(id, before),
    );
    view! {
        <PageTitle text=move || i18n.a().audit_title />
        <h1>{move || i18n.a().audit_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let items = match entries.await {
                    Ok(items) => items,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let oldest = items.last().map(|i| i.seq).filter(|seq| *seq > 1);
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table class="audit">
                            <thead><tr>
                                <th scope="col">"#"</th>
                                <th scope="col">{move || i18n.a().audit_when}</th>
                                <th scope="col">{move || i18n.a().audit_who}</th>
                                <th scope="col">{move || i18n.a().audit_what}</th>
                                <th scope="col">{move || i18n.a().audit_change}</th>
                            </tr></thead>
                            <tbody>
                                {items.is_empty().then(|| view! { <tr><td colspan="5">{move || i18n.a().audit_empty}</td></tr> })}
                                {items.into_iter().map(|item| view! {
                                    <tr data-action=item.action.clone()>
                                        <td class="num">{item.seq}</td>
                                        <td><time data-ms=item.at_ms>{format_utc(item.at_ms)}</time></td>
                                        <td>{item.actor_name.clone()}</td>
                                        <td><code>{item.action.clone()}</code><br /><small>{item.target.clone()}</small></td>
                                        <td>{item.before.clone().unwrap_or_default()}" → "{item.after.clone().unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {oldest.map(|seq| view! {
                        <p class="pager"><a class="button secondary" href=format!("?before={seq}")>
                            {move || i18n.a().audit_older}
                        </a></p>
                    })}
                }.into_any()
            }))}
        </Transition>
    }
}

/// "2026-11-23 14:05 UTC" without a date library in the wasm bundle.
fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let rem = secs.rem_euclid(86_400);
    let day = kontor_domain::calendar::Day(secs.div_euclid(86_400));
    format!("{day} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}
