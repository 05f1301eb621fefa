//! Catalog query timings at 100,000 products on SQLite, as ratios against a trivial
//! query measured in the same run (the machines are noisy; ratios travel better).
//!
//! `cargo run --release -p kontor-bench [products]` — creates a fresh database in a
//! temporary folder, fills it, and prints p50/p95 per query.
//! `cargo run --release -p kontor-bench -- webhooks [count]` — webhook delivery
//! throughput instead (see `webhooks.rs`); `… -- prices [products]` — only the bulk
//! price upsert (see `prices.rs`); `… -- load [options]` — the whole server under an
//! open-loop mix of customers' operations (see `load/mod.rs`); `… -- relationship
//! [orders]` — a customer's timeline and the analytics' reads at a million orders (see
//! `relationship.rs`).

use kontor_domain::Money;
use kontor_domain::calendar::berlin_day;
use kontor_domain::catalog::Product;
use kontor_domain::pricing::{Agreement, Tier};
use kontor_store::audit::AuditEntry;
use kontor_store::catalog::CatalogQuery;
use kontor_store::conditions::{ChangedBy, PriceChange};
use kontor_store::{Store, now_ms};
use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

/// A named query to time.
type Case<'a> = (
    &'a str,
    Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + 'a>> + 'a>,
);

const CATEGORIES: [&str; 5] = ["pumps", "valves", "spare_parts", "accessories", "hoses"];
const WORDS: [&str; 6] = ["pump", "valve", "seal", "filter", "hose", "gauge"];

mod load;
mod prices;
mod relationship;
mod webhooks;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("load") {
        load::run(&args[2..]).await;
        return;
    }
    if args.get(1).map(String::as_str) == Some("relationship") {
        let count = args
            .get(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        relationship::run(count).await;
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("webhooks") {
        let count = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        webhooks::run(count).await;
        return;
    }
    // `prices [products]`: only the fill and the price upsert.
    let prices_only = std::env::args().nth(1).as_deref() == Some("prices");
    let products: usize = std::env::args()
        .nth(if prices_only { 2 } else { 1 })
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let (store, dir) = fresh_database("kontor-bench").await;
    let (org, user) = seed_people(&store).await;
    let started = Instant::now();
    fill_products(&store, &org, products).await;
    // Agreements for every tenth product.
    let today = berlin_day(now_ms()).0;
    let by = ChangedBy {
        user_id: &user,
        name: "bench",
        tell: &[],
    };
    let mut agreements = Vec::new();
    for i in (0..products).step_by(10) {
        let id = store.product_id_by_sku(&sku(i)).await.unwrap().unwrap();
        agreements.push((id, sku(i)));
    }
    let agreement = Agreement {
        valid_from: today - 1,
        valid_to: None,
        base_price: Money::from_cents(9_000),
        tiers: vec![Tier {
            min_quantity: 10,
            unit_price: Money::from_cents(8_500),
        }],
    };
    for chunk in agreements.chunks(1_000) {
        let changes: Vec<PriceChange<'_>> = chunk
            .iter()
            .map(|(id, sku)| PriceChange {
                product_id: id,
                sku,
                agreement: Some(&agreement),
                from: today - 1,
                effective_at: now_ms(),
            })
            .collect();
        store
            .change_prices(&org, &changes, None, &by, now_ms(), |_| true)
            .await
            .unwrap();
    }
    println!(
        "filled {products} products and {} agreements in {:.1} s",
        agreements.len(),
        started.elapsed().as_secs_f64()
    );
    prices::replace_all(&store, &org, &by, &agreement, &agreements).await;
    if prices_only {
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }

    let query = |words: Vec<String>, category: Option<&'static str>, after: Option<String>| {
        let org = org.clone();
        let store = store.clone();
        async move {
            let q = CatalogQuery {
                organization_id: &org,
                day: today,
                words,
                category,
                after_sku: after.as_deref(),
                include_archived: false,
                limit: 13,
            };
            let rows = store.catalog_page(&q).await.unwrap();
            assert!(!rows.is_empty());
        }
    };
    let baseline = measure("baseline: SELECT 1 (is_reachable)", || {
        let store = store.clone();
        async move {
            assert!(store.is_reachable().await);
        }
    })
    .await;
    let cases: Vec<Case<'_>> = vec![
        (
            "first page, own prices joined",
            Box::new(|| Box::pin(query(vec![], None, None))),
        ),
        (
            "page at SKU 90,000 (keyset)",
            Box::new(|| Box::pin(query(vec![], None, Some(sku(products * 9 / 10))))),
        ),
        (
            "category filter",
            Box::new(|| Box::pin(query(vec![], Some("hoses"), None))),
        ),
        (
            "search, common word",
            Box::new(|| Box::pin(query(vec!["seal".into()], None, None))),
        ),
        (
            "search, two words",
            Box::new(|| Box::pin(query(vec!["pump".into(), "77".into()], None, None))),
        ),
        (
            "search, one match (worst case)",
            Box::new(|| Box::pin(query(vec![sku(products - 3).to_lowercase()], None, None))),
        ),
        (
            "categories list",
            Box::new(|| {
                let s = store.clone();
                Box::pin(async move {
                    s.categories().await.unwrap();
                })
            }),
        ),
        (
            "product by SKU, own price",
            Box::new(|| {
                let s = store.clone();
                let o = org.clone();
                Box::pin(async move {
                    s.catalog_product(&sku(4_242), &o, today)
                        .await
                        .unwrap()
                        .unwrap();
                })
            }),
        ),
    ];
    report(baseline, cases).await;
    orders(&store, &org).await;
    documents(&store, &org).await;
    service_requests(&store, &org).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Order lists at a million orders, the month's spend and placing an order (the
