//! The vendor admins' integration pages: API clients and webhook endpoints on one
//! page, an endpoint's delivery log on another. A new token or signing secret is
//! shown once, where it was asked for, with the advice to copy it now.

use crate::AppError;
use crate::api::integrations::{
    ClientRow, ClientStatus, CreateApiClient, CreateWebhook, EndpointRow, IntegrationsView,
    ResendWebhook, RevokeApiClient, RotateApiClient, RotateWebhookSecret, SecretOutcome,
    SetWebhookEnabled, integrations, webhook_deliveries,
};
use crate::components::{FieldMessage, PageTitle, TextField, suspended};
use crate::i18n::use_i18n;
use crate::session::{LoadProblem, LoadRefused};
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

type Outcome = Option<Result<SecretOutcome, AppError>>;

/// True once the page runs in the browser. A new token or secret is shown only by the
/// page's script (a plain form post's redirect would drop it), so the forms that make
/// one stay disabled until then: a credential nobody saw is never created.
fn interactive() -> RwSignal<bool> {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    ready
}

fn problem_at(value: &Outcome, field: &str) -> Option<FieldProblem> {
    match value {
        Some(Ok(SecretOutcome::Invalid(problems))) => problems.get(field),
        _ => None,
    }
}

/// The secret an action just produced, shown once; or that it failed.
#[component]
fn SecretNotice(
    #[prop(into)] value: Signal<Outcome>,
    label: fn() -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match value.get() {
        Some(Ok(SecretOutcome::Shown { name, secret })) => view! {
            <div class="secret success" role="status">
                <p><strong>{label()}" "{name}</strong></p>
                <p><code class="secret-value">{secret}</code></p>
                <p>{move || i18n.i().secret_once}</p>
            </div>
        }
        .into_any(),
        Some(Err(_)) => {
            view! { <p class="form-error" role="alert">{move || i18n.i().failed}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let view_data = Resource::new(|| (), |_| integrations());
    view! {
        <PageTitle text=move || i18n.i().title />
        <h1>{move || i18n.i().title}</h1>
        <p class="lead">{move || i18n.i().lead}" "<a href="/api/v1/reference" rel="external">{move || i18n.i().reference}</a></p>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match view_data.await {
                    Err(error) => view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                    Ok(data) => view! { <IntegrationsPanel data /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

/// The clients and endpoints with their forms. An island: a new token or signing
/// secret is shown once, by the script, where it was asked for; after any change the
/// lists are loaded again.
#[island(lazy)]
fn IntegrationsPanel(data: IntegrationsView) -> impl IntoView {
    crate::i18n::island_i18n();
    let live = crate::components::island_mark();
    let create_client = ServerAction::<CreateApiClient>::new();
    let rotate_client = ServerAction::<RotateApiClient>::new();
    let revoke_client = ServerAction::<RevokeApiClient>::new();
    let create_hook = ServerAction::<CreateWebhook>::new();
    let enable_hook = ServerAction::<SetWebhookEnabled>::new();
    let rotate_hook = ServerAction::<RotateWebhookSecret>::new();
    let changes = Memo::new(move |_| {
        create_client.version().get()
            + rotate_client.version().get()
            + revoke_client.version().get()
            + create_hook.version().get()
            + enable_hook.version().get()
            + rotate_hook.version().get()
    });
    let current = RwSignal::new(data);
    // Effects run in the browser only: after a change, the lists as they now stand.
    Effect::new(move |_| {
        if changes.get() > 0 {
            leptos::task::spawn_local(async move {
                if let Ok(data) = integrations().await {
                    current.set(data);
                }
            });
        }
    });
    view! {
        <div class="integrations-panel" data-hydrated=live>
            {move || {
                let data = current.get();
                view! {
                    <Clients data=data.clone() create=create_client rotate=rotate_client revoke=revoke_client />
                    <Endpoints data create=create_hook enable=enable_hook rotate=rotate_hook />
                }
            }}
        </div>
    }
}

#[component]
fn Clients(
    data: IntegrationsView,
    create: ServerAction<CreateApiClient>,
    rotate: ServerAction<RotateApiClient>,
    revoke: ServerAction<RevokeApiClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = data.clients.is_empty();
    view! {
        <section class="integrations" aria-labelledby="clients-title">
            <h2 id="clients-title">{move || i18n.i().clients_title}</h2>
            <SecretNotice value=rotate.value() label=|| use_i18n().i().token_of />
            <Show when=move || matches!(revoke.value().get(), Some(Ok(true)))>
                <p class="success" role="status">{move || i18n.i().revoked_done}</p>
            </Show>
            <div class="table-wrap" tabindex="0">
                <table class="clients">
                    <thead><tr>
                        <th scope="col">{move || i18n.i().col_name}</th>
                        <th scope="col">{move || i18n.i().col_scopes}</th>
                        <th scope="col">{move || i18n.i().col_customers}</th>
                        <th scope="col">{move || i18n.i().col_last_used}</th>
                        <th scope="col">{move || i18n.i().col_status}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>
                        {empty.then(|| view! { <tr><td colspan="6">{move || i18n.i().no_clients}</td></tr> })}
                        {data.clients.into_iter().map(|c| view! { <ClientLine client=c rotate revoke /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <NewClientForm create scopes=data.scopes customers=data.customers />
        </section>
    }
}

#[component]
fn ClientLine(
    client: ClientRow,
    rotate: ServerAction<RotateApiClient>,
    revoke: ServerAction<RevokeApiClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = client.status == ClientStatus::Active;
    let status = client.status;
    let customers = client.customers.join(", ");
    let all = client.customers.is_empty();
    let last_used = client.last_used_at;
    let expires = client.expires_at;
    let (rotate_id, revoke_id) = (client.id.clone(), client.id.clone());
    let interactive = interactive();
    view! {
        <tr data-client=client.name.clone()>
            <td data-label=move || i18n.i().col_name>
                <strong>{client.name.clone()}</strong><br />
                <small><code>{format!("{}…", client.token_hint)}</code></small>
            </td>
            <td data-label=move || i18n.i().col_scopes>{client.scopes.join(", ")}</td>
            <td data-label=move || i18n.i().col_customers>
                {move || if all { i18n.i().all_customers.to_string() } else { customers.clone() }}
            </td>
            <td data-label=move || i18n.i().col_last_used>
                {move || last_used.map_or_else(|| i18n.i().never.to_string(), |at| i18n.c().instant(at))}
            </td>
            <td data-label=move || i18n.i().col_status>
                {move || match status {
                    ClientStatus::Active => i18n.i().status_active,
                    ClientStatus::Expired => i18n.i().status_expired,
                    ClientStatus::Revoked => i18n.i().status_revoked,
                }}
                {move || expires.filter(|_| live).map(|at| format!(" ({} {})", i18n.i().col_expires, i18n.c().instant(at)))}
            </td>
            <td class="row-actions">
                {live.then(|| view! {
                    <ActionForm action=rotate>
                        <input type="hidden" name="client_id" value=rotate_id.clone() />
                        <button type="submit" class="button secondary" disabled=move || !interactive.get()>{move || i18n.i().rotate_token}</button>
                    </ActionForm>
                })}
                {(status != ClientStatus::Revoked).then(|| view! {
                    <ActionForm action=revoke>
                        <input type="hidden" name="client_id" value=revoke_id.clone() />
                        <button type="submit" class="button secondary">{move || i18n.i().revoke}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
fn NewClientForm(
    create: ServerAction<CreateApiClient>,
    scopes: Vec<String>,
    customers: Vec<crate::api::integrations::CustomerChoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = create.value();
    let at = move |field: &'static str| Signal::derive(move || problem_at(&value.get(), field));
    let interactive = interactive();
    view! {
        <section class="panel form-panel">
            <h3>{move || i18n.i().new_client_title}</h3>
            <noscript><p class="note">{move || i18n.i().needs_script}</p></noscript>
            <SecretNotice value=value label=|| use_i18n().i().token_of />
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <TextField name="name" id="client-name".to_string() label=Signal::derive(move || i18n.i().client_name)
                    problem=at("name") max_chars=120 required=true autocomplete="off" />
                <fieldset class="choices" aria-describedby="client-scopes-error">
                    <legend>{move || i18n.i().scopes_legend}</legend>
                    {scopes.into_iter().map(|scope| {
                        let id = format!("scope-{}", scope.replace(':', "-"));
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id name=format!("scopes[{scope}]") value="on" />
                                <code>{scope.clone()}</code>
                            </label>
                        }
                    }).collect_view()}
                    <FieldMessage problem=at("scopes") id="client-scopes-error".to_string() />
                </fieldset>
                <fieldset class="choices scroll" aria-describedby="client-customers-error">
                    <legend>{move || i18n.i().customers_legend}</legend>
                    {customers.into_iter().map(|c| {
                        let id = format!("client-customer-{}", c.id);
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id name=format!("customers[c-{}]", c.id) value="on" />
                                {c.name}
                            </label>
                        }
                    }).collect_view()}
                    <FieldMessage problem=at("customers") id="client-customers-error".to_string() />
                </fieldset>
                <TextField name="expires_in_days" label=Signal::derive(move || i18n.i().expires_in_days)
                    problem=at("expires_in_days") max_chars=4 input_type="number"
                    hint=Signal::derive(move || i18n.i().expires_hint) />
                <button type="submit" class="button" disabled=move || !interactive.get() || create.pending().get()>
                    {move || i18n.i().create_client}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Endpoints(
    data: IntegrationsView,
    create: ServerAction<CreateWebhook>,
    enable: ServerAction<SetWebhookEnabled>,
    rotate: ServerAction<RotateWebhookSecret>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = data.endpoints.is_empty();
    view! {
        <section class="integrations" aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{move || i18n.i().webhooks_title}</h2>
            <SecretNotice value=rotate.value() label=|| use_i18n().i().signing_secret />
            <div class="table-wrap" tabindex="0">
                <table class="endpoints">
                    <thead><tr>
                        <th scope="col">{move || i18n.i().col_url}</th>
                        <th scope="col">{move || i18n.i().col_events}</th>
                        <th scope="col">{move || i18n.i().col_state}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>
                        {empty.then(|| view! { <tr><td colspan="4">{move || i18n.i().no_endpoints}</td></tr> })}
                        {data.endpoints.into_iter().map(|e| view! { <EndpointLine endpoint=e enable rotate /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <NewEndpointForm create event_types=data.event_types />
        </section>
    }
}

#[component]
fn EndpointState(endpoint: EndpointRow) -> impl IntoView {
    let i18n = use_i18n();
    let (enabled, failing, reason) = (
        endpoint.enabled,
        endpoint.failing_since,
        endpoint.disabled_reason,
    );
    view! {
        {move || if enabled { i18n.i().enabled } else { i18n.i().disabled }}
        {reason.clone().filter(|_| !enabled).map(|r| view! { <br /><small>{r}</small> })}
        {move || failing.map(|at| view! { <br /><small>{i18n.i().failing_since}" "{i18n.c().instant(at)}</small> })}
    }
}

#[component]
fn EndpointLine(
    endpoint: EndpointRow,
    enable: ServerAction<SetWebhookEnabled>,
    rotate: ServerAction<RotateWebhookSecret>,
) -> impl IntoView {
    let i18n = use_i18n();
    let enabled = endpoint.enabled;
    let (id, rotate_id) = (endpoint.id.clone(), endpoint.id.clone());
    let href = format!("/vendor/integrations/webhooks/{}", endpoint.id);
    let interactive = interactive();
    view! {
        <tr data-endpoint=endpoint.url.clone()>
            <td data-label=move || i18n.i().col_url><code class="url">{endpoint.url.clone()}</code></td>
            <td data-label=move || i18n.i().col_events>{endpoint.event_types.join(", ")}</td>
            <td data-label=move || i18n.i().col_state><EndpointState endpoint=endpoint.clone() /></td>
            <td class="row-actions">
                <a href=href>{move || i18n.i().deliveries}</a>
                <ActionForm action=enable>
                    <input type="hidden" name="endpoint_id" value=id.clone() />
                    <input type="hidden" name="enabled" value=(!enabled).to_string() />
                    <button type="submit" class="button secondary">
                        {move || if enabled { i18n.i().switch_off } else { i18n.i().switch_on }}
                    </button>
                </ActionForm>
                <ActionForm action=rotate>
                    <input type="hidden" name="endpoint_id" value=rotate_id.clone() />
                    <button type="submit" class="button secondary" disabled=move || !interactive.get()>{move || i18n.i().rotate_secret}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn NewEndpointForm(create: ServerAction<CreateWebhook>, event_types: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let value = create.value();
    let at = move |field: &'static str| Signal::derive(move || problem_at(&value.get(), field));
    let interactive = interactive();
    view! {
        <section class="panel form-panel">
            <h3>{move || i18n.i().new_endpoint_title}</h3>
            <noscript><p class="note">{move || i18n.i().needs_script}</p></noscript>
            <SecretNotice value=value label=|| use_i18n().i().signing_secret />
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <TextField name="url" id="endpoint-url".to_string() label=Signal::derive(move || i18n.i().url_label)
                    problem=at("url") max_chars=2000 required=true input_type="url" autocomplete="off"
                    hint=Signal::derive(move || i18n.i().url_hint) />
                <fieldset class="choices" aria-describedby="endpoint-events-error">
                    <legend>{move || i18n.i().events_legend}</legend>
                    <label class="check" for="event-all">
                        <input type="checkbox" id="event-all" name="events[*]" value="on" />
                        {move || i18n.i().all_events}
                    </label>
                    {event_types.into_iter().map(|event| {
                        let id = format!("event-{}", event.replace('.', "-"));
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id name=format!("events[{event}]") value="on" />
                                <code>{event.clone()}</code>
                            </label>
                        }
                    }).collect_view()}
                    <FieldMessage problem=at("event_types") id="endpoint-events-error".to_string() />
                </fieldset>
                <button type="submit" class="button" disabled=move || !interactive.get() || create.pending().get()>
                    {move || i18n.i().create_endpoint}
                </button>
            </ActionForm>
        </section>
    }
}

/// One endpoint's delivery log, newest first, with "send again".
#[component]
pub fn WebhookDeliveriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let resend = ServerAction::<ResendWebhook>::new();
    crate::plain_form::restore_answer(resend);
    let log = Resource::new(
        move || (id(), resend.version().get()),
        |(id, _)| webhook_deliveries(id),
    );
    view! {
        <PageTitle text=move || i18n.i().deliveries_title />
        <p><A href="/vendor/integrations">{move || i18n.i().back}</A></p>
        <h1>{move || i18n.i().deliveries_title}</h1>
        <Show when=move || matches!(resend.value().get(), Some(Ok(())))>
            <p class="success" role="status">{move || i18n.i().resent}</p>
        </Show>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let log = match log.await {
                    Ok(log) => log,
                    Err(error) => return view! { <LoadRefused problem=LoadProblem::of(&error) /> }.into_any(),
                };
                let empty = log.deliveries.is_empty();
                view! {
                    <p class="lead"><code class="url">{log.endpoint.url.clone()}</code>" · "<EndpointState endpoint=log.endpoint.clone() /></p>
                    <div class="table-wrap" tabindex="0">
                        <table class="deliveries">
                            <thead><tr>
                                <th scope="col">{move || i18n.i().col_event}</th>
                                <th scope="col">{move || i18n.i().col_state}</th>
                                <th scope="col" class="num">{move || i18n.i().col_attempts}</th>
                                <th scope="col">{move || i18n.i().col_sent}</th>
                                <th scope="col">{move || i18n.i().col_answer}</th>
                                <th scope="col"></th>
                            </tr></thead>
                            <tbody>
                                {empty.then(|| view! { <tr><td colspan="6">{move || i18n.i().no_deliveries}</td></tr> })}
                                {log.deliveries.into_iter().map(|d| {
                                    let state = d.state.clone();
                                    let sent = d.last_attempt_at.unwrap_or(d.created_at);
                                    let answer = match (d.last_status, d.last_duration_ms) {
                                        (Some(status), Some(ms)) => format!("HTTP {status}, {ms} ms"),
                                        (Some(status), None) => format!("HTTP {status}"),
                                        _ => String::new(),
                                    };
                                    let delivery_id = d.id.clone();
                                    view! {
                                        <tr data-delivery=d.id.clone()>
                                            <td data-label=move || i18n.i().col_event><code>{d.event_type.clone()}</code></td>
                                            <td data-label=move || i18n.i().col_state>{move || i18n.i().delivery_state(&state)}</td>
                                            <td data-label=move || i18n.i().col_attempts class="num">{d.attempts}</td>
                                            <td data-label=move || i18n.i().col_sent>{move || i18n.c().instant(sent)}</td>
                                            <td data-label=move || i18n.i().col_answer>
                                                {answer}
                                                {d.last_response.clone().map(|r| view! { <br /><small><code>{r}</code></small> })}
                                            </td>
                                            <td>
                                                <ActionForm action=resend>
                                                    <input type="hidden" name="delivery_id" value=delivery_id.clone() />
                                                    <button type="submit" class="button secondary">{move || i18n.i().resend}</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }))}
        </Transition>
    }
}
