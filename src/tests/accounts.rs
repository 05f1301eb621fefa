//! Signing in: sessions, cookies, throttling, invitation and reset links, passwords.

use crate::on_both_backends;
use crate::support::{
    Backend, DEMO_PASSWORD, TestApp, count, field_message, link_token, outbox_mails, session_cookie,
};

on_both_backends!(
    sign_in_answers_alike_for_unknown_address_and_wrong_password,
    the_session_id_changes_at_every_sign_in_and_the_cookie_is_locked_down,
    the_cookie_is_secure_behind_https,
    repeated_failures_are_throttled_with_429_before_hashing,
    signing_out_ends_the_session_on_the_server,
    a_request_that_changes_no_session_writes_none_and_the_end_still_slides,
    an_invitation_link_sets_the_password_once,
    an_expired_invitation_link_does_nothing,
    a_reset_link_works_once_and_ends_other_sessions,
    a_reset_works_without_javascript,
    an_expired_reset_link_does_nothing,
    a_reset_request_answers_alike_for_unknown_addresses,
    changing_the_password_ends_the_other_sessions,
    password_and_sign_out_work_without_javascript,
    weak_passwords_are_refused_at_the_field,
    vendor_staff_need_a_second_factor,
    a_totp_code_and_a_recovery_code_each_work_once,
    a_persons_language_comes_from_their_first_visit_and_their_profile,
    a_session_is_read_with_its_user_and_their_unread_count,
);

async fn sign_in_answers_alike_for_unknown_address_and_wrong_password(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let browser = app.browser();
    let unknown = browser
        .sign_in("nobody@mueller.example", DEMO_PASSWORD)
        .await;
    let (status_u, body_u) = (unknown.status(), unknown.text().await.unwrap());
    let wrong = browser
        .sign_in("egon@mueller.example", "not the password")
        .await;
    let (status_w, body_w) = (wrong.status(), wrong.text().await.unwrap());
    assert_eq!((status_u, body_u.as_str()), (status_w, body_w.as_str()));
    assert_eq!(body_u, "\"Invalid\"");
    // Upper-case address, right password: signed in.
    let ok = browser.sign_in("EGON@mueller.example", DEMO_PASSWORD).await;
    assert!(ok.text().await.unwrap().contains("SignedIn"));
    app.stop().await;
}

async fn the_session_id_changes_at_every_sign_in_and_the_cookie_is_locked_down(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let browser = app.browser();
    let first = browser.sign_in("egon@mueller.example", DEMO_PASSWORD).await;
    let (first_id, header) = session_cookie(&first).expect("a session cookie at sign-in");
    let lower = header.to_ascii_lowercase();
    assert!(lower.contains("httponly"), "{header}");
    assert!(lower.contains("samesite=lax"), "{header}");
    assert!(lower.contains("path=/"), "{header}");
    assert!(!lower.contains("secure"), "plain http in tests: {header}");
    // Signing in again from the same browser rotates the id once more.
    let second = browser.sign_in("egon@mueller.example", DEMO_PASSWORD).await;
    let (second_id, _) = session_cookie(&second).expect("a new cookie");
    assert_ne!(first_id, second_id);
    // The old id is dead: a browser holding only it is not signed in.
    let stale = app.browser();
    let response = stale
        .client
        .post(format!("{}/api/me", app.base))
        .header("cookie", format!("kontor_session={first_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "null");
    // A planted (fixated) id is never adopted.
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let response = app
        .browser()
        .client
        .post(format!("{}/api/sign_in", app.base))
        .header("cookie", format!("kontor_session={planted}"))
        .form(&[
            ("email", "egon@mueller.example"),
            ("password", DEMO_PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    let (issued, _) = session_cookie(&response).unwrap();
    assert_ne!(issued, planted);
    // Only a hash of the id is stored.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1")
        .bind(&second_id)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    app.stop().await;
}

async fn the_cookie_is_secure_behind_https(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_DEMO", "1"),
            ("KONTOR_DEMO_PASSWORD", DEMO_PASSWORD),
            ("KONTOR_PUBLIC_URL", "https://portal.example"),
        ],
    )
    .await;
    let response = app
        .browser()
        .sign_in("egon@mueller.example", DEMO_PASSWORD)
        .await;
    let (_, header) = session_cookie(&response).unwrap();
    assert!(header.to_ascii_lowercase().contains("secure"), "{header}");
    app.stop().await;
}

async fn repeated_failures_are_throttled_with_429_before_hashing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let browser = app.browser();
    for _ in 0..5 {
        let response = browser.sign_in("egon@mueller.example", "wrong guess").await;
        assert_eq!(response.status(), 200);
    }
    // Now even the right password is refused, with 429 and a Retry-After.
    let response = browser.sign_in("egon@mueller.example", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 429);
    let retry: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    // The typed error the page tells the minutes from.
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "throttled": { "retry_after_seconds": retry } })
    );
    // Addresses are throttled separately.
    let other = browser
        .sign_in("hannah@mueller.example", DEMO_PASSWORD)
        .await;
    assert!(other.text().await.unwrap().contains("SignedIn"));
    app.stop().await;
}

