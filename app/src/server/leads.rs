//! The vendor's reads of leads, shaped for the leads pages.

use crate::api::customers::StaffOption;
use crate::api::leads::{LeadDownloadRow, LeadNoteRow, LeadRow, LeadView};
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError};
use kontor_domain::Locale;
use kontor_domain::access::{Action, Role, Roles};
use kontor_domain::lead::LeadStatus;
use kontor_store::leads::{LeadDownload, LeadRecord};

/// How many leads the list shows: the newest; older ones are converted or closed
/// long since, or found by the account manager who has them.
const LIST_LIMIT: i64 = 200;

fn product_of(d: &LeadDownload, locale: Locale) -> Option<String> {
    match locale {
        Locale::De => d.product_de.clone(),
        Locale::En => d.product_en.clone(),
    }
}

fn row(lead: LeadRecord, downloads: &[LeadDownload], locale: Locale) -> LeadRow {
    let mut products: Vec<String> = Vec::new();
    for d in downloads.iter().filter(|d| d.prospect_id == lead.id) {
        if let Some(p) = product_of(d, locale)
            && !products.contains(&p)
        {
            products.push(p);
        }
    }
    LeadRow {
        status: LeadStatus::parse(&lead.status).unwrap_or(LeadStatus::Closed),
        confirmed: lead.confirmed_at.is_some(),
        id: lead.id,
        name: lead.name,
        company: lead.company,
        email: lead.email,
        assigned_to: lead.assigned_to,
        assigned_name: lead.assigned_name,
        created_at: lead.created_at,
        products,
        downloads: lead.downloads,
        last_download_at: lead.last_download_at,
        organization_id: lead.organization_id,
    }
}

pub async fn list(ctx: &ServerContext, actor: &Actor) -> Result<Vec<LeadRow>, ServiceError> {
    ServiceError::require(actor.may(Action::ViewLeads))?;
    let (leads, downloads) = ctx.store.leads(LIST_LIMIT).await?;
    let locale = actor.locale();
    Ok(leads
        .into_iter()
        .map(|l| row(l, &downloads, locale))
        .collect())
}

pub async fn one(ctx: &ServerContext, actor: &Actor, id: &str) -> Result<LeadView, ServiceError> {
    ServiceError::require(actor.may(Action::ViewLeads))?;
    let (lead, downloads, notes) = ctx
        .store
        .lead(id.trim())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let locale = actor.locale();
    let assigned_to = lead.assigned_to.clone();
    let finished = LeadStatus::parse(&lead.status).is_none_or(LeadStatus::is_finished);
    let may_work = !finished
        && actor
            .may(Action::WorkLead {
                assigned_to: assigned_to.as_deref(),
            })
            .is_allowed();
    let account_managers: Vec<StaffOption> = ctx
        .store
        .vendor_staff()
        .await?
        .into_iter()
        .filter(|s| s.active && Roles::from_stored(&s.roles).contains(Role::AccountManager))
        .filter(|s| {
            actor
                .may(Action::AssignLead {
                    assigned_to: assigned_to.as_deref(),
                    to: &s.id,
                })
                .is_allowed()
        })
        .map(|s| StaffOption {
            id: s.id,
            display_name: s.display_name,
        })
        .collect();
    let may_assign = !finished && !account_managers.is_empty();
    Ok(LeadView {
        downloads: downloads
            .iter()
            .map(|d| LeadDownloadRow {
                title: match locale {
                    Locale::De => d.title_de.clone(),
                    Locale::En => d.title_en.clone(),
                },
                product: product_of(d, locale),
                at: d.downloaded_at,
            })
            .collect(),
        lead: row(lead, &downloads, locale),
        notes: notes
            .into_iter()
            .map(|n| LeadNoteRow {
                author: n.author_name,
                text: n.text,
                at: n.created_at,
            })
            .collect(),
        account_managers,
        may_work,
        may_assign,
        follow_ups: crate::services::follow_ups::of_lead(ctx, id.trim()).await?,
        today: kontor_domain::calendar::berlin_day(ctx.now()),
    })
}
