//! What the message under a form field says for each [`FieldProblem`] that a form of
//! one area or another can have, in both languages. The four any field can have
//! (required, too long, not an e-mail address, control characters) are in the shell's
//! catalog ([`super::Texts`]).
//!
//! One table for all forms rather than a part in each area's catalog: the message
//! component is shared by the forms of every area, and while it read six catalogs,
//! those catalogs (every text of six areas, in both languages) went with it into the
//! files that every page downloads.

use kontor_domain::Locale;
use kontor_domain::field::FieldProblem;

/// The message for `problem` in `locale`; `None` for the four in [`super::Texts`].
pub fn field_problem_text(locale: Locale, problem: FieldProblem) -> Option<&'static str> {
    let table: &[(FieldProblem, &'static str)] = match locale {
        Locale::En => &EN,
        Locale::De => &DE,
    };
    super::label(table, &problem)
}

static EN: [(FieldProblem, &str); 59] = [
    (
        FieldProblem::InvalidPhone,
        "Please enter a phone number: digits with spaces or dashes, optionally starting with +.",
    ),
    (
        FieldProblem::InvalidAmount,
        "Enter an amount like 5000 or 5,000.00.",
    ),
    (FieldProblem::UnknownRole, "Choose roles from the list."),
    (FieldProblem::NoRole, "Choose at least one role."),
    (
        FieldProblem::PasswordTooShort,
        "At least 12 characters, please.",
    ),
    (
        FieldProblem::PasswordTooLong,
        "At most 128 characters, please.",
    ),
    (
        FieldProblem::PasswordCommon,
        "This password is too common — attackers try it first.",
    ),
    (
        FieldProblem::PasswordPersonal,
        "Do not use your own name or e-mail address.",
    ),
    (FieldProblem::PasswordMismatch, "The two passwords differ."),
    (
        FieldProblem::ApproverNotEligible,
        "Choose an active colleague with the approver role.",
    ),
    (
        FieldProblem::ApproverCycle,
        "This would make approvals go round in a circle.",
    ),
    (
        FieldProblem::EmailTaken,
        "This address cannot be invited; it may already have an account.",
    ),
    (FieldProblem::WrongCode, "This is not correct."),
    (
        FieldProblem::NotAChoice,
        "Please choose one of the offered options.",
    ),
    (FieldProblem::InvalidNumber, "Enter a whole number."),
    (
        FieldProblem::OutOfRange,
        "This number is outside the allowed range.",
    ),
    (
        FieldProblem::InvalidDate,
        "Enter a date such as 2026-12-31.",
    ),
    (
        FieldProblem::DateInPast,
        "A change cannot take effect in the past.",
    ),
    (
        FieldProblem::UnknownIncoterm,
        "Choose one of the Incoterms 2020 rules.",
    ),
    (
        FieldProblem::DiscountAfterDue,
        "The discount period must end before payment is due.",
    ),
    (
        FieldProblem::ResolutionBeforeResponse,
        "Resolution cannot be due before the first response.",
    ),
    (
        FieldProblem::PrioritiesOutOfOrder,
        "A more urgent priority cannot get a slower answer.",
    ),
    (
        FieldProblem::HoursOutOfOrder,
        "Business hours must end after they begin.",
    ),
    (
        FieldProblem::InvalidSku,
        "Letters, digits and - _ . / only.",
    ),
    (FieldProblem::SkuTaken, "Another product has this SKU."),
    (FieldProblem::UnknownProduct, "No product has this SKU."),
    (
        FieldProblem::EmptyWindow,
        "The end must be after the start.",
    ),
    (
        FieldProblem::OverlapsAnother,
        "Another agreement for this product is valid in this period.",
    ),
    (
        FieldProblem::InvalidTiers,
        "Write one tier per line, e.g. \"50: 1.090,00\".",
    ),
    (
        FieldProblem::TierBelowOne,
        "A tier starts at a quantity of 1 or more.",
    ),
    (
        FieldProblem::DuplicateTier,
        "Each minimum quantity only once.",
    ),
    (
        FieldProblem::TiersNotFalling,
        "A larger quantity must not cost more per unit.",
    ),
    (
        FieldProblem::NothingToEnd,
        "No agreement is valid on that day.",
    ),
    (
        FieldProblem::DuplicateInFile,
        "This SKU is on an earlier line already.",
    ),
    (
        FieldProblem::WrongColumnCount,
        "The line does not have the header's number of columns.",
    ),
    (
        FieldProblem::EscalationBeforeReminder,
        "The escalation must come after the reminder.",
    ),
    (
        FieldProblem::EndsBeforeStart,
        "The end is before the start.",
    ),
    (
        FieldProblem::DeputyNotEligible,
        "Choose another active approver or administrator of your organization.",
    ),
    (FieldProblem::CommentRequired, "Please say why."),
    (
        FieldProblem::NoLinesLeft,
        "An order keeps at least one line. To drop all of it, withdraw the order.",
    ),
    (
        FieldProblem::OneCustomerOnly,
        "Contracts, invoices and delivery notes are for one customer only.",
    ),
    (
        FieldProblem::OrderNotLinkable,
        "Only an invoice or delivery note of one customer can name an order.",
    ),
    (
        FieldProblem::UnknownOrder,
        "This customer has no order with this number.",
    ),
    (
        FieldProblem::UnknownCustomer,
        "Choose one of your customers.",
    ),
    (
        FieldProblem::FileTooLarge,
        "The file is larger than the upload limit.",
    ),
    (
        FieldProblem::FileTypeNotAllowed,
        "This kind of file is not accepted (see the list below).",
    ),
    (
        FieldProblem::FileContentMismatch,
        "The file's content does not match its type: it is not what its name says.",
    ),
    (FieldProblem::FileEmpty, "The file is empty."),
    (
        FieldProblem::ClaimNeedsLine,
        "A return names the order and the SKU of the line that goes back.",
    ),
    (
        FieldProblem::QuantityOnlyForClaims,
        "A quantity belongs to complaints and returns only.",
    ),
    (
        FieldProblem::NotDelivered,
        "This order has not been delivered yet.",
    ),
    (
        FieldProblem::MoreThanDelivered,
        "More than was delivered (less what was already returned).",
    ),
    (
        FieldProblem::UnknownOrderLine,
        "The order has no line with this SKU.",
    ),
    (
        FieldProblem::NoSuchOrder,
        "Your organization has no order with this number.",
    ),
    (FieldProblem::UnknownScope, "Choose scopes from the list."),
    (FieldProblem::InvalidUrl, "Enter a full https address."),
    (
        FieldProblem::PrivateAddress,
        "Private, local and loopback addresses are not allowed.",
    ),
    (
        FieldProblem::UnknownEventType,
        "Choose events from the list.",
    ),
    (
        FieldProblem::ExternalIdTaken,
        "Another record already has this external id (the ERP's key).",
    ),
];

