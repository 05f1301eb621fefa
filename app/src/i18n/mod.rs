//! Every text the portal shows, in English and German.
//!
//! A typed catalog: one struct field per text, one constant per language, so a text
//! missing in one language does not compile. The current locale is a signal in
//! context; switching it re-renders the texts without a page load.
//!
//! Mail texts (`mail_*`) exist only in the server build: the browser never needs
//! them, so they are not shipped in its wasm.

mod accounts;
mod analytics;
mod conditions;
mod documents;
mod field_problems;
mod follow_ups;
mod integrations;
mod leads;
mod orders;
mod quotes;
mod service;
mod timeline;

pub use accounts::AccountTexts;
pub use analytics::AnalyticsTexts;
pub use conditions::ConditionTexts;
pub use documents::DocumentTexts;
pub use follow_ups::FollowUpTexts;
pub use integrations::IntegrationTexts;
use kontor_domain::{Locale, Money};
pub use leads::LeadTexts;
use leptos::prelude::*;
pub use orders::OrderTexts;
pub use quotes::QuoteTexts;
pub use service::ServiceTexts;
pub use timeline::TimelineTexts;

pub struct Texts {
    pub brand_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub menu: &'static str,
    pub nav_home: &'static str,
    pub nav_catalog: &'static str,
    pub nav_request_access: &'static str,
    pub nav_downloads: &'static str,
    /// The header's link to the notification list (with its unread count).
    pub nav_notifications: &'static str,
    pub nav_customer_area: &'static str,
    pub nav_vendor_area: &'static str,
    pub nav_cart: &'static str,
    pub nav_orders: &'static str,
    pub nav_approvals: &'static str,
    pub nav_documents: &'static str,
    pub nav_service: &'static str,
    pub nav_quotes: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub need_sign_in: &'static str,
    pub forbidden: &'static str,
    pub language: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_catalog_cta: &'static str,
    pub home_access_cta: &'static str,
    pub home_customer_title: &'static str,
    pub home_customer_body: &'static str,
    pub home_vendor_title: &'static str,
    pub home_vendor_body: &'static str,
    pub area_customer_title: &'static str,
    pub area_customer_items: [&'static str; 5],
    pub area_vendor_title: &'static str,
    pub area_vendor_items: [&'static str; 4],
    pub area_sign_in_note: &'static str,
    pub catalog_title: &'static str,
    pub catalog_lead: &'static str,
    pub catalog_sku: &'static str,
    pub catalog_product: &'static str,
    pub catalog_list_price: &'static str,
    pub catalog_stock: &'static str,
    pub catalog_lead_time: &'static str,
    pub catalog_day: &'static str,
    pub catalog_days: &'static str,
    pub unit_piece: &'static str,
    pub unit_set: &'static str,
    pub catalog_next_page: &'static str,
    pub catalog_first_page: &'static str,
    pub catalog_empty: &'static str,
    pub loading: &'static str,
    pub access_title: &'static str,
    pub access_lead: &'static str,
    pub access_company: &'static str,
    pub access_contact_name: &'static str,
    pub access_email: &'static str,
    pub access_message: &'static str,
    pub access_submit: &'static str,
    pub access_sending: &'static str,
    pub access_done_title: &'static str,
    pub access_done_body: &'static str,
    pub access_fix_fields: &'static str,
    pub error_required: &'static str,
    pub error_too_long: &'static str,
    pub error_invalid_email: &'static str,
    pub error_control_chars: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub error_retry: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub footer: &'static str,
    // Mail texts (rendered on the server into the outbox).
    #[cfg(feature = "ssr")]
    pub mail_access_confirm_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_access_confirm_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_access_vendor_subject: &'static str,
    /// To vendor admins when a webhook endpoint was switched off for failing;
    /// `{url}`, `{since}`, `{portal}` are replaced.
    pub mail_webhook_disabled_subject: &'static str,
    pub mail_webhook_disabled_body: &'static str,
}

pub const EN: Texts = Texts {
    brand_tagline: "Customer portal of Nordhydraulik AG",
    skip_to_content: "Skip to content",
    menu: "Menu",
    nav_home: "Home",
    nav_catalog: "Catalog",
    nav_request_access: "Request access",
    nav_downloads: "Technical downloads",
    nav_notifications: "Notifications",
    nav_customer_area: "Customer area",
    nav_vendor_area: "Vendor area",
    nav_cart: "Cart",
    nav_orders: "Orders",
    nav_approvals: "Approvals",
    nav_documents: "Documents",
    nav_service: "Service",
    nav_quotes: "Quotes",
    sign_in: "Sign in",
    sign_out: "Sign out",
    need_sign_in: "Please sign in to see this page.",
    forbidden: "Your role does not allow this page.",
    language: "Language",
    home_title: "Your direct line to Nordhydraulik",
    home_lead: "Order at your negotiated prices, get orders approved by the right people, download data sheets and CAD models, and reach service within your agreed service level — at any hour, on desktop and phone.",
    home_catalog_cta: "Browse the catalog",
    home_access_cta: "Request a customer account",
    home_customer_title: "For customers",
    home_customer_body: "Purchasers order within their limits, supervisors approve online, finance sees terms and invoices, engineers get the technical documents.",
    home_vendor_title: "For Nordhydraulik staff",
    home_vendor_body: "Account managers unlock customers and record their conditions; service works requests within the agreed response times.",
    area_customer_title: "Customer area",
    area_customer_items: [
        "Catalog at your own prices, cart and quick order",
        "Approvals for orders above your limit",
        "Your terms: prices, payment, delivery and service level",
        "Data sheets, CAD models, certificates, invoices",
        "Service requests with due times from your contract",
    ],
    area_vendor_title: "Vendor area",
    area_vendor_items: [
        "Unlock customer organizations and invite their first users",
        "Record negotiated prices and terms, with history",
        "Follow your customers' orders",
        "Work the service-request queue within SLAs",
    ],
    area_sign_in_note: "Sign-in opens this area. Your account manager unlocks your organization.",
    catalog_title: "Catalog",
    catalog_lead: "List prices, net, excluding VAT. Signed-in customers see their negotiated prices.",
    catalog_sku: "SKU",
    catalog_product: "Product",
    catalog_list_price: "List price",
    catalog_stock: "In stock",
    catalog_lead_time: "Lead time",
    catalog_day: "day",
    catalog_days: "days",
    unit_piece: "pcs",
    unit_set: "sets",
    catalog_next_page: "Next page",
    catalog_first_page: "First page",
    catalog_empty: "No products.",
    loading: "Loading…",
    access_title: "Request a customer account",
    access_lead: "Tell us who you are. Your account manager checks the request and unlocks your organization.",
    access_company: "Company",
    access_contact_name: "Your name",
    access_email: "Business e-mail",
    access_message: "Message (optional)",
    access_submit: "Send request",
    access_sending: "Sending…",
    access_done_title: "Thank you — we have your request.",
    access_done_body: "A confirmation is on its way to your inbox. Your account manager will contact you.",
    access_fix_fields: "Please correct the marked fields.",
    error_required: "This field is required.",
    error_too_long: "This text is too long.",
    error_invalid_email: "This is not a valid e-mail address.",
    error_control_chars: "This text contains characters that are not allowed.",
    error_title: "Something went wrong",
    error_body: "We could not complete this. Nothing was lost; please try again in a moment.",
    error_retry: "Try again",
    not_found_title: "Page not found",
    not_found_body: "This page does not exist or you may not see it.",
    back_home: "Back to the start page",
    footer: "Nordhydraulik AG · Kontor customer portal",
    #[cfg(feature = "ssr")]
    mail_access_confirm_subject: "We have received your request for a customer account",
    #[cfg(feature = "ssr")]
    mail_access_confirm_body: "Hello {name},\n\nthank you for your interest in Nordhydraulik. We have received your request for a customer account. Your account manager will check it and contact you.\n\nKind regards\nNordhydraulik AG\n{url}",
    #[cfg(feature = "ssr")]
    mail_access_vendor_subject: "New account request",
    mail_webhook_disabled_subject: "Webhook endpoint switched off",
    mail_webhook_disabled_body: "Every delivery to the webhook endpoint {url} has failed since {since} (UTC), so Kontor switched it off. Events are no longer sent to it.\n\nCheck the receiver, then switch the endpoint on again and send the failed deliveries again: {portal}",
};

pub const DE: Texts = Texts {
    brand_tagline: "Kundenportal der Nordhydraulik AG",
    skip_to_content: "Zum Inhalt springen",
    menu: "Menü",
    nav_home: "Start",
    nav_catalog: "Katalog",
    nav_request_access: "Zugang anfragen",
    nav_downloads: "Technische Downloads",
    nav_notifications: "Benachrichtigungen",
    nav_customer_area: "Kundenbereich",
    nav_vendor_area: "Herstellerbereich",
    nav_cart: "Warenkorb",
    nav_orders: "Bestellungen",
    nav_approvals: "Freigaben",
    nav_documents: "Dokumente",
    nav_service: "Service",
    nav_quotes: "Angebote",
    sign_in: "Anmelden",
    sign_out: "Abmelden",
    need_sign_in: "Bitte melden Sie sich an, um diese Seite zu sehen.",
    forbidden: "Ihre Rolle erlaubt diese Seite nicht.",
    language: "Sprache",
    home_title: "Ihr direkter Draht zu Nordhydraulik",
    home_lead: "Bestellen Sie zu Ihren verhandelten Preisen, lassen Sie Bestellungen von den richtigen Personen freigeben, laden Sie Datenblätter und CAD-Modelle herunter und erreichen Sie den Service innerhalb Ihres vereinbarten Service-Levels — rund um die Uhr, am Rechner und am Telefon.",
    home_catalog_cta: "Katalog ansehen",
    home_access_cta: "Kundenzugang anfragen",
    home_customer_title: "Für Kunden",
    home_customer_body: "Einkäufer bestellen im Rahmen ihrer Limits, Vorgesetzte geben online frei, die Buchhaltung sieht Konditionen und Rechnungen, Ingenieure erhalten die technischen Unterlagen.",
    home_vendor_title: "Für Mitarbeitende von Nordhydraulik",
    home_vendor_body: "Kundenbetreuer schalten Kunden frei und erfassen deren Konditionen; der Service bearbeitet Anfragen innerhalb der vereinbarten Reaktionszeiten.",
    area_customer_title: "Kundenbereich",
    area_customer_items: [
        "Katalog zu Ihren Preisen, Warenkorb und Schnellbestellung",
        "Freigaben für Bestellungen über Ihrem Limit",
        "Ihre Konditionen: Preise, Zahlung, Lieferung und Service-Level",
        "Datenblätter, CAD-Modelle, Zertifikate, Rechnungen",
        "Serviceanfragen mit Fristen aus Ihrem Vertrag",
    ],
    area_vendor_title: "Herstellerbereich",
    area_vendor_items: [
        "Kundenorganisationen freischalten und erste Benutzer einladen",
        "Verhandelte Preise und Konditionen erfassen, mit Historie",
        "Bestellungen Ihrer Kunden verfolgen",
        "Serviceanfragen innerhalb der SLAs bearbeiten",
    ],
    area_sign_in_note: "Dieser Bereich öffnet sich nach der Anmeldung. Ihr Kundenbetreuer schaltet Ihre Organisation frei.",
    catalog_title: "Katalog",
    catalog_lead: "Listenpreise, netto, zzgl. MwSt. Angemeldete Kunden sehen ihre verhandelten Preise.",
    catalog_sku: "Artikelnr.",
    catalog_product: "Produkt",
    catalog_list_price: "Listenpreis",
    catalog_stock: "Auf Lager",
    catalog_lead_time: "Lieferzeit",
    catalog_day: "Tag",
    catalog_days: "Tage",
    unit_piece: "Stk.",
    unit_set: "Satz",
    catalog_next_page: "Nächste Seite",
    catalog_first_page: "Erste Seite",
    catalog_empty: "Keine Produkte.",
    loading: "Wird geladen…",
    access_title: "Kundenzugang anfragen",
    access_lead: "Sagen Sie uns, wer Sie sind. Ihr Kundenbetreuer prüft die Anfrage und schaltet Ihre Organisation frei.",
    access_company: "Firma",
    access_contact_name: "Ihr Name",
    access_email: "Geschäftliche E-Mail",
    access_message: "Nachricht (optional)",
    access_submit: "Anfrage senden",
    access_sending: "Wird gesendet…",
    access_done_title: "Vielen Dank — Ihre Anfrage ist bei uns.",
    access_done_body: "Eine Bestätigung ist unterwegs in Ihr Postfach. Ihr Kundenbetreuer meldet sich bei Ihnen.",
    access_fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    error_required: "Dieses Feld ist erforderlich.",
    error_too_long: "Dieser Text ist zu lang.",
    error_invalid_email: "Dies ist keine gültige E-Mail-Adresse.",
    error_control_chars: "Dieser Text enthält unzulässige Zeichen.",
    error_title: "Etwas ist schiefgegangen",
    error_body: "Das hat nicht geklappt. Es ging nichts verloren; bitte versuchen Sie es gleich noch einmal.",
    error_retry: "Erneut versuchen",
    not_found_title: "Seite nicht gefunden",
    not_found_body: "Diese Seite gibt es nicht, oder Sie dürfen sie nicht sehen.",
    back_home: "Zur Startseite",
    footer: "Nordhydraulik AG · Kontor Kundenportal",
    #[cfg(feature = "ssr")]
    mail_access_confirm_subject: "Wir haben Ihre Anfrage für einen Kundenzugang erhalten",
    #[cfg(feature = "ssr")]
    mail_access_confirm_body: "Guten Tag {name},\n\nvielen Dank für Ihr Interesse an Nordhydraulik. Wir haben Ihre Anfrage für einen Kundenzugang erhalten. Ihr Kundenbetreuer prüft sie und meldet sich bei Ihnen.\n\nMit freundlichen Grüßen\nNordhydraulik AG\n{url}",
    #[cfg(feature = "ssr")]
    mail_access_vendor_subject: "Neue Zugangsanfrage",
    mail_webhook_disabled_subject: "Webhook-Endpunkt abgeschaltet",
    mail_webhook_disabled_body: "Jede Zustellung an den Webhook-Endpunkt {url} ist seit {since} (UTC) fehlgeschlagen, daher hat Kontor ihn abgeschaltet. Ereignisse werden nicht mehr an ihn gesendet.\n\nBitte den Empfänger prüfen, dann den Endpunkt wieder einschalten und die fehlgeschlagenen Zustellungen erneut senden: {portal}",
};

impl Texts {
    /// "1 day", "5 days".
    pub fn days(&self, days: i64) -> String {
        format!(
            "{days} {}",
            if days == 1 {
                self.catalog_day
            } else {
                self.catalog_days
            }
        )
    }

    /// A quantity with its unit of measure ("pc", "set" in the catalog).
    pub fn quantity(&self, quantity: i64, unit: &str) -> String {
        let unit = match unit {
            "pc" => self.unit_piece,
            "set" => self.unit_set,
            other => other,
        };
        format!("{quantity} {unit}")
    }
}

/// The text for `key` in a table of (key, text) pairs.
pub(crate) fn label<K: PartialEq>(table: &[(K, &'static str)], key: &K) -> Option<&'static str> {
    table.iter().find(|(k, _)| k == key).map(|(_, text)| *text)
}

pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::En => &EN,
        Locale::De => &DE,
    }
}

pub fn account_texts(locale: Locale) -> &'static AccountTexts {
    match locale {
        Locale::En => &accounts::EN,
        Locale::De => &accounts::DE,
    }
}

/// The language cookie; an explicit choice beats the browser's `Accept-Language`.
pub const LANGUAGE_COOKIE: &str = "kontor_lang";

/// The locale of the current page, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The texts of the current locale (reactive when called inside a closure).
    pub fn t(&self) -> &'static Texts {
        texts(self.locale.get())
    }

