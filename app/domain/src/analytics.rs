//! Spend analytics for a customer's buyers (admins, approvers, finance): what the
//! organization spent per month, per purchaser, per cost center and per product
//! category, and how long approvals took.
//!
//! **What counts as spent** is what counts against a purchaser's monthly budget
//! ([`OrderState::counts_against_budget`]): orders waiting for approval and every
//! approved one count; refused, withdrawn, expired and cancelled ones do not. So the
//! figures here and the headroom a purchaser sees at checkout never disagree. An order
//! counts in the Berlin calendar month it was placed in, with its lines' net amounts
//! and its shipping fee (the total a budget is measured against): in the breakdown by
//! category, shipping is a group of its own.
//!
//! **Cycle time** of an approval is the time from the order's placing to the
//! approver's decision. Per approver the median and the 90th percentile are given by
//! nearest rank: the smallest time at or below which at least that share of the
//! decisions lie. No interpolation, so every figure is a time that really occurred
//! (one decision: both figures are that decision's time).

use crate::calendar::{Day, berlin_day, berlin_start_of_day};
use crate::money::Money;
use crate::order::OrderState;
use std::collections::BTreeMap;

/// A calendar month in Berlin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i64,
    /// 1 = January … 12 = December.
    month: i64,
}

impl Month {
    /// `None` unless `month` is 1 to 12.
    pub fn new(year: i64, month: i64) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// The Berlin month of the instant `utc_ms`.
    pub fn of(utc_ms: i64) -> Month {
        let (year, month, _) = berlin_day(utc_ms).ymd();
        Month { year, month }
    }

    pub fn year(self) -> i64 {
        self.year
    }

    pub fn month(self) -> i64 {
        self.month
    }

    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn previous(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            m => Month {
                year: self.year,
                month: m - 1,
            },
        }
    }

    /// The `count` months that end with this one, oldest first.
    pub fn window(self, count: usize) -> Vec<Month> {
        let mut months = Vec::with_capacity(count);
        let mut month = self;
        for _ in 0..count {
            months.push(month);
            month = month.previous();
        }
        months.reverse();
        months
    }

    /// The instant the month begins in Berlin (UTC milliseconds).
    pub fn starts_at(self) -> i64 {
        let first = Day::from_ymd(self.year, self.month, 1).expect("a month's first day exists");
        berlin_start_of_day(first)
    }

    /// "2026-11": how the month is labelled in tables and exports.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// One order line as the analytics count it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendLine {
    /// When the order was placed (UTC milliseconds).
    pub placed_at: i64,
    /// The order's state now.
    pub state: OrderState,
    /// Who placed the order (a name or an id: the analytics only group by it).
    pub purchaser: String,
    /// The order's cost center, if it named one.
    pub cost_center: Option<String>,
    /// The product's category; `None` for the order's shipping fee.
    pub category: Option<String>,
    /// The line's net amount.
    pub amount: Money,
}

impl SpendLine {
    /// Whether the line is spent money (see the module's documentation).
    pub fn counts(&self) -> bool {
        self.state.counts_against_budget()
    }

    fn in_months(&self, from: Month, to: Month) -> bool {
        let month = Month::of(self.placed_at);
        from <= month && month <= to
    }
}

fn plus(a: Money, b: Money) -> Money {
    // Amounts are bounded far below i64 (see `Money`); saturating keeps a sum of a
    // corrupt row from wrapping into a negative figure.
    Money::from_cents(a.cents().saturating_add(b.cents()))
}

/// What one month cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthSpend {
    pub month: Month,
    pub spent: Money,
}

/// Spend per month over the `count` months that end with `last`, oldest first. A month
/// without orders is there with zero: a gap in a chart is a real zero, not missing data.
pub fn per_month(lines: &[SpendLine], last: Month, count: usize) -> Vec<MonthSpend> {
    let mut spent: BTreeMap<Month, Money> = last
        .window(count)
        .into_iter()
        .map(|month| (month, Money::ZERO))
        .collect();
    for line in lines.iter().filter(|line| line.counts()) {
        if let Some(total) = spent.get_mut(&Month::of(line.placed_at)) {
            *total = plus(*total, line.amount);
        }
    }
    spent
        .into_iter()
        .map(|(month, spent)| MonthSpend { month, spent })
        .collect()
}

