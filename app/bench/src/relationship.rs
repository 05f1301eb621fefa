//! The relationship pages at scale: a customer with 1,000,000 orders over two years
//! (each with its audit entry, every tenth with a mail) among 10,000 customers, and
//! the reads behind its timeline and the analytics pages, as ratios against
//! `SELECT 1` in the same run.
//!
//! `cargo run --release -p kontor-bench -- relationship [orders]`

use crate::{Case, measure, seed_people, user};
use kontor_app::server::ServerContext;
use kontor_app::services::{Actor, analytics, timeline, vendor_analytics};
use kontor_domain::Locale;
use kontor_domain::timeline::{Kind, Position};
use kontor_store::now_ms;
use kontor_store::timeline::TimelineQuery;
use std::time::Instant;

pub async fn run(count: i64) {
    let (store, dir) = crate::fresh_database("kontor-bench-rel").await;
    let (org, _) = seed_people(&store).await;
    let egon = user(&store, "egon@mueller.example").await;
    let pump = store
        .product_id_by_sku("NH-PMP-1000")
        .await
        .unwrap()
        .unwrap();
    let started = Instant::now();
    let now = now_ms();
    store
        .fill_benchmark_orders(&org, &[&egon.id], &pump, count, 730, now)
        .await
        .unwrap();
    store
        .fill_benchmark_relationship(
            &org,
            (&egon.id, &egon.display_name),
            &egon.email,
            9_998,
            now,
        )
        .await
        .unwrap();
    println!(
        "filled {count} orders with their audit entries, {} mails and 10,000 customers in {:.1} s",
        count / 10,
        started.elapsed().as_secs_f64()
    );
    let baseline = measure("baseline", || {
        let store = store.clone();
        async move {
            assert!(store.is_reachable().await);
        }
    })
    .await;
    let org: &str = &org;
    let deep = Position {
        at: now - 657 * 86_400_000,
        id: "~".into(),
    };
    let people = store.timeline_people(org).await.unwrap();
    let egon_person = people.iter().find(|p| p.id == egon.id).unwrap().clone();
    let page = |query: TimelineQuery<'static>| {
        let store = store.clone();
        async move {
            let (events, _) = store.timeline_page(org, &query).await.unwrap();
            assert!(!events.is_empty());
        }
    };
    let deep: &'static Position = Box::leak(Box::new(deep));
    let egon_person: &'static _ = Box::leak(Box::new(egon_person));
    let first = TimelineQuery {
        vendor_reader: true,
        limit: 50,
        ..TimelineQuery::default()
    };
    let cases: Vec<Case<'_>> = vec![
        (
            "timeline: first page (vendor)",
            Box::new({
                let first = first.clone();
                move || Box::pin(page(first.clone()))
            }),
        ),
        (
            "timeline: first page (customer)",
            Box::new({
                let q = TimelineQuery {
                    vendor_reader: false,
                    ..first.clone()
                };
                move || Box::pin(page(q.clone()))
            }),
        ),
        (
            "timeline: page at 90 % (position)",
            Box::new({
                let q = TimelineQuery {
                    before: Some(deep),
                    ..first.clone()
                };
                move || Box::pin(page(q.clone()))
            }),
        ),
        (
            "timeline: orders only",
            Box::new({
                let q = TimelineQuery {
                    kind: Some(Kind::Orders),
                    ..first.clone()
                };
                move || Box::pin(page(q.clone()))
            }),
        ),
        (
            "timeline: one person",
            Box::new({
                let q = TimelineQuery {
                    person: Some(egon_person),
                    ..first.clone()
                };
                move || Box::pin(page(q.clone()))
            }),
        ),
        (
            "timeline: mails only",
            Box::new({
                let q = TimelineQuery {
                    kind: Some(Kind::Mails),
                    ..first.clone()
                };
                move || Box::pin(page(q.clone()))
            }),
        ),
    ];
    crate::report(baseline, cases).await;

    // The pages' own operations (what their server functions call, without the HTML):
    // the timeline as the vendor admin reads it, the spend analytics as Hannah (an
    // approver of the customer with the million orders) and the vendor's analytics as
    // its admin (every customer) and as Vera (her customers).
    let context = crate::server_context(&store, &dir, &[]);
    let person = |email: &'static str| {
        let store = store.clone();
        async move { Actor::of_person(user(&store, email).await, Locale::default()) }
    };
    let admin: &'static Actor = Box::leak(Box::new(person("admin@nordhydraulik.example").await));
    let hannah: &'static Actor = Box::leak(Box::new(person("hannah@mueller.example").await));
    let vera: &'static Actor = Box::leak(Box::new(person("vera@nordhydraulik.example").await));
    let ctx: &'static ServerContext = Box::leak(Box::new(context));
    let cases: Vec<Case<'_>> = vec![
        (
            "timeline page (vendor admin)",
            Box::new(move || {
                Box::pin(async move {
                    let request = timeline::Request {
                        organization_id: Some(org),
                        ..timeline::Request::default()
                    };
                    let view = timeline::page(ctx, admin, request).await.unwrap();
                    assert!(!view.items.is_empty());
                })
            }),
        ),
        (
            "spend analytics, 24 months (Hannah)",
            Box::new(move || {
                Box::pin(async move {
                    let report = analytics::spend(ctx, hannah).await.unwrap();
                    assert!(report.months.iter().any(|m| m.spent.cents() > 0));
                })
            }),
        ),
        (
            "vendor analytics (admin: all customers)",
            Box::new(move || {
                Box::pin(async move {
                    vendor_analytics::report(ctx, admin).await.unwrap();
                })
            }),
        ),
        (
            "vendor analytics (Vera: her customers)",
            Box::new(move || {
                Box::pin(async move {
                    vendor_analytics::report(ctx, vera).await.unwrap();
                })
            }),
        ),
    ];
    crate::report(baseline, cases).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
