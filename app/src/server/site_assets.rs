//! [`SiteAssets`]: the stylesheet link and the hydration scripts of every page's
//! `<head>`, worked out once per process.
//!
//! Leptos' `HashedStylesheet` and `HydrationScripts` find the content-hashed file
//! names by reading `hash.txt` next to the binary — on every page, each of them: the
//! path of the running binary, a `stat` and a read of the file, about a dozen system
//! calls and 3–6 % of a catalog page's server CPU in a release deployment (the only
//! one with hashed names). The names cannot change while the process runs, so their
//! markup is made once, by those same components, and a page only puts its own
//! nonce into it. The head is never hydrated, so plain markup is all it needs. Once
//! per process, like the split manifest `HydrationScripts` itself keeps: servers in
//! one process (the tests') share their site's options.

use leptos::WasmSplitManifest;
use leptos::nonce::{Nonce, use_nonce};
use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos_meta::HashedStylesheet;
use std::sync::OnceLock;

/// Stands for the page's nonce in the markup made once; long and odd enough never to
/// occur in it otherwise.
const NONCE_STAND_IN: &str = "kontor-page-nonce-0c9a41e7";

struct Assets {
    /// The links and scripts, with [`NONCE_STAND_IN`] where each page's nonce goes.
    markup: String,
    /// The same without a nonce, which Leptos renders differently (attributes left
    /// out, not empty). The server gives every page a nonce; kept for exactness.
    markup_without_nonce: String,
    /// Which files each lazily loaded area needs, for the page's preload links: what
    /// `HydrationScripts` provides to the page (read from the split tool's manifest).
    split_manifest: Option<WasmSplitManifest>,
}

impl Assets {
    fn make(options: LeptosOptions) -> Assets {
        let (markup, split_manifest) = Self::render(&options, Some(NONCE_STAND_IN));
        let (markup_without_nonce, _) = Self::render(&options, None);
        Assets {
            markup,
            markup_without_nonce,
            split_manifest,
        }
    }

    /// Leptos' two components as a page with `nonce` gets them, and the manifest they
    /// provide.
    fn render(options: &LeptosOptions, nonce: Option<&str>) -> (String, Option<WasmSplitManifest>) {
        Owner::new().with(|| {
            if let Some(nonce) = nonce {
                provide_context(Nonce::from_value(nonce));
            }
            let markup = view! {
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options=options.clone() islands=true />
            }
            .to_html();
            (markup, use_context::<WasmSplitManifest>())
        })
    }

    /// The markup for a page with this nonce.
    fn markup_for(&self, nonce: Option<Nonce>) -> String {
        match nonce {
            Some(nonce) => self.markup.replace(NONCE_STAND_IN, &nonce.to_string()),
            None => self.markup_without_nonce.clone(),
        }
    }
}

/// What `<HashedStylesheet id="leptos" options />` followed by
/// `<HydrationScripts options islands=true />` render, without their file reads per page.
#[component]
pub fn SiteAssets(options: LeptosOptions) -> impl IntoView {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    let assets = ASSETS.get_or_init(|| Assets::make(options));
    if let Some(manifest) = &assets.split_manifest {
        provide_context(manifest.clone());
    }
    // What `HydrationScripts` does to the page it renders in, in islands mode: the
    // page is not hydrated as a whole, so nothing of it is serialised for the browser
    // but the islands' own props.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    InertElement::new(assets.markup_for(use_nonce()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("kontor")
            .site_pkg_dir("pkg")
            .build()
    }

    /// What Leptos' own components render for a page with `nonce` (they read it
    /// when they are made, so inside the owner).
    fn leptos_own(nonce: Option<&str>) -> String {
        Owner::new().with(|| {
            if let Some(nonce) = nonce {
                provide_context(Nonce::from_value(nonce));
            }
            view! {
                <HashedStylesheet id="leptos" options=options() />
                <HydrationScripts options=options() islands=true />
            }
            .to_html()
        })
    }

    #[test]
    fn the_markup_is_leptos_own_with_the_page_nonce() {
        let assets = Assets::make(options());
        let ours = assets.markup_for(Some(Nonce::from_value("n0nce")));
        assert_eq!(ours, leptos_own(Some("n0nce")));
        assert!(ours.contains(r#"nonce="n0nce""#), "{ours}");
        assert!(ours.contains(r#"href="/pkg/kontor.css""#), "{ours}");
        assert!(!ours.contains(NONCE_STAND_IN));
    }

    #[test]
    fn without_a_nonce_it_is_leptos_own_too() {
        let assets = Assets::make(options());
        assert_eq!(assets.markup_for(None), leptos_own(None));
    }
}
