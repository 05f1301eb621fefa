//! Mails rendered into the outbox (server only). Each mail is written in the
//! recipient's language in the same transaction as the change it announces.

use crate::i18n::{EN, texts};
use crate::server::ServerContext;
use kontor_domain::Locale;
use kontor_domain::notifications::MailKind;
use kontor_domain::prospect::AccessRequest;
use kontor_store::accounts::UserRecord;
use kontor_store::outbox::{NewMail, SECRET_MARK};
use kontor_store::prospects::NewAccessRequest;

/// Whom a mail goes to, and the language it is written in.
#[derive(Clone, Copy)]
pub struct To<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub locale: Locale,
}

impl<'a> To<'a> {
    pub fn user(user: &'a UserRecord) -> Self {
        To {
            name: &user.display_name,
            email: &user.email,
            locale: user.language(),
        }
    }
}

/// One mail's texts in the recipient's language: templates and the values of the
/// placeholders only the caller knows.
pub struct Letter {
    pub subject: &'static str,
    pub body: &'static str,
    pub extra: Vec<(&'static str, String)>,
}

/// A stored language tag as the language to write in (the default while unknown).
pub fn language(tag: Option<&str>) -> Locale {
    tag.and_then(Locale::parse).unwrap_or_default()
}

/// The customer's account manager as a recipient, if the customer has one.
pub fn account_manager(customer: &kontor_store::organizations::CustomerRecord) -> Option<To<'_>> {
    match (
        &customer.account_manager_name,
        &customer.account_manager_email,
    ) {
        (Some(name), Some(email)) => Some(To {
            name,
            email,
            locale: language(customer.account_manager_locale.as_deref()),
        }),
        _ => None,
    }
}

pub async fn record_access_request(
    ctx: &ServerContext,
    request: &AccessRequest,
    locale: Locale,
) -> kontor_store::Result<String> {
    let t = texts(locale);
    let row = NewAccessRequest {
        company: request.company.clone(),
        contact_name: request.contact_name.clone(),
        email: request.email.to_string(),
        message: request.message.clone(),
        locale: locale.tag().to_string(),
    };
    let confirmation_body = t
        .mail_access_confirm_body
        // To an address nobody has confirmed yet: nothing the requester typed but
        // their name, so the form cannot send someone else a message of its choosing.
        .replace("{name}", &request.contact_name)
        .replace("{url}", &ctx.public_url);
    let vendor_body = format!(
        "{}\n\nCompany: {}\nContact: {}\nE-mail: {}\nLanguage: {}\n\n{}",
        EN.mail_access_vendor_subject,
        request.company,
        request.contact_name,
        request.email,
        locale.tag(),
        request.message.as_deref().unwrap_or("")
    );
    ctx.store
        .record_access_request(&row, kontor_store::now_ms(), |id| {
            vec![
                NewMail {
                    secret: None,
                    kind: MailKind::Required,
                    dedupe_key: format!("access-request/{id}/confirmation"),
                    organization_id: None,
                    recipient: request.email.to_string(),
                    subject: t.mail_access_confirm_subject.to_string(),
                    body_text: confirmation_body,
                },
                NewMail {
                    secret: None,
                    kind: MailKind::Required,
                    dedupe_key: format!("access-request/{id}/vendor-notice"),
                    organization_id: None,
                    recipient: ctx.vendor_inbox.clone(),
                    subject: format!("{}: {}", EN.mail_access_vendor_subject, request.company),
                    body_text: vendor_body,
                },
            ]
        })
        .await
        .inspect(|_| (ctx.mail_written)())
}

fn link(ctx: &ServerContext, path: &str) -> String {
    format!("{}{path}", ctx.public_url)
}

/// The invitation mail with its single-use link (written with the new user).
pub fn invitation(
    ctx: &ServerContext,
    user: &kontor_store::accounts::NewUser,
    organization_name: &str,
    (inviter, locale): (&str, Locale),
    token: &str,
) -> NewMail {
    let t = crate::i18n::account_texts(locale);
    NewMail {
        dedupe_key: format!("user/{}/invitation", user.id),
        organization_id: Some(user.organization_id.clone()),
        recipient: user.email.clone(),
        subject: t.mail_invite_subject.to_string(),
        body_text: t
            .mail_invite_body
            .replace("{name}", &user.display_name)
            .replace("{inviter}", inviter)
            .replace("{company}", organization_name)
            .replace("{link}", &link(ctx, &format!("/welcome/{SECRET_MARK}"))),
        secret: Some(token.to_string()),
        kind: MailKind::Required,
    }
}

