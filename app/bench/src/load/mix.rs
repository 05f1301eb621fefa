//! Who the harness signs in, the operations of the mix, and the open-loop run.
//!
//! Reads are the pages as a browser gets them (server-rendered HTML, compressed as
//! for Chromium); writes go through the server functions the pages' forms call. An operation
//! of several requests (add to cart, look at it, place it) counts as one, timed from
//! its scheduled start to its last byte.

use super::Options;
use super::server::Server;
use super::world::PASSWORD;
use kontor_store::load_world::{load_email, load_order_id};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One signed-in person: their own cookie jar and connections.
pub struct Session {
    client: reqwest::Client,
    base: String,
    organization: i64,
    person: i64,
    /// Set while a write of this person runs: one person does one thing at a time
    /// (two parallel checkouts of one cart would measure nothing real).
    busy: AtomicBool,
    /// The service request this person opened when signing in (replies go there).
    request_id: Option<String>,
}

pub struct Sessions {
    pub purchasers: Vec<Arc<Session>>,
    pub approvers: Vec<Arc<Session>>,
    people: i64,
    orders: i64,
    /// Orders the server acknowledged (`Placed`), and every idempotency key a
    /// placement was attempted with — what the check at the end accounts for.
    pub acknowledged: Mutex<Vec<String>>,
    pub attempted_keys: Mutex<HashSet<String>>,
}

impl Sessions {
    /// Signs in `options.sessions` purchasers of as many organizations (spread over
    /// all of them) and each of those organizations' approver; servers in turn.
    pub async fn sign_in(options: &Options, servers: &[Server]) -> Arc<Sessions> {
        use futures::StreamExt;
        let mut people = Vec::new();
        for s in 0..options.sessions as i64 {
            let organization = s * options.organizations / options.sessions as i64;
            let purchaser = 1 + s % (options.people - 1);
            people.push((organization, purchaser, true));
            people.push((organization, 0, false));
        }
        let signed_in: Vec<(bool, Session)> = futures::stream::iter(people.into_iter().enumerate())
            .map(|(i, (organization, person, is_purchaser))| {
                let base = servers[i / 2 % servers.len()].base.clone();
                async move {
                    let session = Session::sign_in(base, organization, person, is_purchaser).await;
                    (is_purchaser, session)
                }
            })
            .buffer_unordered(8)
            .collect()
            .await;
        let mut sessions = Sessions {
            purchasers: Vec::new(),
            approvers: Vec::new(),
            people: options.people,
            orders: options.orders,
            acknowledged: Mutex::default(),
            attempted_keys: Mutex::default(),
        };
        for (is_purchaser, session) in signed_in {
            if is_purchaser {
                sessions.purchasers.push(Arc::new(session));
            } else {
                sessions.approvers.push(Arc::new(session));
            }
        }
        Arc::new(sessions)
    }
}

impl Session {
    /// This person's HTTP client, with their session's cookie.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    async fn sign_in(base: String, organization: i64, person: i64, opens_request: bool) -> Session {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let mut session = Session {
            client,
            base,
            organization,
            person,
            busy: AtomicBool::new(false),
            request_id: None,
        };
        let email = load_email(organization, person);
        let outcome = session
            .call(
                "sign_in",
                &[("email", &email), ("password", PASSWORD), ("next", "")],
            )
            .await
            .unwrap_or_else(|e| panic!("signing in {email}: {e}"));
        assert!(outcome.get("SignedIn").is_some(), "{email}: {outcome}");
        if opens_request {
            let opened = session
                .call(
                    "open_service_request",
                    &[
                        ("kind", "technical"),
                        ("priority", "normal"),
                        ("subject", "Pump loses pressure"),
                        (
                            "description",
                            "After an hour at full load the pressure drops.",
                        ),
                    ],
                )
                .await
                .unwrap_or_else(|e| panic!("{email} opening a request: {e}"));
            session.request_id = opened["Done"]["id"].as_str().map(str::to_string);
            assert!(session.request_id.is_some(), "{email}: {opened}");
        }
        session
    }

    /// A server function, answered 200 with JSON.
    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Result<Value, String> {
        let response = self
            .client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .header("accept-language", "en")
            .form(form)
            .send()
            .await
            .map_err(|e| format!("{endpoint}: {e}"))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| format!("{endpoint}: {e}"))?;
        if status != 200 {
            return Err(format!("{endpoint}: {status}"));
        }
        serde_json::from_str(&body).map_err(|e| format!("{endpoint}: {e}"))
    }

    /// A page as a browser asks for it (Chromium's encodings; the bytes are read, not
    /// decoded).
    async fn page(&self, path: &str) -> Result<(), String> {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .header("accept-encoding", super::BROWSER_ENCODINGS)
            .header("accept-language", "en")
            .send()
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        let status = response.status();
        response
            .bytes()
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        if status != 200 {
            return Err(format!("GET {path}: {status}"));
        }
        Ok(())
    }

    /// Takes this person for a write; false when they are doing one already.
    fn take(&self) -> bool {
        !self.busy.swap(true, Ordering::AcqRel)
    }

    fn release(&self) {
        self.busy.store(false, Ordering::Release);
    }
}

