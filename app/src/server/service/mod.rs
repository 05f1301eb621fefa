//! Service requests as the pages read them (the list, the queue, one request, the
//! satisfaction report), attachments, and the helpers the operations in
//! `services::service_requests` share with them.
//!
//! Who sees which request is one function, `services::service_requests::reader_for`;
//! internal notes are read for vendor staff only ([`sees_internal`]), so they cannot
//! reach a customer through a page, a mail or any endpoint.

mod attach;
pub mod demo;
pub(crate) mod mail;
mod open;

pub use attach::{AttachmentDownload, attach, open_attachment};
pub use open::{form_choices, open};

use crate::AppError;
use crate::api::service::{
    AttachmentView, Choice, MessageView, RequestDetail, RequestList, RequestRow, SatisfactionView,
};
use crate::server::auth::{SessionUser, forbidden, not_found, signed_in};
use crate::server::{ServerContext, context, internal_error};
use crate::services::service_requests::{reader_for, scope_of};
use kontor_domain::access::{Action, CustomerScope};
use kontor_domain::business_hours::{BusinessHours, Holidays};
use kontor_domain::service::{
    CurrentDue, Reopening, RequestKind, RequestStatus, SlaState, net_promoter_score,
    parse_priority, reopening, sla_state,
};
use kontor_domain::terms::{Priority, Terms};
use kontor_store::now_ms;
use kontor_store::service::{RequestQuery, RequestRecord, ServiceReader};

const PAGE: i64 = 50;

/// The vendor's service settings (configuration).
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// Public holidays on which no business hours run.
    pub holidays: Holidays,
    /// Days after resolution during which the customer may reopen a request;
    /// after them it is closed.
    pub reopen_days: u32,
    /// When the quarterly relationship survey (NPS) goes out, if at all.
    pub relationship_survey: kontor_domain::relationship_survey::SurveySchedule,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            holidays: Holidays::german(Vec::new()),
            reopen_days: 14,
            relationship_survey: Default::default(),
        }
    }
}

/// The scope of everything `user` reads about service requests.
pub fn reader_of(user: &SessionUser) -> ServiceReader<'_> {
    reader_for(&user.record)
}

/// Vendor staff read internal notes; nobody else ever does.
pub fn sees_internal(user: &SessionUser) -> bool {
    user.actor().is_vendor()
}

/// The business hours of a contract (the standard terms' when none are recorded)
/// with the vendor's holidays.
pub(crate) fn hours<'a>(terms: &Terms, settings: &'a ServiceSettings) -> BusinessHours<'a> {
    BusinessHours {
        start_hour: terms.business_hours_start,
        end_hour: terms.business_hours_end,
        holidays: &settings.holidays,
    }
}

pub(crate) fn status_of(r: &RequestRecord) -> RequestStatus {
    RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Open)
}

pub(crate) fn priority_of(r: &RequestRecord) -> Priority {
    parse_priority(&r.priority).unwrap_or(Priority::Normal)
}

fn response_sla(r: &RequestRecord, now: i64) -> SlaState {
    sla_state(
        r.first_response_due,
        r.first_response_warn_at,
        r.first_response_at,
        false,
        now,
    )
}

fn resolution_sla(r: &RequestRecord, now: i64) -> SlaState {
    sla_state(
        r.resolution_due,
        r.resolution_warn_at,
        r.resolved_at,
        r.paused_at.is_some(),
        now,
    )
}

fn row_of(r: &RequestRecord, staff: bool, now: i64) -> RequestRow {
    let (due, sla) =
        match CurrentDue::of(r.first_response_at, r.first_response_due, r.resolution_due) {
            CurrentDue::FirstResponse(at) => (at, response_sla(r, now)),
            CurrentDue::Resolution(at) => (at, resolution_sla(r, now)),
        };
    RequestRow {
        id: r.id.clone(),
        number: r.number,
        kind: RequestKind::parse(&r.kind).unwrap_or(RequestKind::TechnicalQuestion),
        priority: priority_of(r),
        status: status_of(r),
        subject: r.subject.clone(),
        customer: staff.then(|| r.organization_name.clone()),
        opened_by: r.opened_by_name.clone(),
        opened_at: r.opened_at,
        assignee: r.assignee_name.clone(),
        due,
        sla,
    }
}

/// Parses the "after" cursor `<sort value>:<id>`.
fn cursor(after: &str) -> Option<(i64, &str)> {
    let (value, id) = after.split_once(':')?;
    Some((value.parse().ok()?, id))
}

