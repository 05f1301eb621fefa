//! Calendar days and the organization's time zone, without a date library.
//!
//! A [`Day`] is a civil date counted in days since 1970-01-01. Price validity and the
//! dates on which terms take effect are days in the organization's time zone. Kontor
//! supports one time zone today, Europe/Berlin (the default, see
//! `docs/domain-rules.md`), with the EU summer-time rule: UTC+2 from the last Sunday
//! of March 01:00 UTC to the last Sunday of October 01:00 UTC, UTC+1 otherwise. Both
//! are small enough to keep here and to ship to the browser.

use serde::{Deserialize, Serialize};
use std::fmt;

const MS_PER_DAY: i64 = 86_400_000;
const MS_PER_HOUR: i64 = 3_600_000;

/// A civil date: days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub i64);

/// Why a text is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayParseError {
    Empty,
    Invalid,
    /// A day before today where only today or later is allowed.
    InThePast,
}

impl Day {
    pub fn from_ymd(year: i64, month: i64, day: i64) -> Option<Day> {
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        // Days-from-civil (Howard Hinnant's algorithm).
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(month <= 2), month, day)
    }

    /// Parses the ISO form "2026-11-24" (what `<input type="date">` sends) and the
    /// German form "24.11.2026".
    pub fn parse(input: &str) -> Result<Day, DayParseError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(DayParseError::Empty);
        }
        let numbers = |parts: Vec<&str>| -> Option<Vec<i64>> {
            parts
                .iter()
                .map(|p| {
                    if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                        None
                    } else {
                        p.parse().ok()
                    }
                })
                .collect()
        };
        let found = if input.contains('-') {
            numbers(input.split('-').collect())
                .filter(|n| n.len() == 3)
                .and_then(|n| Day::from_ymd(n[0], n[1], n[2]))
        } else {
            numbers(input.split('.').collect())
                .filter(|n| n.len() == 3 && n[2] >= 1000)
                .and_then(|n| Day::from_ymd(n[2], n[1], n[0]))
        };
        found.ok_or(DayParseError::Invalid)
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7)
    }

    pub fn next(self) -> Day {
        Day(self.0 + 1)
    }
}

impl fmt::Display for Day {
    /// ISO 8601: "2026-11-24".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i64, month: i64) -> Day {
    let last = Day::from_ymd(year, month, days_in_month(year, month)).expect("valid date");
    Day(last.0 - (last.weekday() + 1) % 7)
}

/// Europe/Berlin's offset from UTC in milliseconds at the instant `utc_ms`.
pub fn berlin_offset_ms(utc_ms: i64) -> i64 {
    let (year, _, _) = Day(utc_ms.div_euclid(MS_PER_DAY)).ymd();
    let summer_from = last_sunday(year, 3).0 * MS_PER_DAY + MS_PER_HOUR;
    let summer_to = last_sunday(year, 10).0 * MS_PER_DAY + MS_PER_HOUR;
    if (summer_from..summer_to).contains(&utc_ms) {
        2 * MS_PER_HOUR
    } else {
        MS_PER_HOUR
    }
}