    /// The message under a form field for `problem` in the current locale: the four any
    /// field can have from [`Texts`], the others from the table of field messages.
    pub fn problem(&self, problem: kontor_domain::field::FieldProblem) -> &'static str {
        use kontor_domain::field::FieldProblem;
        let t = self.t();
        match problem {
            FieldProblem::Required => t.error_required,
            FieldProblem::TooLong => t.error_too_long,
            FieldProblem::InvalidEmail => t.error_invalid_email,
            FieldProblem::ControlCharacters => t.error_control_chars,
            // Every other problem is in the table (its unit tests check that).
            specific => field_problems::field_problem_text(self.locale.get(), specific)
                .unwrap_or(t.error_required),
        }
    }

    /// The account, team and customer texts of the current locale.
    pub fn a(&self) -> &'static AccountTexts {
        account_texts(self.locale.get())
    }

    /// The catalog, terms and price texts of the current locale.
    pub fn c(&self) -> &'static ConditionTexts {
        condition_texts(self.locale.get())
    }

    /// The cart, order and approval texts of the current locale.
    pub fn o(&self) -> &'static OrderTexts {
        order_texts(self.locale.get())
    }

    /// The documents texts of the current locale.
    pub fn d(&self) -> &'static DocumentTexts {
        document_texts(self.locale.get())
    }

    /// The integration pages' texts of the current locale.
    pub fn i(&self) -> &'static IntegrationTexts {
        integration_texts(self.locale.get())
    }

    /// The service-request texts of the current locale.
    pub fn s(&self) -> &'static ServiceTexts {
        service_texts(self.locale.get())
    }

    /// The quote texts of the current locale.
    pub fn q(&self) -> &'static QuoteTexts {
        quote_texts(self.locale.get())
    }

    /// The spend analytics' texts of the current locale.
    pub fn an(&self) -> &'static AnalyticsTexts {
        analytics_texts(self.locale.get())
    }

    /// The follow-ups' texts of the current locale.
    pub fn fu(&self) -> &'static FollowUpTexts {
        follow_up_texts(self.locale.get())
    }

    /// The texts of the technical downloads and the leads.
    pub fn l(&self) -> &'static LeadTexts {
        lead_texts(self.locale.get())
    }

    /// The customer timeline's texts of the current locale.
    pub fn tl(&self) -> &'static TimelineTexts {
        timeline_texts(self.locale.get())
    }

    pub fn money(&self, money: Money) -> String {
        money.format(self.locale.get())
    }
}

