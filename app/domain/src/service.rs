//! Service requests: kinds, the status machine, due times from the contract, the
//! SLA clock that pauses while waiting on the customer, the request form, claims on
//! delivered order lines, and the satisfaction scores (CSAT 1–5, NPS 0–10).

use crate::business_hours::BusinessHours;
use crate::field::{FieldProblem, FormProblems};
use crate::terms::{Priority, Terms};
use crate::text::{optional_text, required_line};
use serde::{Deserialize, Serialize};

pub const SUBJECT_MAX: usize = 200;
pub const MESSAGE_MAX: usize = 5_000;
pub const SURVEY_COMMENT_MAX: usize = 2_000;
const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    Complaint,
    Return,
    TechnicalQuestion,
    Maintenance,
    BillingQuestion,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        RequestKind::TechnicalQuestion,
        RequestKind::Complaint,
        RequestKind::Return,
        RequestKind::Maintenance,
        RequestKind::BillingQuestion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Complaint => "complaint",
            RequestKind::Return => "return",
            RequestKind::TechnicalQuestion => "technical",
            RequestKind::Maintenance => "maintenance",
            RequestKind::BillingQuestion => "billing",
        }
    }

    pub fn parse(text: &str) -> Option<RequestKind> {
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }

    /// A claim on delivered goods: its quantity may not exceed what was delivered.
    pub fn is_claim(self) -> bool {
        matches!(self, RequestKind::Complaint | RequestKind::Return)
    }
}

pub fn parse_priority(text: &str) -> Option<Priority> {
    Priority::ALL
        .into_iter()
        .find(|p| p.as_str() == text.trim())
}

/// open → in progress → waiting on customer → resolved → closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Open,
    InProgress,
    WaitingOnCustomer,
    Resolved,
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Open,
        RequestStatus::InProgress,
        RequestStatus::WaitingOnCustomer,
        RequestStatus::Resolved,
        RequestStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::WaitingOnCustomer => "waiting",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<RequestStatus> {
        RequestStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    /// Still being worked: the SLA clock matters.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            RequestStatus::Open | RequestStatus::InProgress | RequestStatus::WaitingOnCustomer
        )
    }
}

/// Something that happens to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestEvent {
    /// Vendor staff answer the customer (the first one is the first response).
    StaffReply,
    /// Vendor staff answer and wait for the customer (the clock pauses).
    AskCustomer,
    /// The customer writes.
    CustomerReply,
    /// Vendor staff take it on without writing (assignment).
    StartWork,
    Resolve,
    /// The customer reopens a resolved request within the window.
    Reopen,
    /// Closed by someone, or when the reopen window has passed.
    Close,
}

/// Why an event does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAllowed {
    pub status: RequestStatus,
    pub event: RequestEvent,
}

impl RequestStatus {
    /// The one transition table of service requests.
    pub fn apply(self, event: RequestEvent) -> Result<RequestStatus, NotAllowed> {
        use RequestEvent as E;
        use RequestStatus as S;
        let next = match (self, event) {
            (S::Open | S::InProgress | S::WaitingOnCustomer, E::StaffReply | E::StartWork) => {
                S::InProgress
            }
            (S::Open | S::InProgress | S::WaitingOnCustomer, E::AskCustomer) => {
                S::WaitingOnCustomer
            }
            (S::WaitingOnCustomer, E::CustomerReply) => S::InProgress,
            (S::Open | S::InProgress, E::CustomerReply) => self,
            (S::Open | S::InProgress | S::WaitingOnCustomer, E::Resolve) => S::Resolved,
            (S::Resolved, E::Reopen) => S::InProgress,
            // A vendor reply on a resolved request adds to it without reopening.
            (S::Resolved, E::StaffReply) => S::Resolved,
            (S::Resolved, E::Close) => S::Closed,
            _ => {
                return Err(NotAllowed {
                    status: self,
                    event,
                });
            }
        };
        Ok(next)
    }
}

