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
    // Islands: the page is the server's; Leptos' loader hydrates each `#[island]` on it
    // after this returns. `<html data-hydrated="true">` says the wasm has arrived; each
    // island marks its own root when it is live (`components::island_mark`). The
    // browser tests (`ready`) and the phone benchmark wait for both.
    leptos::mount::hydrate_islands();
    plain_form::drop_answer_from_address();
    if let Some(root) = document().document_element() {
        _ = root.set_attribute("data-hydrated", "true");
    }
}