pub fn lead_texts(locale: Locale) -> &'static LeadTexts {
    match locale {
        Locale::En => &leads::EN,
        Locale::De => &leads::DE,
    }
}

pub fn follow_up_texts(locale: Locale) -> &'static FollowUpTexts {
    match locale {
        Locale::En => &follow_ups::EN,
        Locale::De => &follow_ups::DE,
    }
}

pub fn timeline_texts(locale: Locale) -> &'static TimelineTexts {
    match locale {
        Locale::En => &timeline::EN,
        Locale::De => &timeline::DE,
    }
}

pub fn condition_texts(locale: Locale) -> &'static ConditionTexts {
    match locale {
        Locale::En => &conditions::EN,
        Locale::De => &conditions::DE,
    }
}

pub fn analytics_texts(locale: Locale) -> &'static AnalyticsTexts {
    match locale {
        Locale::En => &analytics::EN,
        Locale::De => &analytics::DE,
    }
}

pub fn order_texts(locale: Locale) -> &'static OrderTexts {
    match locale {
        Locale::En => &orders::EN,
        Locale::De => &orders::DE,
    }
}

pub fn document_texts(locale: Locale) -> &'static DocumentTexts {
    match locale {
        Locale::En => &documents::EN,
        Locale::De => &documents::DE,
    }
}