/// Whether a resolved request may still be reopened at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reopening {
    /// Until this instant.
    Possible {
        until: i64,
    },
    WindowPassed,
    NotResolved,
}

pub fn reopening(
    status: RequestStatus,
    resolved_at: Option<i64>,
    window_days: u32,
    now: i64,
) -> Reopening {
    match (status, resolved_at) {
        (RequestStatus::Resolved, Some(at)) => {
            let until = at + i64::from(window_days) * MS_PER_DAY;
            if now < until {
                Reopening::Possible { until }
            } else {
                Reopening::WindowPassed
            }
        }
        _ => Reopening::NotResolved,
    }
}

/// The due times of a request and the instants at which they are "near".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueTimes {
    pub first_response: i64,
    pub resolution: i64,
    /// From here the queue flags the request and its assignee is warned.
    pub first_response_warn: i64,
    pub resolution_warn: i64,
}

/// How much business time before a due time counts as "near": a quarter of the
/// agreed time, at least one hour (never more than the agreed time itself).
pub fn warning_ms(agreed_hours: u32) -> i64 {
    let agreed = i64::from(agreed_hours) * MS_PER_HOUR;
    (agreed / 4).max(MS_PER_HOUR).min(agreed)
}

/// First-response and resolution due times of a request opened at `opened_at` under
/// `terms` (its service level and business hours) with `priority`.
pub fn due_times(
    opened_at: i64,
    terms: &Terms,
    priority: Priority,
    hours: &BusinessHours<'_>,
) -> DueTimes {
    let times = terms.service_times(priority);
    let at = |h: u32| hours.add_hours(opened_at, h);
    let warn = |h: u32| hours.add(opened_at, i64::from(h) * MS_PER_HOUR - warning_ms(h));
    DueTimes {
        first_response: at(times.first_response_hours),
        resolution: at(times.resolution_hours),
        first_response_warn: warn(times.first_response_hours),
        resolution_warn: warn(times.resolution_hours),
    }
}

/// A due time whose clock was paused at `paused_at` and resumes at `now`: the
/// business time that was left runs again from `now`. A due time already passed
/// when the clock stopped stays where it was (the breach is not undone).
pub fn resumed(due: i64, paused_at: i64, now: i64, hours: &BusinessHours<'_>) -> i64 {
    if due <= paused_at {
        return due;
    }
    hours.add(now.max(paused_at), hours.between(paused_at, due))
}

/// The due time that matters now: the first response until it is given, then the
/// resolution. The queue sorts by it and shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CurrentDue {
    FirstResponse(i64),
    Resolution(i64),
}

impl CurrentDue {
    pub fn of(
        first_response_at: Option<i64>,
        first_response_due: i64,
        resolution_due: i64,
    ) -> CurrentDue {
        match first_response_at {
            None => CurrentDue::FirstResponse(first_response_due),
            Some(_) => CurrentDue::Resolution(resolution_due),
        }
    }

    pub fn at(self) -> i64 {
        match self {
            CurrentDue::FirstResponse(at) | CurrentDue::Resolution(at) => at,
        }
    }
}

/// Where a due time stands, for the queue and the request page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaState {
    /// Done in time.
    Met,
    /// Done, but late.
    MetLate,
    OnTrack,
    DueSoon,
    Breached,
    /// Waiting on the customer: the clock stands still.
    Paused,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Met => "met",
            SlaState::MetLate => "met_late",
            SlaState::OnTrack => "on_track",
            SlaState::DueSoon => "due_soon",
            SlaState::Breached => "breached",
            SlaState::Paused => "paused",
        }
    }
}

pub fn sla_state(due: i64, warn_at: i64, done_at: Option<i64>, paused: bool, now: i64) -> SlaState {
    match done_at {
        Some(at) if at <= due => SlaState::Met,
        Some(_) => SlaState::MetLate,
        None if now > due => SlaState::Breached,
        None if paused => SlaState::Paused,
        None if now >= warn_at => SlaState::DueSoon,
        None => SlaState::OnTrack,
    }
}

