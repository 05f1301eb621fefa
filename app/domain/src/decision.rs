//! Who may decide a pending order now: the chain fixed at placement, plus
//! reminders, escalation and deputies (`docs/domain-rules.md`, "Reminders,
//! escalation, deputies": they change *who may decide now*, never *who must have
//! decided*).
//!
//! Decisions taken here where the rules are silent:
//! - Times are wall-clock hours from the moment the order reached the current step
//!   (approvers also read mail at weekends; an organization that wants more sets
//!   longer times). Defaults: reminder after 24 h, escalation after 72 h.
//! - Escalation goes to the next step of the chain; past the last step, to the
//!   organization's admins (never the purchaser).
//! - A deputy stands in for one approver on the days of a range (inclusive, in the
//!   organization's time zone). Admin steps have no deputies: any admin decides.
//! - One approval by a person completes the current step and every directly
//!   following step that is theirs in their own right (an escalated Max approving
//!   in Hannah's place is not asked again for his own step).
//! - Expiry (off unless the organization sets it) counts whole days from the moment
//!   the order was *placed*, not from its current step: "orders waiting longer than
//!   N days" is about the purchaser's wait, which an approval half-way does not end.

use crate::approval::{Member, Step};
use crate::calendar::{Day, berlin_day};
use serde::{Deserialize, Serialize};

const MS_PER_HOUR: i64 = 3_600_000;

/// An organization's approval times: reminder and escalation in hours since the
/// order reached its step; expiry in days since it was placed (`None`: never).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalTimes {
    pub reminder_hours: u32,
    pub escalation_hours: u32,
    pub expiry_days: Option<u32>,
}

impl Default for ApprovalTimes {
    fn default() -> Self {
        ApprovalTimes {
            reminder_hours: 24,
            escalation_hours: 72,
            expiry_days: None,
        }
    }
}

/// The longest time an organization may set (four weeks).
pub const MAX_HOURS: u32 = 672;

/// The longest expiry an organization may set (a year).
pub const MAX_EXPIRY_DAYS: u32 = 365;

impl ApprovalTimes {
    /// Parses the settings form: whole hours, 1 to [`MAX_HOURS`], the escalation
    /// after the reminder; expiry empty (never) or whole days, 1 to
    /// [`MAX_EXPIRY_DAYS`].
    pub fn parse(
        reminder: &str,
        escalation: &str,
        expiry_days: &str,
    ) -> Result<ApprovalTimes, crate::field::FormProblems> {
        use crate::field::{FieldProblem, FormProblems};
        let mut problems = FormProblems::default();
        let mut hours = |field: &str, text: &str| match text.trim().parse::<u32>() {
            Ok(h) if (1..=MAX_HOURS).contains(&h) => Some(h),
            Ok(_) => {
                problems.add(field, FieldProblem::OutOfRange);
                None
            }
            Err(_) if text.trim().is_empty() => {
                problems.add(field, FieldProblem::Required);
                None
            }
            Err(_) => {
                problems.add(field, FieldProblem::InvalidNumber);
                None
            }
        };
        let reminder = hours("reminder_hours", reminder);
        let escalation = hours("escalation_hours", escalation);
        let expiry = match expiry_days.trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(d) if (1..=MAX_EXPIRY_DAYS).contains(&d) => Some(d),
                Ok(_) => {
                    problems.add("expiry_days", FieldProblem::OutOfRange);
                    None
                }
                Err(_) => {
                    problems.add("expiry_days", FieldProblem::InvalidNumber);
                    None
                }
            },
        };
        if let (Some(r), Some(e)) = (reminder, escalation)
            && e <= r
        {
            problems.add("escalation_hours", FieldProblem::EscalationBeforeReminder);
        }
        problems.or_value(|| ApprovalTimes {
            reminder_hours: reminder.unwrap_or_default(),
            escalation_hours: escalation.unwrap_or_default(),
            expiry_days: expiry,
        })
    }

    pub fn reminder_due(self, step_since: i64, now: i64) -> bool {
        now >= step_since + i64::from(self.reminder_hours) * MS_PER_HOUR
    }

    pub fn escalated(self, step_since: i64, now: i64) -> bool {
        now >= step_since + i64::from(self.escalation_hours) * MS_PER_HOUR
    }

    /// Whether an order placed at `placed_at` and still waiting has expired at `now`.
    pub fn expired(self, placed_at: i64, now: i64) -> bool {
        self.expiry_days
            .is_some_and(|d| now >= placed_at + i64::from(d) * 24 * MS_PER_HOUR)
    }
}

