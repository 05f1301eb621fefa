use crate::api::{AccessRequestOutcome, RequestAccess};
use crate::components::PageTitle;
use crate::components::TextField;
use crate::i18n::use_i18n;
use kontor_domain::prospect::{AccessRequestProblems, COMPANY_MAX, MESSAGE_MAX, NAME_MAX};
use leptos::prelude::*;

/// A prospect asks for a customer account. The form keeps what was typed when a
/// field is refused; every problem is shown next to its field.
#[component]
pub fn RequestAccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestAccess>::new();
    crate::plain_form::restore_answer(action);
    // What a refused plain post kept (`crate::plain_form`).
    let kept = |name| crate::plain_form::kept(name).unwrap_or_default();
    let typed = StoredValue::new([
        kept("company"),
        kept("contact_name"),
        kept("email"),
        kept("message"),
    ]);
    let problems = move || match action.value().get() {
        Some(Ok(AccessRequestOutcome::Invalid(problems))) => Some(problems),
        _ => None,
    };
    let problem = move |field: fn(
        &AccessRequestProblems,
    ) -> Option<kontor_domain::prospect::FieldProblem>| {
        Signal::derive(move || problems().and_then(|p| field(&p)))
    };
    let company = problem(|p| p.company);
    let contact_name = problem(|p| p.contact_name);
    let email = problem(|p| p.email);
    let message = problem(|p| p.message);
    let recorded = move || {
        matches!(
            action.value().get(),
            Some(Ok(AccessRequestOutcome::Recorded))
        )
    };
    let failed = move || matches!(action.value().get(), Some(Err(_)));

    view! {
        <PageTitle text=move || i18n.t().access_title />
        <section class="panel form-panel">
            <h1>{move || i18n.t().access_title}</h1>
            <Show
                when=recorded
                fallback=move || view! {
                    <p class="lead">{move || i18n.t().access_lead}</p>
                    <Show when=move || problems().is_some()>
                        <p class="form-error" role="alert">{move || i18n.t().access_fix_fields}</p>
                    </Show>
                    <Show when=failed>
                        <p class="form-error" role="alert">{move || i18n.t().error_body}</p>
                    </Show>
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <TextField name="company" label=Signal::derive(move || i18n.t().access_company)
                            problem=company max_chars=COMPANY_MAX required=true autocomplete="organization" value=typed.with_value(|t| t[0].clone()) />
                        <TextField name="contact_name" label=Signal::derive(move || i18n.t().access_contact_name)
                            problem=contact_name max_chars=NAME_MAX required=true autocomplete="name" value=typed.with_value(|t| t[1].clone()) />
                        <TextField name="email" label=Signal::derive(move || i18n.t().access_email)
                            problem=email max_chars=254 required=true input_type="email" autocomplete="email" value=typed.with_value(|t| t[2].clone()) />
                        <TextField name="message" label=Signal::derive(move || i18n.t().access_message)
                            problem=message max_chars=MESSAGE_MAX multiline=true value=typed.with_value(|t| t[3].clone()) />

                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { i18n.t().access_sending } else { i18n.t().access_submit }}
                        </button>
                    </ActionForm>
                }
            >
                <div class="success" role="status">
                    <h2>{move || i18n.t().access_done_title}</h2>
                    <p>{move || i18n.t().access_done_body}</p>
                </div>
            </Show>
        </section>
    }
}
