//! Texts of the customer timeline. The sentences that tell what happened are made on
//! the server (`services::timeline`), so they exist only in the server build.

use kontor_domain::Locale;

pub struct TimelineTexts {
    pub locale: Locale,
    pub nav_timeline: &'static str,
    pub title: &'static str,
    pub lead_customer: &'static str,
    pub lead_vendor: &'static str,
    pub filter_kind: &'static str,
    pub filter_person: &'static str,
    pub all_kinds: &'static str,
    pub everyone: &'static str,
    pub apply: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub empty: &'static str,
    /// The mark on what only the vendor's staff see.
    pub internal: &'static str,
    /// In the order of `timeline::Kind::ALL`.
    pub kinds: [&'static str; 8],
    /// What happened, by the recorded code: `{who}` did it, `{what}` names what it
    /// was done to, `{amount}` an order's total, `{detail}` what the record adds.
    #[cfg(feature = "ssr")]
    pub sentences: &'static [(&'static str, &'static str)],
    /// For a code without its own sentence.
    #[cfg(feature = "ssr")]
    pub unknown: &'static str,
    /// An approver's comment after the sentence: `{comment}`.
    #[cfg(feature = "ssr")]
    pub comment: &'static str,
    /// Who did what the portal did by itself (an order expiring, a mail).
    #[cfg(feature = "ssr")]
    pub system: &'static str,
}

impl TimelineTexts {
    pub fn kind(&self, kind: kontor_domain::timeline::Kind) -> &'static str {
        let index = kontor_domain::timeline::Kind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default();
        self.kinds[index]
    }

    /// The sentence for `code`.
    #[cfg(feature = "ssr")]
    pub fn sentence(&self, code: &str) -> &'static str {
        self.sentences
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(self.unknown, |(_, s)| *s)
    }
}

pub const EN: TimelineTexts = TimelineTexts {
    locale: Locale::En,
    nav_timeline: "Timeline",
    title: "Timeline",
    lead_customer: "Everything that happened in your organization's account, newest first: orders and their decisions, quotes, terms, service requests, documents, mails and your people's sign-ins.",
    lead_vendor: "Everything that happened with this customer, newest first, including what only the vendor's staff see.",
    filter_kind: "What",
    filter_person: "Who",
    all_kinds: "Everything",
    everyone: "Everyone",
    apply: "Show",
    older: "Older events",
    newest: "Back to the newest",
    empty: "Nothing has happened here yet.",
    internal: "internal",
    kinds: [
        "Orders",
        "Quotes",
        "Terms and prices",
        "Service",
        "Documents",
        "Mails",
        "People",
        "Account",
    ],
    #[cfg(feature = "ssr")]
    sentences: &[
        ("order.placed", "{who} placed order {what}, {amount}"),
        ("order.approved", "{who} approved order {what}, {amount}"),
        ("order.rejected", "{who} refused order {what}, {amount}"),
        ("order.withdrawn", "{who} withdrew order {what}"),
        ("order.amended", "{who} changed order {what}"),
        ("order.expired", "Order {what} expired without a decision"),
        ("order.exploded", "{who} split order {what} into its parts"),
        ("order.confirmed", "{who} confirmed order {what}"),
        ("order.shipped", "{who} shipped order {what}"),
        ("order.delivered", "{who} marked order {what} delivered"),
        ("order.cancelled", "{who} cancelled order {what}"),
        ("quote.requested", "{who} asked for quote {what}"),
        ("quote.offered", "{who} sent the offer for quote {what}"),
        ("quote.accepted", "{who} accepted quote {what}"),
        ("quote.declined", "{who} declined quote {what}"),
        (
            "quote.changes_requested",
            "{who} asked for changes to quote {what}",
        ),
        ("quote.withdrawn", "{who} withdrew quote {what}"),
        ("quote.expired", "Quote {what} expired"),
        (
            "quote.noted",
            "{who} wrote an internal note on quote {what}",
        ),
        (
            "quote.file_attached",
            "{who} attached a file to quote {what}",
        ),
        ("terms.changed", "{who} changed the terms"),
        ("price.changed", "{who} changed a negotiated price"),
        ("prices.changed", "{who} changed the negotiated prices"),
        (
            "organization.approval_times",
            "{who} changed the times for approvals",
        ),
        ("service.opened", "{who} opened a service request: {detail}"),
        ("service.assigned", "{who} assigned service request {what}"),
        ("service.resolved", "{who} resolved service request {what}"),
        ("service.closed", "{who} closed service request {what}"),
        ("service.reopened", "{who} reopened service request {what}"),
        (
            "service.replied",
            "{who} replied on service request {what}: {detail}",
        ),
        (
            "service.noted",
            "{who} noted on service request {what}: {detail}",
        ),
        ("document.uploaded", "{who} published a document: {detail}"),
        (
            "document.replaced",
            "{who} published a new version of a document: {detail}",
        ),
        ("document.downloaded", "{who} downloaded {detail}"),
        ("mail.sent", "Mail “{detail}” to {what} delivered"),
        (
            "mail.pending",
            "Mail “{detail}” to {what} waiting to be sent",
        ),
        (
            "mail.failed",
            "Mail “{detail}” to {what} could not be delivered",
        ),
        ("member.invited", "{who} invited {what}"),
        (
            "member.invitation_accepted",
            "{who} accepted the invitation",
        ),
        ("member.deactivated", "{who} deactivated {what}"),
        (
            "member.updated",
            "{who} changed the roles or limits of {what}",
        ),
        ("member.details_changed", "{who} changed their details"),
        ("member.password_changed", "{who} changed their password"),
        (
            "member.password_reset",
            "{who} set a new password by a mailed link",
        ),
        (
            "member.second_factor_enabled",
            "{who} switched on the second factor",
        ),
        (
            "member.notifications_changed",
            "{who} changed their notifications",
        ),
        ("member.language_changed", "{who} changed their language"),
        ("member.signed_in", "{who} signed in"),
        (
            "member.signed_in_from_new_browser",
            "{who} signed in from a new browser: {detail}",
        ),
        ("deputy.named", "{who} named a deputy for approvals"),
        ("deputy.removed", "{who} ended a deputyship for approvals"),
        (
            "customer.activated",
            "{who} unlocked the organization's account",
        ),
        (
            "customer.suspended",
            "{who} suspended the organization's account",
        ),
        (
            "organization.created",
            "{who} created the organization's account",
        ),
        (
            "organization.unlocked",
            "{who} unlocked the organization's account",
        ),
        (
            "organization.suspended",
            "{who} suspended the organization's account",
        ),
        (
            "organization.notification_defaults_changed",
            "{who} changed the organization's notification defaults",
        ),
    ],
    #[cfg(feature = "ssr")]
    unknown: "{who} made a change",
    #[cfg(feature = "ssr")]
    comment: ": “{comment}”",
    #[cfg(feature = "ssr")]
    system: "Kontor",
};

