//! The document shell, the router and the page frame.

use crate::components::{ErrorPanel, SiteFooter, SiteHeader};
use crate::i18n::{I18n, initial_locale};
use crate::pages::NotFoundPage;
use crate::routes::Page;
use crate::session::SessionState;
use leptos::prelude::*;
use leptos_meta::{Html, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
#[cfg(feature = "ssr")]
use {crate::server::site_assets::SiteAssets, leptos_meta::MetaTags};

/// The HTML document around the app (server side only). `<html lang>` is set by
/// [`App`] through `leptos_meta`, from the negotiated locale.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/kontor-192.png" />
                <meta name="theme-color" content="#14202b" />
                <script src="/sw-register.js" defer></script>
                <AutoReload options=options.clone() />
                <SiteAssets options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    SessionState::provide();

    view! {
        <Html {..} lang=move || i18n.locale.get().tag() />
        <Title formatter=|text: String| {
            if text.is_empty() { "Kontor".to_string() } else { format!("{text} · Kontor") }
        } />
        <Router>
            <SiteHeader />
            <main id="content" class="page">
                <ErrorBoundary fallback=|_| view! { <ErrorPanel /> }>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=Page::Home />
                        // Pages with data render whole before the first byte, so that
                        // a failure or an inaccessible record can still set the status.
                        <Route path=path!("/catalog") view=Page::Catalog ssr=SsrMode::Async />
                        <Route path=path!("/catalog/:sku") view=Page::Product ssr=SsrMode::Async />
                        <Route path=path!("/request-access") view=Page::RequestAccess />
                        <Route path=path!("/sign-in") view=Page::SignIn />
                        <Route path=path!("/forgot-password") view=Page::ForgotPassword />
                        <Route path=path!("/welcome/:token") view=Page::Welcome />
                        <Route path=path!("/reset/:token") view=Page::Reset />
                        <Route path=path!("/account") view=Page::Account ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=Page::Notifications ssr=SsrMode::Async />
                        <Route path=path!("/customer") view=Page::CustomerArea ssr=SsrMode::Async />
                        <Route path=path!("/customer/team") view=Page::Team ssr=SsrMode::Async />
                        <Route path=path!("/customer/audit") view=Page::CustomerAudit ssr=SsrMode::Async />
                        <Route path=path!("/customer/timeline") view=Page::CustomerTimeline ssr=SsrMode::Async />
                        <Route path=path!("/customer/terms") view=Page::MyTerms ssr=SsrMode::Async />
                        <Route path=path!("/cart") view=Page::Cart ssr=SsrMode::Async />
                        <Route path=path!("/orders") view=Page::Orders ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id") view=Page::Order ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id/change") view=Page::ChangeOrder ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view=Page::Approvals ssr=SsrMode::Async />
                        <Route path=path!("/analytics") view=Page::Analytics ssr=SsrMode::Async />
                        <Route path=path!("/decide/:token") view=Page::DecideByLink ssr=SsrMode::Async />
                        <Route path=path!("/documents") view=Page::Documents ssr=SsrMode::Async />
                        <Route path=path!("/documents/:id") view=Page::Document ssr=SsrMode::Async />
                        <Route path=path!("/service") view=Page::ServiceList ssr=SsrMode::Async />
                        <Route path=path!("/service/new") view=Page::NewServiceRequest ssr=SsrMode::Async />
                        <Route path=path!("/service/:id") view=Page::ServiceRequest ssr=SsrMode::Async />
                        <Route path=path!("/survey/:id") view=Page::Survey ssr=SsrMode::Async />
                        <Route path=path!("/nps/:id") view=Page::RelationshipSurvey ssr=SsrMode::Async />
                        <Route path=path!("/downloads") view=Page::Downloads ssr=SsrMode::Async />
                        <Route path=path!("/downloads/confirm") view=Page::ConfirmDownloads ssr=SsrMode::Async />
                        <Route path=path!("/vendor/leads") view=Page::Leads ssr=SsrMode::Async />
                        <Route path=path!("/vendor/leads/:id") view=Page::Lead ssr=SsrMode::Async />
                        <Route path=path!("/satisfaction") view=Page::Satisfaction ssr=SsrMode::Async />
                        <Route path=path!("/quotes") view=Page::Quotes ssr=SsrMode::Async />
                        <Route path=path!("/quotes/new") view=Page::NewQuote ssr=SsrMode::Async />
                        <Route path=path!("/quotes/:id") view=Page::Quote ssr=SsrMode::Async />
                        <Route path=path!("/quotes/:id/print") view=Page::QuotePrint ssr=SsrMode::Async />
                        <Route path=path!("/vendor") view=Page::VendorArea ssr=SsrMode::Async />
                        <Route path=path!("/vendor/staff") view=Page::Staff ssr=SsrMode::Async />
                        <Route path=path!("/vendor/analytics") view=Page::VendorAnalytics ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id") view=Page::Customer ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/audit") view=Page::VendorAudit ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/timeline") view=Page::VendorTimeline ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/follow-ups") view=Page::FollowUps ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/terms") view=Page::CustomerTerms ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products") view=Page::Products ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products/:id") view=Page::ProductEdit ssr=SsrMode::Async />
                        <Route path=path!("/vendor/integrations") view=Page::Integrations ssr=SsrMode::Async />
                        <Route path=path!("/vendor/integrations/webhooks/:id") view=Page::WebhookDeliveries ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter />
        </Router>
    }
}
