//! The relationship pages at scale: a customer with 1,000,000 orders over two years
//! (each with its audit entry, every tenth with a mail) among 10,000 customers, and
//! the reads behind its timeline and the analytics pages, as ratios against
//! `SELECT 1` in the same run.
//!
//! `cargo run --release -p kontor-bench -- relationship [orders]`

use crate::{Case, measure, seed_people, user};
use kontor_domain::analytics::Month;
use kontor_domain::timeline::{Kind, Position};
use kontor_store::analytics::Customers;
use kontor_store::now_ms;
use kontor_store::timeline::TimelineQuery;
use std::time::Instant;

pub async fn run(count: i64) {
    let (store, dir) = crate::fresh_database("kontor-bench-rel").await;
    let (org, _) = seed_people(&store).await;
    let egon = user(&store, "egon@mueller.example").await;
    let vera = user(&store, "vera@nordhydraulik.example").await;
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
    // The analytics read their period's orders added up per month (and state,
    // purchaser, …) by the database: still a walk over every order of the period, so a
    // few runs each (the median and the slowest).
    let last = Month::of(now);
    let mut first_month = last;
    for _ in 0..23 {
        first_month = first_month.previous();
    }
    let mut year_start = last;
    for _ in 0..11 {
        year_start = year_start.previous();
    }
    let period = (first_month.starts_at(), last.next().starts_at());
    let year = (year_start.starts_at(), last.next().starts_at());
    let few = |name: &str, times: &mut Vec<f64>| {
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{name:<36} {:>9.1} {:>9.1} {:>8.0}   (median and slowest of {} runs, ms)",
            times[times.len() / 2],
            times[times.len() - 1],
            times[times.len() - 1] / baseline.1,
            times.len()
        );
    };
    let mut spend = Vec::new();
    let mut decisions = Vec::new();
    let mut revenue = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let lines = store.spend_lines(org, period).await.unwrap();
        spend.push(t.elapsed().as_secs_f64() * 1_000.0);
        // Added up per month, state, purchaser, cost center and category.
        assert!(!lines.is_empty() && (lines.len() as i64) < count);
        let t = Instant::now();
        store.approval_decisions(org, period).await.unwrap();
        decisions.push(t.elapsed().as_secs_f64() * 1_000.0);
        let t = Instant::now();
        store
            .customer_orders(Customers::ManagedBy(&vera.id), year)
            .await
            .unwrap();
        revenue.push(t.elapsed().as_secs_f64() * 1_000.0);
    }
    few("analytics: spend lines, 24 months", &mut spend);
    few("analytics: approval decisions", &mut decisions);
    few("vendor analytics: orders, 12 months", &mut revenue);
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
