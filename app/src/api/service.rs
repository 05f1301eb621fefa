//! Service requests: the customer's list and the vendor's queue, one request with
//! its conversation, opening, replying, assigning, the status changes, attachments,
//! the satisfaction survey and the report.
//!
//! Each function: caller → parse → one call of `services::service_requests` (the
//! lists and the request page read through `server::service`). What a
//! caller may see is the store's reader scope; internal notes are read only for
//! vendor staff.

use crate::AppError;
use kontor_domain::field::FormProblems;
use kontor_domain::service::{RequestKind, RequestStatus, SlaState};
use kontor_domain::terms::Priority;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: String,
    pub number: i64,
    pub kind: RequestKind,
    pub priority: Priority,
    pub status: RequestStatus,
    pub subject: String,
    /// The customer (vendor staff only).
    pub customer: Option<String>,
    pub opened_by: String,
    pub opened_at: i64,
    pub assignee: Option<String>,
    /// The due time that matters now and where it stands.
    pub due: i64,
    pub sla: SlaState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestList {
    pub rows: Vec<RequestRow>,
    pub next: Option<String>,
    pub staff: bool,
    pub can_open: bool,
    /// The customers the staff member may filter by.
    pub customers: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: String,
    pub author: String,
    /// customer | vendor | system
    pub side: String,
    pub internal: bool,
    pub body: String,
    pub status_after: Option<RequestStatus>,
    pub at: i64,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub row: RequestRow,
    pub order_id: Option<String>,
    pub order_number: Option<i64>,
    pub product: Option<String>,
    pub quantity: Option<i64>,
    pub first_response_due: i64,
    pub resolution_due: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub response_sla: SlaState,
    pub resolution_sla: SlaState,
    pub paused: bool,
    pub messages: Vec<MessageView>,
    pub staff: bool,
    /// Vendor staff who may work it: reply, note, assign, resolve.
    pub can_work: bool,
    /// The caller may write on it (customers: while it is being worked).
    pub can_reply: bool,
    /// A customer may reopen it until then.
    pub reopen_until: Option<i64>,
    pub can_close: bool,
    pub assignees: Vec<Choice>,
    pub max_mb: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceOutcome {
    Done {
        id: String,
    },
    Invalid(FormProblems),
    /// Not possible now.
    Refused(RequestRefusal),
}

/// Why a change of a request does not apply now (the page says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestRefusal {
    /// Its status does not allow it (any more): closed, already resolved, …
    Status,
    /// The days in which a resolved request may be reopened have passed.
    ReopenWindow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyView {
    pub number: i64,
    pub subject: String,
    pub answered: bool,
    /// The NPS question is asked (not answered this quarter yet).
    pub ask_nps: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyResult {
    Thanks,
    AlreadyAnswered,
    Invalid(FormProblems),
}

/// What the relationship survey's link opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipSurveyView {
    pub customer: String,
    /// The person answered this quarter already (by this link or a service survey).
    pub answered: bool,
}

/// What became of a relationship survey's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationshipAnswer {
    Thanks,
    /// The person answered this quarter already; the first answer stands.
    AlreadyAnswered,
    Invalid(FormProblems),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionView {
    pub customer: String,
    pub quarter: String,
    pub csat_answers: i64,
    /// Average rating × 10 (42 = 4.2).
    pub csat_tenths: Option<i64>,
    pub nps_answers: i64,
    pub nps: Option<i64>,
    /// NPS per customer role (a person counts for each role they hold).
    pub nps_by_role: Vec<RoleScore>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleScore {
    /// The role's stored name (`purchaser`).
    pub role: String,
    pub answers: i64,
    pub score: Option<i64>,
}

/// An order the new-request form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChoice {
    pub number: i64,
    pub po_number: Option<String>,
    pub state: kontor_domain::order::OrderState,
    pub placed_at: i64,
}

/// What the new-request form offers: the organization's recent orders.
/// Authorization: as [`open_service_request`].
#[server(endpoint = "service_form")]
pub async fn service_form() -> Result<Vec<OrderChoice>, AppError> {
    crate::server::service::form_choices().await
}

/// Requests the caller may see: customers their organization's (newest first),
/// vendor staff the queue (due soonest first; account managers their customers').
/// `status`: one status, `active`, `all`, or empty (the queue: active; customers: all); `assignee`: `me`, `none` or empty.
#[server(endpoint = "service_requests")]
pub async fn service_requests(
    #[server(default)] status: String,
    #[server(default)] priority: String,
    #[server(default)] customer: String,
    #[server(default)] assignee: String,
    #[server(default)] after: String,
) -> Result<RequestList, AppError> {
    crate::server::service::list(status, priority, customer, assignee, after).await
}

/// One request with its conversation. Authorization: as [`service_requests`];
/// internal notes only for vendor staff; anything else is "not found".
#[server(endpoint = "service_request")]
pub async fn service_request(request_id: String) -> Result<RequestDetail, AppError> {
    crate::server::service::detail(request_id).await
}

/// Opens a request in the caller's organization. Authorization: members of a
/// customer organization (vendor staff: 403).
#[server(endpoint = "open_service_request")]
pub async fn open_service_request(
    #[server(default)] kind: String,
    #[server(default)] priority: String,
    #[server(default)] subject: String,
    #[server(default)] description: String,
    #[server(default)] order: String,
    #[server(default)] sku: String,
    #[server(default)] quantity: String,
) -> Result<ServiceOutcome, AppError> {
    let form = kontor_domain::service::RequestForm {
        kind,
        priority,
        subject,
        description,
        order,
        sku,
        quantity,
    };
    // Without the script (a phone before the wasm has arrived): to the new request, as
    // the script navigates; a refusal back to the form with what was typed.
    let typed = form.clone();
    let outcome = crate::server::service::open(form).await?;
    match &outcome {
        ServiceOutcome::Done { id } => crate::server::land_plain_form_on(&format!("/service/{id}")),
        _ => crate::server::answer_plain_form(
            <OpenServiceRequest as leptos::server_fn::ServerFn>::PATH,
            &outcome,
            &[
                ("kind", &typed.kind),
                ("priority", &typed.priority),
                ("subject", &typed.subject),
                ("description", &typed.description),
                ("order", &typed.order),
                ("sku", &typed.sku),
                ("quantity", &typed.quantity),
            ],
        ),
    }
    Ok(outcome)
}

/// Writes on a request: customers reply; vendor staff reply (`wait`: and wait for
/// the customer) or add an internal note (`internal`).
#[server(endpoint = "reply_to_request")]
pub async fn reply_to_request(
    request_id: String,
    #[server(default)] body: String,
    #[server(default)] internal: Option<String>,
    #[server(default)] wait: Option<String>,
) -> Result<ServiceOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let reply = crate::services::service_requests::Reply {
        body: body.clone(),
        internal: internal.is_some(),
        wait: wait.is_some(),
    };
    let outcome = crate::services::service_requests::reply(&ctx, &actor, &request_id, reply)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the request, which shows the outcome; a refused
    // reply is kept for correcting.
    let keep: &[(&str, &str)] = match outcome {
        ServiceOutcome::Done { .. } => &[("body", "")],
        _ => &[("body", &body)],
    };
    crate::server::answer_plain_form(
        <ReplyToRequest as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        keep,
    );
    Ok(outcome)
}

