//! The outbox worker: sends what the transactions wrote, never loses a mail.
//!
//! A worker claims a batch (leasing each mail so no other worker takes it), sends
//! each mail and records the result. A failed send is retried with back-off; a
//! crash leaves the lease to expire, after which the mail is sent again (at least
//! once; the Message-ID lets receivers drop the duplicate).

use crate::mailer::{Mailer, SendError};
use kontor_domain::retry::{AfterFailure, after_failure};
use kontor_store::outbox::ClaimedMail;
use kontor_store::{Store, now_ms};
use lettre::message::Mailbox;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

/// How long a claimed mail is reserved for one worker: longer than any SMTP timeout.
const LEASE_MS: i64 = 120_000;
/// A mail is sent only while at least this much of its lease is left (more than the
/// mailer's 20 s timeout); a batch that took longer (an overloaded database, a slow
/// SMTP server) renews the lease first, and skips the mail if another worker has it.
const LEASE_LEFT_TO_SEND_MS: i64 = 60_000;
const BATCH: i64 = 20;
/// Pauses between attempts to record a sent mail: from this, doubling …
const RECORD_FIRST_PAUSE: Duration = Duration::from_millis(100);
/// … up to this.
const RECORD_LONGEST_PAUSE: Duration = Duration::from_secs(5);
/// The worker looks for due mail at least this often, also when not woken.
const IDLE_POLL: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct OutboxWorker {
    store: Store,
    mailer: Mailer,
    from: Mailbox,
    host: String,
    /// Woken by requests that just wrote mail, so it goes out at once.
    wake: Arc<Notify>,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PassReport {
    pub sent: usize,
    pub retrying: usize,
    pub given_up: usize,
}

impl OutboxWorker {
    pub fn new(store: Store, mailer: Mailer, from: Mailbox, host: String) -> Self {
        OutboxWorker {
            store,
            mailer,
            from,
            host,
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Claims and sends one batch of due mail.
    pub async fn run_once(&self) -> kontor_store::Result<PassReport> {
        let batch = self.store.claim_due_mail(now_ms(), LEASE_MS, BATCH).await?;
        self.send_claimed(batch).await
    }

    /// Sends mails this worker claimed, and records each outcome.
    pub async fn send_claimed(&self, batch: Vec<ClaimedMail>) -> kontor_store::Result<PassReport> {
        let mut report = PassReport::default();
        for mail in batch {
            let Some(held_until) = self.held_until(&mail).await? else {
                tracing::warn!(mail_id = %mail.id, "lease ran out; another worker sends this mail");
                continue;
            };
            match self.mailer.send(&self.from, &mail, &self.host).await {
                Ok(()) => {
                    self.record_sent(&mail, held_until).await?;
                    report.sent += 1;
                }
                Err(SendError { permanent, message }) => {
                    let attempt = u32::try_from(mail.attempts).unwrap_or(u32::MAX);
                    let now = now_ms();
                    let retry_at = match after_failure(attempt, permanent) {
                        AfterFailure::RetryIn { delay_seconds } => {
                            report.retrying += 1;
                            Some(now + delay_seconds * 1000)
                        }
                        AfterFailure::GiveUp => {
                            report.given_up += 1;
                            None
                        }
                    };
                    tracing::warn!(mail_id = %mail.id, attempt, permanent, error = %message, "mail not sent");
                    self.store
                        .mark_mail_failed(&mail.id, &message, retry_at, now)
                        .await?;
                }
            }
        }
        Ok(report)
    }

    /// Until when this worker holds the mail, if it may send it now: enough of its
    /// lease is left, or it was renewed before anyone else claimed the mail.
    async fn held_until(&self, mail: &ClaimedMail) -> kontor_store::Result<Option<i64>> {
        let now = now_ms();
        if now + LEASE_LEFT_TO_SEND_MS <= mail.locked_until {
            return Ok(Some(mail.locked_until));
        }
        let until = now + LEASE_MS;
        let renewed = self
            .store
            .renew_mail_lease(&mail.id, mail.locked_until, until)
            .await?;
        Ok(renewed.then_some(until))
    }

    /// Records that the mail went out. The send cannot be taken back: were this
    /// record lost (the database overloaded or restarting for a moment), the mail
    /// would go out a second time once its lease ran out. So a failure is tried again,
    /// with growing pauses, for as long as the lease lasts; only then is it given up.
    async fn record_sent(&self, mail: &ClaimedMail, held_until: i64) -> kontor_store::Result<()> {
        let mut pause = RECORD_FIRST_PAUSE;
        loop {
            let error = match self.store.mark_mail_sent(&mail.id, now_ms()).await {
                Ok(()) => return Ok(()),
                Err(error) => error,
            };
            let pause_ms = i64::try_from(pause.as_millis()).unwrap_or(i64::MAX);
            if now_ms().saturating_add(pause_ms) >= held_until {
                return Err(error);
            }
            tracing::warn!(mail_id = %mail.id, %error, "mail sent, but not yet recorded; trying again");
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(RECORD_LONGEST_PAUSE);
        }
    }

    /// Runs until `shutdown` turns true; the batch in hand is always finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(transport = self.mailer.describe(), "outbox worker started");
        loop {
            let full_batch = match self.run_once().await {
                Ok(report) => report.sent + report.retrying + report.given_up == BATCH as usize,
                Err(error) => {
                    tracing::error!(%error, "outbox pass failed; the database may be away");
                    false
                }
            };
            if *shutdown.borrow() {
                break;
            }
            if full_batch {
                continue;
            }
            let sleep = match self.store.next_mail_due_at().await {
                Ok(Some(due)) => Duration::from_millis(
                    (due - now_ms()).clamp(0, IDLE_POLL.as_millis() as i64) as u64,
                ),
                _ => IDLE_POLL,
            };
            tokio::select! {
                _ = tokio::time::sleep(sleep) => {}
                _ = self.wake.notified() => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
        tracing::info!("outbox worker stopped");
    }
}