/// How spend is broken down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Purchaser,
    CostCenter,
    Category,
}

/// What one purchaser, cost center or category spent. `group` is `None` for the
/// orders that named no cost center, and for shipping among the categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupSpend {
    pub group: Option<String>,
    pub spent: Money,
}

/// Spend in the months `from` to `to` (both included) per group, the largest first
/// (equal amounts by name, the group without a name last among them).
pub fn per_group(
    lines: &[SpendLine],
    breakdown: Breakdown,
    from: Month,
    to: Month,
) -> Vec<GroupSpend> {
    let mut spent: BTreeMap<Option<String>, Money> = BTreeMap::new();
    for line in lines
        .iter()
        .filter(|line| line.counts() && line.in_months(from, to))
    {
        let group = match breakdown {
            Breakdown::Purchaser => Some(line.purchaser.clone()),
            Breakdown::CostCenter => line.cost_center.clone(),
            Breakdown::Category => line.category.clone(),
        };
        let total = spent.entry(group).or_insert(Money::ZERO);
        *total = plus(*total, line.amount);
    }
    let mut groups: Vec<GroupSpend> = spent
        .into_iter()
        .map(|(group, spent)| GroupSpend { group, spent })
        .collect();
    groups.sort_by(|a, b| {
        b.spent
            .cmp(&a.spent)
            .then_with(|| a.group.is_none().cmp(&b.group.is_none()))
            .then_with(|| a.group.cmp(&b.group))
    });
    groups
}

/// One approver's decision on one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub approver: String,
    /// When the order was placed (UTC milliseconds).
    pub placed_at: i64,
    /// When this approver decided (UTC milliseconds).
    pub decided_at: i64,
}

/// How long one approver takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleTimes {
    pub approver: String,
    pub decisions: usize,
    pub median_ms: i64,
    pub p90_ms: i64,
}

/// Cycle times per approver, by approver. A decision recorded before its order's
/// placing (clocks of two servers apart) counts as taking no time.
pub fn cycle_times(decisions: &[Decision]) -> Vec<CycleTimes> {
    let mut per_approver: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for decision in decisions {
        per_approver
            .entry(decision.approver.as_str())
            .or_default()
            .push((decision.decided_at - decision.placed_at).max(0));
    }
    per_approver
        .into_iter()
        .filter_map(|(approver, mut times)| {
            times.sort_unstable();
            Some(CycleTimes {
                approver: approver.to_string(),
                decisions: times.len(),
                median_ms: nearest_rank(&times, 50)?,
                p90_ms: nearest_rank(&times, 90)?,
            })
        })
        .collect()
}