/// Assigns a request to a member of the vendor's staff who may work it.
/// Authorization: vendor staff who may work the customer's requests.
#[server(endpoint = "assign_request")]
pub async fn assign_request(
    request_id: String,
    #[server(default)] assignee_id: String,
) -> Result<ServiceOutcome, AppError> {
    let (ctx, actor) = crate::server::caller().await?;
    let outcome =
        crate::services::service_requests::assign(&ctx, &actor, &request_id, &assignee_id)
            .await
            .map_err(crate::server::refusal)?;
    // Without the script: back to the request with the outcome.
    crate::server::answer_plain_form(
        <AssignRequest as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// `resolved` (vendor staff, with the resolution), `reopen` (the customer, within
/// the window, saying why) or `closed` (either side, once resolved).
#[server(endpoint = "set_request_status")]
pub async fn set_request_status(
    request_id: String,
    status: String,
    #[server(default)] comment: String,
) -> Result<ServiceOutcome, AppError> {
    use crate::services::service_requests::{close, reopen, resolve};
    let (ctx, actor) = crate::server::caller().await?;
    let (ctx, actor, id) = (&ctx, &actor, request_id.as_str());
    let outcome = match status.as_str() {
        "resolved" => resolve(ctx, actor, id, &comment).await,
        "reopen" => reopen(ctx, actor, id, &comment).await,
        "closed" => close(ctx, actor, id, &comment).await,
        _ => return Err(crate::server::auth::bad_request()),
    }
    .map_err(crate::server::refusal)?;
    // Without the script: back to the request, as it now stands, with the outcome; a
    // refused resolution or reopening keeps its comment.
    let kept: &[(&str, &str)] = match outcome {
        ServiceOutcome::Done { .. } => &[],
        _ => &[("comment", &comment)],
    };
    crate::server::answer_plain_form(
        <SetRequestStatus as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        kept,
    );
    Ok(outcome)
}

/// Attaches a file to a request (fields `request_id`, `internal` for vendor staff,
/// then `file`); it streams to the document storage.
#[server(endpoint = "attach_to_request", input = MultipartFormData)]
#[middleware(crate::server::multipart::MultipartOnly)]
pub async fn attach_to_request(data: MultipartData) -> Result<ServiceOutcome, AppError> {
    let outcome = crate::server::service::attach(data).await?;
    // A plain post: back to the request with the answer.
    crate::server::answer_plain_form(
        <AttachToRequest as leptos::server_fn::ServerFn>::PATH,
        &outcome,
        &[],
    );
    Ok(outcome)
}

/// The survey behind a link from the resolution mail. No sign-in: the link's token
/// is the key, and it works for its own request only.
#[server(endpoint = "survey")]
pub async fn survey(request_id: String, token: String) -> Result<SurveyView, AppError> {
    let ctx = crate::server::context();
    crate::services::service_requests::survey(&ctx, &request_id, &token)
        .await
        .map_err(crate::server::refusal)
}

/// Answers a survey — once.
#[server(endpoint = "answer_survey")]
pub async fn answer_survey(
    request_id: String,
    token: String,
    #[server(default)] score: String,
    #[server(default)] comment: String,
    #[server(default)] nps: String,
) -> Result<SurveyResult, AppError> {
    let ctx = crate::server::context();
    let form = crate::services::service_requests::SurveyForm {
        score,
        comment,
        nps,
    };
    let typed = form.clone();
    let result = crate::services::service_requests::answer_survey(&ctx, &request_id, &token, form)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script (most people answer from the mail on a phone): back to the
    // survey with the outcome; a refused answer keeps what was chosen and written.
    let kept: &[(&str, &str)] = match result {
        SurveyResult::Invalid(_) => &[
            ("score", &typed.score),
            ("comment", &typed.comment),
            ("nps", &typed.nps),
        ],
        _ => &[],
    };
    crate::server::answer_plain_form(
        <AnswerSurvey as leptos::server_fn::ServerFn>::PATH,
        &result,
        kept,
    );
    Ok(result)
}

/// The quarterly relationship survey behind a link from its mail. No sign-in: the
/// link's token is the key.
#[server(endpoint = "relationship_survey")]
pub async fn relationship_survey(
    id: String,
    token: String,
) -> Result<RelationshipSurveyView, AppError> {
    let ctx = crate::server::context();
    crate::services::relationship_survey::survey(&ctx, &id, &token)
        .await
        .map_err(crate::server::refusal)
}

/// Answers the relationship survey — once per person and quarter.
#[server(endpoint = "answer_relationship_survey")]
pub async fn answer_relationship_survey(
    id: String,
    token: String,
    #[server(default)] score: String,
) -> Result<RelationshipAnswer, AppError> {
    let ctx = crate::server::context();
    let answer = crate::services::relationship_survey::answer(&ctx, &id, &token, &score)
        .await
        .map_err(crate::server::refusal)?;
    // Without the script: back to the survey with the outcome.
    crate::server::answer_plain_form(
        <AnswerRelationshipSurvey as leptos::server_fn::ServerFn>::PATH,
        &answer,
        &[],
    );
    Ok(answer)
}

/// CSAT and NPS per customer and quarter. Authorization: vendor admins and service
/// agents (every customer), account managers (their customers).
#[server(endpoint = "satisfaction")]
pub async fn satisfaction() -> Result<Vec<SatisfactionView>, AppError> {
    crate::server::service::satisfaction().await
}
