//! The technical downloads for engineers who are not customers yet: register with a
//! work address (`/downloads`), confirm it from the mail (`/downloads/confirm`), then
//! download what the vendor offers after registration. Both forms are plain posts
//! too, so they work before the script has arrived.

use crate::api::leads::{
    ConfirmDownloads, ConfirmOutcome, DownloadsAccess, ProspectDocument, RegisterForDownloads,
    RegisterOutcome, downloads_page,
};
use crate::components::{PageTitle, TextField, suspended};
use crate::i18n::use_i18n;
use kontor_domain::lead::{COMPANY_MAX, NAME_MAX};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProspectDownloadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let access = Resource::new(|| (), |_| downloads_page());
    view! {
        <PageTitle text=move || i18n.l().downloads_title />
        <h1>{move || i18n.l().downloads_title}</h1>
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                match access.await {
                    Ok(DownloadsAccess::Prospect { name, company, documents }) => view! {
                        <p class="lead" data-prospect="confirmed">{move || i18n.l().welcome.replace("{name}", &name).replace("{company}", &company)}</p>
                        <ProspectFiles documents />
                    }.into_any(),
                    Ok(DownloadsAccess::HasAccount) => view! {
                        <p class="lead">{move || i18n.l().has_account}</p>
                        <p><A href="/documents">{move || i18n.l().to_documents}</A></p>
                    }.into_any(),
                    Ok(DownloadsAccess::Register) | Err(_) => view! { <Registration /> }.into_any(),
                }
            }))}
        </Transition>
    }
}

#[component]
fn Registration() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RegisterForDownloads>::new();
    crate::plain_form::restore_answer(action);
    let problem = move |field: &'static str| {
        Signal::derive(move || match action.value().get() {
            Some(Ok(RegisterOutcome::Invalid(p))) => p.get(field),
            _ => None,
        })
    };
    let sent = move || matches!(action.value().get(), Some(Ok(RegisterOutcome::Sent)));
    // What a plain post (no script yet) brought back with its refusal.
    let kept = |name: &str| crate::plain_form::kept(name).unwrap_or_default();
    view! {
        <section class="panel form-panel">
            <Show
                when=sent
                fallback=move || view! {
                    <p class="lead">{move || i18n.l().downloads_lead}</p>
                    {move || matches!(action.value().get(), Some(Err(_))).then(|| view! {
                        <p class="form-error" role="alert">{move || i18n.t().error_body}</p>
                    })}
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <TextField name="name" label=Signal::derive(move || i18n.l().name)
                            problem=problem("name") max_chars=NAME_MAX required=true autocomplete="name"
                            value=kept("name") />
                        <TextField name="company" label=Signal::derive(move || i18n.l().company)
                            problem=problem("company") max_chars=COMPANY_MAX required=true autocomplete="organization"
                            value=kept("company") />
                        <TextField name="email" label=Signal::derive(move || i18n.l().email)
                            hint=Signal::derive(move || i18n.l().email_hint)
                            problem=problem("email") max_chars=254 required=true input_type="email" autocomplete="email"
                            value=kept("email") />
                        <button type="submit" class="button primary" disabled=move || action.pending().get()>
                            {move || i18n.l().register}
                        </button>
                    </ActionForm>
                }
            >
                <p class="success" role="status" data-registered="sent">{move || i18n.l().sent}</p>
            </Show>
        </section>
    }
}

/// The files a confirmed prospect may download, as a table (cards on a phone).
#[component]
fn ProspectFiles(documents: Vec<ProspectDocument>) -> impl IntoView {
    let i18n = use_i18n();
    if documents.is_empty() {
        return view! { <p data-empty="downloads">{move || i18n.l().none_offered}</p> }.into_any();
    }
    view! {
        <table class="stack">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.l().col_document}</th>
                    <th scope="col">{move || i18n.l().col_product}</th>
                    <th scope="col">{move || i18n.l().col_file}</th>
                </tr>
            </thead>
            <tbody>
                {documents.into_iter().map(|d| {
                    let href = format!("/files/prospects/{}", d.id);
                    view! {
                        <tr data-document=d.id.clone()>
                            <td data-label=move || i18n.l().col_document>{d.title.clone()}</td>
                            <td data-label=move || i18n.l().col_product>{d.product.clone().unwrap_or_default()}</td>
                            <td data-label=move || i18n.l().col_file>
                                <a href=href rel="external" download="">{d.file_name.clone()}</a>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The confirmation link's page: one button, so that mail scanners that open links
/// do not use it up.
#[component]
pub fn ConfirmDownloadsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("t").unwrap_or_default();
    let action = ServerAction::<ConfirmDownloads>::new();
    crate::plain_form::restore_answer(action);
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(ConfirmOutcome::Confirmed))) {
            navigate("/downloads", Default::default());
        }
    });
    view! {
        <PageTitle text=move || i18n.l().confirm_title />
        <section class="panel form-panel">
            <h1>{move || i18n.l().confirm_title}</h1>
            {move || match action.value().get() {
                Some(Ok(ConfirmOutcome::LinkInvalid)) => Some(view! {
                    <p class="field-error" role="alert" data-confirm="invalid">{move || i18n.l().link_invalid}" "<A href="/downloads">{move || i18n.l().register}</A></p>
                }.into_any()),
                Some(Ok(ConfirmOutcome::Confirmed)) => Some(view! {
                    <p class="success" role="status">{move || i18n.l().confirmed}</p>
                }.into_any()),
                Some(Err(_)) => Some(view! { <p class="form-error" role="alert">{move || i18n.t().error_body}</p> }.into_any()),
                None => None,
            }}
            <p class="lead">{move || i18n.l().confirm_lead}</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token />
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || i18n.l().confirm}
                </button>
            </ActionForm>
        </section>
    }
}