async fn signing_out_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = app.user_id("egon@mueller.example").await;
    assert_eq!(app.kontor_store.sessions_of_user(&id).await.unwrap(), 1);
    egon.ok("sign_out", &[]).await;
    assert_eq!(app.kontor_store.sessions_of_user(&id).await.unwrap(), 0);
    assert_eq!(egon.ok("me", &[]).await, serde_json::Value::Null);
    app.stop().await;
}

/// Every request saves its session, to slide the idle timeout; one that would change
/// nothing but move the end by less than a minute sends no statement. On SQLite even
/// an `UPDATE` that matches no row takes the database's one write lock, so without
/// this a page waited for every write in progress (here: gave up after the busy
/// timeout). PostgreSQL's conditional `UPDATE` never waited for the row it leaves
/// alone; the test holds that engine to the same.
async fn a_request_that_changes_no_session_writes_none_and_the_end_still_slides(backend: Backend) {
    use sqlx::Executor;
    let app = TestApp::spawn_demo(backend).await;
    let egon = app.signed_in("egon@mueller.example").await;
    let id = app.user_id("egon@mueller.example").await;
    let session_end = || async {
        sqlx::query_scalar::<_, i64>("SELECT expires_at FROM sessions WHERE user_id = $1")
            .bind(&id)
            .fetch_one(&mut app.db.raw().await)
            .await
            .unwrap()
    };
    let mut writer = app.db.raw().await;
    match backend {
        Backend::Sqlite => {
            writer.execute("BEGIN IMMEDIATE").await.unwrap();
        }
        Backend::Postgres => {
            writer.execute("BEGIN").await.unwrap();
            writer
                .execute("SELECT id FROM sessions FOR UPDATE")
                .await
                .unwrap();
        }
    }
    // Without the skip, SQLite gives up after its 5 s busy timeout: a 500.
    let me = tokio::time::timeout(std::time::Duration::from_secs(30), egon.ok("me", &[]))
        .await
        .expect("the request did not wait for the lock");
    assert_eq!(me["email"], "egon@mueller.example");
    writer.execute("ROLLBACK").await.unwrap();

    // Two minutes pass by the session's clock: the next request moves its end.
    sqlx::query("UPDATE sessions SET expires_at = expires_at - 120000 WHERE user_id = $1")
        .bind(&id)
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    let aged = session_end().await;
    egon.ok("me", &[]).await;
    assert!(
        session_end().await >= aged + 120_000,
        "the idle timeout slid"
    );
    app.stop().await;
}

