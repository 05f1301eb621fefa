//! What a server function answers when it does not answer with its outcome.
//!
//! A refusal travels as a typed value, not as text: the server sets the HTTP status
//! and returns an [`AppError`]; the page matches its variant. Field problems are not
//! errors: they are part of each function's outcome, so that a form keeps what was
//! typed and shows the problem at the field.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a server function did not give its answer. On the wire it is JSON with
/// snake-case names (`"not_found"`, `{"throttled":{"retry_after_seconds":60}}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppError {
    /// 401: nobody is signed in, and the function needs someone.
    SignIn,
    /// 403: signed in, but not allowed.
    Forbidden,
    /// 404: not there, or not the caller's business — the same answer for both.
    NotFound,
    /// 429: too many attempts; the caller may try again after this many seconds.
    Throttled { retry_after_seconds: i64 },
    /// 400: a request no form of ours sends (a broken upload, an unknown step).
    BadRequest,
    /// 500: logged on the server with its details; the browser learns nothing more.
    Internal,
    /// The call did not get an answer of the function: the network, an encoding, or
    /// the framework around the function (which says what in its own words).
    Call(ServerFnErrorErr),
}

impl AppError {
    /// Minutes to wait before the next attempt, rounded up; `None` unless throttled.
    pub fn wait_minutes(&self) -> Option<i64> {
        match self {
            AppError::Throttled {
                retry_after_seconds,
            } => Some((retry_after_seconds + 59) / 60),
            _ => None,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::SignIn => f.write_str("sign-in required"),
            AppError::Forbidden => f.write_str("not allowed"),
            AppError::NotFound => f.write_str("not found"),
            AppError::Throttled {
                retry_after_seconds,
            } => write!(f, "too many attempts; retry in {retry_after_seconds} s"),
            AppError::BadRequest => f.write_str("bad request"),
            AppError::Internal => f.write_str("internal error"),
            AppError::Call(error) => error.fmt(f),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Call(value)
    }
}

/// What the framework's own calls (extractors, say) fail with, as a call error.
impl From<leptos::prelude::ServerFnError> for AppError {
    fn from(error: leptos::prelude::ServerFnError) -> Self {
        AppError::Call(ServerFnErrorErr::ServerError(error.to_string()))
    }
}

/// An error boundary shows any `std::error::Error`; [`AppError`] is not one itself (so
/// that it cannot be mixed up with the errors it replaces), this carries it there.
#[derive(Debug)]
struct Shown(AppError);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Shown {}

impl From<AppError> for leptos::error::Error {
    fn from(error: AppError) -> Self {
        leptos::error::Error::from(Shown(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_travel_as_typed_json_and_come_back_the_same() {
        let cases = [
            (AppError::SignIn, r#""sign_in""#),
            (AppError::NotFound, r#""not_found""#),
            (
                AppError::Throttled {
                    retry_after_seconds: 61,
                },
                r#"{"throttled":{"retry_after_seconds":61}}"#,
            ),
        ];
        for (error, json) in cases {
            let bytes = error.ser();
            assert_eq!(std::str::from_utf8(&bytes).unwrap(), json);
            assert_eq!(AppError::de(bytes), error);
        }
    }

    #[test]
    fn an_answer_that_is_not_ours_is_a_call_error() {
        let garbled = AppError::de("ServerError|internal".into());
        assert!(matches!(
            garbled,
            AppError::Call(ServerFnErrorErr::Deserialization(_))
        ));
    }

    #[test]
    fn waiting_is_told_in_whole_minutes_rounded_up() {
        let throttled = |s| AppError::Throttled {
            retry_after_seconds: s,
        };
        assert_eq!(throttled(1).wait_minutes(), Some(1));
        assert_eq!(throttled(60).wait_minutes(), Some(1));
        assert_eq!(throttled(61).wait_minutes(), Some(2));
        assert_eq!(AppError::Forbidden.wait_minutes(), None);
    }
}
