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
//! The answer and the kept fields are the end of the query (the page's own parameters,
//! such as `next`, come before). Once the page's script runs, that end has done its
//! work and leaves the address: a reload must not bring back an old answer and the
//! values typed before it (a person on a slow phone who sent the form before the script
//! arrived, then saved with it, and reloaded, saw exactly that; one who approved from a
//! mail's link that way and reloaded saw "approved" again instead of "link used").

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
        // Effects run in the browser only, once the page has hydrated: the answer is
        // on the page now, and the address lets go of it — a reload shows how things
        // stand then (a decision link already used, say), not the old answer again.
        Effect::new(move |_| {
            #[cfg(feature = "hydrate")]
            drop_answer_from_address(answer_parameter(S::PATH));
        });
    }
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
/// longer carries the answer of `parameter`.
#[cfg(feature = "hydrate")]
fn drop_answer_from_address(parameter: &str) {
    let window = window();
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    let Some(rest) = before_answer(&search, parameter) else {
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
