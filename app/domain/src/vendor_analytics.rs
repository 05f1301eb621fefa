//! The vendor's figures about its customers: revenue and orders per customer and
//! month, and how well the service level was kept per customer and quarter.
//!
//! **Revenue** is what customers have committed to: orders approved (by the customer's
//! chain, or at once) and everything after — confirmed, shipped, delivered. An order
//! waiting for approval is not revenue yet; refused, withdrawn, expired and cancelled
//! ones never are. An order counts in the Berlin month it was placed in, with its total
//! (net, shipping included).
//!
//! **Service level kept**: a request counts in the Berlin quarter it was opened in. Its
//! first response was kept when it came at or before its due time, missed when it came
//! later or has not come and the due time has passed; otherwise (not due yet) it is
//! still open and counts neither way. The same for the resolution against its due time
//! (which moves on while the request waits for the customer).

use crate::analytics::Month;
use crate::money::Money;
use crate::order::OrderState;
use crate::service::quarter_of;
use std::collections::BTreeMap;

/// Whether an order in this state is revenue (see the module's documentation).
pub fn is_revenue(state: OrderState) -> bool {
    matches!(
        state,
        OrderState::Approved | OrderState::Confirmed | OrderState::Shipped | OrderState::Delivered
    )
}

/// Orders as the vendor's revenue counts them: one order, or several of one customer
/// in one state and Berlin month, added up (the store groups them so, to read a
/// year of every customer's orders as a few rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerOrder {
    pub customer: String,
    /// When the order (any of the orders) was placed: only its month counts.
    pub placed_at: i64,
    pub state: OrderState,
    pub total: Money,
    /// How many orders this stands for.
    pub orders: i64,
}

/// Orders and revenue of one customer (or of all, `customer` empty) in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revenue {
    pub customer: String,
    pub month: Month,
    pub orders: i64,
    pub revenue: Money,
}

fn add(a: Money, b: Money) -> Money {
    Money::from_cents(a.cents().saturating_add(b.cents()))
}

/// Revenue of all customers together per month over the `count` months that end with
/// `last`, oldest first, months without orders as zero.
pub fn revenue_per_month(orders: &[CustomerOrder], last: Month, count: usize) -> Vec<Revenue> {
    let mut months: BTreeMap<Month, (i64, Money)> = last
        .window(count)
        .into_iter()
        .map(|m| (m, (0, Money::ZERO)))
        .collect();
    for order in orders.iter().filter(|o| is_revenue(o.state)) {
        if let Some((n, total)) = months.get_mut(&Month::of(order.placed_at)) {
            *n += order.orders;
            *total = add(*total, order.total);
        }
    }
    months
        .into_iter()
        .map(|(month, (orders, revenue))| Revenue {
            customer: String::new(),
            month,
            orders,
            revenue,
        })
        .collect()
}

/// Leads from technical downloads in one month: prospects who confirmed their
/// address, prospects who downloaded something, and the downloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadMonth {
    pub month: Month,
    pub registered: i64,
    /// Each prospect once per month, however many files they took.
    pub downloading: i64,
    pub downloads: i64,
}

/// Leads per month over the `count` months that end with `last`, oldest first:
/// `confirmed` holds when each prospect confirmed, `downloads` (prospect, when) each
/// download. Months without any as zero.
pub fn leads_per_month(
    confirmed: &[i64],
    downloads: &[(String, i64)],
    last: Month,
    count: usize,
) -> Vec<LeadMonth> {
    use std::collections::BTreeSet;
    let mut months: BTreeMap<Month, (i64, BTreeSet<&str>, i64)> = last
        .window(count)
        .into_iter()
        .map(|m| (m, (0, BTreeSet::new(), 0)))
        .collect();
    for at in confirmed {
        if let Some((n, _, _)) = months.get_mut(&Month::of(*at)) {
            *n += 1;
        }
    }
    for (prospect, at) in downloads {
        if let Some((_, who, n)) = months.get_mut(&Month::of(*at)) {
            who.insert(prospect);
            *n += 1;
        }
    }
    months
        .into_iter()
        .map(|(month, (registered, who, downloads))| LeadMonth {
            month,
            registered,
            downloading: who.len() as i64,
            downloads,
        })
        .collect()
}