static DE: [(FieldProblem, &str); 59] = [
    (
        FieldProblem::InvalidPhone,
        "Bitte geben Sie eine Telefonnummer ein: Ziffern mit Leerzeichen oder Bindestrichen, auf Wunsch mit + am Anfang.",
    ),
    (
        FieldProblem::InvalidAmount,
        "Geben Sie einen Betrag wie 5000 oder 5.000,00 ein.",
    ),
    (
        FieldProblem::UnknownRole,
        "Wählen Sie Rollen aus der Liste.",
    ),
    (FieldProblem::NoRole, "Wählen Sie mindestens eine Rolle."),
    (
        FieldProblem::PasswordTooShort,
        "Bitte mindestens 12 Zeichen.",
    ),
    (
        FieldProblem::PasswordTooLong,
        "Bitte höchstens 128 Zeichen.",
    ),
    (
        FieldProblem::PasswordCommon,
        "Dieses Passwort ist zu verbreitet — Angreifer probieren es zuerst.",
    ),
    (
        FieldProblem::PasswordPersonal,
        "Bitte nicht den eigenen Namen oder die E-Mail-Adresse verwenden.",
    ),
    (
        FieldProblem::PasswordMismatch,
        "Die beiden Passwörter unterscheiden sich.",
    ),
    (
        FieldProblem::ApproverNotEligible,
        "Wählen Sie eine aktive Person mit der Rolle Freigabe.",
    ),
    (
        FieldProblem::ApproverCycle,
        "Damit liefen Freigaben im Kreis.",
    ),
    (
        FieldProblem::EmailTaken,
        "Diese Adresse kann nicht eingeladen werden; sie hat vielleicht schon ein Konto.",
    ),
    (FieldProblem::WrongCode, "Das ist nicht richtig."),
    (
        FieldProblem::NotAChoice,
        "Bitte wählen Sie eine der angebotenen Möglichkeiten.",
    ),
    (
        FieldProblem::InvalidNumber,
        "Bitte eine ganze Zahl eingeben.",
    ),
    (
        FieldProblem::OutOfRange,
        "Diese Zahl liegt außerhalb des erlaubten Bereichs.",
    ),
    (
        FieldProblem::InvalidDate,
        "Bitte ein Datum wie 31.12.2026 eingeben.",
    ),
    (
        FieldProblem::DateInPast,
        "Eine Änderung kann nicht in der Vergangenheit wirksam werden.",
    ),
    (
        FieldProblem::UnknownIncoterm,
        "Bitte eine der Incoterms-2020-Klauseln wählen.",
    ),
    (
        FieldProblem::DiscountAfterDue,
        "Die Skontofrist muss vor dem Zahlungsziel enden.",
    ),
    (
        FieldProblem::ResolutionBeforeResponse,
        "Die Lösung kann nicht vor der ersten Antwort fällig sein.",
    ),
    (
        FieldProblem::PrioritiesOutOfOrder,
        "Eine dringendere Priorität darf nicht langsamer beantwortet werden.",
    ),
    (
        FieldProblem::HoursOutOfOrder,
        "Die Geschäftszeit muss nach ihrem Beginn enden.",
    ),
    (
        FieldProblem::InvalidSku,
        "Nur Buchstaben, Ziffern und - _ . /",
    ),
    (
        FieldProblem::SkuTaken,
        "Ein anderes Produkt hat diese Artikelnummer.",
    ),
    (
        FieldProblem::UnknownProduct,
        "Kein Produkt hat diese Artikelnummer.",
    ),
    (
        FieldProblem::EmptyWindow,
        "Das Ende muss nach dem Beginn liegen.",
    ),
    (
        FieldProblem::OverlapsAnother,
        "Für dieses Produkt gilt in diesem Zeitraum schon eine andere Vereinbarung.",
    ),
    (
        FieldProblem::InvalidTiers,
        "Eine Staffel je Zeile, z. B. „50: 1.090,00“.",
    ),
    (
        FieldProblem::TierBelowOne,
        "Eine Staffel beginnt bei Menge 1 oder mehr.",
    ),
    (FieldProblem::DuplicateTier, "Jede Mindestmenge nur einmal."),
    (
        FieldProblem::TiersNotFalling,
        "Eine größere Menge darf je Einheit nicht mehr kosten.",
    ),
    (
        FieldProblem::NothingToEnd,
        "An diesem Tag gilt keine Vereinbarung.",
    ),
    (
        FieldProblem::DuplicateInFile,
        "Diese Artikelnummer steht schon in einer früheren Zeile.",
    ),
    (
        FieldProblem::WrongColumnCount,
        "Die Zeile hat nicht so viele Spalten wie die Kopfzeile.",
    ),
    (
        FieldProblem::EscalationBeforeReminder,
        "Die Eskalation muss nach der Erinnerung kommen.",
    ),
    (
        FieldProblem::EndsBeforeStart,
        "Das Ende liegt vor dem Beginn.",
    ),
    (
        FieldProblem::DeputyNotEligible,
        "Wählen Sie eine andere aktive freigebende Person oder Administration Ihrer Organisation.",
    ),
    (FieldProblem::CommentRequired, "Bitte nennen Sie den Grund."),
    (
        FieldProblem::NoLinesLeft,
        "Eine Bestellung behält mindestens eine Position. Um alles zu streichen, ziehen Sie die Bestellung zurück.",
    ),
    (
        FieldProblem::OneCustomerOnly,
        "Verträge, Rechnungen und Lieferscheine gelten nur für einen Kunden.",
    ),
    (
        FieldProblem::OrderNotLinkable,
        "Nur eine Rechnung oder ein Lieferschein eines Kunden kann eine Bestellung nennen.",
    ),
    (
        FieldProblem::UnknownOrder,
        "Dieser Kunde hat keine Bestellung mit dieser Nummer.",
    ),
    (
        FieldProblem::UnknownCustomer,
        "Wählen Sie einen Ihrer Kunden.",
    ),
    (
        FieldProblem::FileTooLarge,
        "Die Datei ist größer als erlaubt.",
    ),
    (
        FieldProblem::FileTypeNotAllowed,
        "Diese Dateiart wird nicht angenommen (siehe Liste unten).",
    ),
    (
        FieldProblem::FileContentMismatch,
        "Der Inhalt der Datei passt nicht zu ihrer Art: sie ist nicht, was ihr Name sagt.",
    ),
    (FieldProblem::FileEmpty, "Die Datei ist leer."),
    (
        FieldProblem::ClaimNeedsLine,
        "Eine Rücksendung nennt die Bestellung und die Artikelnummer der Position.",
    ),
    (
        FieldProblem::QuantityOnlyForClaims,
        "Eine Menge gehört nur zu Reklamationen und Rücksendungen.",
    ),
    (
        FieldProblem::NotDelivered,
        "Diese Bestellung ist noch nicht geliefert.",
    ),
    (
        FieldProblem::MoreThanDelivered,
        "Mehr als geliefert (abzüglich bereits zurückgesandter Stücke).",
    ),
    (
        FieldProblem::UnknownOrderLine,
        "Die Bestellung hat keine Position mit dieser Artikelnummer.",
    ),
    (
        FieldProblem::NoSuchOrder,
        "Ihre Organisation hat keine Bestellung mit dieser Nummer.",
    ),
    (
        FieldProblem::UnknownScope,
        "Bitte Berechtigungen aus der Liste wählen.",
    ),
    (
        FieldProblem::InvalidUrl,
        "Bitte eine vollständige https-Adresse eingeben.",
    ),
    (
        FieldProblem::PrivateAddress,
        "Private, lokale und Loopback-Adressen sind nicht erlaubt.",
    ),
    (
        FieldProblem::UnknownEventType,
        "Bitte Ereignisse aus der Liste wählen.",
    ),
    (
        FieldProblem::ExternalIdTaken,
        "Ein anderer Datensatz hat diese externe ID (den Schlüssel aus dem ERP) bereits.",
    ),
];

