//! Forms that work before the wasm has arrived (or with JavaScript off).
//!
//! A form of this app posts to its server function either way. With the script, the
//! answer comes back as data and the page shows it. Without, the browser follows a
//! redirect: on success to where the script would navigate, on a refusal back to the
//! form's page with the answer in the query (`?<function>=<json>`, named after the
//! server function, plus the fields worth keeping), where the page shows it exactly
//! as the script would. Only answers without secrets travel this way; the query lands
//! in the browser's history.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;

/// The query parameter that carries the answer of the server function at `path`
/// (`/api/sign_in` → `sign_in`): one per function, so that two forms of one page
/// (a sign-in and its second step) keep their answers apart.
pub fn answer_parameter(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// On a form's page: shows the answer a plain post of `action` brought back, as if
/// the script had received it. Call once while the page is built.
pub fn restore_answer<S>(action: ServerAction<S>)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: DeserializeOwned + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    restore_answer_where(action, |_| true);
}

/// [`restore_answer`] for one of several forms of the same function on a page (one
/// per product row): only when the kept fields say it is this form's answer.
pub fn restore_answer_where<S>(action: ServerAction<S>, is_this_form: impl Fn(&ParamsMap) -> bool)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: DeserializeOwned + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    let answer = query.with_untracked(|q| {
        is_this_form(q)
            .then(|| q.get(answer_parameter(S::PATH)))
            .flatten()
    });
    if let Some(answer) = answer.and_then(|a| serde_json::from_str::<S::Output>(&a).ok()) {
        action.value().set(Some(Ok(answer)));
    }
}

/// A field kept across a plain post (the value typed before the refusal).
pub fn kept(name: &str) -> Option<String> {
    let query = leptos_router::hooks::use_query_map();
    query.with_untracked(|q| q.get(name))
}