/// Revenue per customer and month in the months `from` to `to`, by customer and then
/// month; only the months in which a customer ordered.
pub fn revenue_per_customer_month(
    orders: &[CustomerOrder],
    from: Month,
    to: Month,
) -> Vec<Revenue> {
    let mut cells: BTreeMap<(&str, Month), (i64, Money)> = BTreeMap::new();
    for order in orders.iter().filter(|o| is_revenue(o.state)) {
        let month = Month::of(order.placed_at);
        if month < from || month > to {
            continue;
        }
        let cell = cells
            .entry((order.customer.as_str(), month))
            .or_insert((0, Money::ZERO));
        cell.0 += order.orders;
        cell.1 = add(cell.1, order.total);
    }
    cells
        .into_iter()
        .map(|((customer, month), (orders, revenue))| Revenue {
            customer: customer.to_string(),
            month,
            orders,
            revenue,
        })
        .collect()
}

/// Each customer's orders and revenue over the months `from` to `to`, the largest
/// revenue first (equal ones by name).
pub fn revenue_per_customer(orders: &[CustomerOrder], from: Month, to: Month) -> Vec<Revenue> {
    let mut totals: BTreeMap<String, (i64, Money)> = BTreeMap::new();
    for cell in revenue_per_customer_month(orders, from, to) {
        let total = totals.entry(cell.customer).or_insert((0, Money::ZERO));
        total.0 += cell.orders;
        total.1 = add(total.1, cell.revenue);
    }
    let mut rows: Vec<Revenue> = totals
        .into_iter()
        .map(|(customer, (orders, revenue))| Revenue {
            customer,
            month: to,
            orders,
            revenue,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    rows
}

/// One service request's due times and when they were met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestTimes {
    pub customer: String,
    pub opened_at: i64,
    pub first_response_due: i64,
    pub first_response_at: Option<i64>,
    pub resolution_due: i64,
    pub resolved_at: Option<i64>,
}

/// Whether a due time was kept, missed, or is still ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Yes,
    No,
    Open,
}

/// A due time against when it was met (`None`: not yet), seen at `now`.
pub fn kept(due: i64, met: Option<i64>, now: i64) -> Kept {
    match met {
        Some(at) if at <= due => Kept::Yes,
        Some(_) => Kept::No,
        None if now > due => Kept::No,
        None => Kept::Open,
    }
}

/// How one customer's requests of one quarter kept their due times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LevelKept {
    pub customer: String,
    /// "2026-Q4".
    pub quarter: String,
    pub requests: i64,
    pub responses_kept: i64,
    pub responses_missed: i64,
    pub resolutions_kept: i64,
    pub resolutions_missed: i64,
}

impl LevelKept {
    /// Kept as a whole percentage of the decided ones (kept or missed), rounded
    /// down; `None` while none is decided.
    pub fn percent(kept: i64, missed: i64) -> Option<i64> {
        let decided = kept + missed;
        (decided > 0).then(|| kept * 100 / decided)
    }
}

