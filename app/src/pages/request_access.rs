use crate::api::{AccessRequestOutcome, RequestAccess};
use crate::components::FieldMessage;
use crate::i18n::use_i18n;
use kontor_domain::prospect::{AccessRequestProblems, COMPANY_MAX, MESSAGE_MAX, NAME_MAX};
use leptos::prelude::*;
use leptos_meta::Title;

/// A prospect asks for a customer account. The form keeps what was typed when a
/// field is refused; every problem is shown next to its field.
#[component]
pub fn RequestAccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestAccess>::new();
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
        <Title text=move || i18n.t().access_title />
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
                        <label for="company">{move || i18n.t().access_company}</label>
                        <input id="company" name="company" type="text" required maxlength=COMPANY_MAX
                            autocomplete="organization"
                            aria-invalid=move || company.get().is_some().to_string()
                            aria-describedby="company-error" />
                        <FieldMessage problem=company id="company-error" />

                        <label for="contact_name">{move || i18n.t().access_contact_name}</label>
                        <input id="contact_name" name="contact_name" type="text" required maxlength=NAME_MAX
                            autocomplete="name"
                            aria-invalid=move || contact_name.get().is_some().to_string()
                            aria-describedby="contact_name-error" />
                        <FieldMessage problem=contact_name id="contact_name-error" />

                        <label for="email">{move || i18n.t().access_email}</label>
                        <input id="email" name="email" type="email" required autocomplete="email"
                            aria-invalid=move || email.get().is_some().to_string()
                            aria-describedby="email-error" />
                        <FieldMessage problem=email id="email-error" />

                        <label for="message">{move || i18n.t().access_message}</label>
                        <textarea id="message" name="message" rows="4" maxlength=MESSAGE_MAX
                            aria-invalid=move || message.get().is_some().to_string()
                            aria-describedby="message-error"></textarea>
                        <FieldMessage problem=message id="message-error" />

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
