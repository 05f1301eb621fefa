//! Leads from technical downloads: an engineer who is not a customer registers (name,
//! company, e-mail confirmed by a link) to download the data sheets and CAD models the
//! vendor offers "after registration"; the vendor's account managers work the lead
//! until it becomes a customer or is closed.
//!
//! Decisions taken here where the rules are silent:
//! - A registration needs no password: the confirmation link opens the downloads for
//!   30 days on that browser, and registering again with the same address mails a
//!   new link (the form answers the same either way, so it tells nobody whether an
//!   address is known). An address that already belongs to an account gets a mail
//!   saying so instead of a link.
//! - Vendor admins and account managers see every lead (a new lead belongs to nobody
//!   yet); service agents do not. A lead is worked — noted, converted, closed — by a
//!   vendor admin, or by an account manager when it is assigned to them or to nobody.
//!   Account managers may take an unassigned lead; only admins hand a lead to someone
//!   else or take it from them.
//! - Converting creates the customer organization (pending, as every new customer,
//!   with the lead's account manager) and invites the lead as its admin; a converted
//!   or closed lead is finished: nothing changes it any more.

use crate::email::EmailAddress;
use crate::field::{FieldProblem, FormProblems};
use crate::text::required_line;
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 120;
pub const COMPANY_MAX: usize = 200;
pub const NOTE_MAX: usize = 2_000;

/// How long a confirmation link works, and how long the downloads stay open after it.
pub const LINK_DAYS: i64 = 7;
pub const SESSION_DAYS: i64 = 30;

/// A registration that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub name: String,
    pub company: String,
    pub email: EmailAddress,
}

impl Registration {
    /// Every problem at its field at once.
    pub fn parse(name: &str, company: &str, email: &str) -> Result<Registration, FormProblems> {
        let mut problems = FormProblems::default();
        let name = required_line(name, NAME_MAX)
            .map_err(|e| problems.add("name", e.into()))
            .ok();
        let company = required_line(company, COMPANY_MAX)
            .map_err(|e| problems.add("company", e.into()))
            .ok();
        let email = EmailAddress::parse(email)
            .map_err(|e| problems.add("email", e.into()))
            .ok();
        match (name, company, email) {
            (Some(name), Some(company), Some(email)) => Ok(Registration {
                name,
                company,
                email,
            }),
            _ => Err(problems),
        }
    }
}

/// A note on a lead ("called, wants an offer for 20 pumps"): one line of up to
/// [`NOTE_MAX`] characters.
pub fn parse_note(text: &str) -> Result<String, FieldProblem> {
    required_line(text, NOTE_MAX).map_err(FieldProblem::from)
}

/// Where a lead stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeadStatus {
    /// Registered; nobody works it yet.
    New,
    /// An account manager works it.
    Assigned,
    /// It became a customer organization.
    Converted,
    /// Nothing came of it.
    Closed,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Assigned => "assigned",
            LeadStatus::Converted => "converted",
            LeadStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<LeadStatus> {
        [
            LeadStatus::New,
            LeadStatus::Assigned,
            LeadStatus::Converted,
            LeadStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Converted and closed leads change no more.
    pub fn is_finished(self) -> bool {
        matches!(self, LeadStatus::Converted | LeadStatus::Closed)
    }
}

/// What someone wants to do with a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadEvent {
    Assign,
    Note,
    Convert,
    Close,
}

/// Why a lead cannot change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadRefusal {
    /// Converted or closed already (perhaps a moment ago, by a colleague).
    Finished,
}

/// The status after `event`, or why it cannot happen.
pub fn apply(status: LeadStatus, event: LeadEvent) -> Result<LeadStatus, LeadRefusal> {
    if status.is_finished() {
        return Err(LeadRefusal::Finished);
    }
    Ok(match event {
        LeadEvent::Assign => LeadStatus::Assigned,
        LeadEvent::Note => status,
        LeadEvent::Convert => LeadStatus::Converted,
        LeadEvent::Close => LeadStatus::Closed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_registration_reports_every_bad_field() {
        let problems =
            Registration::parse(" ", &"x".repeat(COMPANY_MAX + 1), "jonas@").unwrap_err();
        assert_eq!(problems.get("name"), Some(FieldProblem::Required));
        assert_eq!(problems.get("company"), Some(FieldProblem::TooLong));
        assert_eq!(problems.get("email"), Some(FieldProblem::InvalidEmail));
        let ok = Registration::parse(
            " Jonas Richter ",
            "Richter Anlagenbau GmbH",
            "jonas@Richter.example",
        )
        .unwrap();
        assert_eq!(ok.name, "Jonas Richter");
        assert_eq!(ok.email.as_str(), "jonas@richter.example");
    }

    #[test]
    fn notes_are_required_and_bounded() {
        assert_eq!(parse_note("  "), Err(FieldProblem::Required));
        assert_eq!(
            parse_note(&"x".repeat(NOTE_MAX + 1)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(
            parse_note(" Called: wants 20 AP-45 "),
            Ok("Called: wants 20 AP-45".into())
        );
    }

    #[test]
    fn open_leads_move_and_finished_ones_stay() {
        assert_eq!(
            apply(LeadStatus::New, LeadEvent::Assign),
            Ok(LeadStatus::Assigned)
        );
        assert_eq!(
            apply(LeadStatus::Assigned, LeadEvent::Note),
            Ok(LeadStatus::Assigned)
        );
        assert_eq!(
            apply(LeadStatus::New, LeadEvent::Convert),
            Ok(LeadStatus::Converted)
        );
        assert_eq!(
            apply(LeadStatus::Assigned, LeadEvent::Close),
            Ok(LeadStatus::Closed)
        );
        for finished in [LeadStatus::Converted, LeadStatus::Closed] {
            assert_eq!(apply(finished, LeadEvent::Note), Err(LeadRefusal::Finished));
        }
    }

    fn status() -> impl Strategy<Value = LeadStatus> {
        prop_oneof![
            Just(LeadStatus::New),
            Just(LeadStatus::Assigned),
            Just(LeadStatus::Converted),
            Just(LeadStatus::Closed),
        ]
    }

    fn event() -> impl Strategy<Value = LeadEvent> {
        prop_oneof![
            Just(LeadEvent::Assign),
            Just(LeadEvent::Note),
            Just(LeadEvent::Convert),
            Just(LeadEvent::Close),
        ]
    }

    proptest! {
        #[test]
        fn once_finished_always_finished(start in status(), events in proptest::collection::vec(event(), 0..12)) {
            let mut now = start;
            let mut finished = start.is_finished();
            for e in events {
                match apply(now, e) {
                    Ok(next) => { prop_assert!(!finished); now = next; }
                    Err(LeadRefusal::Finished) => prop_assert!(finished),
                }
                finished = now.is_finished();
            }
            prop_assert_eq!(LeadStatus::parse(now.as_str()), Some(now));
        }
    }
}