pub async fn list(
    status: String,
    priority: String,
    customer: String,
    assignee: String,
    after: String,
) -> Result<RequestList, AppError> {
    let ctx = context();
    let user = signed_in().await?;
    let actor = user.actor();
    let staff = actor.is_vendor();
    // The vendor's queue shows the requests being worked unless asked for all.
    let active = status == "active" || (staff && status.is_empty());
    let statuses: Vec<&'static str> = RequestStatus::parse(&status)
        .map(|s| vec![s.as_str()])
        .unwrap_or_default();
    let priority = parse_priority(&priority).map(|p| p.as_str());
    let assignee = match assignee.as_str() {
        "me" => Some(user.record.id.as_str()),
        "none" => Some(""),
        _ => None,
    };
    let query = RequestQuery {
        active,
        statuses,
        priority,
        customer_id: Some(customer.trim()).filter(|c| staff && !c.is_empty()),
        assignee: assignee.filter(|_| staff),
        order_id: None,
        by_due: staff,
        after: cursor(&after),
        limit: PAGE + 1,
    };
    let mut rows = ctx
        .store
        .service_requests_page(reader_of(&user), &query)
        .await
        .map_err(|e| internal_error("service_requests", e))?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().expect("a full page");
        let key = if staff { last.next_due } else { last.opened_at };
        format!("{key}:{}", last.id)
    });
    let customers = if staff {
        let manager = match reader_of(&user) {
            ServiceReader::AccountManager { user_id } => Some(user_id),
            _ => None,
        };
        ctx.store
            .customers(manager)
            .await
            .map_err(|e| internal_error("service_requests", e))?
            .into_iter()
            .map(|c| Choice {
                id: c.id,
                name: c.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let own = CustomerScope {
        organization_id: &user.record.organization_id,
        account_manager_id: None,
    };
    let now = now_ms();
    Ok(RequestList {
        rows: rows.iter().map(|r| row_of(r, staff, now)).collect(),
        next,
        staff,
        can_open: !staff && actor.may(Action::OpenServiceRequest(own)).is_allowed(),
        customers,
    })
}

/// A request the caller may see, or 404.
async fn visible_request(
    ctx: &ServerContext,
    user: &SessionUser,
    id: &str,
) -> Result<RequestRecord, AppError> {
    ctx.store
        .service_request(reader_of(user), id.trim())
        .await
        .map_err(|e| internal_error("service_request", e))?
        .ok_or_else(not_found)
}

pub async fn detail(request_id: String) -> Result<RequestDetail, AppError> {
    let ctx = context();
    let locale = crate::i18n::initial_locale();
    let user = signed_in().await?;
    let r = visible_request(&ctx, &user, &request_id).await?;
    let actor = user.actor();
    let staff = actor.is_vendor();
    let internal = sees_internal(&user);
    let store = &ctx.store;
    let messages = store
        .service_messages(&r.organization_id, &r.id, internal)
        .await
        .map_err(|e| internal_error("service_request", e))?;
    let files = store
        .service_attachments(&r.organization_id, &r.id, internal)
        .await
        .map_err(|e| internal_error("service_request", e))?;
    let can_work = staff
        && actor
            .may(Action::WorkServiceRequests(scope_of(&r)))
            .is_allowed();
    let customer_writes = !staff
        && actor
            .may(Action::OpenServiceRequest(scope_of(&r)))
            .is_allowed();
    let status = status_of(&r);
    let now = now_ms();
    let reopen_until = match reopening(status, r.resolved_at, ctx.service.reopen_days, now) {
        Reopening::Possible { until } if customer_writes => Some(until),
        _ => None,
    };
    let assignees = if can_work {
        crate::services::service_requests::assignees(&ctx, &r)
            .await
            .map_err(crate::server::refusal)?
    } else {
        Vec::new()
    };
    let messages = messages
        .into_iter()
        .map(|m| MessageView {
            attachments: files
                .iter()
                .filter(|f| f.message_id == m.id)
                .map(|f| AttachmentView {
                    id: f.id.clone(),
                    file_name: f.file_name.clone(),
                    size_bytes: f.size_bytes,
                })
                .collect(),
            id: m.id,
            author: m.author_name,
            side: m.side,
            internal: m.internal != 0,
            body: m.body,
            status_after: m.status_after.as_deref().and_then(RequestStatus::parse),
            at: m.at,
        })
        .collect();
    let product = r.product_sku.clone().map(|sku| {
        let name = if locale == kontor_domain::Locale::De {
            r.product_name_de.clone()
        } else {
            r.product_name_en.clone()
        };
        format!("{sku} {}", name.unwrap_or_default())
    });
    Ok(RequestDetail {
        row: row_of(&r, staff, now),
        order_id: r.order_id.clone(),
        order_number: r.order_number,
        product,
        quantity: r.quantity,
        first_response_due: r.first_response_due,
        resolution_due: r.resolution_due,
        first_response_at: r.first_response_at,
        resolved_at: r.resolved_at,
        response_sla: response_sla(&r, now),
        resolution_sla: resolution_sla(&r, now),
        paused: r.paused_at.is_some(),
        messages,
        staff,
        can_work,
        can_reply: (can_work && status != RequestStatus::Closed)
            || (customer_writes && status.is_active()),
        reopen_until,
        can_close: status == RequestStatus::Resolved && (can_work || customer_writes),
        assignees,
        max_mb: ctx.files.max_bytes / (1024 * 1024),
    })
}

pub async fn satisfaction() -> Result<Vec<SatisfactionView>, AppError> {
    let ctx = context();
    let user = signed_in().await?;
    let actor = user.actor();
    if !actor.is_vendor() {
        return Err(forbidden());
    }
    let manager = match reader_of(&user) {
        ServiceReader::AccountManager { user_id } => Some(user_id),
        _ => None,
    };
    let rows = ctx
        .store
        .satisfaction(manager)
        .await
        .map_err(|e| internal_error("satisfaction", e))?;
    let answers = ctx
        .store
        .nps_answers_with_roles(manager)
        .await
        .map_err(|e| internal_error("satisfaction", e))?;
    Ok(rows
        .into_iter()
        .map(|r| SatisfactionView {
            csat_tenths: (r.csat_answers > 0)
                .then(|| (r.csat_sum * 10 + r.csat_answers / 2) / r.csat_answers),
            nps_answers: r.promoters + r.passives + r.detractors,
            nps: net_promoter_score(r.promoters, r.passives, r.detractors),
            nps_by_role: kontor_domain::service::nps_by_role(
                answers
                    .iter()
                    .filter(|a| a.organization_id == r.organization_id && a.quarter == r.quarter)
                    .map(|a| (a.roles.as_str(), a.score)),
            )
            .into_iter()
            .map(|n| crate::api::service::RoleScore {
                role: n.role.as_str().to_string(),
                answers: n.answers,
                score: n.score,
            })
            .collect(),
            customer: r.name,
            quarter: r.quarter,
            csat_answers: r.csat_answers,
        })
        .collect())
}
