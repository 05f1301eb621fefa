//! Texts of service requests, the queue, surveys and the satisfaction report, and
//! the mails about them.

use super::label;
use kontor_domain::Locale;
use kontor_domain::service::{RequestKind, RequestStatus, SlaState};
use kontor_domain::terms::Priority;

pub struct ServiceTexts {
    pub locale: Locale,
    pub title_customer: &'static str,
    pub title_staff: &'static str,
    pub lead_customer: &'static str,
    pub lead_staff: &'static str,
    pub new_request: &'static str,
    pub report_problem: &'static str,
    pub new_title: &'static str,
    pub new_lead: &'static str,
    pub kind: &'static str,
    pub priority: &'static str,
    pub subject: &'static str,
    pub description: &'static str,
    pub order_optional: &'static str,
    pub sku_optional: &'static str,
    pub sku_hint: &'static str,
    pub quantity_optional: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub fix_fields: &'static str,
    pub failed: &'static str,
    pub col_request: &'static str,
    pub col_customer: &'static str,
    pub col_status: &'static str,
    pub col_due: &'static str,
    pub col_assignee: &'static str,
    pub col_opened: &'static str,
    pub empty: &'static str,
    pub more: &'static str,
    pub first_page: &'static str,
    pub filter: &'static str,
    pub any_status: &'static str,
    pub active_statuses: &'static str,
    pub any_priority: &'static str,
    pub any_customer: &'static str,
    pub anyone: &'static str,
    pub mine: &'static str,
    pub unassigned: &'static str,
    pub number: &'static str,
    pub opened_by: &'static str,
    pub first_response_due: &'static str,
    pub resolution_due: &'static str,
    pub responded_at: &'static str,
    pub resolved_at: &'static str,
    pub clock_paused: &'static str,
    pub order: &'static str,
    pub product: &'static str,
    pub quantity: &'static str,
    pub assignee: &'static str,
    pub nobody: &'static str,
    pub assign: &'static str,
    pub conversation: &'static str,
    pub internal_note: &'static str,
    pub internal_badge: &'static str,
    pub reply: &'static str,
    pub reply_label: &'static str,
    pub send_reply: &'static str,
    pub wait_for_customer: &'static str,
    pub as_internal: &'static str,
    pub resolve: &'static str,
    pub resolve_comment: &'static str,
    pub reopen: &'static str,
    pub reopen_until: &'static str,
    pub reopen_comment: &'static str,
    pub close: &'static str,
    pub attach_title: &'static str,
    pub attach_hint: &'static str,
    pub attach_submit: &'static str,
    pub attached: &'static str,
    pub saved: &'static str,
    pub back: &'static str,
    pub system: &'static str,
    pub status_set: &'static str,
    pub survey_title: &'static str,
    pub survey_lead: &'static str,
    pub survey_score: &'static str,
    pub survey_comment: &'static str,
    pub nps_question: &'static str,
    pub nps_hint: &'static str,
    pub survey_submit: &'static str,
    pub survey_thanks: &'static str,
    pub survey_used: &'static str,
    pub survey_invalid: &'static str,
    /// The quarterly relationship survey's page.
    pub relationship_title: &'static str,
    pub relationship_lead: &'static str,
    pub relationship_thanks: &'static str,
    pub relationship_used: &'static str,
    pub score_labels: [&'static str; 5],
    pub satisfaction_title: &'static str,
    pub satisfaction_lead: &'static str,
    pub quarter: &'static str,
    pub csat: &'static str,
    pub nps: &'static str,
    /// The satisfaction table's column of NPS per customer role.
    pub nps_by_role: &'static str,
    pub answers: &'static str,
    pub no_answers: &'static str,
    pub refused_status: &'static str,
    pub refused_window: &'static str,
    // Mails (rendered on the server into the outbox).
    #[cfg(feature = "ssr")]
    pub mail_opened_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_opened_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_new_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_new_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_reply_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_reply_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_customer_reply_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_customer_reply_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_relationship_subject: &'static str,
    /// `{name}`, `{customer}`, `{link}`.
    #[cfg(feature = "ssr")]
    pub mail_relationship_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_resolved_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_resolved_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_assigned_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_assigned_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_warning_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_warning_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_warning_response: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_warning_resolution: &'static str,
    kinds: [(RequestKind, &'static str); 5],
    statuses: [(RequestStatus, &'static str); 5],
    priorities: [(Priority, &'static str); 4],
    sla: [(SlaState, &'static str); 6],
}

impl ServiceTexts {
    pub fn kind(&self, kind: RequestKind) -> &'static str {
        label(&self.kinds, &kind).unwrap_or("")
    }

    pub fn status(&self, status: RequestStatus) -> &'static str {
        label(&self.statuses, &status).unwrap_or("")
    }

    pub fn priority(&self, priority: Priority) -> &'static str {
        label(&self.priorities, &priority).unwrap_or("")
    }

    pub fn sla(&self, state: SlaState) -> &'static str {
        label(&self.sla, &state).unwrap_or("")
    }

    /// "SR-12": how a request is quoted.
    pub fn request_number(&self, number: i64) -> String {
        format!("{} {number}", self.number)
    }
}

pub const EN: ServiceTexts = ServiceTexts {
    locale: Locale::En,
    title_customer: "Service requests",
    title_staff: "Service queue",
    lead_customer: "Questions, complaints, returns and maintenance appointments, answered within the service level of your contract.",
    lead_staff: "Every request you work, the soonest due first. Requests close to their due time are marked, late ones stand out.",
    new_request: "Open a service request",
    report_problem: "Report a problem with this order",
    new_title: "New service request",
    new_lead: "Tell us what you need. The due times of your service level start when you send it.",
    kind: "Type",
    priority: "Priority",
    subject: "Subject",
    description: "Description",
    order_optional: "Order number (optional)",
    sku_optional: "SKU of the order line or product (optional)",
    sku_hint: "A return names the order, the line's SKU and how many pieces go back.",
    quantity_optional: "Quantity concerned (complaints and returns)",
    submit: "Send request",
    sending: "Sending…",
    fix_fields: "Please correct the marked fields.",
    failed: "That did not work. Please try again.",
    col_request: "Request",
    col_customer: "Customer",
    col_status: "Status",
    col_due: "Due",
    col_assignee: "Assigned to",
    col_opened: "Opened",
    empty: "No service requests.",
    more: "More requests",
    first_page: "First page",
    filter: "Filter",
    any_status: "Any status",
    active_statuses: "Being worked (open, in progress, waiting)",
    any_priority: "Any priority",
    any_customer: "Any customer",
    anyone: "Anyone",
    mine: "Assigned to me",
    unassigned: "Unassigned",
    number: "SR",
    opened_by: "Opened by",
    first_response_due: "First response due",
    resolution_due: "Resolution due",
    responded_at: "First response",
    resolved_at: "Resolved",
    clock_paused: "The clock stands still while we wait for your answer.",
    order: "Order",
    product: "Product",
    quantity: "Quantity",
    assignee: "Assigned to",
    nobody: "Nobody yet",
    assign: "Assign",
    conversation: "Conversation",
    internal_note: "Internal note",
    internal_badge: "internal — not visible to the customer",
    reply: "Reply",
    reply_label: "Your message",
    send_reply: "Send",
    wait_for_customer: "Wait for the customer's answer (pauses the clock)",
    as_internal: "Internal note (vendor staff only)",
    resolve: "Mark as resolved",
    resolve_comment: "Resolution (the customer reads it)",
    reopen: "Reopen",
    reopen_until: "Not solved after all? You can reopen this request until {until}.",
    reopen_comment: "What is still wrong?",
    close: "Close",
    attach_title: "Add a file",
    attach_hint: "Photos, PDFs, logs: PDF, PNG, JPEG, ZIP, TXT, CSV, DOCX, XLSX, STEP, at most {max} MB.",
    attach_submit: "Attach",
    attached: "Attached: {file}",
    saved: "Saved.",
    back: "All service requests",
    system: "Kontor",
    status_set: "Status: {status}",
    survey_title: "How did we do?",
    survey_lead: "Your request {number} “{subject}” was resolved. One question, one minute.",
    survey_score: "How satisfied are you with how we handled it? (1 = not at all, 5 = very)",
    survey_comment: "Anything we should know? (optional)",
    nps_question: "How likely is it that you would recommend Nordhydraulik to a colleague? (0–10)",
    nps_hint: "We ask this at most once a quarter. Optional.",
    survey_submit: "Send answer",
    survey_thanks: "Thank you for your answer.",
    survey_used: "This survey has already been answered. Thank you!",
    survey_invalid: "This link is not valid.",
    relationship_title: "Would you recommend us?",
    relationship_lead: "Once a quarter we ask the people of {customer} one question. Your answer helps your account manager more than any report.",
    relationship_thanks: "Thank you — your answer helps us.",
    relationship_used: "You have answered this quarter's question already. Thank you!",
    score_labels: ["1 – not at all", "2", "3", "4", "5 – very"],
    satisfaction_title: "Customer satisfaction",
    satisfaction_lead: "Ratings after resolved requests (CSAT, 1–5) and the relationship question (NPS, −100 to 100) per customer and quarter.",
    quarter: "Quarter",
    csat: "CSAT",
    nps: "NPS",
    nps_by_role: "NPS by role",
    answers: "answers",
    no_answers: "No answers yet.",
    refused_status: "This is not possible in the request's current status.",
    refused_window: "The time to reopen this request has passed. Please open a new one.",
    #[cfg(feature = "ssr")]
    mail_opened_subject: "Your service request SR {number}: {subject}",
    #[cfg(feature = "ssr")]
    mail_opened_body: "Hello {name},\n\nwe have received your service request SR {number} “{subject}” ({kind}, priority {priority}).\n\nUnder your service level:\n- first response by {response_due}\n- resolution by {resolution_due}\n\nFollow it here: {link}\n\nKind regards\nNordhydraulik service",
    #[cfg(feature = "ssr")]
    mail_new_subject: "New service request from {company}: SR {number}",
    #[cfg(feature = "ssr")]
    mail_new_body: "Hello {name},\n\n{customer_name} of {company} has opened SR {number} “{subject}” ({kind}, priority {priority}).\nFirst response due {response_due}, resolution due {resolution_due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_reply_subject: "Answer to your service request SR {number}",
    #[cfg(feature = "ssr")]
    mail_reply_body: "Hello {name},\n\n{author} has answered your request SR {number} “{subject}”:\n\n{message}\n\n{waiting}Reply here: {link}\n\nKind regards\nNordhydraulik service",
    #[cfg(feature = "ssr")]
    mail_customer_reply_subject: "{company} wrote on SR {number}",
    #[cfg(feature = "ssr")]
    mail_customer_reply_body: "Hello {name},\n\n{author} of {company} wrote on SR {number} “{subject}”:\n\n{message}\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_relationship_subject: "One question from Nordhydraulik",
    #[cfg(feature = "ssr")]
    mail_relationship_body: "Hello {name},\n\nonce a quarter we ask the people of {customer} a single question: how likely is it that you would recommend Nordhydraulik to a colleague?\n\nOne click answers it: {link}\n\nYou can turn this question off in your notification settings.\n\nKind regards\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_resolved_subject: "Your service request SR {number} is resolved",
    #[cfg(feature = "ssr")]
    mail_resolved_body: "Hello {name},\n\nyour request SR {number} “{subject}” has been resolved:\n\n{message}\n\nIf it is not solved after all, you can reopen it until {until}: {link}\n\nHow did we do? One question, one minute: {survey}\n\nKind regards\nNordhydraulik service",
    #[cfg(feature = "ssr")]
    mail_assigned_subject: "SR {number} of {company} is assigned to you",
    #[cfg(feature = "ssr")]
    mail_assigned_body: "Hello {name},\n\n{author} assigned SR {number} “{subject}” of {company} to you.\nFirst response due {response_due}, resolution due {resolution_due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_warning_subject: "Due soon: SR {number} of {company}",
    #[cfg(feature = "ssr")]
    mail_warning_body: "Hello {name},\n\nthe {which} of SR {number} “{subject}” of {company} is due {due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_warning_response: "first response",
    #[cfg(feature = "ssr")]
    mail_warning_resolution: "resolution",
    kinds: [
        (RequestKind::TechnicalQuestion, "Technical question"),
        (RequestKind::Complaint, "Complaint"),
        (RequestKind::Return, "Return"),
        (RequestKind::Maintenance, "Maintenance appointment"),
        (RequestKind::BillingQuestion, "Billing question"),
    ],
    statuses: [
        (RequestStatus::Open, "Open"),
        (RequestStatus::InProgress, "In progress"),
        (RequestStatus::WaitingOnCustomer, "Waiting on customer"),
        (RequestStatus::Resolved, "Resolved"),
        (RequestStatus::Closed, "Closed"),
    ],
    priorities: [
        (Priority::Urgent, "Urgent"),
        (Priority::High, "High"),
        (Priority::Normal, "Normal"),
        (Priority::Low, "Low"),
    ],
    sla: [
        (SlaState::Met, "met"),
        (SlaState::MetLate, "met late"),
        (SlaState::OnTrack, "on track"),
        (SlaState::DueSoon, "due soon"),
        (SlaState::Breached, "overdue"),
        (SlaState::Paused, "paused"),
    ],
};

pub const DE: ServiceTexts = ServiceTexts {
    locale: Locale::De,
    title_customer: "Serviceanfragen",
    title_staff: "Service-Warteschlange",
    lead_customer: "Fragen, Reklamationen, Rücksendungen und Wartungstermine, beantwortet im Service-Level Ihres Vertrags.",
    lead_staff: "Alle Anfragen, die Sie bearbeiten, die früheste Frist zuerst. Anfragen kurz vor der Frist sind markiert, überfällige fallen auf.",
    new_request: "Serviceanfrage stellen",
    report_problem: "Problem mit dieser Bestellung melden",
    new_title: "Neue Serviceanfrage",
    new_lead: "Sagen Sie uns, was Sie brauchen. Die Fristen Ihres Service-Levels beginnen mit dem Absenden.",
    kind: "Art",
    priority: "Priorität",
    subject: "Betreff",
    description: "Beschreibung",
    order_optional: "Bestellnummer (optional)",
    sku_optional: "Artikelnummer der Position oder des Produkts (optional)",
    sku_hint: "Eine Rücksendung nennt die Bestellung, die Artikelnummer der Position und die Stückzahl.",
    quantity_optional: "Betroffene Menge (Reklamationen und Rücksendungen)",
    submit: "Anfrage senden",
    sending: "Wird gesendet …",
    fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    failed: "Das hat nicht geklappt. Bitte versuchen Sie es erneut.",
    col_request: "Anfrage",
    col_customer: "Kunde",
    col_status: "Status",
    col_due: "Fällig",
    col_assignee: "Zugewiesen an",
    col_opened: "Eröffnet",
    empty: "Keine Serviceanfragen.",
    more: "Weitere Anfragen",
    first_page: "Erste Seite",
    filter: "Filtern",
    any_status: "Jeder Status",
    active_statuses: "In Bearbeitung (offen, in Arbeit, wartend)",
    any_priority: "Jede Priorität",
    any_customer: "Jeder Kunde",
    anyone: "Alle",
    mine: "Mir zugewiesen",
    unassigned: "Nicht zugewiesen",
    number: "SR",
    opened_by: "Eröffnet von",
    first_response_due: "Erste Antwort fällig",
    resolution_due: "Lösung fällig",
    responded_at: "Erste Antwort",
    resolved_at: "Gelöst",
    clock_paused: "Die Frist ruht, solange wir auf Ihre Antwort warten.",
    order: "Bestellung",
    product: "Produkt",
    quantity: "Menge",
    assignee: "Zugewiesen an",
    nobody: "Noch niemand",
    assign: "Zuweisen",
    conversation: "Verlauf",
    internal_note: "Interne Notiz",
    internal_badge: "intern — für den Kunden nicht sichtbar",
    reply: "Antworten",
    reply_label: "Ihre Nachricht",
    send_reply: "Senden",
    wait_for_customer: "Auf Antwort des Kunden warten (Frist ruht)",
    as_internal: "Interne Notiz (nur für Mitarbeitende)",
    resolve: "Als gelöst markieren",
    resolve_comment: "Lösung (für den Kunden sichtbar)",
    reopen: "Wieder öffnen",
    reopen_until: "Doch nicht gelöst? Sie können diese Anfrage bis {until} wieder öffnen.",
    reopen_comment: "Was ist noch nicht in Ordnung?",
    close: "Schließen",
    attach_title: "Datei anhängen",
    attach_hint: "Fotos, PDFs, Protokolle: PDF, PNG, JPEG, ZIP, TXT, CSV, DOCX, XLSX, STEP, höchstens {max} MB.",
    attach_submit: "Anhängen",
    attached: "Angehängt: {file}",
    saved: "Gespeichert.",
    back: "Alle Serviceanfragen",
    system: "Kontor",
    status_set: "Status: {status}",
    survey_title: "Wie zufrieden waren Sie?",
    survey_lead: "Ihre Anfrage {number} „{subject}“ wurde gelöst. Eine Frage, eine Minute.",
    survey_score: "Wie zufrieden sind Sie mit der Bearbeitung? (1 = gar nicht, 5 = sehr)",
    survey_comment: "Möchten Sie uns etwas mitteilen? (optional)",
    nps_question: "Wie wahrscheinlich ist es, dass Sie Nordhydraulik einem Kollegen empfehlen? (0–10)",
    nps_hint: "Diese Frage stellen wir höchstens einmal im Quartal. Optional.",
    survey_submit: "Antwort senden",
    survey_thanks: "Vielen Dank für Ihre Antwort.",
    survey_used: "Diese Umfrage wurde bereits beantwortet. Vielen Dank!",
    survey_invalid: "Dieser Link ist nicht gültig.",
    relationship_title: "Würden Sie uns empfehlen?",
    relationship_lead: "Einmal im Quartal stellen wir den Menschen bei {customer} eine Frage. Ihre Antwort hilft Ihrem Kundenbetreuer mehr als jeder Bericht.",
    relationship_thanks: "Vielen Dank – Ihre Antwort hilft uns.",
    relationship_used: "Sie haben die Frage dieses Quartals bereits beantwortet. Vielen Dank!",
    score_labels: ["1 – gar nicht", "2", "3", "4", "5 – sehr"],
    satisfaction_title: "Kundenzufriedenheit",
    satisfaction_lead: "Bewertungen nach gelösten Anfragen (CSAT, 1–5) und die Beziehungsfrage (NPS, −100 bis 100) je Kunde und Quartal.",
    quarter: "Quartal",
    csat: "CSAT",
    nps: "NPS",
    nps_by_role: "NPS nach Rolle",
    answers: "Antworten",
    no_answers: "Noch keine Antworten.",
    refused_status: "Im aktuellen Status der Anfrage ist das nicht möglich.",
    refused_window: "Die Frist zum Wiederöffnen ist abgelaufen. Bitte stellen Sie eine neue Anfrage.",
    #[cfg(feature = "ssr")]
    mail_opened_subject: "Ihre Serviceanfrage SR {number}: {subject}",
    #[cfg(feature = "ssr")]
    mail_opened_body: "Guten Tag {name},\n\nwir haben Ihre Serviceanfrage SR {number} „{subject}“ erhalten ({kind}, Priorität {priority}).\n\nGemäß Ihrem Service-Level:\n- erste Antwort bis {response_due}\n- Lösung bis {resolution_due}\n\nVerfolgen Sie sie hier: {link}\n\nMit freundlichen Grüßen\nNordhydraulik Service",
    #[cfg(feature = "ssr")]
    mail_new_subject: "Neue Serviceanfrage von {company}: SR {number}",
    #[cfg(feature = "ssr")]
    mail_new_body: "Guten Tag {name},\n\n{customer_name} von {company} hat SR {number} „{subject}“ eröffnet ({kind}, Priorität {priority}).\nErste Antwort fällig {response_due}, Lösung fällig {resolution_due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_reply_subject: "Antwort auf Ihre Serviceanfrage SR {number}",
    #[cfg(feature = "ssr")]
    mail_reply_body: "Guten Tag {name},\n\n{author} hat auf Ihre Anfrage SR {number} „{subject}“ geantwortet:\n\n{message}\n\n{waiting}Antworten Sie hier: {link}\n\nMit freundlichen Grüßen\nNordhydraulik Service",
    #[cfg(feature = "ssr")]
    mail_customer_reply_subject: "{company} hat zu SR {number} geschrieben",
    #[cfg(feature = "ssr")]
    mail_customer_reply_body: "Guten Tag {name},\n\n{author} von {company} hat zu SR {number} „{subject}“ geschrieben:\n\n{message}\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_relationship_subject: "Eine Frage von Nordhydraulik",
    #[cfg(feature = "ssr")]
    mail_relationship_body: "Guten Tag {name},\n\neinmal im Quartal stellen wir den Menschen bei {customer} eine einzige Frage: Wie wahrscheinlich ist es, dass Sie Nordhydraulik einem Kollegen empfehlen?\n\nEin Klick beantwortet sie: {link}\n\nSie können diese Frage in Ihren Benachrichtigungseinstellungen abschalten.\n\nMit freundlichen Grüßen\nNordhydraulik",
    #[cfg(feature = "ssr")]
    mail_resolved_subject: "Ihre Serviceanfrage SR {number} ist gelöst",
    #[cfg(feature = "ssr")]
    mail_resolved_body: "Guten Tag {name},\n\nIhre Anfrage SR {number} „{subject}“ wurde gelöst:\n\n{message}\n\nFalls sie doch nicht gelöst ist, können Sie sie bis {until} wieder öffnen: {link}\n\nWie zufrieden waren Sie? Eine Frage, eine Minute: {survey}\n\nMit freundlichen Grüßen\nNordhydraulik Service",
    #[cfg(feature = "ssr")]
    mail_assigned_subject: "SR {number} von {company} ist Ihnen zugewiesen",
    #[cfg(feature = "ssr")]
    mail_assigned_body: "Guten Tag {name},\n\n{author} hat Ihnen SR {number} „{subject}“ von {company} zugewiesen.\nErste Antwort fällig {response_due}, Lösung fällig {resolution_due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_warning_subject: "Bald fällig: SR {number} von {company}",
    #[cfg(feature = "ssr")]
    mail_warning_body: "Guten Tag {name},\n\ndie {which} zu SR {number} „{subject}“ von {company} ist fällig am {due}.\n\n{link}",
    #[cfg(feature = "ssr")]
    mail_warning_response: "erste Antwort",
    #[cfg(feature = "ssr")]
    mail_warning_resolution: "Lösung",
    kinds: [
        (RequestKind::TechnicalQuestion, "Technische Frage"),
        (RequestKind::Complaint, "Reklamation"),
        (RequestKind::Return, "Rücksendung"),
        (RequestKind::Maintenance, "Wartungstermin"),
        (RequestKind::BillingQuestion, "Frage zur Rechnung"),
    ],
    statuses: [
        (RequestStatus::Open, "Offen"),
        (RequestStatus::InProgress, "In Arbeit"),
        (RequestStatus::WaitingOnCustomer, "Wartet auf Kunde"),
        (RequestStatus::Resolved, "Gelöst"),
        (RequestStatus::Closed, "Geschlossen"),
    ],
    priorities: [
        (Priority::Urgent, "Dringend"),
        (Priority::High, "Hoch"),
        (Priority::Normal, "Normal"),
        (Priority::Low, "Niedrig"),
    ],
    sla: [
        (SlaState::Met, "eingehalten"),
        (SlaState::MetLate, "verspätet erfüllt"),
        (SlaState::OnTrack, "im Plan"),
        (SlaState::DueSoon, "bald fällig"),
        (SlaState::Breached, "überfällig"),
        (SlaState::Paused, "ruht"),
    ],
};
