//! Texts of the vendor staff's follow-ups: the page, the start page's list and the
//! reminder mail (server only).

use kontor_domain::Locale;
use kontor_domain::follow_up::Standing;

pub struct FollowUpTexts {
    pub locale: Locale,
    pub nav_follow_ups: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub due_title: &'static str,
    pub none_due: &'static str,
    pub none: &'static str,
    pub note: &'static str,
    pub note_hint: &'static str,
    pub due: &'static str,
    pub add: &'static str,
    pub added: &'static str,
    pub done: &'static str,
    pub mark_done: &'static str,
    pub already_done: &'static str,
    pub col_customer: &'static str,
    pub col_owner: &'static str,
    pub done_by: &'static str,
    pub overdue: &'static str,
    pub due_today: &'static str,
    pub upcoming: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_subject: &'static str,
    /// `{name}`, `{customer}`, `{note}`, `{due}`, `{url}`.
    #[cfg(feature = "ssr")]
    pub mail_body: &'static str,
}

impl FollowUpTexts {
    pub fn standing(&self, standing: Standing) -> &'static str {
        match standing {
            Standing::Overdue => self.overdue,
            Standing::Due => self.due_today,
            Standing::Upcoming => self.upcoming,
        }
    }
}

pub const EN: FollowUpTexts = FollowUpTexts {
    locale: Locale::En,
    nav_follow_ups: "Follow-ups",
    title: "Follow-ups",
    lead: "What you mean to do about this customer, and when. On the day, it is on your start page and you get a mail.",
    due_title: "Your follow-ups due",
    none_due: "Nothing is due today.",
    none: "No follow-ups yet.",
    note: "What to do",
    note_hint: "For example: call about the pumps. Up to 500 characters.",
    due: "On",
    add: "Add follow-up",
    added: "Follow-up added.",
    done: "Done",
    mark_done: "Mark done",
    already_done: "This follow-up was already done.",
    col_customer: "Customer",
    col_owner: "Who",
    done_by: "Done by",
    overdue: "overdue",
    due_today: "today",
    upcoming: "upcoming",
    #[cfg(feature = "ssr")]
    mail_subject: "Follow-up due: {customer}",
    #[cfg(feature = "ssr")]
    mail_body: "Hello {name},\n\nyou planned to follow up with {customer} on {due}:\n\n{note}\n\nWhen it is done, mark it done: {url}\n\nKontor",
};

pub const DE: FollowUpTexts = FollowUpTexts {
    locale: Locale::De,
    nav_follow_ups: "Wiedervorlagen",
    title: "Wiedervorlagen",
    lead: "Was Sie bei diesem Kunden vorhaben, und wann. Am Tag steht es auf Ihrer Startseite, und Sie bekommen eine E-Mail.",
    due_title: "Ihre fälligen Wiedervorlagen",
    none_due: "Heute ist nichts fällig.",
    none: "Noch keine Wiedervorlagen.",
    note: "Was zu tun ist",
    note_hint: "Zum Beispiel: wegen der Pumpen anrufen. Bis zu 500 Zeichen.",
    due: "Am",
    add: "Wiedervorlage anlegen",
    added: "Wiedervorlage angelegt.",
    done: "Erledigt",
    mark_done: "Als erledigt markieren",
    already_done: "Diese Wiedervorlage war schon erledigt.",
    col_customer: "Kunde",
    col_owner: "Wer",
    done_by: "Erledigt von",
    overdue: "überfällig",
    due_today: "heute",
    upcoming: "anstehend",
    #[cfg(feature = "ssr")]
    mail_subject: "Wiedervorlage fällig: {customer}",
    #[cfg(feature = "ssr")]
    mail_body: "Hallo {name},\n\nSie wollten am {due} bei {customer} nachhaken:\n\n{note}\n\nWenn es erledigt ist, markieren Sie es als erledigt: {url}\n\nKontor",
};
