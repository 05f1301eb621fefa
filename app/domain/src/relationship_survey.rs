//! The relationship survey: once per quarter every active customer person is asked
//! the NPS question ("How likely are you to recommend us?", 0–10) by mail,
//! independent of service requests.
//!
//! Decisions taken here where the rules are silent:
//! - The survey goes out from a configured day of the quarter on (the 15th day by
//!   default: not in the first days of a quarter, when purchasing is busy closing
//!   the last one), and only to people who have not answered the question in that
//!   quarter yet — also not through a service request's satisfaction survey.
//! - One answer per person and quarter: a second answer, through the same link or
//!   another one, is ignored and the first one stands.
//! - The quarter is the quarter of the invitation, not of the answer: a person who
//!   answers on 2 January the invitation of late December answers for Q4.

use crate::calendar::{Day, berlin_day};
use crate::field::FieldProblem;

/// The day of the quarter from which the survey goes out unless configured.
pub const DEFAULT_START_DAY: u32 = 15;

/// The last day a quarter surely has (a start day after it would never come).
pub const LAST_START_DAY: u32 = 90;

/// Whether the survey goes out, and from which day of the quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveySchedule {
    Off,
    /// From this day of each quarter on (1 is its first day).
    FromDay(u32),
}

impl Default for SurveySchedule {
    fn default() -> Self {
        SurveySchedule::FromDay(DEFAULT_START_DAY)
    }
}

impl SurveySchedule {
    /// Whether invitations for the current quarter go out at `at`.
    pub fn is_due(self, at: i64) -> bool {
        match self {
            SurveySchedule::Off => false,
            SurveySchedule::FromDay(day) => day_of_quarter(at) >= day,
        }
    }
}

/// The day of its quarter `at` falls on in Berlin: 1 on 1 January, 1 April, 1 July
/// and 1 October.
pub fn day_of_quarter(at: i64) -> u32 {
    let today = berlin_day(at);
    let (year, month, _) = today.ymd();
    let first_month = (month - 1) / 3 * 3 + 1;
    let first = Day::from_ymd(year, first_month, 1).expect("the first of a month exists");
    (today.0 - first.0 + 1) as u32
}

/// The score as the answer form sends it: a whole number from 0 to 10.
pub fn parse_score(text: &str) -> Result<i64, FieldProblem> {
    match text.trim() {
        "" => Err(FieldProblem::Required),
        text => match text.parse::<i64>() {
            Ok(n) if (0..=10).contains(&n) => Ok(n),
            _ => Err(FieldProblem::OutOfRange),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::berlin_start_of_day;
    use proptest::prelude::*;

    fn noon(year: i64, month: i64, day: i64) -> i64 {
        berlin_start_of_day(Day::from_ymd(year, month, day).unwrap()) + 12 * 3_600_000
    }

    #[test]
    fn counts_days_from_the_quarters_first() {
        assert_eq!(day_of_quarter(noon(2026, 10, 1)), 1);
        assert_eq!(day_of_quarter(noon(2026, 10, 15)), 15);
        assert_eq!(day_of_quarter(noon(2026, 12, 2)), 31 + 30 + 2);
        assert_eq!(day_of_quarter(noon(2027, 3, 31)), 31 + 28 + 31);
        // Berlin's midnight, not UTC's: 00:30 on 1 April in Berlin is day 1.
        assert_eq!(
            day_of_quarter(berlin_start_of_day(Day::from_ymd(2027, 4, 1).unwrap()) + 1_800_000),
            1
        );
    }

    #[test]
    fn goes_out_from_its_day_on_and_never_when_off() {
        let schedule = SurveySchedule::FromDay(15);
        assert!(!schedule.is_due(noon(2026, 10, 14)));
        assert!(schedule.is_due(noon(2026, 10, 15)));
        assert!(schedule.is_due(noon(2026, 12, 31)));
        assert!(!schedule.is_due(noon(2027, 1, 2)));
        assert!(!SurveySchedule::Off.is_due(noon(2026, 12, 31)));
    }

    #[test]
    fn a_score_is_a_whole_number_from_0_to_10() {
        assert_eq!(parse_score(" 0 "), Ok(0));
        assert_eq!(parse_score("10"), Ok(10));
        assert_eq!(parse_score(""), Err(FieldProblem::Required));
        assert_eq!(parse_score("11"), Err(FieldProblem::OutOfRange));
        assert_eq!(parse_score("-1"), Err(FieldProblem::OutOfRange));
        assert_eq!(parse_score("9.5"), Err(FieldProblem::OutOfRange));
    }

    proptest! {
        #[test]
        fn every_instant_lies_in_the_first_92_days_of_its_quarter(
            at in 1_767_225_600_000i64..1_893_456_000_000,
        ) {
            let day = day_of_quarter(at);
            prop_assert!((1..=92).contains(&day));
            // The next day is one further on, or the first of the next quarter.
            let next = day_of_quarter(at + 86_400_000);
            prop_assert!(next == day + 1 || next == 1 || next == day, "{day} then {next}");
        }
    }
}
