//! Texts of quotes: requests, offers, their history, and the mails about them.

use super::label;
use kontor_domain::Locale;
use kontor_domain::quote::QuoteState;

pub struct QuoteTexts {
    pub locale: Locale,
    /// "Q" as in "Q 7": how a quote is named on the phone.
    pub number: &'static str,
    pub title_customer: &'static str,
    pub title_vendor: &'static str,
    pub lead_customer: &'static str,
    pub lead_vendor: &'static str,
    pub new_request: &'static str,
    pub new_title: &'static str,
    pub new_lead: &'static str,
    pub catalog_lines: &'static str,
    pub catalog_hint: &'static str,
    pub free_text_lines: &'static str,
    pub free_text_hint: &'static str,
    pub wished_date: &'static str,
    pub message: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub fix_fields: &'static str,
    pub failed: &'static str,
    pub col_quote: &'static str,
    pub col_customer: &'static str,
    pub any_customer: &'static str,
    pub col_requester: &'static str,
    pub col_state: &'static str,
    pub col_total: &'static str,
    pub col_valid: &'static str,
    pub col_since: &'static str,
    pub empty: &'static str,
    pub any_state: &'static str,
    pub all_states: &'static str,
    pub filter: &'static str,
    pub back: &'static str,
    pub requested_lines: &'static str,
    pub item: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub list_price: &'static str,
    pub line_total: &'static str,
    pub in_words: &'static str,
    pub version: &'static str,
    pub offered_by: &'static str,
    pub goods: &'static str,
    pub shipping: &'static str,
    pub total: &'static str,
    pub payment: &'static str,
    pub payment_days: &'static str,
    pub as_in_contract: &'static str,
    pub delivery_terms: &'static str,
    pub valid_until: &'static str,
    pub expired_note: &'static str,
    pub changes: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub conversation: &'static str,
    pub internal: &'static str,
    pub wished: &'static str,
    pub order_made: &'static str,
    pub accept: &'static str,
    pub accept_lead: &'static str,
    pub request_changes: &'static str,
    pub decline: &'static str,
    pub withdraw: &'static str,
    pub comment: &'static str,
    pub reason: &'static str,
    pub offer_title: &'static str,
    pub offer_lead: &'static str,
    pub added_lines: &'static str,
    pub added_hint: &'static str,
    pub payment_net_days: &'static str,
    pub delivery_terms_field: &'static str,
    pub valid_until_field: &'static str,
    pub message_to_customer: &'static str,
    pub internal_note: &'static str,
    pub send_offer: &'static str,
    pub vendor_decline: &'static str,
    pub add_note: &'static str,
    pub print: &'static str,
    pub print_button: &'static str,
    pub print_title: &'static str,
    pub print_for: &'static str,
    pub print_from: &'static str,
    pub print_net: &'static str,
    pub stale: &'static str,
    pub expired_refused: &'static str,
    pub from_quote: &'static str,
    pub from_cart: &'static str,
    /// On the change page of an order made from a quote.
    pub change_quoted: &'static str,
    pub event_requested: &'static str,
    pub event_offered: &'static str,
    pub event_changes_requested: &'static str,
    pub event_accepted: &'static str,
    pub event_declined: &'static str,
    pub event_withdrawn: &'static str,
    pub event_expired: &'static str,
    pub event_note: &'static str,
    pub event_attached: &'static str,
    states: [(QuoteState, &'static str); 7],
    // Mails (rendered on the server into the outbox). Placeholders: {name} (the
    // recipient), {number}, {company}, {requester}, {author}, {version}, {total},
    // {valid_until}, {lines}, {message}, {link}, {order}.
    #[cfg(feature = "ssr")]
    pub mail_requested_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_requested_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_offered_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_offered_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_changes_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_changes_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_accepted_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_accepted_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_declined_by_buyer_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_declined_by_buyer_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_declined_by_vendor_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_declined_by_vendor_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_withdrawn_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_withdrawn_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_expired_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_expired_body: &'static str,
    /// "Wished delivery date: {date}" (a line of the request mail).
    #[cfg(feature = "ssr")]
    pub mail_wished: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_shipping: &'static str,
}

impl QuoteTexts {
    /// What a history entry says happened.
    pub fn event(&self, event: &str) -> &'static str {
        match event {
            "requested" => self.event_requested,
            "offered" => self.event_offered,
            "changes_requested" => self.event_changes_requested,
            "accepted" => self.event_accepted,
            "declined" => self.event_declined,
            "withdrawn" => self.event_withdrawn,
            "expired" => self.event_expired,
            "attached" => self.event_attached,
            _ => self.event_note,
        }
    }

    pub fn state(&self, state: QuoteState) -> &'static str {
        label(&self.states, &state).unwrap_or("")
    }

