//! Texts of the catalog, negotiated terms and price agreements.

use super::label;
use kontor_domain::calendar::{Day, berlin_offset_ms};
use kontor_domain::csv::FileProblem;
use kontor_domain::terms::{ChangeValue, percent_text};
use kontor_domain::{Locale, Money};

pub struct ConditionTexts {
    pub locale: Locale,
    pub search: &'static str,
    pub search_submit: &'static str,
    pub category: &'static str,
    pub all_categories: &'static str,
    pub categories: [(&'static str, &'static str); 4],
    pub your_price: &'static str,
    pub your_prices_note: &'static str,
    pub tiers: &'static str,
    pub tier_from: &'static str,
    pub description: &'static str,
    pub back_to_catalog: &'static str,
    pub valid_from: &'static str,
    pub valid_to: &'static str,
    pub open_ended: &'static str,
    pub terms_title: &'static str,
    pub terms_lead: &'static str,
    pub terms_standard: &'static str,
    pub terms_version: &'static str,
    pub terms_since: &'static str,
    pub terms_scheduled: &'static str,
    pub payment: &'static str,
    pub days_net: &'static str,
    pub discount_within: &'static str,
    pub no_discount: &'static str,
    pub delivery: &'static str,
    pub free_freight_from: &'static str,
    pub never_free: &'static str,
    pub currency: &'static str,
    pub service_level: &'static str,
    pub priority: &'static str,
    pub priorities: [&'static str; 4],
    pub business_hours: &'static str,
    pub hours_suffix: &'static str,
    pub weekdays: &'static str,
    pub contact: &'static str,
    pub no_contact: &'static str,
    pub prices: &'static str,
    pub no_prices: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub effective: &'static str,
    pub changed_by: &'static str,
    pub reason: &'static str,
    pub change: &'static str,
    pub ended: &'static str,
    pub new_value: &'static str,
    pub notes: &'static str,
    // Field labels (form and history).
    pub fields: [(&'static str, &'static str); 22],
    pub edit_terms: &'static str,
    pub effective_date: &'static str,
    pub effective_date_hint: &'static str,
    pub reason_hint: &'static str,
    pub recorded: &'static str,
    pub set_price: &'static str,
    pub base_price: &'static str,
    pub tiers_hint: &'static str,
    pub end_agreement: &'static str,
    pub import_prices: &'static str,
    pub import_hint_prices: &'static str,
    pub import_products: &'static str,
    pub import_hint_products: &'static str,
    pub csv: &'static str,
    pub import_check: &'static str,
    pub import_keep_valid: &'static str,
    pub import_done: &'static str,
    pub import_nothing: &'static str,
    pub import_valid_lines: &'static str,
    pub line: &'static str,
    pub file_empty: &'static str,
    pub file_header: &'static str,
    pub file_quote: &'static str,
    pub file_too_long: &'static str,
    pub products_title: &'static str,
    pub new_product: &'static str,
    pub edit_product: &'static str,
    pub archived: &'static str,
    pub archive: &'static str,
    pub restore: &'static str,
    pub product_fields: [(&'static str, &'static str); 10],
    pub units: [(&'static str, &'static str); 4],
    pub terms_link: &'static str,
    /// `{company}`.
    #[cfg(feature = "ssr")]
    pub mail_terms_subject: &'static str,
    /// `{name}`, `{company}`, `{what}`, `{date}`, `{reason}` (a line or nothing),
    /// `{link}`.
    #[cfg(feature = "ssr")]
    pub mail_terms_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_terms_what_terms: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_terms_what_prices: &'static str,
    /// `{reason}`.
    #[cfg(feature = "ssr")]
    pub mail_terms_reason: &'static str,
}

pub const EN: ConditionTexts = ConditionTexts {
    locale: Locale::En,
    search: "Search",
    search_submit: "Search",
    category: "Category",
    all_categories: "All categories",
    categories: [
        ("accessories", "Accessories"),
        ("pumps", "Pumps"),
        ("valves", "Valves"),
        ("spare_parts", "Spare parts"),
    ],
    your_price: "Your price",
    your_prices_note: "Your negotiated prices, net, excluding VAT.",
    tiers: "Quantity prices",
    tier_from: "from",
    description: "Description",
    back_to_catalog: "Back to the catalog",
    valid_from: "Valid from",
    valid_to: "Valid until",
    open_ended: "open-ended",
    terms_title: "My terms",
    terms_lead: "Everything agreed with Nordhydraulik in one place: prices, payment, delivery, service level and your contact person.",
    terms_standard: "No individual terms are recorded yet: Nordhydraulik's standard conditions apply.",
    terms_version: "Version",
    terms_since: "in force since",
    terms_scheduled: "Agreed for later",
    payment: "Payment",
    days_net: "days net",
    discount_within: "discount when paid within",
    no_discount: "no early-payment discount",
    delivery: "Delivery",
    free_freight_from: "Free freight from a goods value of",
    never_free: "Shipping is always charged",
    currency: "Currency",
    service_level: "Service level",
    priority: "Priority",
    priorities: ["Urgent", "High", "Normal", "Low"],
    business_hours: "Business hours",
    hours_suffix: "business hours",
    weekdays: "Monday to Friday",
    contact: "Your account manager",
    no_contact: "No account manager assigned yet.",
    prices: "Agreed prices",
    no_prices: "No prices agreed: list prices apply.",
    history: "History of changes",
    no_history: "No changes recorded yet.",
    effective: "Effective",
    changed_by: "Changed by",
    reason: "Reason",
    change: "Change",
    ended: "ended",
    new_value: "new",
    notes: "Notes",
    fields: [
        ("payment_net_days", "Payment term (days net)"),
        ("discount_percent", "Early-payment discount (%)"),
        ("discount_days", "Discount period (days)"),
        ("incoterm", "Incoterms 2020"),
        ("incoterm_place", "Named place"),
        (
            "free_freight_threshold",
            "Free freight from (goods value, €)",
        ),
        ("shipping_fee", "Shipping fee (€)"),
        ("lead_time_days", "Default lead time (days)"),
        ("minimum_order_value", "Minimum order value (€)"),
        ("business_hours_start", "Business hours from (hour)"),
        ("business_hours_end", "Business hours until (hour)"),
        ("business_hours", "Business hours"),
        ("notes", "Notes for the customer"),
        ("price", "Price"),
        ("response_urgent", "First response (h): urgent"),
        ("response_high", "First response (h): high"),
        ("response_normal", "First response (h): normal"),
        ("response_low", "First response (h): low"),
        ("resolution_urgent", "Resolution (h): urgent"),
        ("resolution_high", "Resolution (h): high"),
        ("resolution_normal", "Resolution (h): normal"),
        ("resolution_low", "Resolution (h): low"),
    ],
    edit_terms: "Change terms",
    effective_date: "Takes effect on",
    effective_date_hint: "Empty: now. A later date: from the start of that day.",
    reason_hint: "Optional; shown in the history.",
    recorded: "Recorded as version",
    set_price: "Set a price",
    base_price: "Price per unit (€)",
    tiers_hint: "One per line: minimum quantity and price, e.g. \"50: 1.090,00\".",
    end_agreement: "End the agreement on that day (back to the list price)",
    import_prices: "Import prices (CSV)",
    import_hint_prices: "Columns: sku, base_price, tiers, valid_from, valid_to. Separated by , or ; with a header line.",
    import_products: "Import products (CSV)",
    import_hint_products: "Columns: sku, name_en, name_de, description_en, description_de, category, unit, list_price, stock, lead_time_days. An existing SKU is updated.",
    csv: "CSV content",
    import_check: "Check and import",
    import_keep_valid: "Import the valid lines even if others have errors",
    import_done: "Imported.",
    import_nothing: "Nothing was imported. Correct the lines below, or import only the valid lines.",
    import_valid_lines: "valid lines",
    line: "Line",
    file_empty: "The file has no lines to import.",
    file_header: "The first line must name the columns:",
    file_quote: "A quoted field is not closed; it starts on line",
    file_too_long: "Too many lines for one import; the most is",
    products_title: "Products",
    new_product: "New product",
    edit_product: "Edit product",
    archived: "archived",
    archive: "Archive",
    restore: "Put back on sale",
    product_fields: [
        ("sku", "SKU"),
        ("name_en", "Name (English)"),
        ("name_de", "Name (German)"),
        ("description_en", "Description (English)"),
        ("description_de", "Description (German)"),
        ("category", "Category"),
        ("unit", "Unit"),
        ("list_price", "List price (€)"),
        ("stock", "In stock"),
        ("lead_time_days", "Lead time (days)"),
    ],
    units: [
        ("pc", "piece"),
        ("set", "set"),
        ("m", "metre"),
        ("l", "litre"),
    ],
    terms_link: "Terms and prices",
    #[cfg(feature = "ssr")]
    mail_terms_subject: "Your terms with Nordhydraulik have changed ({company})",
    #[cfg(feature = "ssr")]
    mail_terms_body: "Hello {name},\n\nNordhydraulik has recorded {what} for {company}, effective {date}.{reason}\n\nYour terms and prices as they are now:\n{link}\n\nNordhydraulik AG",
    #[cfg(feature = "ssr")]
    mail_terms_what_terms: "new terms (payment, delivery or service level)",
    #[cfg(feature = "ssr")]
    mail_terms_what_prices: "new prices",
    #[cfg(feature = "ssr")]
    mail_terms_reason: "\nReason: {reason}",
};

pub const DE: ConditionTexts = ConditionTexts {
    locale: Locale::De,
    search: "Suche",
    search_submit: "Suchen",
    category: "Kategorie",
    all_categories: "Alle Kategorien",
    categories: [
        ("accessories", "Zubehör"),
        ("pumps", "Pumpen"),
        ("valves", "Ventile"),
        ("spare_parts", "Ersatzteile"),
    ],
    your_price: "Ihr Preis",
    your_prices_note: "Ihre verhandelten Preise, netto, zzgl. MwSt.",
    tiers: "Staffelpreise",
    tier_from: "ab",
    description: "Beschreibung",
    back_to_catalog: "Zurück zum Katalog",
    valid_from: "Gültig ab",
    valid_to: "Gültig bis",
    open_ended: "unbefristet",
    terms_title: "Meine Konditionen",
    terms_lead: "Alles mit Nordhydraulik Vereinbarte an einem Ort: Preise, Zahlung, Lieferung, Service-Level und Ihr Ansprechpartner.",
    terms_standard: "Noch keine individuellen Konditionen erfasst: Es gelten die Standardkonditionen von Nordhydraulik.",
    terms_version: "Version",
    terms_since: "gültig seit",
    terms_scheduled: "Für später vereinbart",
    payment: "Zahlung",
    days_net: "Tage netto",
    discount_within: "Skonto bei Zahlung innerhalb von",
    no_discount: "kein Skonto",
    delivery: "Lieferung",
    free_freight_from: "Frachtfrei ab einem Warenwert von",
    never_free: "Versandkosten fallen immer an",
    currency: "Währung",
    service_level: "Service-Level",
    priority: "Priorität",
    priorities: ["Dringend", "Hoch", "Normal", "Niedrig"],
    business_hours: "Geschäftszeiten",
    hours_suffix: "Geschäftsstunden",
    weekdays: "Montag bis Freitag",
    contact: "Ihr Ansprechpartner",
    no_contact: "Noch kein Ansprechpartner zugeordnet.",
    prices: "Vereinbarte Preise",
    no_prices: "Keine Preise vereinbart: Es gelten die Listenpreise.",
    history: "Änderungsverlauf",
    no_history: "Noch keine Änderungen erfasst.",
    effective: "Wirksam",
    changed_by: "Geändert von",
    reason: "Grund",
    change: "Änderung",
    ended: "beendet",
    new_value: "neu",
    notes: "Hinweise",
    fields: [
        ("payment_net_days", "Zahlungsziel (Tage netto)"),
        ("discount_percent", "Skonto (%)"),
        ("discount_days", "Skontofrist (Tage)"),
        ("incoterm", "Incoterms 2020"),
        ("incoterm_place", "Benannter Ort"),
        ("free_freight_threshold", "Frachtfrei ab (Warenwert, €)"),
        ("shipping_fee", "Versandkosten (€)"),
        ("lead_time_days", "Standard-Lieferzeit (Tage)"),
        ("minimum_order_value", "Mindestbestellwert (€)"),
        ("business_hours_start", "Geschäftszeit ab (Stunde)"),
        ("business_hours_end", "Geschäftszeit bis (Stunde)"),
        ("business_hours", "Geschäftszeiten"),
        ("notes", "Hinweise für den Kunden"),
        ("price", "Preis"),
        ("response_urgent", "Erste Antwort (Std.): dringend"),
        ("response_high", "Erste Antwort (Std.): hoch"),
        ("response_normal", "Erste Antwort (Std.): normal"),
        ("response_low", "Erste Antwort (Std.): niedrig"),
        ("resolution_urgent", "Lösung (Std.): dringend"),
        ("resolution_high", "Lösung (Std.): hoch"),
        ("resolution_normal", "Lösung (Std.): normal"),
        ("resolution_low", "Lösung (Std.): niedrig"),
    ],
    edit_terms: "Konditionen ändern",
    effective_date: "Wirksam ab",
    effective_date_hint: "Leer: sofort. Ein späteres Datum: ab Beginn dieses Tages.",
    reason_hint: "Optional; erscheint im Verlauf.",
    recorded: "Erfasst als Version",
    set_price: "Preis festlegen",
    base_price: "Preis je Einheit (€)",
    tiers_hint: "Eine je Zeile: Mindestmenge und Preis, z. B. „50: 1.090,00“.",
    end_agreement: "Vereinbarung an diesem Tag beenden (zurück zum Listenpreis)",
    import_prices: "Preise importieren (CSV)",
    import_hint_prices: "Spalten: sku, base_price, tiers, valid_from, valid_to. Getrennt durch , oder ; mit Kopfzeile.",
    import_products: "Produkte importieren (CSV)",
    import_hint_products: "Spalten: sku, name_en, name_de, description_en, description_de, category, unit, list_price, stock, lead_time_days. Eine vorhandene Artikelnummer wird aktualisiert.",
    csv: "CSV-Inhalt",
    import_check: "Prüfen und importieren",
    import_keep_valid: "Gültige Zeilen auch dann importieren, wenn andere Fehler haben",
    import_done: "Importiert.",
    import_nothing: "Nichts wurde importiert. Korrigieren Sie die Zeilen unten oder importieren Sie nur die gültigen Zeilen.",
    import_valid_lines: "gültige Zeilen",
    line: "Zeile",
    file_empty: "Die Datei enthält keine Zeilen zum Importieren.",
    file_header: "Die erste Zeile muss die Spalten benennen:",
    file_quote: "Ein Feld in Anführungszeichen ist nicht geschlossen; es beginnt in Zeile",
    file_too_long: "Zu viele Zeilen für einen Import; höchstens",
    products_title: "Produkte",
    new_product: "Neues Produkt",
    edit_product: "Produkt bearbeiten",
    archived: "archiviert",
    archive: "Archivieren",
    restore: "Wieder anbieten",
    product_fields: [
        ("sku", "Artikelnummer"),
        ("name_en", "Name (Englisch)"),
        ("name_de", "Name (Deutsch)"),
        ("description_en", "Beschreibung (Englisch)"),
        ("description_de", "Beschreibung (Deutsch)"),
        ("category", "Kategorie"),
        ("unit", "Einheit"),
        ("list_price", "Listenpreis (€)"),
        ("stock", "Lagerbestand"),
        ("lead_time_days", "Lieferzeit (Tage)"),
    ],
    units: [
        ("pc", "Stück"),
        ("set", "Satz"),
        ("m", "Meter"),
        ("l", "Liter"),
    ],
    terms_link: "Konditionen und Preise",
    #[cfg(feature = "ssr")]
    mail_terms_subject: "Ihre Konditionen bei Nordhydraulik haben sich geändert ({company})",
    #[cfg(feature = "ssr")]
    mail_terms_body: "Guten Tag {name},\n\nNordhydraulik hat für {company} {what} erfasst, gültig ab {date}.{reason}\n\nIhre Konditionen und Preise, wie sie jetzt gelten:\n{link}\n\nNordhydraulik AG",
    #[cfg(feature = "ssr")]
    mail_terms_what_terms: "neue Konditionen (Zahlung, Lieferung oder Service-Level)",
    #[cfg(feature = "ssr")]
    mail_terms_what_prices: "neue Preise",
    #[cfg(feature = "ssr")]
    mail_terms_reason: "\nGrund: {reason}",
};

impl ConditionTexts {
    pub fn category(&self, key: &str) -> String {
        self.categories
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.to_string(), |(_, label)| label.to_string())
    }

