//! The notice loop: reminders and escalation notices for orders that wait too long
//! (`kontor_app::services::orders::send_notices`), SLA breach warnings and the
//! closing of resolved service requests
//! (`kontor_app::services::service_requests::send_notices`). Every server runs it;
//! the row locks and the per-step markers make sure each notice goes out once. The
//! daily digests (`kontor_app::services::notifications::send_digests`) too: one per
//! person and day, by its dedupe key. And offers whose validity ended
//! (`kontor_app::services::quotes::expire_offers`): each ended once. And the vendor
//! staff's follow-ups on their day (`kontor_app::services::follow_ups::mail_due`): one
//! mail each. And the quarterly relationship survey
//! (`kontor_app::services::relationship_survey::invite`): one invitation per person
//! and quarter, by a unique index.

use crate::metrics::Metrics;
use kontor_app::server::ServerContext;
use kontor_store::now_ms;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often waiting orders are looked at. Reminder times are hours, so a minute
/// late is nothing anyone notices.
pub const EVERY: Duration = Duration::from_secs(60);

pub async fn run(
    context: ServerContext,
    metrics: Arc<Metrics>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = stop.changed() => return,
        }
        let started = Instant::now();
        match kontor_app::services::orders::send_notices(&context, now_ms()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "approval notices sent"),
            Err(error) => tracing::warn!(%error, "approval notices failed; next round retries"),
        }
        match kontor_app::services::notifications::send_digests(&context, now_ms()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "daily digests written"),
            Err(error) => tracing::warn!(%error, "digests failed; next round retries"),
        }
        match kontor_app::services::service_requests::send_notices(&context, now_ms()).await {
            Ok(0) => {}
            Ok(changed) => tracing::info!(changed, "service warnings sent, requests closed"),
            Err(error) => tracing::warn!(%error, "service notices failed; next round retries"),
        }
        match kontor_app::services::quotes::expire_offers(&context).await {
            Ok(0) => {}
            Ok(ended) => tracing::info!(ended, "expired offers ended"),
            Err(error) => tracing::warn!(%error, "quote expiry failed; next round retries"),
        }
        match kontor_app::services::follow_ups::mail_due(&context).await {
            Ok(0) => {}
            Ok(mailed) => tracing::info!(mailed, "follow-up reminders written"),
            Err(error) => tracing::warn!(%error, "follow-up reminders failed; next round retries"),
        }
        match kontor_app::services::relationship_survey::invite(&context).await {
            Ok(0) => {}
            Ok(invited) => tracing::info!(invited, "relationship survey invitations written"),
            Err(error) => tracing::warn!(%error, "survey invitations failed; next round retries"),
        }
        metrics.notice_round_finished(started.elapsed());
    }
}