pub const DE: TimelineTexts = TimelineTexts {
    locale: Locale::De,
    nav_timeline: "Verlauf",
    title: "Verlauf",
    lead_customer: "Alles, was im Konto Ihrer Organisation geschah, das Neueste zuerst: Bestellungen und ihre Entscheidungen, Angebote, Konditionen, Serviceanfragen, Dokumente, E-Mails und die Anmeldungen Ihrer Leute.",
    lead_vendor: "Alles, was mit diesem Kunden geschah, das Neueste zuerst, auch was nur die Mitarbeiter des Anbieters sehen.",
    filter_kind: "Was",
    filter_person: "Wer",
    all_kinds: "Alles",
    everyone: "Alle",
    apply: "Anzeigen",
    older: "Ältere Ereignisse",
    newest: "Zurück zum Neuesten",
    empty: "Hier ist noch nichts geschehen.",
    internal: "intern",
    kinds: [
        "Bestellungen",
        "Angebote",
        "Konditionen und Preise",
        "Service",
        "Dokumente",
        "E-Mails",
        "Personen",
        "Konto",
    ],
    #[cfg(feature = "ssr")]
    sentences: &[
        (
            "order.placed",
            "{who} hat Bestellung {what} aufgegeben, {amount}",
        ),
        (
            "order.approved",
            "{who} hat Bestellung {what} freigegeben, {amount}",
        ),
        (
            "order.rejected",
            "{who} hat Bestellung {what} abgelehnt, {amount}",
        ),
        (
            "order.withdrawn",
            "{who} hat Bestellung {what} zurückgezogen",
        ),
        ("order.amended", "{who} hat Bestellung {what} geändert"),
        (
            "order.expired",
            "Bestellung {what} ist ohne Entscheidung abgelaufen",
        ),
        (
            "order.exploded",
            "{who} hat Bestellung {what} in ihre Teile zerlegt",
        ),
        ("order.confirmed", "{who} hat Bestellung {what} bestätigt"),
        ("order.shipped", "{who} hat Bestellung {what} versandt"),
        (
            "order.delivered",
            "{who} hat Bestellung {what} als geliefert vermerkt",
        ),
        ("order.cancelled", "{who} hat Bestellung {what} storniert"),
        ("quote.requested", "{who} hat Angebot {what} angefragt"),
        ("quote.offered", "{who} hat das Angebot {what} abgegeben"),
        ("quote.accepted", "{who} hat Angebot {what} angenommen"),
        ("quote.declined", "{who} hat Angebot {what} abgelehnt"),
        (
            "quote.changes_requested",
            "{who} hat Änderungen an Angebot {what} erbeten",
        ),
        ("quote.withdrawn", "{who} hat Angebot {what} zurückgezogen"),
        ("quote.expired", "Angebot {what} ist abgelaufen"),
        (
            "quote.noted",
            "{who} hat eine interne Notiz zu Angebot {what} geschrieben",
        ),
        (
            "quote.file_attached",
            "{who} hat eine Datei an Angebot {what} angehängt",
        ),
        ("terms.changed", "{who} hat die Konditionen geändert"),
        (
            "price.changed",
            "{who} hat einen vereinbarten Preis geändert",
        ),
        (
            "prices.changed",
            "{who} hat die vereinbarten Preise geändert",
        ),
        (
            "organization.approval_times",
            "{who} hat die Fristen für Freigaben geändert",
        ),
        (
            "service.opened",
            "{who} hat eine Serviceanfrage gestellt: {detail}",
        ),
        (
            "service.assigned",
            "{who} hat Serviceanfrage {what} zugewiesen",
        ),
        ("service.resolved", "{who} hat Serviceanfrage {what} gelöst"),
        (
            "service.closed",
            "{who} hat Serviceanfrage {what} geschlossen",
        ),
        (
            "service.reopened",
            "{who} hat Serviceanfrage {what} wieder geöffnet",
        ),
        (
            "service.replied",
            "{who} hat auf Serviceanfrage {what} geantwortet: {detail}",
        ),
        (
            "service.noted",
            "{who} hat zu Serviceanfrage {what} notiert: {detail}",
        ),
        (
            "document.uploaded",
            "{who} hat ein Dokument veröffentlicht: {detail}",
        ),
        (
            "document.replaced",
            "{who} hat eine neue Fassung eines Dokuments veröffentlicht: {detail}",
        ),
        ("document.downloaded", "{who} hat {detail} heruntergeladen"),
        ("mail.sent", "E-Mail „{detail}“ an {what} zugestellt"),
        (
            "mail.pending",
            "E-Mail „{detail}“ an {what} wartet auf den Versand",
        ),
        (
            "mail.failed",
            "E-Mail „{detail}“ an {what} konnte nicht zugestellt werden",
        ),
        ("member.invited", "{who} hat {what} eingeladen"),
        (
            "member.invitation_accepted",
            "{who} hat die Einladung angenommen",
        ),
        ("member.deactivated", "{who} hat {what} deaktiviert"),
        (
            "member.updated",
            "{who} hat Rollen oder Limits von {what} geändert",
        ),
        (
            "member.details_changed",
            "{who} hat die eigenen Angaben geändert",
        ),
        (
            "member.password_changed",
            "{who} hat das eigene Passwort geändert",
        ),
        (
            "member.password_reset",
            "{who} hat über einen Link ein neues Passwort gesetzt",
        ),
        (
            "member.second_factor_enabled",
            "{who} hat den zweiten Faktor eingeschaltet",
        ),
        (
            "member.notifications_changed",
            "{who} hat die eigenen Benachrichtigungen geändert",
        ),
        (
            "member.language_changed",
            "{who} hat die eigene Sprache geändert",
        ),
        ("member.signed_in", "{who} hat sich angemeldet"),
        (
            "member.signed_in_from_new_browser",
            "{who} hat sich in einem neuen Browser angemeldet: {detail}",
        ),
        (
            "deputy.named",
            "{who} hat eine Vertretung für Freigaben benannt",
        ),
        (
            "deputy.removed",
            "{who} hat eine Vertretung für Freigaben beendet",
        ),
        (
            "customer.activated",
            "{who} hat das Konto der Organisation freigeschaltet",
        ),
        (
            "customer.suspended",
            "{who} hat das Konto der Organisation gesperrt",
        ),
        (
            "organization.created",
            "{who} hat das Konto der Organisation angelegt",
        ),
        (
            "organization.unlocked",
            "{who} hat das Konto der Organisation freigeschaltet",
        ),
        (
            "organization.suspended",
            "{who} hat das Konto der Organisation gesperrt",
        ),
        (
            "organization.notification_defaults_changed",
            "{who} hat die Benachrichtigungsvorgaben der Organisation geändert",
        ),
    ],
    #[cfg(feature = "ssr")]
    unknown: "{who} hat etwas geändert",
    #[cfg(feature = "ssr")]
    comment: ": „{comment}“",
    #[cfg(feature = "ssr")]
    system: "Kontor",
};

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn both_languages_tell_the_same_events() {
        let codes = |t: &TimelineTexts| t.sentences.iter().map(|(c, _)| *c).collect::<Vec<_>>();
        assert_eq!(codes(&EN), codes(&DE));
        for (code, _) in EN.sentences {
            assert!(
                kontor_domain::timeline::classify(code).is_some() || code.starts_with("mail."),
                "{code} belongs to no kind of event"
            );
        }
    }
}