/// The new-request form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub kind: String,
    pub priority: String,
    pub subject: String,
    pub description: String,
    /// The order's number ("12" or "#12"), optional.
    pub order: String,
    /// The SKU of the order line or of the product it concerns, optional.
    pub sku: String,
    /// How many pieces a complaint or return is about.
    pub quantity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDraft {
    pub kind: RequestKind,
    pub priority: Priority,
    pub subject: String,
    pub description: String,
    pub order_number: Option<i64>,
    pub sku: Option<String>,
    pub quantity: Option<i64>,
}

impl RequestForm {
    /// Every problem at its field at once.
    pub fn parse(&self) -> Result<RequestDraft, FormProblems> {
        let mut problems = FormProblems::default();
        let kind = RequestKind::parse(&self.kind);
        if kind.is_none() {
            problems.add("kind", FieldProblem::Required);
        }
        let priority = parse_priority(&self.priority);
        if priority.is_none() {
            problems.add("priority", FieldProblem::Required);
        }
        let subject = required_line(&self.subject, SUBJECT_MAX)
            .map_err(|e| problems.add("subject", e.into()))
            .ok();
        let description = match optional_text(&self.description, MESSAGE_MAX) {
            Ok(Some(text)) => Some(text),
            Ok(None) => {
                problems.add("description", FieldProblem::Required);
                None
            }
            Err(e) => {
                problems.add("description", e.into());
                None
            }
        };
        let order_text = self.order.trim().trim_start_matches('#');
        let order_number = if order_text.is_empty() {
            None
        } else {
            match order_text.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problems.add("order", FieldProblem::InvalidNumber);
                    None
                }
            }
        };
        let sku = Some(self.sku.trim().to_uppercase()).filter(|s| !s.is_empty());
        if sku.as_ref().is_some_and(|s| s.chars().count() > 64) {
            problems.add("sku", FieldProblem::TooLong);
        }
        let quantity = match self.quantity.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
                _ => {
                    problems.add("quantity", FieldProblem::InvalidNumber);
                    None
                }
            },
        };
        if kind == Some(RequestKind::Return) {
            // A return names what goes back: the order line and how many. (`add`
            // keeps a problem already found at the field.)
            if order_number.is_none() {
                problems.add("order", FieldProblem::ClaimNeedsLine);
            }
            if sku.is_none() {
                problems.add("sku", FieldProblem::ClaimNeedsLine);
            }
            if quantity.is_none() {
                problems.add("quantity", FieldProblem::Required);
            }
        }
        if quantity.is_some() && !kind.is_some_and(RequestKind::is_claim) {
            problems.add("quantity", FieldProblem::QuantityOnlyForClaims);
        }
        let (Some(kind), Some(priority), Some(subject), Some(description)) =
            (kind, priority, subject, description)
        else {
            return Err(problems);
        };
        problems.or_value(|| RequestDraft {
            kind,
            priority,
            subject,
            description,
            order_number,
            sku,
            quantity,
        })
    }
}

/// What is known of the order line a claim is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimedLine {
    pub ordered: i64,
    /// The order has been delivered (its lines in full).
    pub delivered: bool,
    /// Already claimed by earlier returns of this line.
    pub returned_before: i64,
}

/// Checks a complaint's or return's quantity against what was delivered: at its
/// field ("quantity") when wrong.
pub fn check_claim(
    kind: RequestKind,
    quantity: Option<i64>,
    line: ClaimedLine,
) -> Result<(), FieldProblem> {
    if !kind.is_claim() {
        return Ok(());
    }
    if !line.delivered {
        return Err(FieldProblem::NotDelivered);
    }
    let left = if kind == RequestKind::Return {
        line.ordered - line.returned_before
    } else {
        line.ordered
    };
    match quantity {
        Some(q) if q > left => Err(FieldProblem::MoreThanDelivered),
        _ => Ok(()),
    }
}