/// Carla invites Paula; returns Paula's invitation token.
async fn invite_paula(app: &TestApp) -> String {
    let carla = app.signed_in("carla@mueller.example").await;
    let outcome = carla
        .ok(
            "team_invite",
            &[
                ("display_name", "Paula Neumann"),
                ("email", "paula@mueller.example"),
                ("roles[purchaser]", "on"),
                ("per_order_limit", "2.500,00"),
                ("monthly_budget", ""),
                ("approver", &app.user_id("hannah@mueller.example").await),
            ],
        )
        .await;
    assert_eq!(outcome, "Done");
    // Other mails may arrive before or after it: wait for Paula's.
    for _ in 0..400 {
        if let Some(mail) = app
            .smtp
            .messages()
            .iter()
            .find(|m| m.contains("To: paula@mueller.example"))
        {
            return link_token(mail, "/welcome/");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no invitation mail for Paula")
}

async fn an_invitation_link_sets_the_password_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let token = invite_paula(&app).await;
    assert_eq!(token.len(), 64);
    // Invited, no password yet: cannot sign in.
    let paula = app.browser();
    let before = paula.sign_in("paula@mueller.example", "").await;
    assert_eq!(before.text().await.unwrap(), "\"Invalid\"");
    let form = [
        ("token", token.as_str()),
        ("reset", "false"),
        ("password", "Hydraulik ist mein Leben"),
        ("repeat", "Hydraulik ist mein Leben"),
    ];
    assert_eq!(paula.ok("set_password", &form).await, "Done");
    assert_eq!(
        paula.ok("set_password", &form).await,
        "LinkInvalid",
        "a link works once"
    );
    let signed_in = paula
        .sign_in("paula@mueller.example", "Hydraulik ist mein Leben")
        .await;
    assert!(signed_in.text().await.unwrap().contains("SignedIn"));
    // A reset link is not an invitation link.
    app.stop().await;
}

async fn an_expired_invitation_link_does_nothing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let token = invite_paula(&app).await;
    sqlx::query("UPDATE user_tokens SET expires_at = 1")
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    let outcome = app
        .browser()
        .ok(
            "set_password",
            &[
                ("token", token.as_str()),
                ("reset", "false"),
                ("password", "Hydraulik ist mein Leben"),
                ("repeat", "Hydraulik ist mein Leben"),
            ],
        )
        .await;
    assert_eq!(outcome, "LinkInvalid");
    let user = app
        .kontor_store
        .user_by_email("paula@mueller.example")
        .await
        .unwrap()
        .unwrap();
    assert!(user.password_hash.is_empty(), "no password was set");
    app.stop().await;
}

async fn a_reset_link_works_once_and_ends_other_sessions(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let elsewhere = app.signed_in("egon@mueller.example").await;
    app.browser()
        .ok("request_reset", &[("email", "egon@mueller.example")])
        .await;
    let mails = app.smtp.wait_for(1).await;
    let token = link_token(&mails[0], "/reset/");
    let form = [
        ("token", token.as_str()),
        ("reset", "true"),
        ("password", "Neue Pumpen braucht das Land"),
        ("repeat", "Neue Pumpen braucht das Land"),
    ];
    // An invitation form cannot use a reset token.
    let wrong_purpose = [("reset", "false"), form[0], form[2], form[3]];
    assert_eq!(
        app.browser().ok("set_password", &wrong_purpose).await,
        "LinkInvalid"
    );
    assert_eq!(app.browser().ok("set_password", &form).await, "Done");
    assert_eq!(app.browser().ok("set_password", &form).await, "LinkInvalid");
    assert_eq!(
        elsewhere.ok("me", &[]).await,
        serde_json::Value::Null,
        "other sessions end"
    );
    let old = app
        .browser()
        .sign_in("egon@mueller.example", DEMO_PASSWORD)
        .await;
    assert_eq!(old.text().await.unwrap(), "\"Invalid\"");
    app.stop().await;
}

async fn a_reset_request_answers_alike_for_unknown_addresses(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let browser = app.browser();
    let known = browser
        .call("request_reset", &[("email", "egon@mueller.example")])
        .await;
    let unknown = browser
        .call("request_reset", &[("email", "ghost@mueller.example")])
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    // A second request within the quarter hour sends no second mail.
    browser
        .call("request_reset", &[("email", "egon@mueller.example")])
        .await;
    app.smtp.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.smtp.messages().len(), 1);
    app.stop().await;
}

