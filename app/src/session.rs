//! The signed-in person, shared by the header and the pages, and how pages show a
//! load that was refused.

use crate::AppError;
use crate::api::auth::{Viewer, current_user};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Who is signed in. `changed()` after signing in or out reloads it.
#[derive(Clone, Copy)]
pub struct SessionState {
    version: RwSignal<u32>,
    pub viewer: Resource<Option<Viewer>>,
}

impl SessionState {
    pub fn provide() -> SessionState {
        let version = RwSignal::new(0);
        let viewer = Resource::new(
            move || version.get(),
            |_| async move { current_user().await.ok().flatten() },
        );
        let state = SessionState { version, viewer };
        provide_context(state);
        state
    }

    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

/// What went wrong with a page's load, as the server function's error says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadProblem {
    SignIn,
    Forbidden,
    NotFound,
    Failed,
}

impl LoadProblem {
    pub fn of(error: &AppError) -> LoadProblem {
        match error {
            AppError::SignIn => LoadProblem::SignIn,
            AppError::Forbidden => LoadProblem::Forbidden,
            AppError::NotFound => LoadProblem::NotFound,
            AppError::Throttled { .. }
            | AppError::BadRequest
            | AppError::Internal
            | AppError::Call(_) => LoadProblem::Failed,
        }
    }
}

/// The panel for a refused or failed load. The status code was set by the server
/// function during server rendering.
#[component]
pub fn LoadRefused(problem: LoadProblem) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    match problem {
        LoadProblem::SignIn => {
            let href = move || format!("/sign-in?next={}", location.pathname.get());
            view! {
                <section class="panel" data-refused="sign-in">
                    <p>{move || i18n.t().need_sign_in}</p>
                    <A href=href attr:class="button">{move || i18n.t().sign_in}</A>
                </section>
            }
            .into_any()
        }
        LoadProblem::Forbidden => view! {
            <section class="panel" data-refused="forbidden">
                <p class="status-code">"403"</p>
                <p>{move || i18n.t().forbidden}</p>
            </section>
        }
        .into_any(),
        LoadProblem::NotFound => view! { <crate::pages::NotFoundPage /> }.into_any(),
        LoadProblem::Failed => view! { <crate::components::ErrorPanel /> }.into_any(),
    }
}