/// The operations of the mix and their share in thousandths (90 % reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    Catalog,
    Search,
    Orders,
    Order,
    Approvals,
    Documents,
    PlaceOrder,
    Decide,
    Reply,
}

const MIX: [(Operation, u32); 9] = [
    (Operation::Catalog, 300),
    (Operation::Search, 150),
    (Operation::Orders, 150),
    (Operation::Order, 150),
    (Operation::Approvals, 80),
    (Operation::Documents, 70),
    (Operation::PlaceOrder, 60),
    (Operation::Decide, 25),
    (Operation::Reply, 15),
];

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Catalog => "catalog page (own prices)",
            Operation::Search => "catalog search",
            Operation::Orders => "order list",
            Operation::Order => "one order",
            Operation::Approvals => "approvals inbox",
            Operation::Documents => "documents list",
            Operation::PlaceOrder => "add to cart + place order",
            Operation::Decide => "approve / reject",
            Operation::Reply => "reply to a service request",
        }
    }

    pub fn is_page(self) -> bool {
        !matches!(
            self,
            Operation::PlaceOrder | Operation::Decide | Operation::Reply
        )
    }

    fn pick(rng: &mut StdRng) -> Operation {
        let mut roll = rng.gen_range(0..1000);
        for (operation, share) in MIX {
            if roll < share {
                return operation;
            }
            roll -= share;
        }
        Operation::Catalog
    }

    async fn run(self, sessions: &Sessions, seed: u64) -> Result<(), String> {
        let mut rng = StdRng::seed_from_u64(seed);
        let purchaser = &sessions.purchasers[rng.gen_range(0..sessions.purchasers.len())];
        let approver = &sessions.approvers[rng.gen_range(0..sessions.approvers.len())];
        const WORDS: [&str; 6] = ["pump", "valve", "seal", "filter", "hose", "gauge"];
        match self {
            Operation::Catalog => purchaser.page("/catalog").await,
            Operation::Search => {
                let word = WORDS[rng.gen_range(0..WORDS.len())];
                let number = rng.gen_range(10..100);
                purchaser.page(&format!("/catalog?q={word}+{number}")).await
            }
            Operation::Orders => purchaser.page("/orders").await,
            Operation::Order => {
                // One of this purchaser's own orders from the history.
                let own = (sessions.orders - purchaser.person) / (sessions.people - 1);
                if own < 1 {
                    return purchaser.page("/orders").await;
                }
                let i = purchaser.person - 1 + rng.gen_range(0..own) * (sessions.people - 1);
                let id = load_order_id(purchaser.organization, i);
                purchaser.page(&format!("/orders/{id}")).await
            }
            Operation::Approvals => approver.page("/approvals").await,
            Operation::Documents => purchaser.page("/documents").await,
            Operation::PlaceOrder => {
                let Some(session) = free(&sessions.purchasers, &mut rng) else {
                    return Err("every purchaser is busy".into());
                };
                let placed = place_order(session, sessions, &mut rng).await;
                session.release();
                placed
            }
            Operation::Decide => {
                let Some(session) = free(&sessions.approvers, &mut rng) else {
                    return Err("every approver is busy".into());
                };
                let decided = decide(session, &mut rng).await;
                session.release();
                decided
            }
            Operation::Reply => {
                let Some(session) = free(&sessions.purchasers, &mut rng) else {
                    return Err("every purchaser is busy".into());
                };
                let id = session.request_id.clone().unwrap_or_default();
                let replied = session
                    .call(
                        "reply_to_request",
                        &[
                            ("request_id", &id),
                            ("body", "Still losing pressure today."),
                        ],
                    )
                    .await;
                session.release();
                match replied? {
                    v if v.get("Done").is_some() => Ok(()),
                    other => Err(format!("reply: {other}")),
                }
            }
        }
    }
}