/// "My profile"'s password form and both sign-outs as plain HTML forms: the outcome
/// comes back to the profile (never a password in the address), a sign-out lands at
/// home as with the script, not on a page that now asks for a sign-in.
async fn password_and_sign_out_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let here = app.signed_in("hannah@mueller.example").await;
    let typed = |current| {
        [
            ("current", current),
            ("password", "Ventile und Pumpen 2027"),
            ("repeat", "Ventile und Pumpen 2027"),
        ]
    };
    let refused = here
        .plain_post("change_password", "/account", &typed("nope"))
        .await;
    assert!(
        refused.starts_with("/account?answered=1&change_password="),
        "{refused}"
    );
    assert!(
        !refused.contains("Ventile") && !refused.contains("nope"),
        "{refused}"
    );
    let page = here.page(&refused).await.text().await.unwrap();
    let message = field_message(&page, "current-error");
    assert!(!message.is_empty(), "no message: {page}");
    let done = here
        .plain_post("change_password", "/account", &typed(DEMO_PASSWORD))
        .await;
    assert_eq!(done, "/account?answered=1&change_password=%22Done%22");
    let page = here.page(&done).await.text().await.unwrap();
    assert!(page.contains("Password changed."), "{page}");

    let other = app.signed_in("egon@mueller.example").await;
    assert_eq!(other.plain_post("sign_out", "/orders", &[]).await, "/");
    assert_eq!(other.ok("me", &[]).await, serde_json::Value::Null);
    assert_eq!(
        here.plain_post("sign_out_everywhere", "/account", &[])
            .await,
        "/"
    );
    assert_eq!(here.ok("me", &[]).await, serde_json::Value::Null);
    app.stop().await;
}

async fn changing_the_password_ends_the_other_sessions(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let here = app.signed_in("hannah@mueller.example").await;
    let there = app.signed_in("hannah@mueller.example").await;
    let wrong_current = here
        .ok(
            "change_password",
            &[
                ("current", "nope"),
                ("password", "Ventile und Pumpen 2027"),
                ("repeat", "Ventile und Pumpen 2027"),
            ],
        )
        .await;
    assert_eq!(wrong_current["Invalid"]["current"], "WrongCode");
    let done = here
        .ok(
            "change_password",
            &[
                ("current", DEMO_PASSWORD),
                ("password", "Ventile und Pumpen 2027"),
                ("repeat", "Ventile und Pumpen 2027"),
            ],
        )
        .await;
    assert_eq!(done, "Done");
    assert_eq!(
        here.ok("me", &[]).await["email"],
        "hannah@mueller.example",
        "this session stays"
    );
    assert_eq!(
        there.ok("me", &[]).await,
        serde_json::Value::Null,
        "the other one ends"
    );
    app.stop().await;
}

async fn weak_passwords_are_refused_at_the_field(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let hannah = app.signed_in("hannah@mueller.example").await;
    for (password, problem) in [
        ("kurz", "PasswordTooShort"),
        ("Password2024!", "PasswordCommon"),
        ("hannah@mueller.example", "PasswordPersonal"),
    ] {
        let outcome = hannah
            .ok(
                "change_password",
                &[
                    ("current", DEMO_PASSWORD),
                    ("password", password),
                    ("repeat", password),
                ],
            )
            .await;
        assert_eq!(outcome["Invalid"]["password"], problem, "{password}");
    }
    let mismatch = hannah
        .ok(
            "change_password",
            &[
                ("current", DEMO_PASSWORD),
                ("password", "Ventile und Pumpen"),
                ("repeat", "Ventile und Pumpen!"),
            ],
        )
        .await;
    assert_eq!(mismatch["Invalid"]["repeat"], "PasswordMismatch");
    // Nothing changed: the old password still works.
    assert!(
        app.browser()
            .sign_in("hannah@mueller.example", DEMO_PASSWORD)
            .await
            .text()
            .await
            .unwrap()
            .contains("SignedIn")
    );
    app.stop().await;
}