#[cfg(test)]
mod tests {
    use super::{DE, EN, field_problem_text};
    use kontor_domain::Locale;
    use kontor_domain::field::FieldProblem::{self, *};

    /// Every problem but the four general ones. The match makes a new problem a compile
    /// error here until it is listed (and so given a message).
    fn specific_problems() -> Vec<FieldProblem> {
        let specific = vec![
            InvalidAmount,
            UnknownRole,
            NoRole,
            PasswordTooShort,
            PasswordTooLong,
            PasswordCommon,
            PasswordPersonal,
            PasswordMismatch,
            ApproverNotEligible,
            ApproverCycle,
            EmailTaken,
            WrongCode,
            InvalidNumber,
            OutOfRange,
            InvalidDate,
            DateInPast,
            UnknownIncoterm,
            DiscountAfterDue,
            ResolutionBeforeResponse,
            PrioritiesOutOfOrder,
            HoursOutOfOrder,
            InvalidSku,
            SkuTaken,
            UnknownProduct,
            EmptyWindow,
            OverlapsAnother,
            InvalidTiers,
            TierBelowOne,
            DuplicateTier,
            TiersNotFalling,
            NothingToEnd,
            DuplicateInFile,
            WrongColumnCount,
            EscalationBeforeReminder,
            EndsBeforeStart,
            DeputyNotEligible,
            CommentRequired,
            OneCustomerOnly,
            OrderNotLinkable,
            UnknownOrder,
            UnknownCustomer,
            UnknownScope,
            InvalidUrl,
            PrivateAddress,
            UnknownEventType,
            ExternalIdTaken,
            FileTooLarge,
            FileTypeNotAllowed,
            FileContentMismatch,
            FileEmpty,
            ClaimNeedsLine,
            QuantityOnlyForClaims,
            NotDelivered,
            MoreThanDelivered,
            UnknownOrderLine,
            NoSuchOrder,
            NoLinesLeft,
            NotAChoice,
            InvalidPhone,
        ];
        for problem in &specific {
            match problem {
                Required | TooLong | InvalidEmail | ControlCharacters => unreachable!(),
                InvalidAmount
                | UnknownRole
                | NoRole
                | PasswordTooShort
                | PasswordTooLong
                | PasswordCommon
                | PasswordPersonal
                | PasswordMismatch
                | ApproverNotEligible
                | ApproverCycle
                | EmailTaken
                | WrongCode
                | InvalidNumber
                | OutOfRange
                | InvalidDate
                | DateInPast
                | UnknownIncoterm
                | DiscountAfterDue
                | ResolutionBeforeResponse
                | PrioritiesOutOfOrder
                | HoursOutOfOrder
                | InvalidSku
                | SkuTaken
                | UnknownProduct
                | EmptyWindow
                | OverlapsAnother
                | InvalidTiers
                | TierBelowOne
                | DuplicateTier
                | TiersNotFalling
                | NothingToEnd
                | DuplicateInFile
                | WrongColumnCount
                | EscalationBeforeReminder
                | EndsBeforeStart
                | DeputyNotEligible
                | CommentRequired
                | OneCustomerOnly
                | OrderNotLinkable
                | UnknownOrder
                | UnknownCustomer
                | UnknownScope
                | InvalidUrl
                | PrivateAddress
                | UnknownEventType
                | ExternalIdTaken
                | FileTooLarge
                | FileTypeNotAllowed
                | FileContentMismatch
                | FileEmpty
                | ClaimNeedsLine
                | QuantityOnlyForClaims
                | NotDelivered
                | MoreThanDelivered
                | UnknownOrderLine
                | NoSuchOrder
                | NoLinesLeft
                | NotAChoice
                | InvalidPhone => {}
            }
        }
        specific
    }

    #[test]
    fn every_specific_problem_has_a_message_in_both_languages() {
        for problem in specific_problems() {
            for locale in [Locale::En, Locale::De] {
                let text = field_problem_text(locale, problem);
                assert!(
                    text.is_some_and(|t| !t.is_empty()),
                    "{problem:?} in {locale:?}"
                );
            }
        }
        for general in [Required, TooLong, InvalidEmail, ControlCharacters] {
            assert_eq!(field_problem_text(Locale::En, general), None);
        }
    }

    #[test]
    fn each_problem_is_listed_once_and_the_languages_differ() {
        for table in [&EN, &DE] {
            for (i, (problem, _)) in table.iter().enumerate() {
                assert!(
                    !table[..i].iter().any(|(p, _)| p == problem),
                    "{problem:?} twice"
                );
            }
        }
        for ((en_problem, en), (de_problem, de)) in EN.iter().zip(DE.iter()) {
            assert_eq!(en_problem, de_problem, "both tables in the same order");
            assert_ne!(en, de, "{en_problem:?} is not translated");
        }
    }
}