    /// "Q 7".
    pub fn quote_number(&self, number: i64) -> String {
        format!("{} {number}", self.number)
    }
}

pub const EN: QuoteTexts = QuoteTexts {
    locale: Locale::En,
    number: "Q",
    title_customer: "Quotes",
    title_vendor: "Quote requests",
    lead_customer: "Ask for an offer for large or unusual purchases. An accepted offer becomes an order at its prices, through your limits and approvals.",
    lead_vendor: "Requests waiting for an offer, oldest first.",
    new_request: "Ask for a quotation",
    new_title: "Ask for a quotation",
    new_lead: "Your account manager answers with an offer. Items from the catalog and anything else you need — one per line.",
    catalog_lines: "Catalog items",
    catalog_hint: "SKU and quantity per line, e.g. “NH-PMP-1000 55”.",
    free_text_lines: "Other items and services",
    free_text_hint: "One per line; a leading number is the quantity, e.g. “2 Training day on site”.",
    wished_date: "Wished delivery date (optional)",
    message: "Message (optional)",
    submit: "Send request",
    sending: "Sending…",
    fix_fields: "Please correct the marked fields.",
    failed: "That did not work. Please try again.",
    col_quote: "Quote",
    col_customer: "Customer",
    any_customer: "Every customer",
    col_requester: "Asked by",
    col_state: "State",
    col_total: "Total (net)",
    col_valid: "Valid until",
    col_since: "Since",
    empty: "No quotes yet.",
    any_state: "Waiting for us",
    all_states: "Any state",
    filter: "Show",
    back: "← All quotes",
    requested_lines: "Requested",
    item: "Item",
    quantity: "Quantity",
    unit_price: "Unit price",
    list_price: "List price",
    line_total: "Line total",
    in_words: "not in the catalog",
    version: "Version",
    offered_by: "Offered by",
    goods: "Goods",
    shipping: "Shipping",
    total: "Total (net)",
    payment: "Payment",
    payment_days: "days net",
    as_in_contract: "as in your contract",
    delivery_terms: "Delivery terms",
    valid_until: "Valid until",
    expired_note: "This version has expired.",
    changes: "Changed since the version before",
    added: "added",
    removed: "removed",
    conversation: "History",
    internal: "Internal note",
    wished: "Wished delivery date",
    order_made: "Became order",
    accept: "Accept and order",
    accept_lead: "It becomes an order at exactly these prices. Above your limit or budget it first waits for approval, as any order does.",
    request_changes: "Ask for changes",
    decline: "Decline",
    withdraw: "Withdraw request",
    comment: "Comment",
    reason: "Reason",
    offer_title: "Send an offer",
    offer_lead: "Catalog lines start at the customer's contract price. A quantity of 0 takes a line out.",
    added_lines: "Add lines",
    added_hint: "One per line: “SKU or description; quantity; unit price”.",
    payment_net_days: "Payment days (empty: as in the contract)",
    delivery_terms_field: "Delivery terms (optional)",
    valid_until_field: "Valid until",
    message_to_customer: "Message to the customer (optional)",
    internal_note: "Internal note (only vendor staff see it)",
    send_offer: "Send offer",
    vendor_decline: "Cannot offer",
    add_note: "Add note",
    print: "Printable offer",
    print_button: "Print or save as PDF",
    print_title: "Offer",
    print_for: "For",
    print_from: "From",
    print_net: "All prices net, plus VAT.",
    stale: "Someone was quicker: the quote has moved on. Here it is as it is now.",
    expired_refused: "This version has expired. Please ask for a new quotation.",
    from_quote: "From quote",
    from_cart: "Ask for a quotation instead",
    change_quoted: "This order was made from a quote at the prices agreed there, so it cannot be changed. Withdraw it and ask for a new quotation instead.",
    event_requested: "asked for a quotation",
    event_offered: "sent an offer",
    event_changes_requested: "asked for changes",
    event_accepted: "accepted",
    event_declined: "declined",
    event_withdrawn: "withdrew the request",
    event_expired: "The offer expired.",
    event_note: "noted",
    event_attached: "attached a file",
    states: [
        (QuoteState::Requested, "Requested"),
        (QuoteState::Offered, "Offered"),
        (QuoteState::ChangesRequested, "Changes requested"),
        (QuoteState::Accepted, "Accepted"),
        (QuoteState::Declined, "Declined"),
        (QuoteState::Expired, "Expired"),
        (QuoteState::Withdrawn, "Withdrawn"),
    ],
    #[cfg(feature = "ssr")]
    mail_requested_subject: "Quote request Q {number} from {company}",
    #[cfg(feature = "ssr")]
    mail_requested_body: "Hello {name},\n\n{requester} of {company} asks for a quotation (Q {number}):\n\n{lines}\n{message}\nAnswer with an offer: {link}",
    #[cfg(feature = "ssr")]
    mail_offered_subject: "Your offer Q {number}, version {version}",
    #[cfg(feature = "ssr")]
    mail_offered_body: "Hello {name},\n\n{author} has sent version {version} of the offer for your quote request Q {number}:\n\n{lines}\n\nTotal {total} (net), valid until {valid_until}.\n{message}\nAccept it, ask for changes or decline: {link}\n\nKind regards\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_changes_subject: "{company} asks for changes to Q {number}",
    #[cfg(feature = "ssr")]
    mail_changes_body: "Hello {name},\n\n{author} of {company} asks for changes to version {version} of Q {number}:\n\n{message}\n\nSend a new version: {link}",
    #[cfg(feature = "ssr")]
    mail_accepted_subject: "{company} accepted Q {number}",
    #[cfg(feature = "ssr")]
    mail_accepted_body: "Hello {name},\n\n{author} of {company} accepted version {version} of Q {number} ({total}). It is now order {order}; where it needs approval inside {company}, it waits for that first.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_declined_by_buyer_subject: "{company} declined Q {number}",
    #[cfg(feature = "ssr")]
    mail_declined_by_buyer_body: "Hello {name},\n\n{author} of {company} declined the offer Q {number}:\n\n{message}\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_declined_by_vendor_subject: "We cannot offer Q {number}",
    #[cfg(feature = "ssr")]
    mail_declined_by_vendor_body: "Hello {name},\n\nunfortunately we cannot make an offer for your quote request Q {number}:\n\n{message}\n\n{link}\n\nKind regards\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_withdrawn_subject: "{company} withdrew Q {number}",
    #[cfg(feature = "ssr")]
    mail_withdrawn_body: "Hello {name},\n\n{author} of {company} withdrew the quote request Q {number}. Nothing more needs to be done.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_expired_subject: "The offer Q {number} has expired",
    #[cfg(feature = "ssr")]
    mail_expired_body: "Hello {name},\n\nversion {version} of the offer Q {number} for {company} was valid until {valid_until} and has expired. To order it after all, ask for a new quotation.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_wished: "Wished delivery date: {date}",
    #[cfg(feature = "ssr")]
    mail_shipping: "Shipping",
};

