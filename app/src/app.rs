//! The document shell, the router and the page frame.

use crate::components::{ErrorPanel, SiteFooter, SiteHeader};
use crate::i18n::{I18n, initial_locale};
use crate::pages::NotFoundPage;
use crate::routes::*;
use crate::session::SessionState;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// The HTML document around the app (server side only). `<html lang>` is set by
/// [`App`] through `leptos_meta`, from the negotiated locale.
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
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options />
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
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
                        // Pages with data render whole before the first byte, so that
                        // a failure or an inaccessible record can still set the status.
                        <Route path=path!("/catalog") view={Lazy::<CatalogRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/catalog/:sku") view={Lazy::<ProductRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/request-access") view={Lazy::<RequestAccessRoute>::new()} />
                        <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()} />
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} />
                        <Route path=path!("/welcome/:token") view={Lazy::<WelcomeRoute>::new()} />
                        <Route path=path!("/reset/:token") view={Lazy::<ResetRoute>::new()} />
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/customer") view={Lazy::<CustomerAreaRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/customer/team") view={Lazy::<TeamRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/customer/audit") view={Lazy::<CustomerAuditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/customer/timeline") view={Lazy::<CustomerTimelineRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/customer/terms") view={Lazy::<MyTermsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/cart") view={Lazy::<CartRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/orders") view={Lazy::<OrdersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id/change") view={Lazy::<ChangeOrderRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view={Lazy::<ApprovalsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/analytics") view={Lazy::<AnalyticsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/decide/:token") view={Lazy::<DecideByLinkRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/documents") view={Lazy::<DocumentsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/documents/:id") view={Lazy::<DocumentRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/service") view={Lazy::<ServiceListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/service/new") view={Lazy::<NewServiceRequestRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/service/:id") view={Lazy::<ServiceRequestRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/survey/:id") view={Lazy::<SurveyRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/nps/:id") view={Lazy::<RelationshipSurveyRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/downloads") view={Lazy::<DownloadsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/downloads/confirm") view={Lazy::<ConfirmDownloadsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/leads") view={Lazy::<LeadsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/leads/:id") view={Lazy::<LeadRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/satisfaction") view={Lazy::<SatisfactionRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quotes") view={Lazy::<QuotesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quotes/new") view={Lazy::<NewQuoteRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quotes/:id") view={Lazy::<QuoteRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quotes/:id/print") view={Lazy::<QuotePrintRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor") view={Lazy::<VendorAreaRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/analytics") view={Lazy::<VendorAnalyticsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id") view={Lazy::<CustomerRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/audit") view={Lazy::<VendorAuditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/timeline") view={Lazy::<VendorTimelineRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/follow-ups") view={Lazy::<FollowUpsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/terms") view={Lazy::<CustomerTermsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products") view={Lazy::<ProductsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products/:id") view={Lazy::<ProductEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/integrations") view={Lazy::<IntegrationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/vendor/integrations/webhooks/:id") view={Lazy::<WebhookDeliveriesRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter />
        </Router>
    }
}
