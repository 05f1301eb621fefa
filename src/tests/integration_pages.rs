//! The vendor admins' integration pages: what their forms do, through the server
//! functions the pages call — on both databases.

use crate::api::{Contract, Erp};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use serde_json::Value;

on_both_backends!(vendor_admins_manage_clients_and_endpoints_from_their_page);

fn secret_of(outcome: &Value) -> String {
    outcome["Shown"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("no secret shown: {outcome}"))
        .to_string()
}

fn problems(outcome: &Value) -> Vec<(String, String)> {
    outcome["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("not invalid: {outcome}"))
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect()
}

async fn vendor_admins_manage_clients_and_endpoints_from_their_page(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let contract = Contract::load(&app).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let becker = app.organization_id("bob@becker.example").await;

    // A form with nothing right names every field, and creates nothing.
    let refused = admin
        .ok(
            "api_client_create",
            &[("name", " "), ("expires_in_days", "soon")],
        )
        .await;
    let found = problems(&refused);
    for field in ["name", "scopes", "expires_in_days"] {
        assert!(found.iter().any(|(f, _)| f == field), "{field}: {found:?}");
    }
    assert_eq!(
        admin.ok("integrations", &[]).await["clients"],
        Value::Array(vec![])
    );

    // A client for the PIM, reading the catalog, limited to Becker, for 30 days: its
    // token (shown once) works against the API.
    let customer_box = format!("customers[c-{becker}]");
    let created = admin
        .ok(
            "api_client_create",
            &[
                ("name", "PIM"),
                ("scopes[catalog:read]", "on"),
                (customer_box.as_str(), "on"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    let token = secret_of(&created);
    let pim = Erp::new(&app, &contract, &token);
    assert_eq!(pim.get("/api/v1/products").await.status, 200);
    assert_eq!(
        pim.get("/api/v1/orders").await.status,
        403,
        "only its scopes"
    );
    let listed = admin.ok("integrations", &[]).await;
    let row = &listed["clients"][0];
    assert_eq!(row["name"], "PIM");
    assert_eq!(row["status"], "Active");
    assert_eq!(
        row["customers"],
        serde_json::json!(["Becker Fördertechnik KG"])
    );
    assert!(row["expires_at"].is_i64());
    assert!(token.starts_with(row["token_hint"].as_str().unwrap()));
    assert!(
        !listed.to_string().contains(&token),
        "the list never shows a token"
    );
    let page = admin
        .page("/vendor/integrations")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("PIM") && !page.contains(&token),
        "the page lists it"
    );

    // A new token: the old one stops, the new one works; revoking stops it too.
    let client_id = row["id"].as_str().unwrap().to_string();
    let rotated = secret_of(
        &admin
            .ok("api_client_rotate", &[("client_id", &client_id)])
            .await,
    );
    assert_eq!(pim.get("/api/v1/products").await.status, 401);
    let pim = Erp::new(&app, &contract, &rotated);
    assert_eq!(pim.get("/api/v1/products").await.status, 200);
    assert_eq!(
        admin
            .ok("api_client_revoke", &[("client_id", &client_id)])
            .await,
        true
    );
    assert_eq!(pim.get("/api/v1/products").await.status, 401);
    assert_eq!(
        admin.ok("integrations", &[]).await["clients"][0]["status"],
        "Revoked"
    );

    // Endpoints: a private address is refused at the field; a public one gets its
    // signing secret once, a delivery log, and can be switched off.
    let private = admin
        .ok(
            "webhook_create",
            &[("url", "https://10.1.2.3/hooks"), ("events[*]", "on")],
        )
        .await;
    assert_eq!(
        problems(&private),
        vec![("url".to_string(), "PrivateAddress".to_string())]
    );
    let nothing = admin
        .ok(
            "webhook_create",
            &[("url", "https://erp.example.com/hooks")],
        )
        .await;
    assert_eq!(
        problems(&nothing),
        vec![("event_types".to_string(), "Required".to_string())]
    );
    let hook = admin
        .ok(
            "webhook_create",
            &[
                ("url", "https://erp.example.com/hooks"),
                ("events[order.placed]", "on"),
                ("events[order.approved]", "on"),
            ],
        )
        .await;
    assert!(secret_of(&hook).starts_with("whsec_"));
    let endpoint = admin.ok("integrations", &[]).await["endpoints"][0].clone();
    assert_eq!(
        endpoint["event_types"],
        serde_json::json!(["order.placed", "order.approved"])
    );
    let endpoint_id = endpoint["id"].as_str().unwrap();
    let log = admin
        .ok("webhook_deliveries", &[("endpoint_id", endpoint_id)])
        .await;
    assert_eq!(log["endpoint"]["enabled"], true);
    admin
        .ok(
            "webhook_enable",
            &[("endpoint_id", endpoint_id), ("enabled", "false")],
        )
        .await;
    let log = admin
        .ok("webhook_deliveries", &[("endpoint_id", endpoint_id)])
        .await;
    assert_eq!(log["endpoint"]["enabled"], false);
    // Every step is in the vendor's audit trail.
    for action in [
        "api_client.created",
        "api_client.token_rotated",
        "api_client.revoked",
        "webhook_endpoint.created",
        "webhook_endpoint.disabled",
    ] {
        assert_eq!(
            crate::support::count(
                &app,
                "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                action
            )
            .await,
            1,
            "{action}"
        );
    }
    app.stop().await;
}