pub const DE: QuoteTexts = QuoteTexts {
    locale: Locale::De,
    number: "A",
    title_customer: "Angebote",
    title_vendor: "Angebotsanfragen",
    lead_customer: "Fragen Sie bei großen oder besonderen Käufen ein Angebot an. Ein angenommenes Angebot wird zur Bestellung zu seinen Preisen – über Ihre Limits und Freigaben.",
    lead_vendor: "Anfragen, die auf ein Angebot warten – die ältesten zuerst.",
    new_request: "Angebot anfragen",
    new_title: "Angebot anfragen",
    new_lead: "Ihr Ansprechpartner antwortet mit einem Angebot. Artikel aus dem Katalog und alles andere, was Sie brauchen – je eine Zeile.",
    catalog_lines: "Katalogartikel",
    catalog_hint: "Artikelnummer und Menge je Zeile, z. B. „NH-PMP-1000 55“.",
    free_text_lines: "Weitere Artikel und Leistungen",
    free_text_hint: "Je Zeile eine; eine Zahl am Anfang ist die Menge, z. B. „2 Schulungstag vor Ort“.",
    wished_date: "Gewünschter Liefertermin (optional)",
    message: "Nachricht (optional)",
    submit: "Anfrage senden",
    sending: "Wird gesendet…",
    fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    failed: "Das hat nicht geklappt. Bitte versuchen Sie es erneut.",
    col_quote: "Angebot",
    col_customer: "Kunde",
    any_customer: "Alle Kunden",
    col_requester: "Angefragt von",
    col_state: "Status",
    col_total: "Gesamt (netto)",
    col_valid: "Gültig bis",
    col_since: "Seit",
    empty: "Noch keine Angebote.",
    any_state: "Warten auf uns",
    all_states: "Jeder Status",
    filter: "Anzeigen",
    back: "← Alle Angebote",
    requested_lines: "Angefragt",
    item: "Artikel",
    quantity: "Menge",
    unit_price: "Stückpreis",
    list_price: "Listenpreis",
    line_total: "Summe",
    in_words: "nicht im Katalog",
    version: "Version",
    offered_by: "Angeboten von",
    goods: "Waren",
    shipping: "Versand",
    total: "Gesamt (netto)",
    payment: "Zahlung",
    payment_days: "Tage netto",
    as_in_contract: "wie im Vertrag",
    delivery_terms: "Lieferbedingungen",
    valid_until: "Gültig bis",
    expired_note: "Diese Version ist abgelaufen.",
    changes: "Geändert gegenüber der Vorversion",
    added: "neu",
    removed: "entfallen",
    conversation: "Verlauf",
    internal: "Interne Notiz",
    wished: "Gewünschter Liefertermin",
    order_made: "Wurde zu Bestellung",
    accept: "Annehmen und bestellen",
    accept_lead: "Daraus wird eine Bestellung zu genau diesen Preisen. Über Ihrem Limit oder Budget wartet sie zuerst auf die Freigabe – wie jede Bestellung.",
    request_changes: "Änderungen erbitten",
    decline: "Ablehnen",
    withdraw: "Anfrage zurückziehen",
    comment: "Kommentar",
    reason: "Grund",
    offer_title: "Angebot senden",
    offer_lead: "Katalogzeilen beginnen beim Vertragspreis des Kunden. Menge 0 nimmt eine Zeile heraus.",
    added_lines: "Zeilen hinzufügen",
    added_hint: "Je Zeile: „Artikelnummer oder Beschreibung; Menge; Stückpreis“.",
    payment_net_days: "Zahlungsziel in Tagen (leer: wie im Vertrag)",
    delivery_terms_field: "Lieferbedingungen (optional)",
    valid_until_field: "Gültig bis",
    message_to_customer: "Nachricht an den Kunden (optional)",
    internal_note: "Interne Notiz (nur für Mitarbeitende des Herstellers)",
    send_offer: "Angebot senden",
    vendor_decline: "Kein Angebot möglich",
    add_note: "Notiz hinzufügen",
    print: "Angebot zum Drucken",
    print_button: "Drucken oder als PDF speichern",
    print_title: "Angebot",
    print_for: "Für",
    print_from: "Von",
    print_net: "Alle Preise netto zzgl. USt.",
    stale: "Jemand war schneller: Das Angebot hat sich geändert. Hier ist der aktuelle Stand.",
    expired_refused: "Diese Version ist abgelaufen. Bitte fragen Sie ein neues Angebot an.",
    from_quote: "Aus Angebot",
    from_cart: "Stattdessen ein Angebot anfragen",
    change_quoted: "Diese Bestellung entstand aus einem Angebot zu den dort vereinbarten Preisen und lässt sich daher nicht ändern. Ziehen Sie sie zurück und fragen Sie ein neues Angebot an.",
    event_requested: "hat ein Angebot angefragt",
    event_offered: "hat ein Angebot geschickt",
    event_changes_requested: "hat um Änderungen gebeten",
    event_accepted: "hat angenommen",
    event_declined: "hat abgelehnt",
    event_withdrawn: "hat die Anfrage zurückgezogen",
    event_expired: "Das Angebot ist abgelaufen.",
    event_note: "hat notiert",
    event_attached: "hat eine Datei angehängt",
    states: [
        (QuoteState::Requested, "Angefragt"),
        (QuoteState::Offered, "Angeboten"),
        (QuoteState::ChangesRequested, "Änderung erbeten"),
        (QuoteState::Accepted, "Angenommen"),
        (QuoteState::Declined, "Abgelehnt"),
        (QuoteState::Expired, "Abgelaufen"),
        (QuoteState::Withdrawn, "Zurückgezogen"),
    ],
    #[cfg(feature = "ssr")]
    mail_requested_subject: "Angebotsanfrage A {number} von {company}",
    #[cfg(feature = "ssr")]
    mail_requested_body: "Hallo {name},\n\n{requester} von {company} bittet um ein Angebot (A {number}):\n\n{lines}\n{message}\nMit einem Angebot antworten: {link}",
    #[cfg(feature = "ssr")]
    mail_offered_subject: "Ihr Angebot A {number}, Version {version}",
    #[cfg(feature = "ssr")]
    mail_offered_body: "Hallo {name},\n\n{author} hat Version {version} des Angebots zu Ihrer Anfrage A {number} geschickt:\n\n{lines}\n\nGesamt {total} (netto), gültig bis {valid_until}.\n{message}\nAnnehmen, Änderungen erbitten oder ablehnen: {link}\n\nMit freundlichen Grüßen\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_changes_subject: "{company} bittet um Änderungen an A {number}",
    #[cfg(feature = "ssr")]
    mail_changes_body: "Hallo {name},\n\n{author} von {company} bittet um Änderungen an Version {version} von A {number}:\n\n{message}\n\nNeue Version schicken: {link}",
    #[cfg(feature = "ssr")]
    mail_accepted_subject: "{company} hat A {number} angenommen",
    #[cfg(feature = "ssr")]
    mail_accepted_body: "Hallo {name},\n\n{author} von {company} hat Version {version} von A {number} angenommen ({total}). Daraus ist Bestellung {order} geworden; braucht sie bei {company} eine Freigabe, wartet sie zuerst darauf.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_declined_by_buyer_subject: "{company} hat A {number} abgelehnt",
    #[cfg(feature = "ssr")]
    mail_declined_by_buyer_body: "Hallo {name},\n\n{author} von {company} hat das Angebot A {number} abgelehnt:\n\n{message}\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_declined_by_vendor_subject: "Zu A {number} können wir kein Angebot machen",
    #[cfg(feature = "ssr")]
    mail_declined_by_vendor_body: "Hallo {name},\n\nzu Ihrer Anfrage A {number} können wir leider kein Angebot machen:\n\n{message}\n\n{link}\n\nMit freundlichen Grüßen\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_withdrawn_subject: "{company} hat A {number} zurückgezogen",
    #[cfg(feature = "ssr")]
    mail_withdrawn_body: "Hallo {name},\n\n{author} von {company} hat die Angebotsanfrage A {number} zurückgezogen. Es ist nichts mehr zu tun.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_expired_subject: "Das Angebot A {number} ist abgelaufen",
    #[cfg(feature = "ssr")]
    mail_expired_body: "Hallo {name},\n\nVersion {version} des Angebots A {number} für {company} galt bis {valid_until} und ist abgelaufen. Wer es doch bestellen möchte, fragt bitte ein neues Angebot an.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_wished: "Gewünschter Liefertermin: {date}",
    #[cfg(feature = "ssr")]
    mail_shipping: "Versand",
};
