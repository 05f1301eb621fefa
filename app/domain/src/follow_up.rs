//! Follow-ups: what an account manager means to do about a customer on a given day
//! ("call about the pumps in two months"). The form's rules, and when a follow-up is
//! due.

use crate::calendar::Day;
use crate::field::{FieldProblem, FormProblems};
use crate::text::required_line;
use serde::{Deserialize, Serialize};

/// The longest note: a task, not a report.
pub const NOTE_MAX: usize = 500;

/// A follow-up as the form describes it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpDraft {
    pub note: String,
    pub due: Day,
}

impl FollowUpDraft {
    /// `due` as "2027-01-31" or "31.01.2027"; today or later (in Berlin).
    pub fn parse(note: &str, due: &str, today: Day) -> Result<FollowUpDraft, FormProblems> {
        let mut problems = FormProblems::default();
        let note = required_line(note, NOTE_MAX)
            .map_err(|e| problems.add("note", FieldProblem::from(e)))
            .ok();
        let due = match Day::parse(due.trim()) {
            Ok(day) if day < today => {
                problems.add("due", FieldProblem::DateInPast);
                None
            }
            Ok(day) => Some(day),
            Err(_) if due.trim().is_empty() => {
                problems.add("due", FieldProblem::Required);
                None
            }
            Err(_) => {
                problems.add("due", FieldProblem::InvalidDate);
                None
            }
        };
        match (note, due) {
            (Some(note), Some(due)) if problems.is_empty() => Ok(FollowUpDraft { note, due }),
            _ => Err(problems),
        }
    }
}

/// Where an open follow-up stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// Its day has passed.
    Overdue,
    /// Today.
    Due,
    /// Still ahead.
    Upcoming,
}

pub fn standing(due: Day, today: Day) -> Standing {
    match due.cmp(&today) {
        std::cmp::Ordering::Less => Standing::Overdue,
        std::cmp::Ordering::Equal => Standing::Due,
        std::cmp::Ordering::Greater => Standing::Upcoming,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(iso: &str) -> Day {
        Day::parse(iso).unwrap()
    }

    #[test]
    fn a_follow_up_needs_a_note_and_a_day_not_past() {
        let today = day("2026-12-02");
        let ok = FollowUpDraft::parse("  Call about the pumps ", "2027-02-02", today).unwrap();
        assert_eq!(ok.note, "Call about the pumps");
        assert_eq!(ok.due, day("2027-02-02"));
        // Today is fine: "call them today".
        assert!(FollowUpDraft::parse("Call", "02.12.2026", today).is_ok());
        let bad = FollowUpDraft::parse("", "2026-12-01", today).unwrap_err();
        assert_eq!(bad.get("note"), Some(FieldProblem::Required));
        assert_eq!(bad.get("due"), Some(FieldProblem::DateInPast));
        let bad = FollowUpDraft::parse(&"x".repeat(NOTE_MAX + 1), "soon", today).unwrap_err();
        assert_eq!(bad.get("note"), Some(FieldProblem::TooLong));
        assert_eq!(bad.get("due"), Some(FieldProblem::InvalidDate));
        let bad = FollowUpDraft::parse("Call", " ", today).unwrap_err();
        assert_eq!(bad.get("due"), Some(FieldProblem::Required));
    }

    #[test]
    fn standing_follows_the_day() {
        let today = day("2026-12-02");
        assert_eq!(standing(day("2026-12-01"), today), Standing::Overdue);
        assert_eq!(standing(today, today), Standing::Due);
        assert_eq!(standing(day("2026-12-03"), today), Standing::Upcoming);
    }
}
