//! A prospect's request for a customer account: the form and its rules.

use crate::email::EmailAddress;
pub use crate::field::FieldProblem;
use crate::text::{optional_text, required_line};
use serde::{Deserialize, Serialize};

/// Every problem of the form at once, so the person can fix all fields in one go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestProblems {
    pub company: Option<FieldProblem>,
    pub contact_name: Option<FieldProblem>,
    pub email: Option<FieldProblem>,
    pub message: Option<FieldProblem>,
}

/// A request that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRequest {
    pub company: String,
    pub contact_name: String,
    pub email: EmailAddress,
    pub message: Option<String>,
}

pub const COMPANY_MAX: usize = 200;
pub const NAME_MAX: usize = 120;
pub const MESSAGE_MAX: usize = 2_000;

impl AccessRequest {
    pub fn parse(
        company: &str,
        contact_name: &str,
        email: &str,
        message: &str,
    ) -> Result<AccessRequest, AccessRequestProblems> {
        let company = required_line(company, COMPANY_MAX).map_err(FieldProblem::from);
        let contact_name = required_line(contact_name, NAME_MAX).map_err(FieldProblem::from);
        let email = EmailAddress::parse(email).map_err(FieldProblem::from);
        let message = optional_text(message, MESSAGE_MAX).map_err(FieldProblem::from);
        match (company, contact_name, email, message) {
            (Ok(company), Ok(contact_name), Ok(email), Ok(message)) => Ok(AccessRequest {
                company,
                contact_name,
                email,
                message,
            }),
            (company, contact_name, email, message) => Err(AccessRequestProblems {
                company: company.err(),
                contact_name: contact_name.err(),
                email: email.err(),
                message: message.err(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_bad_field_at_once() {
        let problems =
            AccessRequest::parse(" ", "Egon", "egon@", &"x".repeat(MESSAGE_MAX + 1)).unwrap_err();
        assert_eq!(
            problems,
            AccessRequestProblems {
                company: Some(FieldProblem::Required),
                contact_name: None,
                email: Some(FieldProblem::InvalidEmail),
                message: Some(FieldProblem::TooLong),
            }
        );
    }

    #[test]
    fn accepts_a_good_request() {
        let ok = AccessRequest::parse(
            "Maschinenbau Müller GmbH",
            "Egon Schmidt",
            "egon@mueller.example",
            "",
        )
        .unwrap();
        assert_eq!(ok.email.as_str(), "egon@mueller.example");
        assert_eq!(ok.message, None);
    }
}