/// A satisfaction answer: CSAT 1–5 (required) with a comment, and — when asked —
/// the relationship NPS 0–10.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub score: i64,
    pub comment: Option<String>,
    pub nps: Option<i64>,
}

pub fn parse_survey(score: &str, comment: &str, nps: &str) -> Result<SurveyAnswer, FormProblems> {
    let mut problems = FormProblems::default();
    let score = match score.trim().parse::<i64>() {
        Ok(n) if (1..=5).contains(&n) => Some(n),
        _ if score.trim().is_empty() => {
            problems.add("score", FieldProblem::Required);
            None
        }
        _ => {
            problems.add("score", FieldProblem::OutOfRange);
            None
        }
    };
    let comment = optional_text(comment, SURVEY_COMMENT_MAX)
        .map_err(|e| problems.add("comment", e.into()))
        .ok()
        .flatten();
    let nps = match nps.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=10).contains(&n) => Some(n),
            _ => {
                problems.add("nps", FieldProblem::OutOfRange);
                None
            }
        },
    };
    match score {
        Some(score) => problems.or_value(|| SurveyAnswer {
            score,
            comment,
            nps,
        }),
        None => Err(problems),
    }
}

/// The quarter of an instant in Berlin, "2026-Q4": NPS is asked once per quarter.
pub fn quarter_of(at: i64) -> String {
    let (year, month, _) = crate::calendar::berlin_day(at).ymd();
    format!("{year}-Q{}", (month - 1) / 3 + 1)
}

/// Net Promoter Score from the counts of promoters (9–10), passives (7–8) and
/// detractors (0–6): % promoters − % detractors, rounded; `None` without answers.
pub fn net_promoter_score(promoters: i64, passives: i64, detractors: i64) -> Option<i64> {
    let total = promoters + passives + detractors;
    if total <= 0 {
        return None;
    }
    let diff = (promoters - detractors) * 100;
    // Round half away from zero.
    Some((diff * 2 + diff.signum() * total) / (2 * total))
}

/// NPS of one customer role: its answers and its score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleNps {
    pub role: crate::access::Role,
    pub answers: i64,
    pub score: Option<i64>,
}

