//! Kontor's Leptos application: the shell, pages, components and server functions.
//!
//! Business rules live in `kontor-domain`, SQL in `kontor-store`; this crate only
//! connects them to people. It is built twice: with `ssr` into the server, with
//! `hydrate` into the browser's wasm.

// The team page's view type is deep enough that the optimised browser build needs more
// than rustc's default query depth ("queries overflow the depth limit").
#![recursion_limit = "256"]

pub mod address;
pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
pub mod plain_form;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod services;
pub mod session;
pub mod sync_html;

pub use error::AppError;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::document;
    console_error_panic_hook::set_once();
    // What `leptos::mount::hydrate_lazy` does, plus a mark once the whole page has
    // hydrated: asynchronous, because the page's area may first have to arrive (see
    // `routes`), and the header hydrates before it. `<html data-hydrated="true">` is
    // what the browser tests (`ready`) and the phone benchmark wait for.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = document().document_element() {
            _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
