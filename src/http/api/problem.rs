//! Errors as RFC 9457 problem details (`application/problem+json`), with the field
//! problems of a refused input.

use ::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kontor_app::services::ServiceError;
use kontor_domain::csv::ImportReport;
use kontor_domain::field::{FieldProblem, FormProblems};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What went wrong, for a machine (`type`, `status`, `errors`) and for the person
/// reading the integration's log (`title`, `detail`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/api/v1/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields that were refused, when the input was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds until the client may try again (429 and 503; also in `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// One refused field.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name in the request body.
    pub field: String,
    /// A stable code, e.g. `required`, `too_long`, `unknown_scope`.
    pub code: String,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &str) -> Problem {
        Problem {
            kind: format!("/api/v1/problems/{slug}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "A valid API token is needed",
        )
        .detail("Send `Authorization: Bearer <token>` with a live token.")
    }

    pub fn not_found() -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found")
    }

    pub fn forbidden() -> Problem {
        Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The token's scopes do not allow this",
        )
    }

    pub fn conflict(detail: &str) -> Problem {
        Problem::new(
            StatusCode::CONFLICT,
            "conflict",
            "The order's state does not allow this",
        )
        .detail(detail)
    }

    pub fn titled(mut self, title: &str) -> Problem {
        self.title = title.to_string();
        self
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "The request is malformed",
        )
        .detail(detail)
    }

    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side",
        )
        .detail("The request changed nothing; try again later.")
    }

    /// 503: the database does not answer (see `crate::http::outage`).
    pub fn unavailable(retry_after_seconds: u64) -> Problem {
        Problem {
            retry_after: Some(retry_after_seconds),
            ..Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The service is briefly unavailable",
            )
            .detail("The request changed nothing; try again shortly.")
        }
    }

    /// Refused input: 422 with every field's problem.
    pub fn invalid(problems: &FormProblems) -> Problem {
        Problem {
            errors: problems
                .0
                .iter()
                .map(|(field, problem)| FieldError {
                    field: field.clone(),
                    code: problem_code(*problem),
                })
                .collect(),
            ..Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Some fields were refused",
            )
        }
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// A bulk write's line problems as field errors named `{list}[i].field` (`i` from 0
/// in the request's list; line 0 is the request itself).
pub fn line_errors(report: &ImportReport, list: &str) -> Vec<FieldError> {
    report
        .problems
        .iter()
        .flat_map(|line| {
            line.problems
                .iter()
                .map(move |(field, problem)| FieldError {
                    field: if line.line == 0 {
                        field.clone()
                    } else {
                        format!("{list}[{}].{field}", line.line - 1)
                    },
                    code: problem_code(*problem),
                })
        })
        .collect()
}

/// The answer of a bulk write that was refused as a whole: 422 naming every line's
/// problems; `None` when something was written (or nothing was wrong).
pub fn refused_bulk(report: &ImportReport, list: &str) -> Option<Problem> {
    if report.imported || report.problems.is_empty() {
        return None;
    }
    Some(Problem {
        errors: line_errors(report, list),
        ..Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Some lines were refused; nothing was written",
        )
    })
}

/// Cents as the forms' amount text ("1090.00"; a negative one stays negative, for the
/// form's rule to refuse).
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// The field problem's wire code: its name in snake case (`TooLong` → `too_long`).
pub fn problem_code(problem: FieldProblem) -> String {
    let name = format!("{problem:?}");
    let mut code = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.push(c.to_ascii_lowercase());
        } else {
            code.push(c);
        }
    }
    code
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, axum::Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<ServiceError> for Problem {
    fn from(error: ServiceError) -> Problem {
        match error {
            ServiceError::NotFound => Problem::not_found(),
            ServiceError::Forbidden => Problem::forbidden(),
            ServiceError::Store(error) => {
                tracing::error!(%error, "API request failed in the store");
                Problem::internal()
            }
            ServiceError::Files(kontor_app::server::files::FilesError::Body(_)) => {
                Problem::bad_request("The upload broke off.")
            }
            ServiceError::Files(error) => {
                tracing::error!(%error, "API request failed in the file storage");
                Problem::internal()
            }
        }
    }
}

/// Malformed JSON bodies and query strings as problems (axum's own answers are text).
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Problem> {
        // An empty body is an empty object: `{}` is optional for steps without fields.
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, super::BODY_LIMIT)
            .await
            .map_err(|_| Problem::bad_request("The body is too large."))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return serde_json::from_slice(b"{}")
                .map(ApiJson)
                .map_err(|e| Problem::bad_request(format!("A body is needed: {e}")));
        }
        let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(Problem::bad_request(rejection.body_text())),
        }
    }
}

pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut ::http::request::Parts,
        state: &S,
    ) -> Result<Self, Problem> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(Problem::bad_request(rejection.body_text())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_problem_codes_are_snake_case() {
        assert_eq!(problem_code(FieldProblem::TooLong), "too_long");
        assert_eq!(problem_code(FieldProblem::Required), "required");
        assert_eq!(problem_code(FieldProblem::UnknownScope), "unknown_scope");
    }
}