/// An instant as RFC 3339 in UTC with milliseconds: "2026-11-30T12:04:05.123Z".
pub fn rfc3339_utc(utc_ms: i64) -> String {
    let day = Day(utc_ms.div_euclid(MS_PER_DAY));
    let ms = utc_ms.rem_euclid(MS_PER_DAY);
    let (h, m, s, milli) = (
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000,
    );
    format!("{day}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// The Berlin calendar day of the instant `utc_ms`.
pub fn berlin_day(utc_ms: i64) -> Day {
    Day((utc_ms + berlin_offset_ms(utc_ms)).div_euclid(MS_PER_DAY))
}

/// The instant at which `day` begins in Berlin (UTC milliseconds).
pub fn berlin_start_of_day(day: Day) -> i64 {
    let local_midnight = day.0 * MS_PER_DAY;
    // Midnight is never inside a switch hour (switches happen at 02:00/03:00 local),
    // so the offset one hour before local midnight as UTC is the right one.
    let guess = local_midnight - MS_PER_HOUR;
    local_midnight - berlin_offset_ms(guess)
}

/// The calendar month (Europe/Berlin) of the instant `utc_ms` as the instants
/// `[start, end)`: what a monthly budget counts.
pub fn berlin_month(utc_ms: i64) -> (i64, i64) {
    let (y, m, _) = berlin_day(utc_ms).ymd();
    let first = Day::from_ymd(y, m, 1).expect("valid month");
    let next = if m == 12 {
        Day::from_ymd(y + 1, 1, 1)
    } else {
        Day::from_ymd(y, m + 1, 1)
    }
    .expect("valid month");
    (berlin_start_of_day(first), berlin_start_of_day(next))
}

/// When a change dated `text` takes effect, as (its day, its instant): empty or today =
/// now; a later day = the start of that day; a day in the past is refused (what was
/// agreed for the past stays as it was).
pub fn effective_from(text: &str, now: i64) -> Result<(Day, i64), DayParseError> {
    let today = berlin_day(now);
    match Day::parse(text) {
        Err(DayParseError::Empty) => Ok((today, now)),
        Err(other) => Err(other),
        Ok(day) if day < today => Err(DayParseError::InThePast),
        Ok(day) => Ok((day, change_instant(day, now))),
    }
}

/// The instant a change from `day` takes effect: now when `day` is today (or
/// earlier), else the start of `day`.
pub fn change_instant(day: Day, now: i64) -> i64 {
    if day <= berlin_day(now) {
        now
    } else {
        berlin_start_of_day(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn instants_in_rfc3339() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc(1_795_003_445_123), "2026-11-18T12:04:05.123Z");
        assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn civil_dates_round_trip() {
        let day = Day::from_ymd(2026, 11, 24).unwrap();
        assert_eq!(day.to_string(), "2026-11-24");
        assert_eq!(Day::parse("2026-11-24"), Ok(day));
        assert_eq!(Day::parse("24.11.2026"), Ok(day));
        assert_eq!(Day::parse(" "), Err(DayParseError::Empty));
        assert_eq!(Day::parse("2026-02-30"), Err(DayParseError::Invalid));
        assert_eq!(Day::parse("24.11.26"), Err(DayParseError::Invalid));
        assert_eq!(Day::parse("tomorrow"), Err(DayParseError::Invalid));
        assert_eq!(Day(0).to_string(), "1970-01-01");
        assert_eq!(
            Day::from_ymd(2024, 2, 29).map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(day.weekday(), 1, "2026-11-24 is a Tuesday");
    }

    #[test]
    fn berlin_switches_at_the_eu_times() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let march_29 = Day::from_ymd(2026, 3, 29).unwrap().0 * MS_PER_DAY;
        assert_eq!(berlin_offset_ms(march_29 + MS_PER_HOUR - 1), MS_PER_HOUR);
        assert_eq!(berlin_offset_ms(march_29 + MS_PER_HOUR), 2 * MS_PER_HOUR);
        let october_25 = Day::from_ymd(2026, 10, 25).unwrap().0 * MS_PER_DAY;
        assert_eq!(
            berlin_offset_ms(october_25 + MS_PER_HOUR - 1),
            2 * MS_PER_HOUR
        );
        assert_eq!(berlin_offset_ms(october_25 + MS_PER_HOUR), MS_PER_HOUR);
        // 23:30 UTC on 23 November is already the 24th in Berlin.
        let nov_23 = Day::from_ymd(2026, 11, 23).unwrap();
        assert_eq!(
            berlin_day(nov_23.0 * MS_PER_DAY + 23 * MS_PER_HOUR + 30 * 60_000),
            nov_23.next()
        );
        // A summer day starts at 22:00 UTC the day before.
        let july_1 = Day::from_ymd(2026, 7, 1).unwrap();
        assert_eq!(
            berlin_start_of_day(july_1),
            july_1.0 * MS_PER_DAY - 2 * MS_PER_HOUR
        );
    }

    #[test]
    fn changes_take_effect_now_or_when_their_day_begins() {
        let now = Day::from_ymd(2026, 11, 24).unwrap().0 * MS_PER_DAY + 10 * MS_PER_HOUR;
        let today = berlin_day(now);
        assert_eq!(effective_from("", now), Ok((today, now)));
        assert_eq!(effective_from("2026-11-24", now), Ok((today, now)));
        let later = Day::from_ymd(2026, 12, 1).unwrap();
        assert_eq!(
            effective_from("01.12.2026", now),
            Ok((later, berlin_start_of_day(later)))
        );
        assert_eq!(
            effective_from("2026-11-23", now),
            Err(DayParseError::InThePast)
        );
        assert_eq!(effective_from("soon", now), Err(DayParseError::Invalid));
    }

    proptest! {
        #[test]
        fn days_parse_back_and_start_where_they_begin(n in -20_000i64..100_000) {
            let day = Day(n);
            prop_assert_eq!(Day::parse(&day.to_string()), Ok(day));
            let start = berlin_start_of_day(day);
            prop_assert_eq!(berlin_day(start), day);
            prop_assert_eq!(berlin_day(start - 1), Day(n - 1));
        }
    }

    #[test]
    fn a_month_runs_from_midnight_to_midnight_in_berlin() {
        // 31 Oct 2026 23:30 UTC is already 1 November in Berlin (UTC+1).
        let at = berlin_start_of_day(Day::from_ymd(2026, 11, 1).unwrap()) - 30 * 60_000 + 3_600_000;
        let (start, end) = berlin_month(at);
        assert_eq!(
            start,
            berlin_start_of_day(Day::from_ymd(2026, 11, 1).unwrap())
        );
        assert_eq!(
            end,
            berlin_start_of_day(Day::from_ymd(2026, 12, 1).unwrap())
        );
        let (start, end) = berlin_month(berlin_start_of_day(Day::from_ymd(2026, 12, 31).unwrap()));
        assert_eq!(end - start, 31 * 86_400_000);
        assert_eq!(
            berlin_month(end).0,
            end,
            "the next month starts where this one ends"
        );
    }
}
