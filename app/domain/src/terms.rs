//! A customer's negotiated terms: payment, delivery, minimum order value and service
//! level, how they are parsed from the vendor's form, and what changed between two
//! versions (for the history: old → new).

use crate::field::{FieldProblem, FormProblems};
use crate::money::Money;
use crate::text::{optional_text, required_line};
use serde::{Deserialize, Serialize};

/// The eleven Incoterms 2020 rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Incoterm {
    Exw,
    Fca,
    Cpt,
    Cip,
    Dap,
    Dpu,
    Ddp,
    Fas,
    Fob,
    Cfr,
    Cif,
}

impl Incoterm {
    pub const ALL: [Incoterm; 11] = [
        Incoterm::Exw,
        Incoterm::Fca,
        Incoterm::Cpt,
        Incoterm::Cip,
        Incoterm::Dap,
        Incoterm::Dpu,
        Incoterm::Ddp,
        Incoterm::Fas,
        Incoterm::Fob,
        Incoterm::Cfr,
        Incoterm::Cif,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Incoterm::Exw => "EXW",
            Incoterm::Fca => "FCA",
            Incoterm::Cpt => "CPT",
            Incoterm::Cip => "CIP",
            Incoterm::Dap => "DAP",
            Incoterm::Dpu => "DPU",
            Incoterm::Ddp => "DDP",
            Incoterm::Fas => "FAS",
            Incoterm::Fob => "FOB",
            Incoterm::Cfr => "CFR",
            Incoterm::Cif => "CIF",
        }
    }

    pub fn parse(code: &str) -> Option<Incoterm> {
        let code = code.trim();
        Incoterm::ALL
            .into_iter()
            .find(|term| term.code().eq_ignore_ascii_case(code))
    }
}

/// Service-request priorities, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Priority {
    Urgent,
    High,
    Normal,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }
}

/// Business hours until the first response and until resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTimes {
    pub first_response_hours: u32,
    pub resolution_hours: u32,
}

/// Everything agreed with one customer apart from product prices. Amounts are net EUR.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// Payment due this many days after the invoice date.
    pub payment_net_days: u32,
    /// Early-payment discount in hundredths of a percent (200 = 2 %); 0 = none.
    pub discount_basis_points: u32,
    /// The discount applies when paid within this many days.
    pub discount_days: u32,
    pub incoterm: Incoterm,
    /// The named place of the Incoterms rule ("DAP Stuttgart").
    pub incoterm_place: String,
    /// Goods value from which shipping is free; `None` = never free.
    pub free_freight_threshold: Option<Money>,
    pub shipping_fee: Money,
    /// Days from order to dispatch when a product names no lead time of its own.
    pub default_lead_time_days: u32,
    pub minimum_order_value: Money,
    /// Service times by priority, in the order of [`Priority::ALL`].
    pub service: [ServiceTimes; 4],
    /// Business hours (local time of the organization), e.g. 8 to 17, Monday–Friday.
    pub business_hours_start: u32,
    pub business_hours_end: u32,
    /// Free text the account manager wants the customer to see.
    pub notes: Option<String>,
}

/// The currency of every amount in Kontor.
pub const CURRENCY: &str = "EUR";

impl Terms {
    /// The vendor's standard conditions, which apply until terms are recorded.
    pub fn standard() -> Terms {
        Terms {
            payment_net_days: 30,
            discount_basis_points: 0,
            discount_days: 0,
            incoterm: Incoterm::Fca,
            incoterm_place: "Hamburg".into(),
            free_freight_threshold: None,
            shipping_fee: Money::from_cents(4_900),
            default_lead_time_days: 10,
            minimum_order_value: Money::ZERO,
            service: [
                ServiceTimes {
                    first_response_hours: 4,
                    resolution_hours: 24,
                },
                ServiceTimes {
                    first_response_hours: 8,
                    resolution_hours: 40,
                },
                ServiceTimes {
                    first_response_hours: 16,
                    resolution_hours: 80,
                },
                ServiceTimes {
                    first_response_hours: 40,
                    resolution_hours: 160,
                },
            ],
            business_hours_start: 8,
            business_hours_end: 17,
            notes: None,
        }
    }

    pub fn service_times(&self, priority: Priority) -> ServiceTimes {
        self.service[priority as usize]
    }

    /// Shipping for a goods value (`docs/domain-rules.md`, "Money"): free from the
    /// threshold on, otherwise the fee.
    pub fn shipping_for(&self, goods_value: Money) -> Money {
        match self.free_freight_threshold {
            Some(threshold) if goods_value >= threshold => Money::ZERO,
            _ => self.shipping_fee,
        }
    }

