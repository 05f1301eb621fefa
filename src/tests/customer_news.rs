//! The customer hears what the vendor did for it: new terms or prices reach the
//! people who order, pay or run the account; a document published for the
//! organization (or a new version) reaches everyone who may see it — for an
//! order's document only who sees that order. Each in their language, as each
//! chose for the kind (or as the organization's default says). On both databases.

use crate::conditions::terms_form;
use crate::documents::{pdf, stored_outcome};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    new_terms_and_prices_reach_who_orders_pays_or_runs_the_account,
    a_document_for_the_organization_reaches_who_may_see_it
);

/// (recipient, subject, delivery) of the outbox rows whose key starts `prefix`.
async fn told(app: &TestApp, prefix: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT recipient, subject, delivery FROM outbox WHERE dedupe_key LIKE $1
          ORDER BY recipient, created_at",
    )
    .bind(format!("{prefix}%"))
    .fetch_all(&mut app.db.raw().await)
    .await
    .unwrap()
}

fn recipients(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|(r, _, _)| r.as_str()).collect()
}

async fn new_terms_and_prices_reach_who_orders_pays_or_runs_the_account(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("frieda@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    // Frieda (finance) wants these only in her digest.
    let frieda = app.signed_in("frieda@mueller.example").await;
    frieda
        .ok(
            "set_notifications",
            &[("kinds[terms_changes]", "digest"), ("digest_hour", "7")],
        )
        .await;
    let prefix = format!("terms/{mueller}/");

    // A refused change tells nobody.
    let refused = vera
        .ok(
            "save_terms",
            &terms_form(&mueller, &[("payment_net_days", "-3")]),
        )
        .await;
    assert!(refused.get("Invalid").is_some(), "{refused}");
    assert!(told(&app, &prefix).await.is_empty());

    let form = terms_form(
        &mueller,
        &[("payment_net_days", "45"), ("reason", "Renegotiated")],
    );
    assert!(vera.ok("save_terms", &form).await.get("Recorded").is_some());
    let rows = told(&app, &prefix).await;
    // Admin, purchasers and finance; not the approver-only Max, not the viewers.
    assert_eq!(
        recipients(&rows),
        vec![
            "carla@mueller.example",
            "egon@mueller.example",
            "frieda@mueller.example",
            "hannah@mueller.example",
        ]
    );
    let of = |who: &str| rows.iter().find(|(r, _, _)| r == who).unwrap().clone();
    assert_eq!(
        of("egon@mueller.example").1,
        "Your terms with Nordhydraulik have changed (Maschinenbau Müller GmbH)"
    );
    assert!(
        of("hannah@mueller.example")
            .1
            .starts_with("Ihre Konditionen")
    );
    assert_eq!(of("frieda@mueller.example").2, "digest");
    assert_eq!(of("egon@mueller.example").2, "now");
    let body: String = sqlx::query_scalar(
        "SELECT body_text FROM outbox WHERE dedupe_key LIKE $1 AND recipient = 'egon@mueller.example'",
    )
    .bind(format!("{prefix}%"))
    .fetch_one(&mut app.db.raw().await)
    .await
    .unwrap();
    assert!(body.contains("Reason: Renegotiated"), "{body}");
    assert!(body.contains("/customer/terms"), "{body}");
    // It shows in the header's list, leading to the terms.
    let egon = app.signed_in("egon@mueller.example").await;
    let list = egon.ok("notifications", &[]).await;
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["href"] == "/customer/terms"),
        "{list}"
    );

    // One price: a second round of four mails.
    let price = vera
        .ok(
            "save_price",
            &[
                ("organization_id", mueller.as_str()),
                ("sku", "NH-PMP-1000"),
                ("base_price", "1.100,00"),
                ("tiers", "50: 1.050,00"),
            ],
        )
        .await;
    assert!(price.get("Recorded").is_some(), "{price}");
    assert_eq!(told(&app, &prefix).await.len(), 8);
}

async fn a_document_for_the_organization_reaches_who_may_see_it(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    // Müller's admin makes "new documents" a digest matter for everyone …
    let carla = app.signed_in("carla@mueller.example").await;
    assert_eq!(
        carla
            .ok(
                "set_notification_defaults",
                &[("kinds[new_documents]", "digest")]
            )
            .await,
        "Saved"
    );
    // … but Ingo wants them at once.
    let ingo = app.signed_in("ingo@mueller.example").await;
    ingo.ok(
        "set_notifications",
        &[("kinds[new_documents]", "now"), ("digest_hour", "7")],
    )
    .await;

    // A manual for every customer is news for nobody in particular.
    let manual = stored_outcome(
        admin
            .upload(
                &[
                    ("title_en", "Operating manual AP-71"),
                    ("kind", "manual"),
                    ("visibility", "all"),
                ],
                Some(("manual.pdf", pdf("Manual"))),
            )
            .await,
    )
    .await;
    let manual = manual["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(told(&app, &format!("document/{manual}/")).await.is_empty());

    // A contract for Müller: everyone there who has an account hears of it.
    let contract = stored_outcome(
        vera.upload(
            &[
                ("title_en", "Service contract 2027"),
                ("title_de", "Servicevertrag 2027"),
                ("kind", "contract"),
                ("visibility", &mueller),
            ],
            Some(("contract.pdf", pdf("Contract"))),
        )
        .await,
    )
    .await;
    let contract = contract["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let rows = told(&app, &format!("document/{contract}/")).await;
    let everyone = recipients(&rows);
    for who in [
        "carla@mueller.example",
        "egon@mueller.example",
        "hannah@mueller.example",
        "ingo@mueller.example",
        "max@mueller.example",
    ] {
        assert!(everyone.contains(&who), "{who}: {everyone:?}");
    }
    let of = |rows: &[(String, String, String)], who: &str| {
        rows.iter().find(|(r, _, _)| r == who).unwrap().clone()
    };
    assert_eq!(
        of(&rows, "hannah@mueller.example").1,
        "Neues Dokument für Maschinenbau Müller GmbH: Servicevertrag 2027"
    );
    assert_eq!(of(&rows, "egon@mueller.example").2, "digest");
    assert_eq!(of(&rows, "ingo@mueller.example").2, "now");

    // A new version is news again.
    let version = stored_outcome(
        vera.upload(
            &[("document_id", &contract)],
            Some(("contract-b.pdf", pdf("Contract B"))),
        )
        .await,
    )
    .await;
    assert_eq!(version["Stored"]["version"], 2);
    let rows = told(&app, &format!("document/{contract}/")).await;
    assert_eq!(rows.len(), 2 * everyone.len());
    assert!(
        rows.iter()
            .any(|(r, s, _)| r == "egon@mueller.example" && s.starts_with("New version")),
        "{rows:?}"
    );

    // An invoice of Hannah's order #3: not for Egon, who sees only his own orders.
    let invoice = stored_outcome(
        vera.upload(
            &[
                ("title_en", "Invoice 2026-131"),
                ("kind", "invoice"),
                ("visibility", &mueller),
                ("order", "3"),
            ],
            Some(("invoice.pdf", pdf("Invoice"))),
        )
        .await,
    )
    .await;
    let invoice = invoice["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let rows = told(&app, &format!("document/{invoice}/")).await;
    let told_of_invoice = recipients(&rows);
    assert!(
        told_of_invoice.contains(&"hannah@mueller.example"),
        "{told_of_invoice:?}"
    );
    assert!(
        told_of_invoice.contains(&"frieda@mueller.example"),
        "{told_of_invoice:?}"
    );
    assert!(
        !told_of_invoice.contains(&"egon@mueller.example"),
        "{told_of_invoice:?}"
    );
}
