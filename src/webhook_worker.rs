//! Delivers webhooks: leases due deliveries, checks where the URL resolves to, signs
//! (Standard Webhooks) and posts, then records the answer — retrying server errors,
//! 429 and timeouts with back-off, giving up on other refusals, and switching off an
//! endpoint that has failed for too long (its vendor admins are told by mail).
//!
//! Several instances may run it: a delivery is leased by one of them at a time, so
//! each event reaches each endpoint once (again only when someone sends it again, with
//! the same `webhook-id`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use kontor_app::i18n::texts;
use kontor_app::mail::language;
use kontor_app::server::ServerContext;
use kontor_domain::calendar::rfc3339_utc;
use kontor_domain::integration::{is_public_address, webhook_backoff_seconds, webhook_retries};
use kontor_store::outbox::NewMail;
use kontor_store::webhooks::{Attempt, ClaimedDelivery};
use sha2::Sha256;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long a worker holds a delivery: longer than an attempt can take.
const LEASE_MS: i64 = 60_000;
const BATCH: i64 = 20;
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(15);
/// How much of an answer the delivery log keeps.
const SNIPPET_BYTES: usize = 256;

#[derive(Clone)]
pub struct WebhookWorker {
    context: ServerContext,
}

impl WebhookWorker {
    pub fn new(context: ServerContext) -> WebhookWorker {
        WebhookWorker { context }
    }

