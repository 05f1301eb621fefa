//! Signing in, choosing a password from a link, resetting and changing it.

use crate::AppError;
use crate::api::auth::{
    ChangePassword, PasswordOutcome, RequestPasswordReset, SecondFactor, SecondFactorOutcome,
    SetPasswordWithLink, SignIn, SignInOutcome, SignOutEverywhere,
};
use crate::components::TextField;
use crate::components::{PageTitle, island_mark, suspended};
use crate::i18n::use_i18n;
use crate::session::use_session;
use kontor_domain::field::FieldProblem;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    let kept_email = crate::plain_form::kept("email").unwrap_or_default();
    let answer = crate::plain_form::answer::<SignIn>();
    let step2_answer = crate::plain_form::answer::<SecondFactor>();
    view! {
        <PageTitle text=move || i18n.a().sign_in_title />
        <SignInForms next kept_email answer step2_answer />
    }
}

/// The sign-in form and a staff member's second step. An island: setting up a second
/// factor shows a new key, and finishing it the recovery codes, which never travel in
/// an address (without the script the second step works for those who have set it
/// up). The answers of plain posts come in as props.
#[island(lazy)]
fn SignInForms(
    next: String,
    kept_email: String,
    answer: Option<SignInOutcome>,
    step2_answer: Option<SecondFactorOutcome>,
) -> impl IntoView {
    let i18n = crate::i18n::island_i18n();
    let live = island_mark();
    let action = ServerAction::<SignIn>::new();
    let step2 = ServerAction::<SecondFactor>::new();
    if let Some(answer) = answer {
        action.value().set(Some(Ok(answer)));
    }
    if let Some(answer) = step2_answer {
        step2.value().set(Some(Ok(answer)));
    }
    // On the way to a file: the browser fetches it (a download, no page), and this
    // page says so and links on, with the header of someone signed in.
    let downloading = RwSignal::new(false);
    // Signed in: a page load of where the person was going, now with their session.
    Effect::new(move |_| {
        let next = match (action.value().get(), step2.value().get()) {
            (Some(Ok(SignInOutcome::SignedIn { next })), _) => next,
            (
                _,
                Some(Ok(SecondFactorOutcome::SignedIn {
                    next,
                    recovery_codes,
                })),
            ) => {
                // Recovery codes are shown first; the page links on.
                if !recovery_codes.is_empty() {
                    return;
                }
                next
            }
            _ => return,
        };
        let _ = window().location().set_href(&next);
        if next.starts_with("/files/") {
            downloading.set(true);
        }
    });
    let message = move || {
        let a = i18n.a();
        match action.value().get()? {
            Ok(SignInOutcome::Invalid) => Some(a.sign_in_invalid.to_string()),
            Ok(SignInOutcome::NotUnlocked) => Some(a.sign_in_not_unlocked.to_string()),
            Ok(SignInOutcome::Suspended) => Some(a.sign_in_suspended.to_string()),
            Ok(_) => None,
            Err(error) => Some(error_text(i18n, &error)),
        }
    };
    let second_step = move || match action.value().get() {
        Some(Ok(SignInOutcome::SecondFactor)) => Some(None),
        Some(Ok(SignInOutcome::EnrollSecondFactor { secret, uri })) => Some(Some((secret, uri))),
        _ => None,
    };
    let no_problem = Signal::derive(|| None::<FieldProblem>);
    let kept_email = StoredValue::new(kept_email);
    let next = StoredValue::new(next);
    view! {
        <section class="panel form-panel" data-hydrated=live>
            {move || downloading.get().then(|| view! {
                <p class="success" role="status">{move || i18n.a().download_started}</p>
                <p><a href="/documents" class="button">{move || i18n.a().to_documents}</a></p>
            })}
            {move || (!downloading.get()).then(|| match second_step() {
                Some(enrolment) => view! { <SecondFactorStep enrolment step2 /> }.into_any(),
                None => view! {
                    <h1>{move || i18n.a().sign_in_title}</h1>
                    <p class="lead">{move || i18n.a().sign_in_lead}</p>
                    {move || message().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                    <ActionForm action=action attr:class="form">
                        <input type="hidden" name="next" value=next.get_value() />
                        <TextField name="email" label=Signal::derive(move || i18n.a().email) problem=no_problem
                            max_chars=254 required=true input_type="email" autocomplete="username"
                            value=kept_email.get_value() />
                        <TextField name="password" label=Signal::derive(move || i18n.a().password) problem=no_problem
                            max_chars=1024 required=true input_type="password" autocomplete="current-password" />
                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            {move || i18n.t().sign_in}
                        </button>
                    </ActionForm>
                    <p><a href="/forgot-password">{move || i18n.a().forgot_password}</a></p>
                }.into_any(),
            })}
        </section>
    }
}

fn error_text(i18n: crate::i18n::I18n, error: &AppError) -> String {
    match error.wait_minutes() {
        Some(minutes) => i18n
            .a()
            .sign_in_throttled
            .replace("{minutes}", &minutes.to_string()),
        None => i18n.t().error_body.to_string(),
    }
}

/// The second step of a staff sign-in; with `enrolment` (secret, otpauth URI) when a
/// second factor is being set up.
#[component]
fn SecondFactorStep(
    enrolment: Option<(String, String)>,
    step2: ServerAction<SecondFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let enrolling = enrolment.is_some();
    let message = move || match step2.value().get()? {
        Ok(SecondFactorOutcome::Wrong) => Some(i18n.a().wrong_code.to_string()),
        Ok(SecondFactorOutcome::Expired) => Some(i18n.a().step_expired.to_string()),
        Ok(SecondFactorOutcome::SignedIn { .. }) => None,
        Err(error) => Some(error_text(i18n, &error)),
    };
    let recovery = move || match step2.value().get() {
        Some(Ok(SecondFactorOutcome::SignedIn {
            next,
            recovery_codes,
        })) if !recovery_codes.is_empty() => Some((next, recovery_codes)),
        _ => None,
    };
    let no_problem = Signal::derive(|| None::<FieldProblem>);
    view! {
        {move || match recovery() {
            Some((next, codes)) => view! {
                <h1>{move || i18n.a().recovery_title}</h1>
                <p class="lead">{move || i18n.a().recovery_lead}</p>
                <ul class="recovery-codes">
                    {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ul>
                <a href=next class="button">{move || i18n.a().continue_}</a>
            }.into_any(),
            None => view! {
                <h1>{move || if enrolling { i18n.a().enroll_title } else { i18n.a().second_factor_title }}</h1>
                <p class="lead">{move || if enrolling { i18n.a().enroll_lead } else { i18n.a().second_factor_lead }}</p>
                {enrolment.clone().map(|(secret, uri)| view! {
                    <p>{move || i18n.a().enroll_key}": "<code data-totp-secret=secret.clone()>{secret.clone()}</code></p>
                    <p><a href=uri>{move || i18n.a().enroll_link}</a></p>
                })}
                {move || message().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                <ActionForm action=step2 attr:class="form">
                    <TextField name="code" label=Signal::derive(move || i18n.a().code) problem=no_problem
                        max_chars=20 required=true autocomplete="one-time-code" />
                    <button type="submit" class="button" disabled=move || step2.pending().get()>
                        {move || i18n.a().verify}
                    </button>
                </ActionForm>
            }.into_any(),
        }}
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    crate::plain_form::restore_answer(action);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    let no_problem = Signal::derive(|| None::<FieldProblem>);
    view! {
        <PageTitle text=move || i18n.a().reset_title />
        <section class="panel form-panel">
            <h1>{move || i18n.a().reset_title}</h1>
            <Show when=sent fallback=move || view! {
                <p class="lead">{move || i18n.a().reset_lead}</p>
                <ActionForm action=action attr:class="form">
                    <TextField name="email" label=Signal::derive(move || i18n.a().email) problem=no_problem
                        max_chars=254 required=true input_type="email" autocomplete="username" />
                    <button type="submit" class="button" disabled=move || action.pending().get()>
                        {move || i18n.a().reset_send}
                    </button>
                </ActionForm>
            }>
                <p class="success" role="status">{move || i18n.a().reset_sent}</p>
            </Show>
        </section>
    }
}

/// Problems of (new password, repeated password, current password).
type PasswordProblems = (
    Option<FieldProblem>,
    Option<FieldProblem>,
    Option<FieldProblem>,
);

/// The fields of a new password with their problems.
fn password_problems(
    value: Option<Result<PasswordOutcome, AppError>>,
) -> (
    Option<FieldProblem>,
    Option<FieldProblem>,
    Option<FieldProblem>,
) {
    match value {
        Some(Ok(PasswordOutcome::Invalid {
            password,
            repeat,
            current,
        })) => (password, repeat, current),
        _ => (None, None, None),
    }
}

/// `/welcome/{token}` (invitation) and `/reset/{token}` (password reset).
#[component]
pub fn SetPasswordPage(reset: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let action = ServerAction::<SetPasswordWithLink>::new();
    crate::plain_form::restore_answer(action);
    let problem = move |pick: fn(PasswordProblems) -> Option<FieldProblem>| {
        Signal::derive(move || pick(password_problems(action.value().get())))
    };
    let title = move || {
        if reset {
            i18n.a().set_password_title
        } else {
            i18n.a().invitation_title
        }
    };
    view! {
        <PageTitle text=title />
        <section class="panel form-panel">
            <h1>{title}</h1>
            {move || match action.value().get() {
                Some(Ok(PasswordOutcome::Done)) => view! {
                    <p class="success" role="status">{move || i18n.a().password_set_done}</p>
                    <A href="/sign-in" attr:class="button">{move || i18n.t().sign_in}</A>
                }.into_any(),
                Some(Ok(PasswordOutcome::LinkInvalid)) => view! {
                    <p class="form-error" role="alert">{move || i18n.a().link_invalid}</p>
                    <A href="/forgot-password">{move || i18n.a().forgot_password}</A>
                }.into_any(),
                other => view! {
                    {matches!(other, Some(Err(_))).then(|| view! {
                        <p class="form-error" role="alert">{move || i18n.t().error_body}</p>
                    })}
                    <ActionForm action=action attr:class="form">
                        <input type="hidden" name="token" value=token />
                        <input type="hidden" name="reset" value=reset.to_string() />
                        <TextField name="password" label=Signal::derive(move || i18n.a().password_new)
                            hint=Signal::derive(move || i18n.a().password_hint)
                            problem=problem(|p| p.0) max_chars=128 required=true input_type="password"
                            autocomplete="new-password" />
                        <TextField name="repeat" label=Signal::derive(move || i18n.a().password_repeat)
                            problem=problem(|p| p.1) max_chars=128 required=true input_type="password"
                            autocomplete="new-password" />
                        <button type="submit" class="button" disabled=move || action.pending().get()>
                            {move || i18n.a().set_password_submit}
                        </button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

/// "My profile": language, a purchaser's limits, password, sign out everywhere.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let change = ServerAction::<ChangePassword>::new();
    crate::plain_form::restore_answer(change);
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = everywhere.value().get() {
            session.changed();
            navigate("/", Default::default());
        }
    });
    let problem = move |pick: fn(PasswordProblems) -> Option<FieldProblem>| {
        Signal::derive(move || pick(password_problems(change.value().get())))
    };
    view! {
        <PageTitle text=move || i18n.a().account_title />
        <Transition fallback=move || view! { <p class="loading">{move || i18n.t().loading}</p> }>
            {suspended(move || Suspend::new(async move {
                let Some(viewer) = session.viewer.await else {
                    return view! { <crate::session::LoadRefused problem=crate::session::LoadProblem::SignIn /> }.into_any();
                };
                view! {
                    <section class="panel form-panel">
                        <h1>{move || i18n.a().account_title}</h1>
                        <p>{viewer.display_name.clone()}" · "{viewer.email.clone()}" · "{viewer.organization_name.clone()}</p>
                        <super::profile::ProfilePanels />
                        <h2>{move || i18n.a().change_password_title}</h2>
                        <Show when=move || matches!(change.value().get(), Some(Ok(PasswordOutcome::Done)))>
                            <p class="success" role="status">{move || i18n.a().change_password_done}</p>
                        </Show>
                        <ActionForm action=change attr:class="form">
                            <TextField name="current" label=Signal::derive(move || i18n.a().password_current)
                                problem=problem(|p| p.2) max_chars=1024 required=true input_type="password"
                                autocomplete="current-password" />
                            <TextField name="password" label=Signal::derive(move || i18n.a().password_new)
                                hint=Signal::derive(move || i18n.a().password_hint)
                                problem=problem(|p| p.0) max_chars=128 required=true input_type="password"
                                autocomplete="new-password" />
                            <TextField name="repeat" label=Signal::derive(move || i18n.a().password_repeat)
                                problem=problem(|p| p.1) max_chars=128 required=true input_type="password"
                                autocomplete="new-password" />
                            <button type="submit" class="button">{move || i18n.a().change_password_title}</button>
                        </ActionForm>
                        <ActionForm action=everywhere>
                            <button type="submit" class="button secondary">{move || i18n.a().sign_out_everywhere}</button>
                        </ActionForm>
                    </section>
                }.into_any()
            }))}
        </Transition>
    }
}
