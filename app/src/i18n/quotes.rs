//! Texts of quotes: requests, offers, their history, and the mails about them.

use super::label;
use kontor_domain::Locale;
use kontor_domain::quote::QuoteState;

pub struct QuoteTexts {
    pub locale: Locale,
    /// "Q" as in "Q 7": how a quote is named on the phone.
    pub number: &'static str,
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
