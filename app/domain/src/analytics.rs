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

    /// The month as one number counting months since year 0 (`year × 12 + month − 1`):
    /// how the database keeps the monthly sums, so that a range of months is a range
    /// of numbers on both engines.
    pub fn number(self) -> i64 {
        self.year * 12 + self.month - 1
    }

    /// The month [`Month::number`] gave.
    pub fn from_number(number: i64) -> Month {
        Month {
            year: number.div_euclid(12),
            month: number.rem_euclid(12) + 1,
        }
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

/// Where a bar chart's parts go, in the coordinates of the SVG's `viewBox`: the page
/// draws what these rules place. The value axis starts at zero and ends at a round
/// amount (1, 2 or 5 times a power of ten, times the four steps of the grid) at or
/// above the largest value and the reference line, so every bar fits and the grid
/// reads as whole euros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    /// The grid lines, from zero up, with the amount each stands for.
    pub ticks: Vec<Tick>,
    /// Where the reference amount (the team's monthly budgets) runs, if any.
    pub reference_y: Option<i64>,
}

/// One bar: its left edge and top, width and height, and the middle of its slot
/// (where its label goes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub label_x: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tick {
    pub y: i64,
    pub amount: Money,
}

/// The chart's drawing area: room for the amounts at the left and the months below.
pub const CHART_WIDTH: i64 = 720;
pub const CHART_HEIGHT: i64 = 240;
pub const PLOT_LEFT: i64 = 88;
pub const PLOT_TOP: i64 = 12;
pub const PLOT_BOTTOM: i64 = 212;
const GRID_STEPS: i64 = 4;

/// Lays out one bar per value (negative values are drawn as zero), left to right.
pub fn bar_chart(values: &[Money], reference: Option<Money>) -> BarChart {
    let plot_height = PLOT_BOTTOM - PLOT_TOP;
    let largest = values
        .iter()
        .chain(reference.iter())
        .map(|m| m.cents().max(0))
        .max()
        .unwrap_or(0);
    let step = round_step((largest + GRID_STEPS - 1) / GRID_STEPS);
    let top = step * GRID_STEPS;
    let y_of = |cents: i64| PLOT_BOTTOM - scale(cents.clamp(0, top), plot_height, top);
    let slot = (CHART_WIDTH - PLOT_LEFT) / values.len().max(1) as i64;
    let width = (slot * 7 / 10).max(1);
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let y = y_of(value.cents());
            let left = PLOT_LEFT + i as i64 * slot;
            Bar {
                x: left + (slot - width) / 2,
                y,
                width,
                height: PLOT_BOTTOM - y,
                label_x: left + slot / 2,
            }
        })
        .collect();
    let ticks = (0..=GRID_STEPS)
        .map(|i| Tick {
            y: y_of(i * step),
            amount: Money::from_cents(i * step),
        })
        .collect();
    BarChart {
        bars,
        ticks,
        reference_y: reference.map(|r| y_of(r.cents())),
    }
}

/// `part` of `whole` as a share of `length`, rounded down (exact in integers).
pub fn scale(part: i64, length: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (i128::from(part) * i128::from(length) / i128::from(whole)) as i64
}

/// The smallest amount of 1, 2 or 5 times a power of ten euros at or above `cents`
/// (at least one euro).
fn round_step(cents: i64) -> i64 {
    let mut power = 100i64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if step >= cents {
                return step;
            }
        }
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => return cents,
        }
    }
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

        /// A month's number gives the month back, consecutive months have consecutive
        /// numbers, and every instant lies in the month whose number its month has.
        #[test]
        fn month_numbers_round_trip_and_count_on(year in 1900i64..2200, month in 1i64..=12) {
            let m = Month::new(year, month).unwrap();
            prop_assert_eq!(Month::from_number(m.number()), m);
            prop_assert_eq!(m.next().number(), m.number() + 1);
            prop_assert_eq!(Month::of(m.starts_at()).number(), m.number());
            prop_assert_eq!(Month::of(m.next().starts_at() - 1).number(), m.number());
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

    #[test]
    fn a_chart_scales_to_a_round_top() {
        let euros = |e: i64| Money::from_cents(e * 100);
        let chart = bar_chart(&[euros(0), euros(3_100), euros(6_250)], Some(euros(5_000)));
        // 6,250 € over four steps: 1,562.50 → 2,000 € a step, 8,000 € at the top.
        let amounts: Vec<i64> = chart.ticks.iter().map(|t| t.amount.cents() / 100).collect();
        assert_eq!(amounts, [0, 2_000, 4_000, 6_000, 8_000]);
        assert_eq!(chart.ticks[0].y, PLOT_BOTTOM);
        assert_eq!(chart.ticks[4].y, PLOT_TOP);
        // 6,250 of 8,000 of the 200 units' height: 156.
        assert_eq!(chart.bars[2].height, 156);
        assert_eq!(chart.bars[0].height, 0);
        assert_eq!(chart.reference_y, Some(PLOT_BOTTOM - 125));
        // Nothing at all still draws a grid (of one euro a step).
        let empty = bar_chart(&[Money::ZERO; 3], None);
        assert_eq!(empty.ticks[1].amount, euros(1));
        assert!(empty.bars.iter().all(|b| b.height == 0));
    }

    proptest! {
        /// Every bar stays inside the drawing area, in its own slot, and a larger
        /// amount is never drawn shorter; the top of the grid is at or above every
        /// amount.
        #[test]
        fn bars_fit_and_keep_their_order(
            cents in proptest::collection::vec(0i64..50_000_000_000, 1..30),
            reference in proptest::option::of(0i64..50_000_000_000),
        ) {
            let values: Vec<Money> = cents.iter().map(|c| Money::from_cents(*c)).collect();
            let chart = bar_chart(&values, reference.map(Money::from_cents));
            let top = chart.ticks.last().unwrap().amount.cents();
            prop_assert!(cents.iter().chain(reference.iter()).all(|c| *c <= top));
            for (i, bar) in chart.bars.iter().enumerate() {
                prop_assert!(bar.x >= PLOT_LEFT && bar.x + bar.width <= CHART_WIDTH);
                prop_assert!(bar.y >= PLOT_TOP && bar.y + bar.height == PLOT_BOTTOM);
                if i > 0 {
                    let before = chart.bars[i - 1];
                    prop_assert!(before.x + before.width <= bar.x);
                }
                for (j, other) in chart.bars.iter().enumerate() {
                    if cents[i] < cents[j] {
                        prop_assert!(bar.height <= other.height);
                    }
                }
            }
        }
    }
}