/// store's transaction with the domain's pricing and routing, without mail).
async fn orders(store: &Store, org: &str) {
    use kontor_domain::calendar::berlin_month;
    use kontor_domain::checkout::{Placement, assess, quote};
    use kontor_domain::order::OrderState;
    use kontor_domain::terms::Terms;
    use kontor_store::orders::{NewOrder, OrderQuery, PlaceOutcome, member_of};
    let count: i64 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let (egon, hannah, max, vera) = (
        user(store, "egon@mueller.example").await,
        user(store, "hannah@mueller.example").await,
        user(store, "max@mueller.example").await,
        user(store, "vera@nordhydraulik.example").await,
    );
    let pump = store
        .product_id_by_sku("NH-PMP-1000")
        .await
        .unwrap()
        .unwrap();
    let started = Instant::now();
    store
        .fill_benchmark_orders(
            org,
            &[&egon.id, &hannah.id, &max.id],
            &pump,
            count,
            730,
            now_ms(),
        )
        .await
        .unwrap();
    println!(
        "\nfilled {count} orders in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let page = |q: OrderQuery<'static>| {
        let store = store.clone();
        async move {
            assert!(!store.orders_page(&q).await.unwrap().is_empty());
        }
    };
    let org: &'static str = Box::leak(org.to_string().into_boxed_str());
    let egon_id: &'static str = Box::leak(egon.id.clone().into_boxed_str());
    let vera_id: &'static str = Box::leak(vera.id.clone().into_boxed_str());
    let deep = now_ms() - 657 * 86_400_000;
    let base = OrderQuery {
        organization_id: Some(org),
        limit: 26,
        ..OrderQuery::default()
    };
    let baseline = measure("baseline", || {
        let store = store.clone();
        async move {
            assert!(store.is_reachable().await);
        }
    })
    .await;
    let month = berlin_month(now_ms());
    // The ERP's change feed: a page of 100 with their lines, from the start, from
    // 90 % of the way, and for a client limited to one customer.
    let feed = |after: i64, customers: Option<Vec<String>>| {
        let store = store.clone();
        async move {
            let page = store
                .order_feed(after, 100, customers.as_deref())
                .await
                .unwrap();
            assert_eq!(page.orders.len(), 100);
        }
    };
    let cases: Vec<Case<'_>> = vec![
        (
            "feed: first page of 100",
            Box::new(move || Box::pin(feed(0, None))),
        ),
        (
            "feed: page of 100 at 90 %",
            Box::new(move || Box::pin(feed(count * 9 / 10, None))),
        ),
        (
            "feed: at 90 %, one customer's",
            Box::new(move || Box::pin(feed(count * 9 / 10, Some(vec![org.to_string()])))),
        ),
        (
            "orders: first page",
            Box::new(|| Box::pin(page(base.clone()))),
        ),
        (
            "orders: page at 90 % (keyset)",
            Box::new(|| {
                Box::pin(page(OrderQuery {
                    before: Some((deep, "~")),
                    ..base.clone()
                }))
            }),
        ),
        (
            "orders: one purchaser's",
            Box::new(|| {
                Box::pin(page(OrderQuery {
                    purchaser_id: Some(egon_id),
                    ..base.clone()
                }))
            }),
        ),
        (
            "orders: waiting (1 %)",
            Box::new(|| {
                Box::pin(page(OrderQuery {
                    state: Some(OrderState::PendingApproval),
                    ..base.clone()
                }))
            }),
        ),
        (
            "orders: account manager's customers",
            Box::new(|| {
                Box::pin(page(OrderQuery {
                    organization_id: None,
                    account_manager_id: Some(vera_id),
                    ..base.clone()
                }))
            }),
        ),
        (
            "team spend this month",
            Box::new(|| {
                let s = store.clone();
                Box::pin(async move {
                    s.month_spend(org, month).await.unwrap();
                })
            }),
        ),
    ];
    print_row("baseline: SELECT 1", baseline, baseline.1);
    for (name, run) in cases {
        let timing = measure(name, &run).await;
        print_row(name, timing, baseline.1);
    }
    // Placing: Max (250,000 € limit) orders one pump at a time, approved at once.
    let mut key = 0;
    let mut times = Vec::new();
    for round in 0..320 {
        key += 1;
        let start = Instant::now();
        store
            .add_to_cart(org, &max.id, &[("NH-PMP-1000".into(), 1)], now_ms())
            .await
            .unwrap();
        let now = now_ms();
        let outcome = store
            .place_order(
                org,
                &max.id,
                &format!("k{key}"),
                berlin_day(now).0,
                berlin_month(now),
                now,
                |c| {
                    let members: Vec<_> = c.team.iter().map(member_of).collect();
                    let me = members.iter().find(|m| m.id == max.id).unwrap();
                    let terms = c
                        .terms
                        .as_ref()
                        .map_or_else(Terms::standard, |v| v.terms.clone());
                    let q = quote(&c.cart, &terms, berlin_day(now)).unwrap();
                    let state = match assess(me, &members, &c.cart, &q, &terms, c.spent_this_month)
                    {
                        Placement::ApprovedAtOnce => OrderState::Approved,
                        Placement::NeedsApproval { .. } => OrderState::PendingApproval,
                        Placement::Refused(r) => return Err(r),
                    };
                    Ok(NewOrder {
                        state,
                        purchaser_name: "Max".into(),
                        details: kontor_domain::checkout::OrderDetails {
                            po_number: None,
                            cost_center: None,
                            delivery_address: "Stuttgart".into(),
                            requested_date: None,
                            note: None,
                        },
                        quote: q,
                        chain: Vec::new(),
                        terms_version_id: None,
                        terms,
                        events: Vec::new(),
                        mails: Vec::new(),
                        links: Vec::new(),
                        from_quote: None,
                        audit: AuditEntry {
                            organization_id: org.to_string(),
                            actor_id: Some(max.id.clone()),
                            actor_name: "Max".into(),
                            action: "order.placed".into(),
                            target: String::new(),
                            before: None,
                            after: None,
                        },
                    })
                },
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, PlaceOutcome::Placed { .. }),
            "{outcome:?}"
        );
        if round >= 20 {
            times.push(start.elapsed().as_secs_f64() * 1_000.0);
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let (p50, p99) = (times[times.len() / 2], times[times.len() * 99 / 100]);
    println!(
        "{:<36} {p50:>9.3} {:>9.3} {:>8.1}   (p99 {p99:.3} ms)",
        "place order (cart, limits, audit)",
        times[times.len() * 95 / 100],
        times[times.len() * 95 / 100] / baseline.1
    );
}