/// The `percent`-th percentile of `sorted` (ascending) by nearest rank: the value at
/// rank ⌈percent/100 × n⌉ (1-based). `None` for no values.
pub fn nearest_rank(sorted: &[i64], percent: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (percent.min(100) as usize * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOUR: i64 = 3_600_000;

    fn at(year: i64, month: i64, day: i64, hour_berlin: i64) -> i64 {
        berlin_start_of_day(Day::from_ymd(year, month, day).unwrap()) + hour_berlin * HOUR
    }

    fn line(
        placed_at: i64,
        state: OrderState,
        purchaser: &str,
        cost_center: Option<&str>,
        category: &str,
        euro: i64,
    ) -> SpendLine {
        SpendLine {
            placed_at,
            state,
            purchaser: purchaser.to_string(),
            cost_center: cost_center.map(str::to_string),
            category: (!category.is_empty()).then(|| category.to_string()),
            amount: Money::from_cents(euro * 100),
        }
    }

    #[test]
    fn a_month_is_berlins() {
        // 31 October 2026, 23:30 UTC is already 1 November in Berlin (CET, UTC+1).
        let late = Day::from_ymd(2026, 10, 31).unwrap().0 * 24 * HOUR + 23 * HOUR + 30 * 60_000;
        assert_eq!(Month::of(late), Month::new(2026, 11).unwrap());
        assert_eq!(
            Month::new(2026, 11).unwrap().starts_at(),
            late - 30 * 60_000
        );
        assert_eq!(Month::new(2026, 13), None);
        assert_eq!(Month::new(2026, 12).unwrap().next().iso(), "2027-01");
        assert_eq!(Month::new(2026, 1).unwrap().previous().iso(), "2025-12");
        let window = Month::new(2026, 2).unwrap().window(3);
        assert_eq!(
            window.iter().map(|m| m.iso()).collect::<Vec<_>>(),
            ["2025-12", "2026-01", "2026-02"]
        );
    }

    #[test]
    fn months_without_orders_are_zero_and_refused_orders_do_not_count() {
        let lines = [
            line(
                at(2026, 9, 3, 10),
                OrderState::Delivered,
                "Egon",
                Some("KST-100"),
                "Pumps",
                1_200,
            ),
            line(
                at(2026, 9, 20, 10),
                OrderState::PendingApproval,
                "Egon",
                None,
                "Valves",
                300,
            ),
            line(
                at(2026, 9, 21, 10),
                OrderState::Rejected,
                "Egon",
                None,
                "Valves",
                9_999,
            ),
            line(
                at(2026, 11, 2, 10),
                OrderState::Cancelled,
                "Ingo",
                None,
                "Pumps",
                5_000,
            ),
            line(
                at(2026, 11, 5, 10),
                OrderState::Approved,
                "Ingo",
                Some("KST-200"),
                "Pumps",
                700,
            ),
            // Before the window: not shown.
            line(
                at(2026, 7, 30, 10),
                OrderState::Delivered,
                "Ingo",
                None,
                "Pumps",
                100,
            ),
        ];
        let months = per_month(&lines, Month::new(2026, 11).unwrap(), 3);
        let euros: Vec<(String, i64)> = months
            .iter()
            .map(|m| (m.month.iso(), m.spent.cents() / 100))
            .collect();
        assert_eq!(
            euros,
            [
                ("2026-09".to_string(), 1_500),
                ("2026-10".to_string(), 0),
                ("2026-11".to_string(), 700)
            ]
        );
    }

    #[test]
    fn groups_are_largest_first_and_orders_without_cost_center_are_one_group() {
        let sep = |d| at(2026, 9, d, 9);
        let lines = [
            line(
                sep(1),
                OrderState::Delivered,
                "Egon",
                Some("KST-100"),
                "Pumps",
                500,
            ),
            line(sep(2), OrderState::Delivered, "Ingo", None, "Valves", 500),
            line(
                sep(3),
                OrderState::Shipped,
                "Ingo",
                Some("KST-200"),
                "Pumps",
                800,
            ),
            line(
                sep(4),
                OrderState::Withdrawn,
                "Egon",
                Some("KST-100"),
                "Pumps",
                10_000,
            ),
            line(sep(5), OrderState::Confirmed, "Egon", None, "Seals", 500),
            // That order's shipping fee ("" builds a line without a category).
            line(sep(5), OrderState::Confirmed, "Egon", None, "", 20),
        ];
        let sep_only = Month::new(2026, 9).unwrap();
        let by = |breakdown| {
            per_group(&lines, breakdown, sep_only, sep_only)
                .into_iter()
                .map(|g| (g.group, g.spent.cents() / 100))
                .collect::<Vec<_>>()
        };
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            by(Breakdown::Purchaser),
            [(s("Ingo"), 1_300), (s("Egon"), 1_020)]
        );
        assert_eq!(
            by(Breakdown::CostCenter),
            [(None, 1_020), (s("KST-200"), 800), (s("KST-100"), 500)]
        );
        assert_eq!(
            by(Breakdown::Category),
            [
                (s("Pumps"), 1_300),
                (s("Seals"), 500),
                (s("Valves"), 500),
                (None, 20)
            ]
        );
        // Equal amounts: a named cost center before the orders without one.
        let tie = [
            line(sep(1), OrderState::Delivered, "Egon", None, "Pumps", 500),
            line(
                sep(2),
                OrderState::Delivered,
                "Egon",
                Some("KST-9"),
                "Pumps",
                500,
            ),
        ];
        assert_eq!(
            per_group(&tie, Breakdown::CostCenter, sep_only, sep_only)[0].group,
            s("KST-9")
        );
    }

    #[test]
    fn cycle_times_by_nearest_rank() {
        let placed = at(2026, 9, 1, 8);
        let decision = |approver: &str, hours: i64| Decision {
            approver: approver.to_string(),
            placed_at: placed,
            decided_at: placed + hours * HOUR,
        };
        let mut decisions: Vec<Decision> = (1..=10).map(|h| decision("Hannah", h)).collect();
        decisions.push(decision("Max", 30));
        // A clock a little behind: no time, not a negative one.
        decisions.push(Decision {
            decided_at: placed - 1_000,
            ..decision("Max", 0)
        });
        let times = cycle_times(&decisions);
        assert_eq!(
            times,
            [
                CycleTimes {
                    approver: "Hannah".into(),
                    decisions: 10,
                    median_ms: 5 * HOUR,
                    p90_ms: 9 * HOUR
                },
                CycleTimes {
                    approver: "Max".into(),
                    decisions: 2,
                    median_ms: 0,
                    p90_ms: 30 * HOUR
                },
            ]
        );
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[1, 2, 3], 0), Some(1));
        assert_eq!(nearest_rank(&[1, 2, 3], 100), Some(3));
    }

    fn any_state() -> impl Strategy<Value = OrderState> {
        prop::sample::select(OrderState::ALL.to_vec())
    }

    prop_compose! {
        fn any_line()(
            day in 0i64..730,
            hour in 0i64..24,
            state in any_state(),
            purchaser in prop::sample::select(vec!["Egon", "Ingo", "Peter"]),
            cost_center in prop::option::of(prop::sample::select(vec!["KST-1", "KST-2"])),
            category in prop::option::of(prop::sample::select(vec!["Pumps", "Valves"])),
            cents in 0i64..10_000_000,
        ) -> SpendLine {
            SpendLine {
                placed_at: at(2025, 1, 1, 0) + day * 24 * HOUR + hour * HOUR,
                state,
                purchaser: purchaser.to_string(),
                cost_center: cost_center.map(str::to_string),
                category: category.map(str::to_string),
                amount: Money::from_cents(cents),
            }
        }
    }

    proptest! {
        /// Every breakdown of a period adds up to the months' total, which is the sum
        /// of the counting lines in it: nothing is lost or counted twice.
        #[test]
        fn every_breakdown_adds_up_to_the_same_total(lines in prop::collection::vec(any_line(), 0..60)) {
            let last = Month::new(2026, 12).unwrap();
            let months = per_month(&lines, last, 24);
            prop_assert_eq!(months.len(), 24);
            let first = months[0].month;
            let total: i64 = months.iter().map(|m| m.spent.cents()).sum();
            let expected: i64 = lines
                .iter()
                .filter(|l| l.counts() && l.in_months(first, last))
                .map(|l| l.amount.cents())
                .sum();
            prop_assert_eq!(total, expected);
            for breakdown in [Breakdown::Purchaser, Breakdown::CostCenter, Breakdown::Category] {
                let groups = per_group(&lines, breakdown, first, last);
                prop_assert_eq!(groups.iter().map(|g| g.spent.cents()).sum::<i64>(), total);
                prop_assert!(groups.windows(2).all(|w| w[0].spent >= w[1].spent));
            }
        }

        /// The median never exceeds the 90th percentile, and both are times that occurred.
        #[test]
        fn percentiles_are_ordered_and_real(mut times in prop::collection::vec(0i64..1_000_000, 1..50)) {
            times.sort_unstable();
            let median = nearest_rank(&times, 50).unwrap();
            let p90 = nearest_rank(&times, 90).unwrap();
            prop_assert!(median <= p90);
            prop_assert!(times.contains(&median) && times.contains(&p90));
            // At least half of the times are at or below the median.
            prop_assert!(times.iter().filter(|&&t| t <= median).count() * 2 >= times.len());
        }
    }
}