/// "While I am away, `deputy` decides for me" for the days `from..=to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deputy {
    pub for_user: String,
    pub deputy: String,
    pub from: Day,
    pub to: Day,
}

impl Deputy {
    pub fn covers(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }
}

impl Deputy {
    /// Parses "`deputy` decides for `for_user` from `from` to `to`" as typed. An
    /// empty start means today; a start in the past is refused; `eligible` are the
    /// organization's active approvers and admins.
    pub fn parse(
        for_user: &str,
        deputy: &str,
        from: &str,
        to: &str,
        today: Day,
        eligible: &[String],
    ) -> Result<Deputy, crate::field::FormProblems> {
        use crate::calendar::DayParseError;
        use crate::field::{FieldProblem, FormProblems};
        let mut problems = FormProblems::default();
        let deputy = deputy.trim();
        if deputy.is_empty() {
            problems.add("deputy_id", FieldProblem::Required);
        } else if deputy == for_user || !eligible.iter().any(|e| e == deputy) {
            problems.add("deputy_id", FieldProblem::DeputyNotEligible);
        }
        let from = match Day::parse(from) {
            Err(DayParseError::Empty) => Some(today),
            Ok(day) if day < today => {
                problems.add("from", FieldProblem::DateInPast);
                None
            }
            Ok(day) => Some(day),
            Err(e) => {
                problems.add("from", e.into());
                None
            }
        };
        let to = match Day::parse(to) {
            Ok(day) => Some(day),
            Err(e) => {
                problems.add("to", e.into());
                None
            }
        };
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            problems.add("to", FieldProblem::EndsBeforeStart);
        }
        problems.or_value(|| Deputy {
            for_user: for_user.to_string(),
            deputy: deputy.to_string(),
            from: from.unwrap_or(today),
            to: to.unwrap_or(today),
        })
    }
}

/// A pending order as far as deciding goes.
#[derive(Clone, Copy, Debug)]
pub struct Pending<'a> {
    pub purchaser_id: &'a str,
    pub steps: &'a [Step],
    pub current: usize,
    /// When the order reached the current step (UTC ms).
    pub step_since: i64,
}

/// In which capacity someone decides, recorded with the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Capacity {
    /// Their own step.
    Own,
    /// One of the admins who decide when the chain has no one with enough authority.
    Admin,
    /// As deputy of the waiting approver.
    Deputy { for_user: String },
    /// The step waited past the escalation time; the next one up decides in place of
    /// the waiting approver (`for_user`; `None` when the admins were waiting).
    Escalation { for_user: Option<String> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MayDecide {
    Yes(Capacity),
    /// Nobody decides on their own order, in no capacity.
    OwnOrder,
    NotNow,
}

/// Who is up next after the current step: the next step of the chain; past the
/// last step, the waiting approver's own approver (the next active one up, never
/// the purchaser); without one, the organization's active admins.
fn escalation_target<'a>(p: &Pending<'a>, members: &'a [Member]) -> Vec<&'a str> {
    match p.steps.get(p.current + 1) {
        Some(Step::Approver(id)) => return vec![id.as_str()],
        Some(Step::AnyAdmin(ids)) => return ids.iter().map(String::as_str).collect(),
        None => {}
    }
    let Some(Step::Approver(waiting)) = p.steps.get(p.current) else {
        return Vec::new();
    };
    let find = |id: &str| members.iter().find(|m| m.id == id);
    let mut seen = vec![waiting.as_str()];
    let mut next = find(waiting).and_then(|m| m.approver.as_deref());
    while let Some(id) = next {
        if seen.contains(&id) {
            break;
        }
        seen.push(id);
        let Some(member) = find(id) else { break };
        if member.active && member.id != p.purchaser_id {
            return vec![member.id.as_str()];
        }
        next = member.approver.as_deref();
    }
    admins(members, p.purchaser_id)
}

/// The organization's active admins other than the purchaser.
fn admins<'a>(members: &'a [Member], purchaser_id: &str) -> Vec<&'a str> {
    members
        .iter()
        .filter(|m| m.is_admin && m.active && m.id != purchaser_id)
        .map(|m| m.id.as_str())
        .collect()
}