/// Document lists of a customer at 100,000 documents for every customer and
/// 20,000 of each customer's own.
async fn documents(store: &Store, org: &str) {
    use kontor_domain::documents::DocumentKind;
    use kontor_store::documents::{DocumentQuery, Reader};
    let egon = user(store, "egon@mueller.example").await;
    let bob = user(store, "bob@becker.example").await;
    let vera = user(store, "vera@nordhydraulik.example").await;
    let started = Instant::now();
    store
        .fill_benchmark_documents(
            &[org, &bob.organization_id],
            &vera.id,
            100_000,
            20_000,
            now_ms(),
        )
        .await
        .unwrap();
    println!(
        "\nfilled 140,000 documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let baseline = measure("baseline", || async {
        store.is_reachable().await;
    })
    .await;
    let reader = Reader::Customer {
        organization_id: org,
        user_id: &egon.id,
        all_orders: true,
    };
    let deep = now_ms() - 90_000 * 60_000;
    let cases: Vec<(&str, DocumentQuery<'_>)> = vec![
        (
            "documents: first page",
            DocumentQuery {
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "documents: page at 90 % (keyset)",
            DocumentQuery {
                before: Some((deep, "")),
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "documents: kind = contract",
            DocumentQuery {
                kind: Some(DocumentKind::Contract),
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "documents: one product's",
            DocumentQuery {
                product_sku: Some("P-050000"),
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "documents: search, 1 match",
            DocumentQuery {
                words: vec!["p-077777".into()],
                limit: 51,
                ..Default::default()
            },
        ),
    ];
    for (name, query) in &cases {
        let timing = measure(name, || async {
            assert!(
                !store
                    .documents_page(reader, query)
                    .await
                    .unwrap()
                    .is_empty()
            );
        })
        .await;
        print_row(name, timing, baseline.1);
    }
    let am = Reader::AccountManager { user_id: &vera.id };
    let timing = measure("am", || async {
        let q = DocumentQuery {
            limit: 51,
            ..Default::default()
        };
        assert!(!store.documents_page(am, &q).await.unwrap().is_empty());
    })
    .await;
    print_row("documents: account manager", timing, baseline.1);
}

/// The service queue and a customer's requests at 200,000 requests (100,000 per
/// customer, a tenth of them open), and opening one (the store's transaction).
async fn service_requests(store: &Store, org: &str) {
    use kontor_domain::business_hours::{BusinessHours, Holidays};
    use kontor_domain::service::due_times;
    use kontor_domain::terms::{Priority, Terms};
    use kontor_store::audit::AuditEntry;
    use kontor_store::service::{NewMessage, NewRequest, RequestQuery, ServiceReader};
    let peter = user(store, "egon@mueller.example").await;
    let bob = user(store, "bob@becker.example").await;
    let vera = user(store, "vera@nordhydraulik.example").await;
    let started = Instant::now();
    store
        .fill_benchmark_service_requests(&[org, &bob.organization_id], &peter.id, 100_000, now_ms())
        .await
        .unwrap();
    println!(
        "\nfilled 200,000 service requests in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let baseline = measure("baseline", || async {
        store.is_reachable().await;
    })
    .await;
    let cases: Vec<(&str, ServiceReader<'_>, RequestQuery<'_>)> = vec![
        (
            "service: queue, active, due first",
            ServiceReader::AllCustomers,
            RequestQuery {
                active: true,
                by_due: true,
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "service: queue, one customer, high",
            ServiceReader::AllCustomers,
            RequestQuery {
                active: true,
                priority: Some("high"),
                customer_id: Some(org),
                by_due: true,
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "service: queue, every status",
            ServiceReader::AllCustomers,
            RequestQuery {
                assignee: Some(""),
                by_due: true,
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "service: account manager's queue",
            ServiceReader::AccountManager { user_id: &vera.id },
            RequestQuery {
                active: true,
                by_due: true,
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "service: customer's list, newest",
            ServiceReader::Customer {
                organization_id: org,
            },
            RequestQuery {
                limit: 51,
                ..Default::default()
            },
        ),
        (
            "service: customer's list at 90 %",
            ServiceReader::Customer {
                organization_id: org,
            },
            RequestQuery {
                after: Some((now_ms() - 90_000 * 60_000, "")),
                limit: 51,
                ..Default::default()
            },
        ),
    ];
    for (name, reader, query) in &cases {
        let timing = measure(name, || async {
            assert!(
                !store
                    .service_requests_page(*reader, query)
                    .await
                    .unwrap()
                    .is_empty()
            );
        })
        .await;
        print_row(name, timing, baseline.1);
    }
    let terms = Terms::standard();
    let holidays = Holidays::german(Vec::new());
    let hours = BusinessHours {
        start_hour: 8,
        end_hour: 17,
        holidays: &holidays,
    };
    let timing = measure("open", || async {
        let now = now_ms();
        let id = kontor_store::new_id();
        let request = NewRequest {
            id: id.clone(),
            organization_id: org.to_string(),
            kind: "technical",
            priority: "high",
            subject: "Bench".into(),
            opened_by: peter.id.clone(),
            opened_by_name: peter.display_name.clone(),
            order_id: None,
            order_line_no: None,
            product_id: None,
            quantity: None,
            opened_at: now,
            due: due_times(now, &terms, Priority::High, &hours),
        };
        let first = NewMessage {
            id: kontor_store::new_id(),
            author_id: Some(peter.id.clone()),
            author_name: peter.display_name.clone(),
            side: "customer",
            internal: false,
            body: "Bench".into(),
            status_after: Some("open"),
            attachments: Vec::new(),
        };
        let audit = AuditEntry {
            organization_id: org.to_string(),
            actor_id: Some(peter.id.clone()),
            actor_name: peter.display_name.clone(),
            action: "service.opened".into(),
            target: format!("service_request:{id}"),
            before: None,
            after: None,
        };
        store
            .open_request(&request, &first, &[], &audit)
            .await
            .unwrap();
    })
    .await;
    print_row("service: open a request", timing, baseline.1);
}

/// A new SQLite database, migrated, in a temporary folder of its own (removed by the
/// caller at the end).
async fn fresh_database(prefix: &str) -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

/// The server's context over a benchmark's database, as the server builds it from
/// its configuration: files under `dir`, a fixed secret key, and `extra` settings.
fn server_context(
    store: &Store,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> kontor_app::server::ServerContext {
    let files = format!("file://{}/files", dir.display());
    let settings = [
        ("KONTOR_DATABASE_URL", "sqlite::memory:"),
        ("KONTOR_FILES_URL", files.as_str()),
        (
            "KONTOR_SECRET_KEY",
            "benchmark-secret-key-benchmark-secret-key",
        ),
    ];
    let config = kontor::config::Config::load(|key| {
        extra
            .iter()
            .chain(settings.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    kontor::server_context(
        &config,
        store.clone(),
        kontor::open_files(&config).unwrap(),
        Default::default(),
    )
}

/// Times each case and prints the table: its header, the baseline, a row per case.
async fn report(baseline: (f64, f64), cases: Vec<Case<'_>>) {
    println!(
        "{:<36} {:>9} {:>9} {:>8}",
        "query", "p50 ms", "p95 ms", "p95/base"
    );
    print_row("baseline: SELECT 1", baseline, baseline.1);
    for (name, run) in cases {
        let timing = measure(name, &run).await;
        print_row(name, timing, baseline.1);
    }
}

fn print_row(name: &str, (p50, p95): (f64, f64), base_p95: f64) {
    println!("{name:<36} {p50:>9.3} {p95:>9.3} {:>8.1}", p95 / base_p95);
}

async fn measure<F, Fut>(_name: &str, run: F) -> (f64, f64)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..20 {
        run().await;
    }
    let mut times: Vec<f64> = Vec::new();
    for _ in 0..300 {
        let start = Instant::now();
        run().await;
        times.push(start.elapsed().as_secs_f64() * 1_000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[times.len() * 95 / 100])
}

/// Imports `products` generated products (SKUs `P-000000`…) as the vendor's import does.
pub(crate) async fn fill_products(store: &Store, organization_id: &str, products: usize) {
    let entry = AuditEntry {
        organization_id: organization_id.to_string(),
        actor_id: None,
        actor_name: "bench".into(),
        action: String::new(),
        target: String::new(),
        before: None,
        after: None,
    };
    for chunk in (0..products).collect::<Vec<_>>().chunks(5_000) {
        let batch: Vec<Product> = chunk.iter().map(|&i| product(i)).collect();
        store
            .import_products(&batch, &entry, now_ms())
            .await
            .unwrap();
    }
}

fn sku(i: usize) -> String {
    format!("P-{i:06}")
}

fn product(i: usize) -> Product {
    let word = WORDS[i % WORDS.len()];
    Product {
        sku: sku(i),
        name_en: format!("Hydraulic {word} type {i}"),
        name_de: format!("Hydraulik-{word} Typ {i}"),
        description_en: String::new(),
        description_de: String::new(),
        category: CATEGORIES[i % CATEGORIES.len()].into(),
        unit: "pc".into(),
        list_price: Money::from_cents(10_000 + (i as i64 % 50_000)),
        stock: (i % 100) as i64,
        lead_time_days: (i % 30) as i64,
    }
}

async fn user(store: &Store, email: &str) -> kontor_store::accounts::UserRecord {
    store.user_by_email(email).await.unwrap().unwrap()
}

/// The demo organizations and people: Müller's prices are recorded by Vera.
async fn seed_people(store: &Store) -> (String, String) {
    store.seed_demo("not-a-real-hash", now_ms()).await.unwrap();
    let egon = user(store, "egon@mueller.example").await;
    let vera = user(store, "vera@nordhydraulik.example").await;
    (egon.organization_id, vera.id)
}