    pub fn unit(&self, key: &str) -> &'static str {
        label(&self.units, &key).unwrap_or("")
    }

    /// A form field's (or history entry's) label; the key itself when unknown.
    pub fn field<'a>(&self, key: &'a str) -> &'a str {
        self.fields
            .iter()
            .chain(&self.product_fields)
            .find(|(k, _)| *k == key)
            .map_or(key, |(_, label)| label)
    }

    /// The column heads of the service-level table.
    pub fn service_columns(&self) -> (&'static str, &'static str) {
        match self.locale {
            Locale::En => (
                "First response (business hours)",
                "Resolution (business hours)",
            ),
            Locale::De => (
                "Erste Antwort (Geschäftsstunden)",
                "Lösung (Geschäftsstunden)",
            ),
        }
    }

    pub fn day(&self, day: Day) -> String {
        let (y, m, d) = day.ymd();
        match self.locale {
            Locale::En => format!("{y:04}-{m:02}-{d:02}"),
            Locale::De => format!("{d:02}.{m:02}.{y:04}"),
        }
    }

    /// An instant as date and time in Berlin.
    pub fn instant(&self, ms: i64) -> String {
        let local = ms + berlin_offset_ms(ms);
        let day = Day(local.div_euclid(86_400_000));
        let minutes = local.rem_euclid(86_400_000) / 60_000;
        format!("{} {:02}:{:02}", self.day(day), minutes / 60, minutes % 60)
    }

    pub fn percent(&self, basis_points: u32) -> String {
        let text = percent_text(basis_points);
        match self.locale {
            Locale::En => format!("{text} %"),
            Locale::De => format!("{} %", text.replace('.', ",")),
        }
    }

    pub fn change_value(&self, value: &ChangeValue) -> String {
        let money = |m: Money| m.format(self.locale);
        match value {
            ChangeValue::Money(m) => money(*m),
            ChangeValue::OptionalMoney(Some(m)) => money(*m),
            ChangeValue::OptionalMoney(None) => "—".into(),
            ChangeValue::Days(d) => format!(
                "{d} {}",
                if self.locale == Locale::De {
                    "Tage"
                } else {
                    "days"
                }
            ),
            ChangeValue::Hours(h) => format!("{h} h"),
            ChangeValue::HourRange(from, to) => format!("{from}:00–{to}:00"),
            ChangeValue::Percent(bp) => self.percent(*bp),
            ChangeValue::Text(t) if t.is_empty() => "—".into(),
            ChangeValue::Text(t) => t.clone(),
            ChangeValue::Agreement {
                base_price,
                tiers,
                valid_from,
                valid_to,
            } => {
                let tiers: Vec<String> = tiers
                    .iter()
                    .map(|(q, p)| format!("{} {q}: {}", self.tier_from, money(*p)))
                    .collect();
                let until = valid_to.map_or(self.open_ended.to_string(), |d| {
                    format!("– {}", self.day(Day(d)))
                });
                let tiers = if tiers.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", tiers.join(", "))
                };
                format!(
                    "{}{tiers}, {} {} {until}",
                    money(*base_price),
                    self.valid_from.to_lowercase(),
                    self.day(Day(*valid_from))
                )
            }
        }
    }

    pub fn file_problem(&self, problem: &FileProblem) -> String {
        match problem {
            FileProblem::Empty => self.file_empty.to_string(),
            FileProblem::WrongHeader { expected } => {
                format!("{} {}", self.file_header, expected.join(", "))
            }
            FileProblem::UnclosedQuote { line } => format!("{} {line}.", self.file_quote),
            FileProblem::TooManyLines { max } => format!("{} {max}.", self.file_too_long),
        }
    }
}