/// Who may stand in for whom in an organization, and when.
#[derive(Clone, Copy, Debug)]
pub struct Authority<'a> {
    /// Everyone in the organization (for escalation up the reports-to line).
    pub members: &'a [Member],
    pub deputies: &'a [Deputy],
    pub times: ApprovalTimes,
}

/// May `decider` decide the current step now?
pub fn may_decide(p: &Pending<'_>, decider: &str, a: &Authority<'_>, now: i64) -> MayDecide {
    if decider == p.purchaser_id {
        return MayDecide::OwnOrder;
    }
    let Some(step) = p.steps.get(p.current) else {
        return MayDecide::NotNow;
    };
    let waiting_for = match step {
        Step::Approver(id) if id == decider => return MayDecide::Yes(Capacity::Own),
        Step::AnyAdmin(ids) if ids.iter().any(|x| x == decider) => {
            return MayDecide::Yes(Capacity::Admin);
        }
        Step::Approver(id) => Some(id.clone()),
        Step::AnyAdmin(_) => None,
    };
    let today = berlin_day(now);
    if let Some(for_user) = &waiting_for
        && a.deputies
            .iter()
            .any(|d| &d.for_user == for_user && d.deputy == decider && d.covers(today))
    {
        return MayDecide::Yes(Capacity::Deputy {
            for_user: for_user.clone(),
        });
    }
    if a.times.escalated(p.step_since, now) && escalation_target(p, a.members).contains(&decider) {
        return MayDecide::Yes(Capacity::Escalation {
            for_user: waiting_for,
        });
    }
    MayDecide::NotNow
}

/// Everyone who may decide the current step now (for "who holds it" and the mails),
/// without duplicates, the purchaser never among them.
pub fn holders(p: &Pending<'_>, a: &Authority<'_>, now: i64) -> Vec<String> {
    let mut candidates: Vec<&str> = Vec::new();
    match p.steps.get(p.current) {
        Some(Step::Approver(id)) => candidates.push(id),
        Some(Step::AnyAdmin(ids)) => candidates.extend(ids.iter().map(String::as_str)),
        None => return Vec::new(),
    }
    candidates.extend(a.deputies.iter().map(|d| d.deputy.as_str()));
    candidates.extend(escalation_target(p, a.members));
    let mut out: Vec<String> = Vec::new();
    for c in candidates {
        if !out.iter().any(|o| o == c) && matches!(may_decide(p, c, a, now), MayDecide::Yes(_)) {
            out.push(c.to_string());
        }
    }
    out
}

/// Where the chain stands after `decider` approved the current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AfterApproval {
    /// Waiting for step `next`; steps before it are complete.
    Next { next: usize },
    /// Every required approval is there.
    Approved,
}