/// NPS per customer role from answers `(the person's roles, score 0–10)`: a person's
/// answer counts for each role they hold (an admin who also orders speaks as both);
/// roles without answers are left out, the roles in their usual order.
pub fn nps_by_role<'a>(answers: impl IntoIterator<Item = (&'a str, i64)>) -> Vec<RoleNps> {
    use crate::access::{Role, Roles};
    let mut counts = [(0i64, 0i64, 0i64); Role::CUSTOMER.len()];
    for (roles, score) in answers {
        let roles = Roles::from_stored(roles);
        for (i, role) in Role::CUSTOMER.iter().enumerate() {
            if roles.contains(*role) {
                let c = &mut counts[i];
                match score {
                    9.. => c.0 += 1,
                    7 | 8 => c.1 += 1,
                    _ => c.2 += 1,
                }
            }
        }
    }
    Role::CUSTOMER
        .iter()
        .zip(counts)
        .filter(|(_, (p, n, d))| p + n + d > 0)
        .map(|(role, (p, n, d))| RoleNps {
            role: *role,
            answers: p + n + d,
            score: net_promoter_score(p, n, d),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::business_hours::Holidays;

    #[test]
    fn nps_per_role_counts_a_person_for_each_role() {
        use crate::access::Role;
        let by_role = nps_by_role([
            ("purchaser", 10),
            ("purchaser,approver", 6),
            ("finance", 8),
            ("approver", 9),
        ]);
        let of = |role| by_role.iter().find(|r| r.role == role).copied();
        // Purchasers: one promoter, one detractor.
        assert_eq!(
            of(Role::Purchaser).map(|r| (r.answers, r.score)),
            Some((2, Some(0)))
        );
        // Approvers: the same detractor and one promoter.
        assert_eq!(
            of(Role::Approver).map(|r| (r.answers, r.score)),
            Some((2, Some(0)))
        );
        assert_eq!(
            of(Role::Finance).map(|r| (r.answers, r.score)),
            Some((1, Some(0)))
        );
        assert_eq!(of(Role::Viewer), None);
        assert_eq!(by_role.len(), 3);
    }
    use crate::calendar::{Day, berlin_start_of_day};
    use crate::terms::ServiceTimes;
    use proptest::prelude::*;

    fn berlin(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> i64 {
        berlin_start_of_day(Day::from_ymd(y, mo, d).unwrap()) + h * MS_PER_HOUR + mi * 60_000
    }

    #[test]
    fn statuses_follow_the_table() {
        use RequestEvent as E;
        use RequestStatus as S;
        assert_eq!(S::Open.apply(E::StaffReply), Ok(S::InProgress));
        assert_eq!(
            S::InProgress.apply(E::AskCustomer),
            Ok(S::WaitingOnCustomer)
        );
        assert_eq!(
            S::WaitingOnCustomer.apply(E::CustomerReply),
            Ok(S::InProgress)
        );
        assert_eq!(S::InProgress.apply(E::Resolve), Ok(S::Resolved));
        assert_eq!(S::Resolved.apply(E::Reopen), Ok(S::InProgress));
        assert_eq!(S::Resolved.apply(E::Close), Ok(S::Closed));
        assert!(S::Closed.apply(E::Reopen).is_err());
        assert!(S::Closed.apply(E::CustomerReply).is_err());
        assert!(
            S::Resolved.apply(E::CustomerReply).is_err(),
            "the customer reopens instead"
        );
        assert!(S::Open.apply(E::Reopen).is_err());
        assert!(S::Open.apply(E::Close).is_err());
    }

    #[test]
    fn reopening_has_a_window() {
        let at = berlin(2026, 11, 2, 10, 0);
        let until = at + 14 * MS_PER_DAY;
        assert_eq!(
            reopening(RequestStatus::Resolved, Some(at), 14, at + 1),
            Reopening::Possible { until }
        );
        assert_eq!(
            reopening(RequestStatus::Resolved, Some(at), 14, until),
            Reopening::WindowPassed
        );
        assert_eq!(
            reopening(RequestStatus::Closed, Some(at), 14, at + 1),
            Reopening::NotResolved
        );
    }

    #[test]
    fn due_times_come_from_the_contract() {
        let holidays = Holidays::german(vec![]);
        let hours = BusinessHours {
            start_hour: 8,
            end_hour: 17,
            holidays: &holidays,
        };
        let mut terms = Terms::standard();
        terms.service[Priority::High as usize] = ServiceTimes {
            first_response_hours: 4,
            resolution_hours: 16,
        };
        let opened = berlin(2026, 11, 20, 15, 30); // a Friday
        let due = due_times(opened, &terms, Priority::High, &hours);
        assert_eq!(due.first_response, berlin(2026, 11, 23, 10, 30));
        // 16 h: 1.5 h Friday, 9 h Monday, 5.5 h Tuesday.
        assert_eq!(due.resolution, berlin(2026, 11, 24, 13, 30));
        // Warned with a quarter of the time left: 1 h before the response is due.
        assert_eq!(due.first_response_warn, berlin(2026, 11, 23, 9, 30));
        assert_eq!(due.resolution_warn, berlin(2026, 11, 24, 9, 30));
    }

    #[test]
    fn the_clock_pauses_while_waiting_on_the_customer() {
        let holidays = Holidays::default();
        let hours = BusinessHours {
            start_hour: 8,
            end_hour: 17,
            holidays: &holidays,
        };
        let due = berlin(2026, 11, 24, 15, 0); // Tuesday
        // Paused Tuesday 11:00 (4 h left), resumed Thursday 16:00 → Friday 11:00.
        let paused = berlin(2026, 11, 24, 11, 0);
        let back = berlin(2026, 11, 26, 16, 0);
        assert_eq!(
            resumed(due, paused, back, &hours),
            berlin(2026, 11, 27, 11, 0)
        );
        // Already late when paused: stays late.
        assert_eq!(resumed(due, due + 1, back, &hours), due);
    }

    #[test]
    fn the_first_response_matters_until_it_is_given() {
        assert_eq!(CurrentDue::of(None, 10, 20), CurrentDue::FirstResponse(10));
        assert_eq!(CurrentDue::of(Some(5), 10, 20), CurrentDue::Resolution(20));
        assert_eq!(CurrentDue::of(Some(5), 10, 20).at(), 20);
    }

    #[test]
    fn sla_states() {
        assert_eq!(sla_state(100, 80, Some(90), false, 200), SlaState::Met);
        assert_eq!(sla_state(100, 80, Some(120), false, 200), SlaState::MetLate);
        assert_eq!(sla_state(100, 80, None, false, 50), SlaState::OnTrack);
        assert_eq!(sla_state(100, 80, None, false, 80), SlaState::DueSoon);
        assert_eq!(sla_state(100, 80, None, true, 90), SlaState::Paused);
        assert_eq!(sla_state(100, 80, None, true, 101), SlaState::Breached);
        assert_eq!(sla_state(100, 80, None, false, 101), SlaState::Breached);
        assert_eq!(warning_ms(4), MS_PER_HOUR);
        assert_eq!(warning_ms(40), 10 * MS_PER_HOUR);
    }

    #[test]
    fn the_form_reports_every_problem() {
        let form = RequestForm {
            kind: "return".into(),
            priority: "".into(),
            subject: " ".into(),
            description: "".into(),
            order: "x".into(),
            sku: "".into(),
            quantity: "0".into(),
        };
        let problems = form.parse().unwrap_err();
        assert_eq!(problems.get("priority"), Some(FieldProblem::Required));
        assert_eq!(problems.get("subject"), Some(FieldProblem::Required));
        assert_eq!(problems.get("description"), Some(FieldProblem::Required));
        assert_eq!(problems.get("order"), Some(FieldProblem::InvalidNumber));
        assert_eq!(problems.get("sku"), Some(FieldProblem::ClaimNeedsLine));
        assert_eq!(problems.get("quantity"), Some(FieldProblem::InvalidNumber));
        let ok = RequestForm {
            kind: "complaint".into(),
            priority: "high".into(),
            subject: "Leaking seal".into(),
            description: "Oil on the floor.".into(),
            order: "#3".into(),
            sku: "nh-pmp-1000".into(),
            quantity: "2".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.order_number, Some(3));
        assert_eq!(ok.sku.as_deref(), Some("NH-PMP-1000"));
        assert_eq!(ok.quantity, Some(2));
        let question = RequestForm {
            kind: "technical".into(),
            priority: "normal".into(),
            subject: "Pressure".into(),
            description: "Which oil?".into(),
            quantity: "3".into(),
            ..Default::default()
        };
        assert_eq!(
            question.parse().unwrap_err().get("quantity"),
            Some(FieldProblem::QuantityOnlyForClaims)
        );
    }

    #[test]
    fn claims_stay_within_what_was_delivered() {
        let line = ClaimedLine {
            ordered: 5,
            delivered: true,
            returned_before: 2,
        };
        assert_eq!(check_claim(RequestKind::Return, Some(3), line), Ok(()));
        assert_eq!(
            check_claim(RequestKind::Return, Some(4), line),
            Err(FieldProblem::MoreThanDelivered)
        );
        assert_eq!(check_claim(RequestKind::Complaint, Some(5), line), Ok(()));
        assert_eq!(
            check_claim(RequestKind::Complaint, Some(6), line),
            Err(FieldProblem::MoreThanDelivered)
        );
        let undelivered = ClaimedLine {
            delivered: false,
            ..line
        };
        assert_eq!(
            check_claim(RequestKind::Complaint, Some(1), undelivered),
            Err(FieldProblem::NotDelivered)
        );
        assert_eq!(
            check_claim(RequestKind::TechnicalQuestion, None, undelivered),
            Ok(())
        );
    }

    #[test]
    fn surveys_and_scores() {
        assert_eq!(
            parse_survey("4", " quick ", "9"),
            Ok(SurveyAnswer {
                score: 4,
                comment: Some("quick".into()),
                nps: Some(9)
            })
        );
        assert_eq!(
            parse_survey("", "", "").unwrap_err().get("score"),
            Some(FieldProblem::Required)
        );
        assert_eq!(
            parse_survey("6", "", "").unwrap_err().get("score"),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(
            parse_survey("5", "", "11").unwrap_err().get("nps"),
            Some(FieldProblem::OutOfRange)
        );
        assert_eq!(net_promoter_score(0, 0, 0), None);
        assert_eq!(net_promoter_score(6, 3, 1), Some(50));
        assert_eq!(net_promoter_score(1, 1, 1), Some(0));
        assert_eq!(net_promoter_score(1, 0, 2), Some(-33));
        assert_eq!(net_promoter_score(2, 1, 0), Some(67));
        assert_eq!(quarter_of(berlin(2026, 11, 24, 9, 0)), "2026-Q4");
        // New Year's night in Berlin is already the next quarter.
        assert_eq!(quarter_of(berlin(2027, 1, 1, 0, 30)), "2027-Q1");
    }

    proptest! {
        #[test]
        fn due_times_never_before_opening_and_monotonic_in_priority(
            opened in 1_767_225_600_000i64..1_830_297_600_000,
            hours_sorted in proptest::collection::vec(1u32..200, 8),
        ) {
            let mut h = hours_sorted.clone();
            h.sort();
            let mut terms = Terms::standard();
            for (i, priority) in Priority::ALL.into_iter().enumerate() {
                // Response ≤ resolution, and more urgent never slower (what the terms
                // form enforces).
                terms.service[priority as usize] = ServiceTimes {
                    first_response_hours: h[i],
                    resolution_hours: h[i + 4].max(h[i]),
                };
            }
            let holidays = Holidays::german(vec![]);
            let bh = BusinessHours { start_hour: 8, end_hour: 17, holidays: &holidays };
            let mut previous: Option<DueTimes> = None;
            for priority in Priority::ALL {
                let due = due_times(opened, &terms, priority, &bh);
                prop_assert!(due.first_response > opened);
                prop_assert!(due.resolution >= due.first_response);
                prop_assert!(due.first_response_warn >= opened && due.first_response_warn < due.first_response);
                if let Some(p) = previous {
                    prop_assert!(due.first_response >= p.first_response);
                    prop_assert!(due.resolution >= p.resolution);
                }
                previous = Some(due);
            }
        }

        #[test]
        fn a_pause_never_shortens_the_time_left(
            due_offset in 1i64..200, pause_offset in 0i64..200, wait in 0i64..500,
        ) {
            let holidays = Holidays::german(vec![]);
            let bh = BusinessHours { start_hour: 8, end_hour: 17, holidays: &holidays };
            let start = berlin(2026, 11, 2, 8, 0);
            // Due times are business instants (what `due_times` makes).
            let due = bh.add(start, due_offset * MS_PER_HOUR);
            let paused = start + pause_offset * MS_PER_HOUR;
            let back = paused + wait * MS_PER_HOUR;
            let new_due = resumed(due, paused, back, &bh);
            prop_assert!(new_due >= due);
            if due > paused {
                prop_assert_eq!(bh.between(back, new_due), bh.between(paused, due));
            }
        }
    }
}