    /// Delivers until `stop` says so, looking for due deliveries every second.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            self.deliver_due(kontor_store::now_ms()).await;
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// Attempts every delivery due at `now`; how many were attempted.
    pub async fn deliver_due(&self, now: i64) -> usize {
        let mut attempted = 0;
        loop {
            let claimed = match self
                .context
                .store
                .claim_due_webhooks(now, LEASE_MS, BATCH)
                .await
            {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "claiming webhook deliveries failed");
                    return attempted;
                }
            };
            if claimed.is_empty() {
                return attempted;
            }
            attempted += claimed.len();
            // The posts go out together; their answers are recorded one after another.
            // Recorded concurrently, twenty write transactions queued for SQLite's
            // single writer and spent their time in its busy handler's sleeps: the
            // benchmark (`kontor-bench webhooks`) measured 535 deliveries a second
            // that way, 2,580 this way.
            let sends = claimed.iter().map(|d| async move {
                let started = Instant::now();
                let outcome = self.send(d, now).await;
                (outcome, started.elapsed().as_millis() as i64)
            });
            let answers = futures::future::join_all(sends).await;
            for (delivery, (outcome, duration_ms)) in claimed.into_iter().zip(answers) {
                self.record(delivery, outcome, duration_ms, now).await;
            }
        }
    }

    async fn record(
        &self,
        delivery: ClaimedDelivery,
        outcome: Result<(u16, String), Failure>,
        duration_ms: i64,
        now: i64,
    ) {
        let store = &self.context.store;
        let result = match outcome {
            Ok((status, body)) if (200..300).contains(&status) => {
                let attempt = Attempt {
                    status: Some(status),
                    duration_ms,
                    response: &body,
                };
                store.webhook_delivered(&delivery, &attempt, now).await
            }
            Ok((status, body)) => {
                let retry = webhook_retries(status);
                self.failed(&delivery, Some(status), &body, retry, duration_ms, now)
                    .await
            }
            Err(Failure::Refused(reason)) => {
                self.failed(&delivery, None, &reason, false, duration_ms, now)
                    .await
            }
            Err(Failure::Unreachable(reason)) => {
                self.failed(&delivery, None, &reason, true, duration_ms, now)
                    .await
            }
        };
        if let Err(error) = result {
            tracing::warn!(%error, delivery = %delivery.id, "recording a webhook attempt failed");
        }
    }

    async fn failed(
        &self,
        delivery: &ClaimedDelivery,
        status: Option<u16>,
        response: &str,
        retry: bool,
        duration_ms: i64,
        now: i64,
    ) -> kontor_store::Result<()> {
        let retry_at =
            retry.then(|| now + webhook_backoff_seconds(delivery.attempts as u32) * 1_000);
        let attempt = Attempt {
            status,
            duration_ms,
            response,
        };
        let settings = &self.context.webhooks;
        let notices = self.disabled_notices(&delivery.url, now).await?;
        let disabled = self
            .context
            .store
            .webhook_failed(
                delivery,
                &attempt,
                retry_at,
                now,
                now - settings.disable_after_ms,
                &notices,
            )
            .await?;
        if disabled {
            tracing::warn!(endpoint = %delivery.endpoint_id, "webhook endpoint switched off after failing too long");
            (self.context.mail_written)();
        }
        Ok(())
    }

    /// The mails that tell the vendor admins an endpoint was switched off (written
    /// only if this failure switches it off).
    async fn disabled_notices(&self, url: &str, now: i64) -> kontor_store::Result<Vec<NewMail>> {
        let since = self
            .context
            .store
            .webhook_endpoints()
            .await?
            .into_iter()
            .find(|e| e.url == url)
            .and_then(|e| e.failing_since)
            .unwrap_or(now);
        Ok(self
            .context
            .store
            .vendor_admins()
            .await?
            .into_iter()
            .map(|(name, email, locale)| {
                // Each admin in their own language.
                let t = texts(language(locale.as_deref()));
                NewMail {
                    kind: kontor_domain::notifications::MailKind::Required,
                    dedupe_key: format!("webhook-disabled:{url}:{since}:{email}"),
                    organization_id: None,
                    recipient: format!("{name} <{email}>"),
                    subject: t.mail_webhook_disabled_subject.to_string(),
                    body_text: t
                        .mail_webhook_disabled_body
                        .replace("{url}", url)
                        .replace("{since}", &rfc3339_utc(since))
                        .replace("{portal}", &self.context.public_url),
                    secret: None,
                }
            })
            .collect())
    }

    /// Posts the message; the status and the first bytes of the answer.
    async fn send(&self, d: &ClaimedDelivery, now: i64) -> Result<(u16, String), Failure> {
        let secret = self
            .context
            .secrets
            .open(&d.secret, &d.endpoint_id)
            .ok_or_else(|| Failure::Refused("the signing secret cannot be opened".into()))?;
        let target = self.resolve(&d.url).await?;
        let timestamp = now.div_euclid(1_000);
        let signature = sign(&secret, &d.message_id, timestamp, &d.payload)
            .ok_or_else(|| Failure::Refused("the signing secret is malformed".into()))?;
        let mut client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(ATTEMPT_TIMEOUT)
            .no_proxy();
        // The connection goes to the address that was checked, not to whatever the
        // name resolves to a moment later.
        if let Some((host, addr)) = &target {
            client = client.resolve(host, *addr);
        }
        let client = client
            .build()
            .map_err(|e| Failure::Unreachable(e.to_string()))?;
        let response = client
            .post(&d.url)
            .header("content-type", "application/json")
            .header("user-agent", "Kontor-Webhooks/1")
            .header("webhook-id", &d.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(d.payload.clone())
            .send()
            .await
            .map_err(|e| Failure::Unreachable(describe(&e)))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap_or_default();
        let snippet = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]).into_owned();
        Ok((status, snippet))
    }

    /// Resolves the URL's host and picks an address it may be sent to: `None` when
    /// private targets are allowed (the client resolves as usual).
    async fn resolve(&self, url: &str) -> Result<Option<(String, SocketAddr)>, Failure> {
        if self.context.webhooks.allow_private {
            return Ok(None);
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|_| Failure::Refused("not a URL".into()))?;
        let host = uri
            .host()
            .ok_or_else(|| Failure::Refused("no host".into()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| Failure::Unreachable(format!("cannot resolve {host}: {e}")))?
            .collect();
        match addresses.iter().find(|a| is_public_address(a.ip())) {
            Some(addr) if addresses.iter().all(|a| is_public_address(a.ip())) => {
                Ok(Some((host, *addr)))
            }
            _ => Err(Failure::Refused(format!(
                "refused: {host} resolves to a private address"
            ))),
        }
    }
}

enum Failure {
    /// Not worth another try (a private address, a broken secret).
    Refused(String),
    /// No answer (connection refused, timeout): try again later.
    Unreachable(String),
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".into()
    } else if error.is_connect() {
        "could not connect".into()
    } else {
        "request failed".into()
    }
}

/// The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256, keyed with the
/// secret's bytes, of `id.timestamp.body`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = B64
        .decode(secret.strip_prefix(kontor_app::services::webhooks::SECRET_PREFIX)?)
        .ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }
}