    /// The differences from `old` to `self`, field by field, for the history.
    pub fn changes_from(&self, old: &Terms) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut note = |field: &str, before: ChangeValue, after: ChangeValue| {
            if before != after {
                changes.push(Change {
                    field: field.to_string(),
                    before: Some(before),
                    after: Some(after),
                });
            }
        };
        use ChangeValue as V;
        note(
            "payment_net_days",
            V::Days(old.payment_net_days),
            V::Days(self.payment_net_days),
        );
        note(
            "discount_percent",
            V::Percent(old.discount_basis_points),
            V::Percent(self.discount_basis_points),
        );
        note(
            "discount_days",
            V::Days(old.discount_days),
            V::Days(self.discount_days),
        );
        note(
            "incoterm",
            V::Text(format!("{} {}", old.incoterm.code(), old.incoterm_place)),
            V::Text(format!("{} {}", self.incoterm.code(), self.incoterm_place)),
        );
        note(
            "free_freight_threshold",
            V::OptionalMoney(old.free_freight_threshold),
            V::OptionalMoney(self.free_freight_threshold),
        );
        note(
            "shipping_fee",
            V::Money(old.shipping_fee),
            V::Money(self.shipping_fee),
        );
        note(
            "lead_time_days",
            V::Days(old.default_lead_time_days),
            V::Days(self.default_lead_time_days),
        );
        note(
            "minimum_order_value",
            V::Money(old.minimum_order_value),
            V::Money(self.minimum_order_value),
        );
        for priority in Priority::ALL {
            let (o, n) = (old.service_times(priority), self.service_times(priority));
            note(
                &format!("response_{}", priority.as_str()),
                V::Hours(o.first_response_hours),
                V::Hours(n.first_response_hours),
            );
            note(
                &format!("resolution_{}", priority.as_str()),
                V::Hours(o.resolution_hours),
                V::Hours(n.resolution_hours),
            );
        }
        note(
            "business_hours",
            V::HourRange(old.business_hours_start, old.business_hours_end),
            V::HourRange(self.business_hours_start, self.business_hours_end),
        );
        note(
            "notes",
            V::Text(old.notes.clone().unwrap_or_default()),
            V::Text(self.notes.clone().unwrap_or_default()),
        );
        changes
    }
}

/// A value in the change history, kept typed so that each reader sees it in their
/// own language's notation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeValue {
    Money(Money),
    OptionalMoney(Option<Money>),
    Days(u32),
    Hours(u32),
    HourRange(u32, u32),
    /// Hundredths of a percent.
    Percent(u32),
    Text(String),
    /// A price agreement: base price, tiers and validity (days since 1970-01-01).
    Agreement {
        base_price: Money,
        tiers: Vec<(i64, Money)>,
        valid_from: i64,
        valid_to: Option<i64>,
    },
}

/// One field's change: `before` is `None` for something new, `after` for something ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<ChangeValue>,
    pub after: Option<ChangeValue>,
}

/// The terms form as typed (every field a string, as the browser sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    pub payment_net_days: String,
    pub discount_percent: String,
    pub discount_days: String,
    pub incoterm: String,
    pub incoterm_place: String,
    pub free_freight_threshold: String,
    pub shipping_fee: String,
    pub lead_time_days: String,
    pub minimum_order_value: String,
    /// First-response and resolution hours in the order of [`Priority::ALL`].
    pub response_hours: [String; 4],
    pub resolution_hours: [String; 4],
    pub business_hours_start: String,
    pub business_hours_end: String,
    pub notes: String,
}

impl TermsForm {
    /// The form filled with `terms`, for editing.
    pub fn from_terms(terms: &Terms) -> TermsForm {
        let money = |m: Money| format!("{}.{:02}", m.cents() / 100, m.cents() % 100);
        TermsForm {
            payment_net_days: terms.payment_net_days.to_string(),
            discount_percent: percent_text(terms.discount_basis_points),
            discount_days: terms.discount_days.to_string(),
            incoterm: terms.incoterm.code().to_string(),
            incoterm_place: terms.incoterm_place.clone(),
            free_freight_threshold: terms.free_freight_threshold.map(money).unwrap_or_default(),
            shipping_fee: money(terms.shipping_fee),
            lead_time_days: terms.default_lead_time_days.to_string(),
            minimum_order_value: money(terms.minimum_order_value),
            response_hours: terms.service.map(|s| s.first_response_hours.to_string()),
            resolution_hours: terms.service.map(|s| s.resolution_hours.to_string()),
            business_hours_start: terms.business_hours_start.to_string(),
            business_hours_end: terms.business_hours_end.to_string(),
            notes: terms.notes.clone().unwrap_or_default(),
        }
    }