/// "Your account was signed in to from a new browser": which one and when, and what
/// to do if it was not them. The store writes it only for a browser new to the
/// account; the key makes a double-submitted sign-in from one browser type within
/// five minutes one mail (a browser without our cookie cannot be told apart).
pub fn new_browser_warning(
    ctx: &ServerContext,
    user: &UserRecord,
    browser: Option<&str>,
    now: i64,
) -> NewMail {
    let locale = user.language();
    let t = crate::i18n::account_texts(locale);
    let when = crate::i18n::condition_texts(locale).instant(now);
    NewMail {
        dedupe_key: format!(
            "user/{}/new-browser/{}/{}",
            user.id,
            browser.unwrap_or("-"),
            now / 300_000
        ),
        organization_id: Some(user.organization_id.clone()),
        recipient: user.email.clone(),
        subject: t.mail_new_browser_subject.to_string(),
        body_text: t
            .mail_new_browser_body
            .replace("{name}", &user.display_name)
            .replace("{browser}", browser.unwrap_or(t.unknown_browser))
            .replace("{when}", &when)
            .replace("{reset}", &link(ctx, "/forgot-password"))
            .replace("{profile}", &link(ctx, "/account")),
        secret: None,
        kind: MailKind::Required,
    }
}

/// "Your organization is unlocked", to each of its admins.
pub fn organization_unlocked(ctx: &ServerContext, member: &UserRecord) -> NewMail {
    let t = crate::i18n::account_texts(member.language());
    NewMail {
        secret: None,
        kind: MailKind::Required,
        // One per unlock: a later re-unlock after a suspension is a new event.
        dedupe_key: format!(
            "organization/{}/unlocked/{}/{}",
            member.organization_id,
            member.id,
            kontor_store::now_ms()
        ),
        organization_id: Some(member.organization_id.clone()),
        recipient: member.email.clone(),
        subject: t.mail_unlocked_subject.to_string(),
        body_text: t
            .mail_unlocked_body
            .replace("{name}", &member.display_name)
            .replace("{company}", &member.organization_name)
            .replace("{link}", &link(ctx, "/sign-in")),
    }
}

/// "The vendor has restored an admin for your organization", to each active member.
pub fn admin_restored(
    ctx: &ServerContext,
    member: &UserRecord,
    new_admin: &str,
    vendor_person: &str,
) -> NewMail {
    let t = crate::i18n::account_texts(member.language());
    NewMail {
        secret: None,
        kind: MailKind::Required,
        dedupe_key: format!(
            "organization/{}/admin-restored/{}/{}",
            member.organization_id,
            member.id,
            kontor_store::now_ms()
        ),
        organization_id: Some(member.organization_id.clone()),
        recipient: member.email.clone(),
        subject: t.mail_admin_restored_subject.to_string(),
        body_text: t
            .mail_admin_restored_body
            .replace("{name}", &member.display_name)
            .replace("{admin}", new_admin)
            .replace("{vendor_person}", vendor_person)
            .replace("{company}", &member.organization_name)
            .replace("{link}", &link(ctx, "/customer/audit")),
    }
}

/// How long a reset link works.
pub const RESET_VALID_MS: i64 = 3600 * 1000;

/// Stores a reset token and its mail. At most one reset mail per account and quarter
/// of an hour (the dedupe key names the quarter), so the form cannot flood a mailbox.
/// `browser`: the language of the browser that asked, used while the person's own
/// is not known.
pub async fn send_reset_link(
    ctx: &ServerContext,
    user: &UserRecord,
    browser: Locale,
) -> kontor_store::Result<()> {
    use crate::server::auth::{random_token, token_hash};
    use kontor_store::accounts::{NewToken, TokenPurpose};
    // Theirs when known; else the language of the browser that asked.
    let locale = user
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(browser);
    let t = crate::i18n::account_texts(locale);
    let now = kontor_store::now_ms();
    let token = random_token();
    let quarter = now / (15 * 60 * 1000);
    let mail = NewMail {
        dedupe_key: format!("user/{}/reset/{quarter}", user.id),
        organization_id: Some(user.organization_id.clone()),
        recipient: user.email.clone(),
        subject: t.mail_reset_subject.to_string(),
        body_text: t
            .mail_reset_body
            .replace("{name}", &user.display_name)
            .replace("{link}", &link(ctx, &format!("/reset/{SECRET_MARK}"))),
        secret: Some(token.clone()),
        kind: MailKind::Required,
    };
    let token = NewToken {
        token_hash: token_hash(&token),
        purpose: TokenPurpose::Reset,
        expires_at: now + RESET_VALID_MS,
    };
    ctx.store
        .issue_reset_token(&user.id, &user.organization_id, &token, &mail, now)
        .await?;
    (ctx.mail_written)();
    Ok(())
}