pub fn integration_texts(locale: Locale) -> &'static IntegrationTexts {
    match locale {
        Locale::En => &integrations::EN,
        Locale::De => &integrations::DE,
    }
}

pub fn quote_texts(locale: Locale) -> &'static QuoteTexts {
    match locale {
        Locale::En => &quotes::EN,
        Locale::De => &quotes::DE,
    }
}

pub fn service_texts(locale: Locale) -> &'static ServiceTexts {
    match locale {
        Locale::En => &service::EN,
        Locale::De => &service::DE,
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// For the top of an `#[island]`: the page's `I18n` on the server; in the browser,
/// where an island sees no context of the page around it, one of its own in the
/// language the server rendered (`<html lang>`), provided to the island's children.
pub fn island_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n {
            locale: RwSignal::new(initial_locale()),
        };
        provide_context(i18n);
        i18n
    })
}

/// Decides the locale of this render. On the server from the request (cookie, then
/// `Accept-Language`); in the browser from `<html lang>`, which the server rendered,
/// so hydration sees exactly what the server saw.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        match use_context::<http::request::Parts>() {
            Some(parts) => locale_of_request(&parts.headers),
            None => Locale::default(),
        }
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// The locale a request asks for: the language cookie, then `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn locale_of_request(headers: &http::HeaderMap) -> Locale {
    let header = |name: http::header::HeaderName| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",")
    };
    let cookies = header(http::header::COOKIE);
    let explicit = cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .map(|(_, value)| value.to_string());
    let accept = header(http::header::ACCEPT_LANGUAGE);
    Locale::negotiate(
        explicit.as_deref(),
        Some(accept.as_str()).filter(|s| !s.is_empty()),
    )
}

/// The `Set-Cookie` value that remembers `locale` for a year.
pub fn language_cookie(locale: Locale) -> String {
    format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    )
}

/// Remembers the choice in the language cookie (browser only; the no-JS path sets the
/// same cookie through the `/lang/{tag}` route).
pub fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Ok(doc) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&language_cookie(locale));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}