    /// Every problem at once, by field name.
    pub fn parse(&self) -> Result<Terms, FormProblems> {
        let mut problems = FormProblems::default();
        let mut number = |field: &str, text: &str, max: u32| -> u32 {
            match parse_whole(text, max) {
                Ok(n) => n,
                Err(problem) => {
                    problems.add(field, problem);
                    0
                }
            }
        };
        let payment_net_days = number("payment_net_days", &self.payment_net_days, 365);
        let discount_days = if self.discount_days.trim().is_empty() {
            0
        } else {
            number("discount_days", &self.discount_days, 365)
        };
        let lead = number("lead_time_days", &self.lead_time_days, 365);
        let mut response = [0u32; 4];
        let mut resolution = [0u32; 4];
        for (i, priority) in Priority::ALL.into_iter().enumerate() {
            response[i] = number(
                &format!("response_{}", priority.as_str()),
                &self.response_hours[i],
                2_000,
            );
            resolution[i] = number(
                &format!("resolution_{}", priority.as_str()),
                &self.resolution_hours[i],
                10_000,
            );
        }
        let hours_start = number("business_hours_start", &self.business_hours_start, 23);
        let hours_end = number("business_hours_end", &self.business_hours_end, 24);

        let discount = match parse_percent(&self.discount_percent) {
            Ok(bp) => bp,
            Err(problem) => {
                problems.add("discount_percent", problem);
                0
            }
        };
        if discount > 0 && discount_days == 0 {
            problems.add("discount_days", FieldProblem::Required);
        }
        if discount > 0 && discount_days >= payment_net_days {
            problems.add("discount_days", FieldProblem::DiscountAfterDue);
        }
        let incoterm = Incoterm::parse(&self.incoterm);
        if incoterm.is_none() {
            problems.add("incoterm", FieldProblem::UnknownIncoterm);
        }
        let place = required_line(&self.incoterm_place, 100)
            .map_err(|e| problems.add("incoterm_place", e.into()))
            .unwrap_or_default();
        let mut money = |field: &str, text: &str| -> Money {
            Money::parse_price(text)
                .map_err(|e| problems.add(field, e.into()))
                .unwrap_or_default()
        };
        let free_freight = if self.free_freight_threshold.trim().is_empty() {
            None
        } else {
            Some(money(
                "free_freight_threshold",
                &self.free_freight_threshold,
            ))
        };
        let shipping_fee = money("shipping_fee", &self.shipping_fee);
        let minimum = money("minimum_order_value", &self.minimum_order_value);
        let notes = optional_text(&self.notes, 2_000)
            .map_err(|e| problems.add("notes", e.into()))
            .unwrap_or_default();

        for (i, priority) in Priority::ALL.into_iter().enumerate() {
            if resolution[i] < response[i] {
                problems.add(
                    &format!("resolution_{}", priority.as_str()),
                    FieldProblem::ResolutionBeforeResponse,
                );
            }
            if i > 0 && response[i] < response[i - 1] {
                problems.add(
                    &format!("response_{}", priority.as_str()),
                    FieldProblem::PrioritiesOutOfOrder,
                );
            }
            if i > 0 && resolution[i] < resolution[i - 1] {
                problems.add(
                    &format!("resolution_{}", priority.as_str()),
                    FieldProblem::PrioritiesOutOfOrder,
                );
            }
        }
        if hours_end <= hours_start {
            problems.add("business_hours_end", FieldProblem::HoursOutOfOrder);
        }
        problems.or_value(|| Terms {
            payment_net_days,
            discount_basis_points: discount,
            discount_days: if discount > 0 { discount_days } else { 0 },
            incoterm: incoterm.unwrap_or(Incoterm::Exw),
            incoterm_place: place,
            free_freight_threshold: free_freight,
            shipping_fee,
            default_lead_time_days: lead,
            minimum_order_value: minimum,
            service: std::array::from_fn(|i| ServiceTimes {
                first_response_hours: response[i],
                resolution_hours: resolution[i],
            }),
            business_hours_start: hours_start,
            business_hours_end: hours_end,
            notes,
        })
    }
}

/// A whole number from 0 to `max`.
pub fn parse_whole(text: &str, max: u32) -> Result<u32, FieldProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::InvalidNumber);
    }
    match text.parse::<u64>() {
        Ok(n) if n <= u64::from(max) => Ok(n as u32),
        _ => Err(FieldProblem::OutOfRange),
    }
}

