//! Business hours (`docs/domain-rules.md`, "Service levels"): Monday–Friday within the
//! contract's hours in Berlin, minus public holidays. A due time is the opening
//! time plus N business hours; a clock started outside business hours begins at the
//! next business hour. Instants are UTC milliseconds, as everywhere in Kontor.

use crate::calendar::{Day, berlin_start_of_day};

const MS_PER_HOUR: i64 = 3_600_000;
/// Enough days for any service time a contract may name (the terms allow up to a
/// few thousand hours) plus holidays; a calendar without working days ends here.
const HORIZON_DAYS: i64 = 3_000;

/// The days on which nobody works although it is a weekday: Germany's nationwide
/// public holidays (on when `national` is set) and the vendor's configured extra
/// days (company holidays, 24 and 31 December, regional holidays).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays {
    pub national: bool,
    pub extra: Vec<Day>,
}

impl Holidays {
    /// Germany's nationwide holidays plus `extra`.
    pub fn german(extra: Vec<Day>) -> Holidays {
        Holidays {
            national: true,
            extra,
        }
    }

    /// Parses the configured list, "2026-12-24, 2026-12-31" (ISO or German dates).
    /// Returns the first entry that is not a date.
    pub fn parse_extra(list: &str) -> Result<Vec<Day>, String> {
        list.split([',', ';', ' ', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(|s| Day::parse(s).map_err(|_| s.trim().to_string()))
            .collect()
    }

    pub fn contains(&self, day: Day) -> bool {
        self.extra.contains(&day) || (self.national && is_national_holiday(day))
    }
}

/// Easter Sunday of `year` (the Gregorian computus of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i64) -> Day {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Day::from_ymd(year, month, day).expect("Easter is a date")
}

/// New Year, Good Friday, Easter Monday, Labour Day, Ascension, Whit Monday, German
/// Unity Day, Christmas Day and Boxing Day.
pub fn is_national_holiday(day: Day) -> bool {
    let (year, month, dom) = day.ymd();
    if matches!(
        (month, dom),
        (1, 1) | (5, 1) | (10, 3) | (12, 25) | (12, 26)
    ) {
        return true;
    }
    let easter = easter_sunday(year).0;
    [-2, 1, 39, 50]
        .iter()
        .any(|offset| day.0 == easter + offset)
}

/// The working time of a contract: its daily hours and the holidays.
#[derive(Clone, Copy, Debug)]
pub struct BusinessHours<'a> {
    /// Local (Berlin) hour the working day starts, e.g. 8.
    pub start_hour: u32,
    /// Local hour it ends, e.g. 17; later than `start_hour`.
    pub end_hour: u32,
    pub holidays: &'a Holidays,
}

