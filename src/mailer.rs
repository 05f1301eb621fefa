//! Sending one rendered mail through lettre: SMTP in production, `.eml` files in
//! development. Tests use the SMTP transport against a real SMTP server on loopback.

use crate::config::MailTransport;
use kontor_store::outbox::ClaimedMail;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a mail was not sent, and whether trying again can help.
#[derive(Debug)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl Mailer {
    pub fn new(transport: &MailTransport) -> anyhow::Result<Mailer> {
        Ok(match transport {
            MailTransport::Smtp(url) => Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("KONTOR_SMTP_URL is not valid: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
            MailTransport::Files(dir) => {
                std::fs::create_dir_all(dir)?;
                Mailer::Files(AsyncFileTransport::<Tokio1Executor>::new(dir))
            }
        })
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Mailer::Smtp(_) => "smtp",
            Mailer::Files(_) => "eml files",
        }
    }

    pub async fn send(
        &self,
        from: &Mailbox,
        mail: &ClaimedMail,
        host: &str,
    ) -> Result<(), SendError> {
        let message = build_message(from, mail, host).map_err(|message| SendError {
            permanent: true,
            message,
        })?;
        match self {
            Mailer::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| SendError {
                // A 5xx answer (e.g. unknown recipient) will not change by retrying.
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
            Mailer::Files(files) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError {
                    permanent: false,
                    message: e.to_string(),
                }),
        }
    }
}

/// The Message-ID is derived from the outbox id, so a receiving system can recognise
/// the (rare) second delivery after a crash between sending and recording it.
fn build_message(from: &Mailbox, mail: &ClaimedMail, host: &str) -> Result<Message, String> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<{}@{}>", mail.id, host)))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body_to_send())
        .map_err(|e| e.to_string())
}