/// "2", "2,5", "2.25 %" → hundredths of a percent; empty = 0; at most 20 %.
fn parse_percent(text: &str) -> Result<u32, FieldProblem> {
    let text = text.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = text
        .split_once([',', '.'])
        .map_or((text, ""), |(w, f)| (w, f));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || !digits(whole) || !digits(fraction) {
        return Err(FieldProblem::InvalidNumber);
    }
    if fraction.len() > 2 {
        return Err(FieldProblem::InvalidNumber);
    }
    let whole: u32 = whole.parse().map_err(|_| FieldProblem::InvalidNumber)?;
    let fraction: u32 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| FieldProblem::InvalidNumber)?;
    let bp = whole * 100 + fraction;
    if bp > 2_000 {
        return Err(FieldProblem::OutOfRange);
    }
    Ok(bp)
}

/// Hundredths of a percent as typed in the form: 200 → "2", 250 → "2.5".
pub fn percent_text(basis_points: u32) -> String {
    let (whole, fraction) = (basis_points / 100, basis_points % 100);
    match fraction {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mueller_form() -> TermsForm {
        TermsForm {
            payment_net_days: "30".into(),
            discount_percent: "2".into(),
            discount_days: "10".into(),
            incoterm: "dap".into(),
            incoterm_place: "Stuttgart".into(),
            free_freight_threshold: "2.500,00".into(),
            shipping_fee: "95".into(),
            lead_time_days: "7".into(),
            minimum_order_value: "250".into(),
            response_hours: ["2", "4", "8", "16"].map(String::from),
            resolution_hours: ["8", "24", "40", "80"].map(String::from),
            business_hours_start: "8".into(),
            business_hours_end: "17".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn the_product_briefs_terms_parse() {
        let terms = mueller_form().parse().unwrap();
        assert_eq!(terms.discount_basis_points, 200);
        assert_eq!(terms.incoterm, Incoterm::Dap);
        assert_eq!(
            terms.free_freight_threshold,
            Some(Money::from_cents(250_000))
        );
        // Free freight from 2,500 € goods value on, exactly equal included.
        assert_eq!(
            terms.shipping_for(Money::from_cents(249_999)),
            Money::from_cents(9_500)
        );
        assert_eq!(terms.shipping_for(Money::from_cents(250_000)), Money::ZERO);
        assert_eq!(TermsForm::from_terms(&terms).parse(), Ok(terms));
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        let mut form = mueller_form();
        form.payment_net_days = "dreißig".into();
        form.discount_percent = "25".into();
        form.incoterm = "DDU".into();
        form.incoterm_place = " ".into();
        form.shipping_fee = "-5".into();
        form.response_hours[1] = "1".into();
        form.resolution_hours[2] = "2".into();
        form.business_hours_end = "7".into();
        let problems = form.parse().unwrap_err();
        assert_eq!(
            problems.get("payment_net_days"),
            Some(FieldProblem::InvalidNumber)
        );
        assert_eq!(
            problems.get("discount_percent"),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            problems.get("incoterm"),
            Some(FieldProblem::UnknownIncoterm)
        );
        assert_eq!(problems.get("incoterm_place"), Some(FieldProblem::Required));
        assert_eq!(
            problems.get("shipping_fee"),
            Some(FieldProblem::InvalidAmount)
        );
        assert_eq!(
            problems.get("response_high"),
            Some(FieldProblem::PrioritiesOutOfOrder)
        );
        assert_eq!(
            problems.get("resolution_normal"),
            Some(FieldProblem::ResolutionBeforeResponse)
        );
        assert_eq!(
            problems.get("business_hours_end"),
            Some(FieldProblem::HoursOutOfOrder)
        );
        assert_eq!(problems.get("minimum_order_value"), None);
    }

    #[test]
    fn the_discount_must_end_before_payment_is_due() {
        let mut form = mueller_form();
        form.discount_days = "30".into();
        assert_eq!(
            form.parse().unwrap_err().get("discount_days"),
            Some(FieldProblem::DiscountAfterDue)
        );
        form.discount_percent = String::new();
        assert_eq!(
            form.parse().unwrap().discount_days,
            0,
            "no discount, no discount days"
        );
    }

    #[test]
    fn changes_name_each_field_with_old_and_new() {
        let old = mueller_form().parse().unwrap();
        let mut form = mueller_form();
        form.payment_net_days = "45".into();
        form.discount_percent = "2,5".into();
        let new = form.parse().unwrap();
        let changes = new.changes_from(&old);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].field, "payment_net_days");
        assert_eq!(changes[0].before, Some(ChangeValue::Days(30)));
        assert_eq!(changes[0].after, Some(ChangeValue::Days(45)));
        assert_eq!(changes[1].after, Some(ChangeValue::Percent(250)));
        assert!(new.changes_from(&new).is_empty());
        assert_eq!(percent_text(250), "2.5");
        assert_eq!(percent_text(225), "2.25");
    }
}