impl BusinessHours<'_> {
    /// The working interval `[start, end)` of `day`, if it is a working day.
    fn interval(&self, day: Day) -> Option<(i64, i64)> {
        if day.weekday() >= 5 || self.holidays.contains(day) || self.end_hour <= self.start_hour {
            return None;
        }
        // Summer time switches on Sundays at night, never inside a working day, so
        // the day's start plus the local hours is exact.
        let midnight = berlin_start_of_day(day);
        Some((
            midnight + i64::from(self.start_hour) * MS_PER_HOUR,
            midnight + i64::from(self.end_hour) * MS_PER_HOUR,
        ))
    }

    fn days_from(&self, at: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let first = crate::calendar::berlin_day(at);
        (0..HORIZON_DAYS).filter_map(move |n| self.interval(Day(first.0 + n)))
    }

    /// The instant `ms` of business time after `from`. With `ms` > 0 it always lies
    /// in working time (the end of a working day counts: 17:00 is the last instant).
    pub fn add(&self, from: i64, ms: i64) -> i64 {
        if ms <= 0 {
            return from;
        }
        let mut left = ms;
        let mut last = from;
        for (start, end) in self.days_from(from) {
            let begin = start.max(from);
            if begin >= end {
                continue;
            }
            if left <= end - begin {
                return begin + left;
            }
            left -= end - begin;
            last = end;
        }
        // No working day in the horizon (a calendar of holidays only): the clock
        // runs on wall time rather than never.
        last + left
    }

    /// `hours` business hours after `from`.
    pub fn add_hours(&self, from: i64, hours: u32) -> i64 {
        self.add(from, i64::from(hours) * MS_PER_HOUR)
    }

    /// Business time between `from` and `to` (0 when `to` is not later).
    pub fn between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        for (start, end) in self.days_from(from) {
            if start >= to {
                break;
            }
            let (a, b) = (start.max(from), end.min(to));
            if b > a {
                total += b - a;
            }
        }
        total
    }

    /// Whether `at` lies in working time.
    pub fn is_working_time(&self, at: i64) -> bool {
        self.interval(crate::calendar::berlin_day(at))
            .is_some_and(|(start, end)| (start..end).contains(&at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::berlin_day;
    use proptest::prelude::*;

    pub(crate) fn berlin(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> i64 {
        berlin_start_of_day(Day::from_ymd(y, mo, d).unwrap()) + h * MS_PER_HOUR + mi * 60_000
    }

    fn hours(holidays: &Holidays) -> BusinessHours<'_> {
        BusinessHours {
            start_hour: 8,
            end_hour: 17,
            holidays,
        }
    }

    #[test]
    fn the_worked_example_of_the_domain_rules() {
        let holidays = Holidays::german(vec![]);
        let h = hours(&holidays);
        // Opened Friday 15:30, 4 business hours → Monday 10:30.
        let opened = berlin(2026, 11, 20, 15, 30);
        assert_eq!(h.add_hours(opened, 4), berlin(2026, 11, 23, 10, 30));
        // Opened Saturday: the clock starts Monday 08:00.
        assert_eq!(
            h.add_hours(berlin(2026, 11, 21, 11, 0), 1),
            berlin(2026, 11, 23, 9, 0)
        );
        // Within a day, and ending exactly at closing time.
        assert_eq!(
            h.add_hours(berlin(2026, 11, 24, 9, 0), 8),
            berlin(2026, 11, 24, 17, 0)
        );
        // Opened in the evening: next morning.
        assert_eq!(
            h.add_hours(berlin(2026, 11, 24, 19, 0), 2),
            berlin(2026, 11, 25, 10, 0)
        );
    }

    #[test]
    fn holidays_are_skipped() {
        assert_eq!(easter_sunday(2026).to_string(), "2026-04-05");
        assert_eq!(easter_sunday(2027).to_string(), "2027-03-28");
        assert!(
            is_national_holiday(Day::from_ymd(2026, 4, 3).unwrap()),
            "Good Friday"
        );
        assert!(
            is_national_holiday(Day::from_ymd(2026, 5, 14).unwrap()),
            "Ascension"
        );
        assert!(is_national_holiday(Day::from_ymd(2026, 12, 25).unwrap()));
        assert!(!is_national_holiday(Day::from_ymd(2026, 12, 24).unwrap()));
        let extra = Holidays::parse_extra("2026-12-24, 31.12.2026").unwrap();
        let holidays = Holidays::german(extra);
        let h = hours(&holidays);
        // Wednesday 23 December 16:00 + 2 h: 1 h that day, 24–27 off → Monday 28, 09:00.
        assert_eq!(
            h.add_hours(berlin(2026, 12, 23, 16, 0), 2),
            berlin(2026, 12, 28, 9, 0)
        );
        // Thursday before Easter 2026 (2 April) 16:00 + 2 h → Tuesday 7 April 09:00.
        assert_eq!(
            h.add_hours(berlin(2026, 4, 2, 16, 0), 2),
            berlin(2026, 4, 7, 9, 0)
        );
        assert_eq!(
            Holidays::parse_extra("2026-12-24, soon"),
            Err("soon".into())
        );
    }

    #[test]
    fn summer_time_days_keep_local_hours() {
        let holidays = Holidays::default();
        let h = hours(&holidays);
        // Friday 27 March 2026 16:00 (UTC+1) + 2 h → Monday 30 March 09:00 (UTC+2).
        assert_eq!(
            h.add_hours(berlin(2026, 3, 27, 16, 0), 2),
            berlin(2026, 3, 30, 9, 0)
        );
    }

    proptest! {
        #[test]
        fn due_times_are_business_time_after_the_start(
            start in 1_767_225_600_000i64..1_830_297_600_000, // 2026–2027
            minutes in 1i64..20_000,
        ) {
            let holidays = Holidays::german(vec![]);
            let h = hours(&holidays);
            let ms = minutes * 60_000;
            let due = h.add(start, ms);
            // Never before the start, and never earlier than the wall-clock sum.
            prop_assert!(due >= start + ms);
            // Exactly the business time asked for lies between them.
            prop_assert_eq!(h.between(start, due), ms);
            // It falls in working time (the closing instant counts).
            prop_assert!(h.is_working_time(due - 1));
            let day = berlin_day(due - 1);
            prop_assert!(day.weekday() < 5 && !holidays.contains(day));
            // More time asked, never an earlier due time.
            prop_assert!(h.add(start, ms + 60_000) > due);
        }
    }
}