/// A person not busy with a write (a few tries), taken.
fn free<'a>(sessions: &'a [Arc<Session>], rng: &mut StdRng) -> Option<&'a Session> {
    (0..20)
        .map(|_| &sessions[rng.gen_range(0..sessions.len())])
        .find(|s| s.take())
        .map(|s| &**s)
}

async fn place_order(
    session: &Session,
    sessions: &Sessions,
    rng: &mut StdRng,
) -> Result<(), String> {
    let sku = format!("P-{:06}", rng.gen_range(0..1_000));
    let quantity = rng.gen_range(1..=4).to_string();
    let added = session
        .call("add_to_cart", &[("sku", &sku), ("quantity", &quantity)])
        .await?;
    if added != "Changed" {
        return Err(format!("add_to_cart {sku}: {added}"));
    }
    let cart = session.call("cart", &[]).await?;
    let key = cart["idempotency_key"].as_str().unwrap_or_default();
    sessions
        .attempted_keys
        .lock()
        .expect("keys")
        .insert(key.to_string());
    let placed = session
        .call(
            "place_order",
            &[
                ("idempotency_key", key),
                ("po_number", "PO-LOAD"),
                ("delivery_address", "Werkstraße 1, Stuttgart"),
            ],
        )
        .await?;
    let Some(id) = placed["Placed"]["order_id"].as_str() else {
        return Err(format!("place_order: {placed}"));
    };
    sessions
        .acknowledged
        .lock()
        .expect("acknowledged")
        .push(id.to_string());
    Ok(())
}

async fn decide(session: &Session, rng: &mut StdRng) -> Result<(), String> {
    let inbox = session.call("approvals", &[]).await?;
    let Some(order) = inbox["waiting"].as_array().and_then(|w| w.first()) else {
        // Nothing waits: looking was the whole operation.
        return Ok(());
    };
    let id = order["id"].as_str().unwrap_or_default();
    let decision = if rng.gen_range(0..5) == 0 {
        "reject"
    } else {
        "approve"
    };
    let decided = session
        .call(
            "decide_order",
            &[
                ("order_id", id),
                ("step", "0"),
                ("decision", decision),
                ("comment", ""),
            ],
        )
        .await?;
    match decided {
        v if v.get("Decided").is_some() => Ok(()),
        // Someone else decided first (the deputy, another tab): a normal answer.
        v if v == "AlreadyDecided" => Ok(()),
        other => Err(format!("decide_order: {other}")),
    }
}

/// What a run measured: every operation's latency from its scheduled start.
#[derive(Default)]
pub struct Outcome {
    pub latencies_ms: BTreeMap<Operation, Vec<f64>>,
    pub failures: BTreeMap<Operation, Vec<String>>,
    /// When the failed operations were due, seconds from the run's start.
    pub failed_at: Vec<f64>,
    pub scheduled: u64,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.failures.values().map(Vec::len).sum()
    }
}

/// Runs the mix at `rate` operations per second for `duration`, open loop: the n-th
/// operation is due at n / rate whatever the earlier ones are doing.
pub async fn run(
    sessions: &Arc<Sessions>,
    rate: f64,
    duration: Duration,
    _options: &Options,
) -> Outcome {
    let total = (rate * duration.as_secs_f64()).round() as u64;
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let mut rng = StdRng::seed_from_u64(rate.to_bits() ^ duration.as_millis() as u64);
    let start = Instant::now() + Duration::from_millis(20);
    for n in 0..total {
        let due = start + Duration::from_secs_f64(n as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let operation = Operation::pick(&mut rng);
        let seed = rng.r#gen::<u64>();
        let sessions = sessions.clone();
        let sender = sender.clone();
        tokio::spawn(async move {
            let result = operation.run(&sessions, seed).await;
            let _ = sender.send((operation, due, due.elapsed(), result));
        });
    }
    drop(sender);
    let mut outcome = Outcome {
        scheduled: total,
        ..Outcome::default()
    };
    while let Some((operation, due, latency, result)) = receiver.recv().await {
        outcome
            .latencies_ms
            .entry(operation)
            .or_default()
            .push(latency.as_secs_f64() * 1_000.0);
        if let Err(problem) = result {
            outcome.failures.entry(operation).or_default().push(problem);
            outcome
                .failed_at
                .push(due.saturating_duration_since(start).as_secs_f64());
        }
    }
    outcome.elapsed = start.elapsed();
    outcome
}