/// The service level kept per customer and quarter (by customer, then the newest
/// quarter first), seen at `now`.
pub fn service_level(requests: &[RequestTimes], now: i64) -> Vec<LevelKept> {
    let mut cells: BTreeMap<(String, String), LevelKept> = BTreeMap::new();
    for request in requests {
        let quarter = quarter_of(request.opened_at);
        let cell = cells
            .entry((request.customer.clone(), quarter.clone()))
            .or_insert_with(|| LevelKept {
                customer: request.customer.clone(),
                quarter,
                ..LevelKept::default()
            });
        cell.requests += 1;
        match kept(request.first_response_due, request.first_response_at, now) {
            Kept::Yes => cell.responses_kept += 1,
            Kept::No => cell.responses_missed += 1,
            Kept::Open => {}
        }
        match kept(request.resolution_due, request.resolved_at, now) {
            Kept::Yes => cell.resolutions_kept += 1,
            Kept::No => cell.resolutions_missed += 1,
            Kept::Open => {}
        }
    }
    let mut rows: Vec<LevelKept> = cells.into_values().collect();
    rows.sort_by(|a, b| {
        a.customer
            .cmp(&b.customer)
            .then_with(|| b.quarter.cmp(&a.quarter))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_count_each_prospect_once_per_month() {
        let at = |m: i64, d: i64| {
            crate::calendar::berlin_start_of_day(
                crate::calendar::Day::from_ymd(2026, m, d).unwrap(),
            ) + 3_600_000
        };
        let confirmed = [at(10, 2), at(11, 5), at(11, 20)];
        let downloads = [
            ("jonas".to_string(), at(11, 5)),
            ("jonas".to_string(), at(11, 6)),
            ("lena".to_string(), at(11, 21)),
            ("lena".to_string(), at(12, 1)),
            // Before the window: not counted.
            ("old".to_string(), at(1, 3)),
        ];
        let months = leads_per_month(&confirmed, &downloads, Month::new(2026, 12).unwrap(), 3);
        let cells: Vec<(String, i64, i64, i64)> = months
            .iter()
            .map(|m| (m.month.iso(), m.registered, m.downloading, m.downloads))
            .collect();
        assert_eq!(
            cells,
            [
                ("2026-10".to_string(), 1, 0, 0),
                ("2026-11".to_string(), 2, 2, 3),
                ("2026-12".to_string(), 0, 1, 1),
            ]
        );
    }
    use crate::calendar::{Day, berlin_start_of_day};
    use proptest::prelude::*;

    const HOUR: i64 = 3_600_000;

    fn at(year: i64, month: i64, day: i64) -> i64 {
        berlin_start_of_day(Day::from_ymd(year, month, day).unwrap()) + 10 * HOUR
    }

    fn order(customer: &str, placed_at: i64, state: OrderState, euros: i64) -> CustomerOrder {
        CustomerOrder {
            customer: customer.into(),
            placed_at,
            state,
            total: Money::from_cents(euros * 100),
            orders: 1,
        }
    }

    #[test]
    fn revenue_is_what_customers_committed_to() {
        let orders = [
            order("Müller", at(2026, 9, 3), OrderState::Delivered, 1_000),
            order("Müller", at(2026, 10, 3), OrderState::Approved, 2_000),
            order(
                "Müller",
                at(2026, 10, 4),
                OrderState::PendingApproval,
                9_000,
            ),
            order("Müller", at(2026, 10, 5), OrderState::Rejected, 9_000),
            order("Becker", at(2026, 10, 9), OrderState::Shipped, 500),
            order("Becker", at(2026, 10, 10), OrderState::Cancelled, 700),
        ];
        let oct = Month::new(2026, 10).unwrap();
        let months = revenue_per_month(&orders, oct, 3);
        let figures: Vec<(String, i64, i64)> = months
            .iter()
            .map(|r| (r.month.iso(), r.orders, r.revenue.cents() / 100))
            .collect();
        assert_eq!(
            figures,
            [
                ("2026-08".into(), 0, 0),
                ("2026-09".into(), 1, 1_000),
                ("2026-10".into(), 2, 2_500)
            ]
        );
        let customers = revenue_per_customer(&orders, Month::new(2026, 9).unwrap(), oct);
        let figures: Vec<(&str, i64, i64)> = customers
            .iter()
            .map(|r| (r.customer.as_str(), r.orders, r.revenue.cents() / 100))
            .collect();
        assert_eq!(figures, [("Müller", 2, 3_000), ("Becker", 1, 500)]);
    }

    #[test]
    fn a_due_time_is_kept_missed_or_still_ahead() {
        assert_eq!(kept(100, Some(100), 0), Kept::Yes);
        assert_eq!(kept(100, Some(101), 0), Kept::No);
        assert_eq!(kept(100, None, 101), Kept::No);
        assert_eq!(kept(100, None, 100), Kept::Open);
        let opened = at(2026, 10, 1);
        let request = |response: Option<i64>, resolved: Option<i64>| RequestTimes {
            customer: "Müller".into(),
            opened_at: opened,
            first_response_due: opened + 4 * HOUR,
            first_response_at: response,
            resolution_due: opened + 48 * HOUR,
            resolved_at: resolved,
        };
        let requests = [
            request(Some(opened + HOUR), Some(opened + 24 * HOUR)),
            request(Some(opened + 5 * HOUR), None),
            request(None, None),
        ];
        // Seen ten hours after opening: two responses decided late or missing, no
        // resolution missed yet.
        let rows = service_level(&requests, opened + 10 * HOUR);
        assert_eq!(
            rows,
            [LevelKept {
                customer: "Müller".into(),
                quarter: "2026-Q4".into(),
                requests: 3,
                responses_kept: 1,
                responses_missed: 2,
                resolutions_kept: 1,
                resolutions_missed: 0,
            }]
        );
        assert_eq!(LevelKept::percent(1, 2), Some(33));
        assert_eq!(LevelKept::percent(0, 0), None);
    }

    proptest! {
        /// Every request is counted once, and kept plus missed never exceed the
        /// requests; the revenue per customer adds up to the revenue per month.
        #[test]
        fn the_figures_add_up(
            raw in proptest::collection::vec((0usize..3, 0i64..400, 0usize..10, 0i64..100_000), 0..60),
        ) {
            let states = [
                OrderState::PendingApproval, OrderState::Approved, OrderState::Confirmed,
                OrderState::Shipped, OrderState::Delivered, OrderState::Rejected,
                OrderState::Withdrawn, OrderState::Cancelled, OrderState::Expired,
                OrderState::Draft,
            ];
            let customers = ["A", "B", "C"];
            let start = at(2025, 1, 1);
            let orders: Vec<CustomerOrder> = raw
                .iter()
                .map(|(c, day, s, cents)| CustomerOrder {
                    customer: customers[*c].into(),
                    placed_at: start + day * 24 * HOUR,
                    state: states[*s],
                    total: Money::from_cents(*cents),
                    orders: 1,
                })
                .collect();
            let last = Month::of(start + 400 * 24 * HOUR);
            let months = revenue_per_month(&orders, last, 15);
            let first = months[0].month;
            let per_customer = revenue_per_customer(&orders, first, last);
            let sum = |rows: &[Revenue]| rows.iter().map(|r| (r.orders, r.revenue.cents())).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            prop_assert_eq!(sum(&months), sum(&per_customer));
            // Orders grouped by customer, month and state (as the store reads them)
            // give the same figures as the orders one by one.
            let mut grouped: std::collections::BTreeMap<(String, Month, &str), CustomerOrder> =
                std::collections::BTreeMap::new();
            for o in &orders {
                let g = grouped
                    .entry((o.customer.clone(), Month::of(o.placed_at), o.state.as_str()))
                    .or_insert(CustomerOrder { total: Money::ZERO, orders: 0, ..o.clone() });
                g.total = add(g.total, o.total);
                g.orders += 1;
            }
            let grouped: Vec<CustomerOrder> = grouped.into_values().collect();
            prop_assert_eq!(revenue_per_month(&grouped, last, 15), months);
            prop_assert_eq!(revenue_per_customer(&grouped, first, last), per_customer);
            let requests: Vec<RequestTimes> = raw
                .iter()
                .map(|(c, day, s, cents)| RequestTimes {
                    customer: customers[*c].into(),
                    opened_at: start + day * 24 * HOUR,
                    first_response_due: start + day * 24 * HOUR + 4 * HOUR,
                    first_response_at: (*s % 2 == 0).then(|| start + day * 24 * HOUR + cents % (8 * HOUR)),
                    resolution_due: start + day * 24 * HOUR + 48 * HOUR,
                    resolved_at: (*s % 3 == 0).then(|| start + day * 24 * HOUR + cents * 1000 % (96 * HOUR)),
                })
                .collect();
            let rows = service_level(&requests, start + 200 * 24 * HOUR);
            prop_assert_eq!(rows.iter().map(|r| r.requests).sum::<i64>(), requests.len() as i64);
            for row in rows {
                prop_assert!(row.responses_kept + row.responses_missed <= row.requests);
                prop_assert!(row.resolutions_kept + row.resolutions_missed <= row.requests);
            }
        }
    }
}
