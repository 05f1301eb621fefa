//! Forms that work before the wasm has arrived (or with JavaScript off).
//!
//! A form of this app posts to its server function either way. With the script, the
//! answer comes back as data and the page shows it. Without, the browser follows a
//! redirect: on success to where the script would navigate, on a refusal back to the
//! form's page with the answer in the query (`?<function>=<json>`, named after the
//! server function, plus the fields worth keeping), where the page shows it exactly
//! as the script would. Only answers without secrets travel this way; the query lands
//! in the browser's history.
//!
//! The answer and the kept fields are the end of the query, after the mark
//! [`ANSWER_MARK`] (the page's own parameters, such as `next`, come before). Once the
//! page has been shown, that end has done its work: the browser's script
//! (`hydrate`) takes it out of the address, so a reload does not bring back an old
//! answer and the values typed before it (one who approved from a mail's link and
//! reloaded saw "approved" again instead of "link used").
//!
//! Since the front end became islands (docs/islands.md), this is how most forms work
//! with the script too: only the forms inside an `#[island]` send their answer back as
//! data.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;

/// The query parameter that starts a plain form's answer; it and everything after it
/// leave the address once the page is shown.
pub const ANSWER_MARK: &str = "answered";

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
    if let Some(answer) = answer_where::<S>(is_this_form) {
        action.value().set(Some(Ok(answer)));
    }
}

/// [`answer`] as a signal, for a form that is only ever a plain post (an upload: the
/// file streams up as a multipart form).
pub fn answer_signal<S>() -> Signal<Option<Result<S::Output, crate::AppError>>>
where
    S: ServerFn,
    S::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    Signal::stored(answer::<S>().map(Ok))
}

/// The answer a plain post to the server function `S` brought back to this page, if
/// any; for an island's props (an island cannot read the address: the server reads it
/// and hands the answer in).
pub fn answer<S>() -> Option<S::Output>
where
    S: ServerFn,
    S::Output: DeserializeOwned,
{
    answer_where::<S>(|_| true)
}

fn answer_where<S>(is_this_form: impl Fn(&ParamsMap) -> bool) -> Option<S::Output>
where
    S: ServerFn,
    S::Output: DeserializeOwned,
{
    let query = leptos_router::hooks::use_query_map();
    let answer = query.with_untracked(|q| {
        is_this_form(q)
            .then(|| q.get(answer_parameter(S::PATH)))
            .flatten()
    });
    answer.and_then(|a| serde_json::from_str::<S::Output>(&a).ok())
}

/// The query up to the answer `parameter`, without the answer and what was kept with
/// it; `None` when the answer is not in it.
pub fn before_answer<'q>(query: &'q str, parameter: &str) -> Option<&'q str> {
    let query = query.trim_start_matches('?');
    let mut start = 0;
    for pair in query.split('&') {
        // Answer parameters are server function names: no escaping to undo.
        if pair.split('=').next() == Some(parameter) {
            return Some(query[..start].trim_end_matches('&'));
        }
        start += pair.len() + 1;
    }
    None
}

/// Replaces the address (no navigation, the history entry kept) with one that no
/// longer carries a plain form's answer: the page shows it now, and a reload shows
/// how things stand then (a decision link already used, say), not the old answer.
#[cfg(feature = "hydrate")]
pub fn drop_answer_from_address() {
    let window = window();
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    let Some(rest) = before_answer(&search, ANSWER_MARK) else {
        return;
    };
    let address = if rest.is_empty() {
        path
    } else {
        format!("{path}?{rest}")
    };
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&address));
    }
}

/// A field kept across a plain post (the value typed before the refusal).
pub fn kept(name: &str) -> Option<String> {
    let query = leptos_router::hooks::use_query_map();
    query.with_untracked(|q| q.get(name))
}

#[cfg(test)]
mod tests {
    use super::before_answer;

    #[test]
    fn the_answer_and_what_follows_it_leave_the_query() {
        assert_eq!(
            before_answer("?next=%2Forders&sign_in=%7B%7D&email=egon%40x", "sign_in"),
            Some("next=%2Forders")
        );
        assert_eq!(
            before_answer("set_details=%7B%7D&phone=1", "set_details"),
            Some("")
        );
        // A parameter whose name only starts like the answer's stays.
        assert_eq!(
            before_answer("set_details_x=1&set_details=2&name=a", "set_details"),
            Some("set_details_x=1")
        );
        assert_eq!(before_answer("q=pump", "set_details"), None);
        assert_eq!(before_answer("", "set_details"), None);
    }
}