/// The steps an approval of `decider` completes: the current one, then every directly
/// following step that is theirs in their own right.
pub fn after_approval(
    steps: &[Step],
    current: usize,
    decider: &str,
) -> (Vec<usize>, AfterApproval) {
    let mut done = vec![current];
    let mut next = current + 1;
    while let Some(step) = steps.get(next) {
        let theirs = match step {
            Step::Approver(id) => id == decider,
            Step::AnyAdmin(ids) => ids.iter().any(|a| a == decider),
        };
        if !theirs {
            return (done, AfterApproval::Next { next });
        }
        done.push(next);
        next += 1;
    }
    (done, AfterApproval::Approved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::berlin_start_of_day;
    use proptest::prelude::*;

    const H: i64 = MS_PER_HOUR;

    fn steps(ids: &[&str]) -> Vec<Step> {
        ids.iter()
            .map(|id| Step::Approver(id.to_string()))
            .collect()
    }

    fn member(id: &str, approver: Option<&str>, is_admin: bool) -> Member {
        Member {
            id: id.into(),
            active: true,
            is_admin,
            per_order_limit: None,
            monthly_budget: None,
            approver: approver.map(Into::into),
        }
    }

    /// Egon → Hannah → Max; Carla is the admin.
    fn mueller() -> Vec<Member> {
        vec![
            member("egon", Some("hannah"), false),
            member("hannah", Some("max"), false),
            member("max", None, false),
            member("carla", None, true),
        ]
    }

    fn monday() -> i64 {
        berlin_start_of_day(Day::from_ymd(2026, 11, 23).unwrap()) + 9 * H
    }

    fn authority<'a>(members: &'a [Member], deputies: &'a [Deputy]) -> Authority<'a> {
        Authority {
            members,
            deputies,
            times: ApprovalTimes::default(),
        }
    }

    #[test]
    fn the_approver_decides_and_nobody_else_before_the_escalation_time() {
        let chain = steps(&["hannah", "max"]);
        let p = Pending {
            purchaser_id: "egon",
            steps: &chain,
            current: 0,
            step_since: monday(),
        };
        let m = mueller();
        let a = authority(&m, &[]);
        let at = monday() + H;
        assert_eq!(
            may_decide(&p, "hannah", &a, at),
            MayDecide::Yes(Capacity::Own)
        );
        assert_eq!(may_decide(&p, "max", &a, at), MayDecide::NotNow);
        assert_eq!(may_decide(&p, "egon", &a, at), MayDecide::OwnOrder);
        assert_eq!(holders(&p, &a, at), vec!["hannah"]);
        // The reminder comes at 24 h; past 72 h Max may decide in Hannah's place.
        assert!(!a.times.reminder_due(p.step_since, monday() + 23 * H));
        assert!(a.times.reminder_due(p.step_since, monday() + 24 * H));
        let late = monday() + 72 * H;
        assert_eq!(
            may_decide(&p, "max", &a, late),
            MayDecide::Yes(Capacity::Escalation {
                for_user: Some("hannah".into())
            })
        );
        assert_eq!(holders(&p, &a, late), vec!["hannah", "max"]);
        // Max approving in Hannah's place also completes his own step.
        assert_eq!(
            after_approval(&chain, 0, "max"),
            (vec![0, 1], AfterApproval::Approved)
        );
        assert_eq!(
            after_approval(&chain, 0, "hannah"),
            (vec![0], AfterApproval::Next { next: 1 })
        );
    }

    #[test]
    fn past_the_last_step_the_approver_above_then_the_admins_are_next() {
        let chain = steps(&["hannah"]);
        let p = Pending {
            purchaser_id: "egon",
            steps: &chain,
            current: 0,
            step_since: monday(),
        };
        let late = monday() + 100 * H;
        let m = mueller();
        assert_eq!(
            holders(&p, &authority(&m, &[]), late),
            vec!["hannah", "max"]
        );
        // Without anyone above Hannah, the admins — but never the purchaser.
        let mut m = mueller();
        m[2].active = false;
        assert_eq!(
            holders(&p, &authority(&m, &[]), late),
            vec!["hannah", "carla"]
        );
        m[0].is_admin = true;
        m[3].active = false;
        let a = authority(&m, &[]);
        assert_eq!(may_decide(&p, "egon", &a, late), MayDecide::OwnOrder);
        assert_eq!(holders(&p, &a, late), vec!["hannah"]);
    }

    #[test]
    fn a_deputy_decides_on_the_days_of_the_range_only() {
        let chain = steps(&["hannah"]);
        let p = Pending {
            purchaser_id: "egon",
            steps: &chain,
            current: 0,
            step_since: monday(),
        };
        let today = berlin_day(monday());
        let deputy = Deputy {
            for_user: "hannah".into(),
            deputy: "max".into(),
            from: today,
            to: today.next(),
        };
        let m = mueller();
        let deputies = [deputy.clone()];
        let a = authority(&m, &deputies);
        let yes = MayDecide::Yes(Capacity::Deputy {
            for_user: "hannah".into(),
        });
        assert_eq!(may_decide(&p, "max", &a, monday()), yes);
        assert_eq!(
            may_decide(&p, "max", &a, monday() + 48 * H),
            MayDecide::NotNow
        );
        // Not even as deputy on one's own order.
        let own = [Deputy {
            deputy: "egon".into(),
            ..deputy
        }];
        assert_eq!(
            may_decide(&p, "egon", &authority(&m, &own), monday()),
            MayDecide::OwnOrder
        );
    }

    #[test]
    fn approval_times_form() {
        assert_eq!(
            ApprovalTimes::parse("24", "72", ""),
            Ok(ApprovalTimes::default())
        );
        let problems = ApprovalTimes::parse("48", "24", "").unwrap_err();
        assert!(problems.get("escalation_hours").is_some());
        let problems = ApprovalTimes::parse("0", "x", "366").unwrap_err();
        assert_eq!(problems.0.len(), 3);
        assert_eq!(
            ApprovalTimes::parse("24", "72", "0")
                .unwrap_err()
                .get("expiry_days"),
            Some(crate::field::FieldProblem::OutOfRange)
        );
        assert_eq!(
            ApprovalTimes::parse("24", "72", " 14 ").map(|t| t.expiry_days),
            Ok(Some(14))
        );
    }

    #[test]
    fn an_order_expires_whole_days_after_placement_and_never_without_a_setting() {
        let day = 24 * H;
        let never = ApprovalTimes::default();
        assert!(!never.expired(monday(), monday() + 1000 * day));
        let fortnight = ApprovalTimes {
            expiry_days: Some(14),
            ..never
        };
        assert!(!fortnight.expired(monday(), monday() + 14 * day - 1));
        assert!(fortnight.expired(monday(), monday() + 14 * day));
    }

    #[test]
    fn deputy_form() {
        let today = Day::from_ymd(2026, 11, 24).unwrap();
        let eligible = vec!["max".to_string(), "hannah".to_string()];
        let d = Deputy::parse("hannah", "max", "", "30.11.2026", today, &eligible).unwrap();
        assert_eq!(
            (d.from, d.to),
            (today, Day::from_ymd(2026, 11, 30).unwrap())
        );
        let p = Deputy::parse(
            "hannah",
            "hannah",
            "23.11.2026",
            "20.11.2026",
            today,
            &eligible,
        )
        .unwrap_err();
        use crate::field::FieldProblem as F;
        assert_eq!(p.get("deputy_id"), Some(F::DeputyNotEligible));
        assert_eq!(p.get("from"), Some(F::DateInPast));
        assert_eq!(
            Deputy::parse("hannah", "egon", "", "", today, &eligible)
                .unwrap_err()
                .0
                .len(),
            2
        );
    }

    proptest! {
        /// Whatever the chain, the reports-to line, the time and the deputies: the
        /// purchaser never decides, someone always can, and "may decide" and
        /// "holds it" agree.
        #[test]
        fn the_purchaser_never_decides(
            n in 1usize..5, current in 0usize..5, hours in 0i64..200,
            deputy_of in 0usize..6, deputy in 0usize..6, admin in 0usize..6,
            above in proptest::collection::vec(proptest::option::of(0usize..6), 6),
        ) {
            let people: Vec<String> = (0..6).map(|i| format!("u{i}")).collect();
            let members: Vec<Member> = (0..6).map(|i| Member {
                id: people[i].clone(), active: true, is_admin: i == admin,
                per_order_limit: None, monthly_budget: None,
                approver: above[i].map(|a| people[a].clone()),
            }).collect();
            let chain: Vec<Step> = (1..=n).map(|i| Step::Approver(people[i].clone())).collect();
            let current = current % n;
            let p = Pending { purchaser_id: &people[0], steps: &chain, current, step_since: 0 };
            let deputies = vec![Deputy { for_user: people[deputy_of].clone(), deputy: people[deputy].clone(), from: Day(-1), to: Day(100) }];
            let a = Authority { members: &members, deputies: &deputies, times: ApprovalTimes::default() };
            let now = hours * H;
            let holders = holders(&p, &a, now);
            prop_assert!(!holders.contains(&people[0]));
            prop_assert!(!holders.is_empty(), "someone can always decide");
            for person in &people {
                let yes = matches!(may_decide(&p, person, &a, now), MayDecide::Yes(_));
                prop_assert_eq!(yes, holders.contains(person));
            }
        }
    }
}
