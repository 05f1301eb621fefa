//! Which mail reaches a person when: at once, in one daily digest, or not at all.
//!
//! Every mail has a kind. Mails that keep an account safe or working — invitations,
//! password resets, second-factor and sign-in notices, unlocking, access requests —
//! are [`MailKind::Required`]: they always go out at once. The others are
//! notifications of one [`Notice`] kind, and each person chooses per kind how they
//! get them ([`Delivery`]). An organization's admins can set a default per kind for
//! its people; a person's own choice wins over it, and without either a
//! notification comes at once.
//!
//! Decisions taken here where the rules are silent:
//! - Approvals one must decide can be bundled into the digest but never turned off:
//!   an approver who hears nothing would leave purchasers waiting (the order still
//!   waits in their inbox page and in the header's list).
//! - The digest goes out once a day at the person's hour in Berlin time (default
//!   07:00), with everything held since the last one; a day without held mail sends
//!   nothing. Links that decide from the mail are not carried into the digest: it
//!   points to the portal, where deciding needs a sign-in.

use serde::{Deserialize, Serialize};

/// The kinds of notification a person can choose a delivery for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Notice {
    /// Approval requests, reminders and escalations: orders waiting for me.
    ApprovalRequested,
    /// Decisions on my own orders (approved, rejected, expired).
    MyOrderDecisions,
    /// Order status changes: changed, withdrawn, confirmed, shipped, delivered, new
    /// orders for account managers.
    OrderStatus,
    /// Service requests: new ones, replies, resolution, deadlines.
    ServiceReplies,
    /// The vendor recorded new terms or prices for my organization.
    TermsChanges,
    /// The vendor published a document (or a new version of one) for my
    /// organization.
    NewDocuments,
    /// Quotes: requests, offers, changes asked for, decisions, expiry.
    Quotes,
    /// The quarterly relationship survey (the NPS question).
    Surveys,
}

impl Notice {
    pub const ALL: [Notice; 8] = [
        Notice::ApprovalRequested,
        Notice::MyOrderDecisions,
        Notice::OrderStatus,
        Notice::ServiceReplies,
        Notice::TermsChanges,
        Notice::NewDocuments,
        Notice::Quotes,
        Notice::Surveys,
    ];

    /// Stable name for the database and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::ApprovalRequested => "approval_requested",
            Notice::MyOrderDecisions => "my_order_decisions",
            Notice::OrderStatus => "order_status",
            Notice::ServiceReplies => "service_replies",
            Notice::TermsChanges => "terms_changes",
            Notice::NewDocuments => "new_documents",
            Notice::Quotes => "quotes",
            Notice::Surveys => "surveys",
        }
    }

    pub fn parse(name: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// The deliveries a person may choose for this kind.
    pub fn choices(self) -> &'static [Delivery] {
        match self {
            Notice::ApprovalRequested => &[Delivery::AtOnce, Delivery::Digest],
            // A question answered by a link: in a digest it would only come later.
            Notice::Surveys => &[Delivery::AtOnce, Delivery::Off],
            _ => &[Delivery::AtOnce, Delivery::Digest, Delivery::Off],
        }
    }
}

/// How a notification reaches its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Delivery {
    AtOnce,
    Digest,
    Off,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::AtOnce => "now",
            Delivery::Digest => "digest",
            Delivery::Off => "off",
        }
    }

    pub fn parse(name: &str) -> Option<Delivery> {
        [Delivery::AtOnce, Delivery::Digest, Delivery::Off]
            .into_iter()
            .find(|d| d.as_str() == name)
    }
}

/// What a mail is, for its delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    /// Always at once (account and security mails).
    Required,
    Notice(Notice),
}

impl MailKind {
    /// How a mail of this kind goes out, given the recipient's choice for its kind
    /// (`None`: no choice made). A choice a kind does not offer counts as at once.
    pub fn delivery(self, chosen: Option<Delivery>) -> Delivery {
        match self {
            MailKind::Required => Delivery::AtOnce,
            MailKind::Notice(n) => chosen
                .filter(|d| n.choices().contains(d))
                .unwrap_or(Delivery::AtOnce),
        }
    }
}

/// The earliest hour of the day a digest may be set to, and the latest.
pub const DIGEST_HOURS: std::ops::RangeInclusive<u32> = 0..=23;

/// The digest hour when a person chose none.
pub const DEFAULT_DIGEST_HOUR: u32 = 7;

/// The value a person's form sends to follow their organization's default.
pub const AS_ORGANIZATION: &str = "default";