async fn vendor_staff_need_a_second_factor(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.browser();
    let first = vera
        .sign_in("vera@nordhydraulik.example", DEMO_PASSWORD)
        .await;
    let outcome: serde_json::Value = first.json().await.unwrap();
    let secret = outcome["EnrollSecondFactor"]["secret"]
        .as_str()
        .expect("enrolment")
        .to_string();
    assert!(
        outcome["EnrollSecondFactor"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Kontor:vera%40nordhydraulik.example?secret=")
    );
    // The password alone signs nobody in.
    assert_eq!(vera.ok("me", &[]).await, serde_json::Value::Null);
    assert_eq!(vera.call("customers", &[]).await.status(), 401);
    // A wrong code is refused and counts as a failure.
    assert_eq!(
        vera.ok("second_factor", &[("code", "000000")]).await,
        "Wrong"
    );
    let code = app
        .unused_totp_code("vera@nordhydraulik.example", &secret)
        .await;
    let done = vera.ok("second_factor", &[("code", &code)]).await;
    let codes = done["SignedIn"]["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10, "recovery codes shown once, at enrolment");
    assert_eq!(
        vera.ok("me", &[]).await["email"],
        "vera@nordhydraulik.example"
    );
    assert_eq!(vera.call("customers", &[]).await.status(), 200);
    // Customers sign in with the password alone.
    app.signed_in("egon@mueller.example").await;
    // A second factor step without a password step first is nothing.
    assert_eq!(
        app.browser().ok("second_factor", &[("code", &code)]).await,
        "Expired"
    );
    app.stop().await;
}

async fn a_totp_code_and_a_recovery_code_each_work_once(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let vera = app.browser();
    let outcome: serde_json::Value = vera
        .sign_in("vera@nordhydraulik.example", DEMO_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let secret = outcome["EnrollSecondFactor"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let enrol_code = app
        .unused_totp_code("vera@nordhydraulik.example", &secret)
        .await;
    let done = vera.ok("second_factor", &[("code", &enrol_code)]).await;
    let recovery: Vec<String> = done["SignedIn"]["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    // The code used for enrolling cannot be replayed.
    let again = app.browser();
    assert_eq!(
        again
            .sign_in("vera@nordhydraulik.example", DEMO_PASSWORD)
            .await
            .text()
            .await
            .unwrap(),
        "\"SecondFactor\""
    );
    assert_eq!(
        again.ok("second_factor", &[("code", &enrol_code)]).await,
        "Wrong"
    );
    // A recovery code works, typed in upper case with spaces, once.
    let typed = recovery[0].to_uppercase().replace('-', "- ");
    assert!(
        again
            .ok("second_factor", &[("code", &typed)])
            .await
            .get("SignedIn")
            .is_some()
    );
    let third = app.browser();
    third
        .sign_in("vera@nordhydraulik.example", DEMO_PASSWORD)
        .await;
    assert_eq!(
        third.ok("second_factor", &[("code", &recovery[0])]).await,
        "Wrong"
    );
    assert!(
        third
            .ok("second_factor", &[("code", &recovery[1])])
            .await
            .get("SignedIn")
            .is_some()
    );
    app.stop().await;
}

/// Asking for a reset link and setting the new password, each as a plain HTML form (a
/// phone before the wasm has arrived): every answer comes back to its page as the
/// script would show it, and no password ever travels in an address.
async fn a_reset_works_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let phone = app.browser();
    let sent = phone
        .plain_post(
            "request_reset",
            "/forgot-password",
            &[("email", "egon@mueller.example")],
        )
        .await;
    assert_eq!(sent, "/forgot-password?answered=1&request_reset=null");
    let page = phone.page(&sent).await.text().await.unwrap();
    assert!(page.contains("a link is on its way"), "{page}");
    assert!(
        !page.contains(r#"name="email""#),
        "the form is done: {page}"
    );

    let mails = app.smtp.wait_for(1).await;
    let token = link_token(&mails[0], "/reset/");
    let link = format!("/reset/{token}");
    let typed = |repeat| {
        [
            ("token", token.as_str()),
            ("reset", "true"),
            ("password", "Neue Pumpen braucht das Land"),
            ("repeat", repeat),
        ]
    };
    let refused = phone
        .plain_post(
            "set_password",
            &link,
            &typed("Neue Pumpen braucht das Lamd"),
        )
        .await;
    assert!(
        refused.starts_with(&format!("{link}?answered=1&set_password=")),
        "{refused}"
    );
    assert!(
        !refused.contains("Pumpen"),
        "a password in the address: {refused}"
    );
    let page = phone.page(&refused).await.text().await.unwrap();
    assert!(page.contains("The two passwords differ."), "{page}");

    let done = phone
        .plain_post(
            "set_password",
            &link,
            &typed("Neue Pumpen braucht das Land"),
        )
        .await;
    assert_eq!(done, format!("{link}?answered=1&set_password=%22Done%22"));
    let page = phone.page(&done).await.text().await.unwrap();
    assert!(page.contains("Your password is set."), "{page}");
    let new = phone
        .sign_in("egon@mueller.example", "Neue Pumpen braucht das Land")
        .await;
    assert!(new.text().await.unwrap().contains("SignedIn"));
    app.stop().await;
}

async fn an_expired_reset_link_does_nothing(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    app.browser()
        .ok("request_reset", &[("email", "egon@mueller.example")])
        .await;
    let mails = app.smtp.wait_for(1).await;
    let token = link_token(&mails[0], "/reset/");
    // An hour later.
    sqlx::query("UPDATE user_tokens SET expires_at = created_at + 3600000 - 7200000")
        .execute(&mut app.db.raw().await)
        .await
        .unwrap();
    let form = [
        ("token", token.as_str()),
        ("reset", "true"),
        ("password", "Neue Pumpen braucht das Land"),
        ("repeat", "Neue Pumpen braucht das Land"),
    ];
    assert_eq!(app.browser().ok("set_password", &form).await, "LinkInvalid");
    // The old password still works.
    app.signed_in("egon@mueller.example").await;
    app.stop().await;
}

/// The language stored for `email` (`None` while unknown).
async fn stored_language(app: &TestApp, email: &str) -> Option<String> {
    sqlx::query_scalar("SELECT locale FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut app.db.raw().await)
        .await
        .unwrap()
}

async fn a_persons_language_comes_from_their_first_visit_and_their_profile(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.browser();
    let sign_in = |language: &'static str| {
        let carla = carla.clone();
        async move {
            let form = [
                ("email", "carla@mueller.example"),
                ("password", DEMO_PASSWORD),
                ("next", ""),
            ];
            let answer = carla.call_in(language, "sign_in", &form).await;
            assert!(answer.text().await.unwrap().contains("SignedIn"));
        }
    };
    // Unknown until Carla first signs in, from a German browser; a later sign-in from
    // an English one does not change it.
    assert_eq!(stored_language(&app, "carla@mueller.example").await, None);
    sign_in("de-DE,de;q=0.9").await;
    assert_eq!(
        stored_language(&app, "carla@mueller.example")
            .await
            .as_deref(),
        Some("de")
    );
    sign_in("en").await;
    assert_eq!(
        stored_language(&app, "carla@mueller.example")
            .await
            .as_deref(),
        Some("de")
    );
    let profile = carla.ok("profile", &[]).await;
    assert_eq!(profile["language"], "De", "{profile}");
    assert_eq!(
        profile["spending"],
        serde_json::Value::Null,
        "Carla does not order"
    );

    // Her reset mail is in her language, whatever browser asks for it.
    app.browser()
        .call_in("en", "request_reset", &[("email", "carla@mueller.example")])
        .await;
    let carla_id = app.user_id("carla@mueller.example").await;
    let resets = outbox_mails(&app, &format!("user/{carla_id}/reset")).await;
    assert_eq!(resets.len(), 1, "{resets:?}");
    assert_eq!(resets[0].1, "Passwort zurücksetzen");

    // A language the portal does not speak is a problem at the field; nothing changes.
    let refused = carla.ok("set_language", &[("language", "fr")]).await;
    assert_eq!(refused["Invalid"][0][0], "language", "{refused}");
    assert_eq!(
        stored_language(&app, "carla@mueller.example")
            .await
            .as_deref(),
        Some("de")
    );
    // English from now on: stored, audited, and the portal's cookie follows.
    let saved = carla.call("set_language", &[("language", "en")]).await;
    let cookie = saved
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("kontor_lang=en;"), "{cookie}");
    assert_eq!(
        saved.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({ "Saved": "En" })
    );
    assert_eq!(
        stored_language(&app, "carla@mueller.example")
            .await
            .as_deref(),
        Some("en")
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.language_changed' AND target = $1", &format!("user:{carla_id}")).await,
        1
    );
    // Choosing it again is no change (and no second audit entry).
    carla.ok("set_language", &[("language", "en")]).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.language_changed' AND target = $1", &format!("user:{carla_id}")).await,
        1
    );

    // An invited person gets the language of the browser that accepts the invitation.
    let token = invite_paula(&app).await;
    let form = [
        ("token", token.as_str()),
        ("reset", "false"),
        ("password", "Hydraulik ist mein Leben"),
        ("repeat", "Hydraulik ist mein Leben"),
    ];
    let accepted = app.browser().call_in("de", "set_password", &form).await;
    assert_eq!(accepted.text().await.unwrap(), "\"Done\"");
    assert_eq!(
        stored_language(&app, "paula@mueller.example")
            .await
            .as_deref(),
        Some("de")
    );

    // A purchaser's profile shows their limits and who approves above them.
    let egon = app.signed_in("egon@mueller.example").await;
    let spending = &egon.ok("profile", &[]).await["spending"];
    assert_eq!(
        spending["headroom"]["per_order_limit"], 500_000,
        "{spending}"
    );
    assert_eq!(
        spending["approver"],
        serde_json::json!({ "Person": "Hannah Becker" })
    );
    app.stop().await;
}

/// A request reads its session and the session's user (with the header's count of
/// unread notifications) in one statement: the user comes back with a signed-in
/// session exactly as the separate lookup reads it; a session without a user, or whose
/// user is gone, comes back without one; an ended session not at all.
async fn a_session_is_read_with_its_user_and_their_unread_count(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let store = &app.kontor_store;
    // Hannah approves: the demo leaves her unread notifications, so the count is seen.
    let hannah = app.user_id("hannah@mueller.example").await;
    let now = kontor_store::now_ms();
    let later = now + 60_000;
    for (id, user, ends) in [
        ("with-user", Some(hannah.as_str()), later),
        ("anonymous", None, later),
        ("user-gone", Some("no-such-user"), later),
        ("idle-ended", Some(hannah.as_str()), now - 1),
    ] {
        let data = format!("{{\"session\":\"{id}\"}}");
        assert!(
            store
                .session_create(id, user, &data, now, ends)
                .await
                .unwrap()
        );
    }
    let started_after = now - 1;

    let loaded = store
        .session_load("with-user", now, started_after)
        .await
        .unwrap()
        .expect("a live session");
    assert_eq!(loaded.data, r#"{"session":"with-user"}"#);
    assert_eq!(loaded.expires_at, later);
    let user = loaded.user.expect("the session's user");
    assert_eq!(
        Some(&user),
        store.session_user(&hannah).await.unwrap().as_ref()
    );
    let (record, unread) = user;
    assert_eq!(record.email, "hannah@mueller.example");
    assert!(unread > 0, "the demo leaves Hannah unread notifications");
    assert_eq!(
        unread,
        store.unread_notifications(&record.email).await.unwrap()
    );

    for id in ["anonymous", "user-gone"] {
        let loaded = store
            .session_load(id, now, started_after)
            .await
            .unwrap()
            .expect("a live session");
        assert_eq!(loaded.data, format!("{{\"session\":\"{id}\"}}"));
        assert!(loaded.user.is_none(), "{id}");
    }
    // Idle too long; begun before the absolute timeout's start; never existed.
    for (id, started_after) in [
        ("idle-ended", started_after),
        ("with-user", now),
        ("no-such-session", started_after),
    ] {
        let loaded = store.session_load(id, now, started_after).await.unwrap();
        assert!(loaded.is_none(), "{id}");
    }
    app.stop().await;
}
