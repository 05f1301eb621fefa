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

impl From<MoneyParseError> for FieldProblem {
    fn from(error: MoneyParseError) -> Self {
        match error {
            MoneyParseError::Empty => FieldProblem::Required,
            _ => FieldProblem::InvalidAmount,
        }
    }
}