/// Per kind in `kinds` the choice typed: a delivery the kind offers, or (where
/// `may_follow`) [`AS_ORGANIZATION`] as `None`. Anything else is a problem at the
/// kind's field.
fn parse_kinds(
    kinds: &[(String, String)],
    may_follow: bool,
    problems: &mut crate::field::FormProblems,
) -> Vec<(Notice, Option<Delivery>)> {
    use crate::field::FieldProblem;
    let mut chosen = Vec::new();
    for notice in Notice::ALL {
        let Some((_, value)) = kinds.iter().find(|(k, _)| k == notice.as_str()) else {
            continue;
        };
        let value = value.trim();
        match Delivery::parse(value) {
            Some(d) if notice.choices().contains(&d) => chosen.push((notice, Some(d))),
            None if may_follow && value == AS_ORGANIZATION => chosen.push((notice, None)),
            _ => problems.add(notice.as_str(), FieldProblem::NotAChoice),
        }
    }
    chosen
}

/// An organization's defaults as typed by its admin: per kind a delivery name.
pub fn parse_defaults(
    kinds: &[(String, String)],
) -> Result<Vec<(Notice, Delivery)>, crate::field::FormProblems> {
    let mut problems = crate::field::FormProblems::default();
    let chosen = parse_kinds(kinds, false, &mut problems);
    problems.or_value(|| {
        chosen
            .into_iter()
            .filter_map(|(n, d)| Some((n, d?)))
            .collect()
    })
}

/// A person's notification settings as typed: per kind a delivery name (or
/// [`AS_ORGANIZATION`]: `None`), and the digest hour.
pub type PersonalChoices = Vec<(Notice, Option<Delivery>)>;

pub fn parse_settings(
    kinds: &[(String, String)],
    digest_hour: &str,
) -> Result<(PersonalChoices, u32), crate::field::FormProblems> {
    use crate::field::{FieldProblem, FormProblems};
    let mut problems = FormProblems::default();
    let chosen = parse_kinds(kinds, true, &mut problems);
    let hour = match digest_hour.trim().parse::<u32>() {
        Ok(h) if DIGEST_HOURS.contains(&h) => h,
        _ => {
            problems.add("digest_hour", FieldProblem::OutOfRange);
            DEFAULT_DIGEST_HOUR
        }
    };
    problems.or_value(|| (chosen, hour))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FieldProblem;

    #[test]
    fn required_mail_always_goes_out_and_approvals_are_never_off() {
        assert_eq!(
            MailKind::Required.delivery(Some(Delivery::Off)),
            Delivery::AtOnce
        );
        let approvals = MailKind::Notice(Notice::ApprovalRequested);
        assert_eq!(approvals.delivery(Some(Delivery::Off)), Delivery::AtOnce);
        assert_eq!(approvals.delivery(Some(Delivery::Digest)), Delivery::Digest);
        let status = MailKind::Notice(Notice::OrderStatus);
        assert_eq!(status.delivery(Some(Delivery::Off)), Delivery::Off);
        assert_eq!(status.delivery(None), Delivery::AtOnce);
    }

    #[test]
    fn the_settings_form_refuses_what_a_kind_does_not_offer() {
        let kinds = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        let (chosen, hour) = parse_settings(
            &kinds(&[
                ("approval_requested", "digest"),
                ("order_status", "off"),
                ("service_replies", "default"),
            ]),
            "18",
        )
        .unwrap();
        assert_eq!(
            chosen,
            vec![
                (Notice::ApprovalRequested, Some(Delivery::Digest)),
                (Notice::OrderStatus, Some(Delivery::Off)),
                (Notice::ServiceReplies, None),
            ]
        );
        // An organization's default is a delivery; "as the organization" is not one.
        assert_eq!(
            parse_defaults(&kinds(&[("order_status", "digest")])).unwrap(),
            vec![(Notice::OrderStatus, Delivery::Digest)]
        );
        let problems = parse_defaults(&kinds(&[
            ("service_replies", "default"),
            ("approval_requested", "off"),
        ]))
        .unwrap_err();
        assert_eq!(
            problems.get("service_replies"),
            Some(FieldProblem::NotAChoice)
        );
        assert_eq!(
            problems.get("approval_requested"),
            Some(FieldProblem::NotAChoice)
        );
        assert_eq!(hour, 18);
        let problems = parse_settings(&kinds(&[("approval_requested", "off")]), "24").unwrap_err();
        assert_eq!(
            problems.get("approval_requested"),
            Some(FieldProblem::NotAChoice)
        );
        assert_eq!(problems.get("digest_hour"), Some(FieldProblem::OutOfRange));
        for n in Notice::ALL {
            assert_eq!(Notice::parse(n.as_str()), Some(n));
        }
    }
}
