//! What can be wrong with one field of a form, as a code the UI translates.

use crate::email::EmailParseError;
use crate::money::MoneyParseError;
use crate::text::TextError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooLong,
    InvalidEmail,
    ControlCharacters,
    /// Not an amount of money ("12,50", "5.000").
    InvalidAmount,
    /// A role name the portal does not know, or one of the other side.
    UnknownRole,
    /// At least one role is needed.
    NoRole,
    /// Password shorter than [`crate::password::MIN_CHARS`].
    PasswordTooShort,
    /// Password longer than [`crate::password::MAX_CHARS`].
    PasswordTooLong,
    /// A password found in lists of common or breached passwords.
    PasswordCommon,
    /// A password made of the person's own e-mail address or name.
    PasswordPersonal,
    /// The two password fields differ.
    PasswordMismatch,
    /// The chosen approver is not an active approver of this organization.
    ApproverNotEligible,
    /// Choosing this approver would let approvals go round in a circle.
    ApproverCycle,
    /// This e-mail address already has an account.
    EmailTaken,
    /// A one-time code that does not match.
    WrongCode,
    /// Not a whole number.
    InvalidNumber,
    /// A number outside the range the field allows.
    OutOfRange,
    /// Not a date ("2026-11-24" or "24.11.2026").
    InvalidDate,
    /// A change cannot take effect in the past.
    DateInPast,
    /// Not one of the Incoterms 2020 rules.
    UnknownIncoterm,
    /// The discount period must end before the payment is due.
    DiscountAfterDue,
    /// Resolution cannot be due before the first response.
    ResolutionBeforeResponse,
    /// A more urgent priority cannot get a slower answer than a less urgent one.
    PrioritiesOutOfOrder,
    /// Business hours must end after they begin.
    HoursOutOfOrder,
    /// An SKU may hold letters, digits, '-', '_', '.' and '/'.
    InvalidSku,
    /// Another product already has this SKU.
    SkuTaken,
    /// No product has this SKU.
    UnknownProduct,
    /// The agreement's window ends before it starts.
    EmptyWindow,
    /// Another agreement for this product is valid for part of this window.
    OverlapsAnother,
    /// Tiers: "50: 1.090,00", one per line; minimum quantities from 1, each once,
    /// and a larger quantity never costs more per piece.
    InvalidTiers,
    TierBelowOne,
    DuplicateTier,
    TiersNotFalling,
    /// There is no agreement to end on that day.
    NothingToEnd,
    /// The same key (an SKU) appears on an earlier line of the file.
    DuplicateInFile,
    /// A CSV line with more or fewer fields than the header.
    WrongColumnCount,
    /// Escalation must come after the reminder.
    EscalationBeforeReminder,
    /// A date range that ends before it starts.
    EndsBeforeStart,
    /// A deputy must be another active approver or admin of the organization.
    DeputyNotEligible,
    /// A decision needs a comment (rejections, cancellations).
    CommentRequired,
    /// Contracts, invoices and delivery notes cannot be shown to every customer.
    OneCustomerOnly,
    /// Only invoices and delivery notes of one customer name an order.
    OrderNotLinkable,
    /// No order of that customer has this id.
    UnknownOrder,
    /// No such customer organization (or not the caller's to serve).
    UnknownCustomer,
    /// A name that is not one of the API's scopes.
    UnknownScope,
    /// Not an absolute http(s) URL (https outside development).
    InvalidUrl,
    /// A webhook target on a loopback, private or link-local address.
    PrivateAddress,
    /// A name that is not one of the webhook event types.
    UnknownEventType,
    /// Another record has this external id (the ERP's key) already.
    ExternalIdTaken,
    /// A file larger than the portal's upload limit.
    FileTooLarge,
    /// A file whose name's ending is not one of the accepted types.
    FileTypeNotAllowed,
    /// A file whose bytes are not of the type its name claims.
    FileContentMismatch,
    FileEmpty,
    /// A return names the order line (order and SKU) it sends back.
    ClaimNeedsLine,
    QuantityOnlyForClaims,
    /// The order has not been delivered yet.
    NotDelivered,
    MoreThanDelivered,
    /// The order has no line with this SKU (or no such product exists).
    UnknownOrderLine,
    /// The caller's organization has no order with this number.
    NoSuchOrder,
    /// A changed order must keep at least one line (dropping all is withdrawing).
    NoLinesLeft,
    /// Not one of the choices the field offers.
    NotAChoice,
    /// Does not look like a phone number.
    InvalidPhone,
}

/// The problems of a form with many fields, by field name (the form's `name`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormProblems(pub Vec<(String, FieldProblem)>);

impl FormProblems {
    pub fn add(&mut self, field: &str, problem: FieldProblem) {
        if self.get(field).is_none() {
            self.0.push((field.to_string(), problem));
        }
    }

    pub fn get(&self, field: &str) -> Option<FieldProblem> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, p)| *p)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no problem was found, else every problem at once.
    pub fn or_value<T>(self, value: impl FnOnce() -> T) -> Result<T, FormProblems> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl From<TextError> for FieldProblem {
    fn from(error: TextError) -> Self {
        match error {
            TextError::Empty => FieldProblem::Required,
            TextError::TooLong { .. } => FieldProblem::TooLong,
            TextError::ControlCharacters => FieldProblem::ControlCharacters,
        }
    }
}

impl From<EmailParseError> for FieldProblem {
    fn from(error: EmailParseError) -> Self {
        match error {
            EmailParseError::Empty => FieldProblem::Required,
            EmailParseError::TooLong => FieldProblem::TooLong,
            EmailParseError::Invalid => FieldProblem::InvalidEmail,
        }
    }
}

impl From<crate::calendar::DayParseError> for FieldProblem {
    fn from(error: crate::calendar::DayParseError) -> Self {
        match error {
            crate::calendar::DayParseError::Empty => FieldProblem::Required,
            crate::calendar::DayParseError::Invalid => FieldProblem::InvalidDate,
            crate::calendar::DayParseError::InThePast => FieldProblem::DateInPast,
        }
    }
}

impl From<MoneyParseError> for FieldProblem {
    fn from(error: MoneyParseError) -> Self {
        match error {
            MoneyParseError::Empty => FieldProblem::Required,
            _ => FieldProblem::InvalidAmount,
        }
    }
}
