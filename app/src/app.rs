//! The document shell, the router and the page frame.

use crate::components::{ErrorPanel, SiteFooter, SiteHeader};
use crate::i18n::{I18n, initial_locale};
use crate::pages::{
    AccountPage, ApprovalsPage, AuditPage, CartPage, CatalogPage, CustomerAreaPage, CustomerPage,
    CustomerTermsPage, DocumentPage, DocumentsPage, ForgotPasswordPage, HomePage, MyTermsPage,
    NewServiceRequestPage, NotFoundPage, OrderPage, OrdersPage, ProductEditPage, ProductPage,
    ProductsPage, RequestAccessPage, SatisfactionPage, ServiceListPage, ServiceRequestPage,
    SetPasswordPage, SignInPage, StaffPage, SurveyPage, TeamPage, VendorAreaPage,
};
use crate::session::SessionState;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

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
    #[cfg(feature = "ssr")]
    crate::server::set_page_security_headers();

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
                        <Route path=path!("/") view=HomePage />
                        // Pages with data render whole before the first byte, so that
                        // a failure or an inaccessible record can still set the status.
                        <Route path=path!("/catalog") view=CatalogPage ssr=SsrMode::Async />
                        <Route path=path!("/catalog/:sku") view=ProductPage ssr=SsrMode::Async />
                        <Route path=path!("/request-access") view=RequestAccessPage />
                        <Route path=path!("/sign-in") view=SignInPage />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("/welcome/:token") view=|| view! { <SetPasswordPage reset=false /> } />
                        <Route path=path!("/reset/:token") view=|| view! { <SetPasswordPage reset=true /> } />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/customer") view=CustomerAreaPage ssr=SsrMode::Async />
                        <Route path=path!("/customer/team") view=TeamPage ssr=SsrMode::Async />
                        <Route path=path!("/customer/audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("/customer/terms") view=MyTermsPage ssr=SsrMode::Async />
                        <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async />
                        <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async />
                        <Route path=path!("/orders/:id") view=OrderPage ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view=ApprovalsPage ssr=SsrMode::Async />
                        <Route path=path!("/documents") view=DocumentsPage ssr=SsrMode::Async />
                        <Route path=path!("/documents/:id") view=DocumentPage ssr=SsrMode::Async />
                        <Route path=path!("/service") view=ServiceListPage ssr=SsrMode::Async />
                        <Route path=path!("/service/new") view=NewServiceRequestPage ssr=SsrMode::Async />
                        <Route path=path!("/service/:id") view=ServiceRequestPage ssr=SsrMode::Async />
                        <Route path=path!("/survey/:id") view=SurveyPage ssr=SsrMode::Async />
                        <Route path=path!("/satisfaction") view=SatisfactionPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor") view=VendorAreaPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/staff") view=StaffPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id") view=CustomerPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/customers/:id/terms") view=CustomerTermsPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products") view=ProductsPage ssr=SsrMode::Async />
                        <Route path=path!("/vendor/products/:id") view=ProductEditPage ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter />
        </Router>
    }
}
