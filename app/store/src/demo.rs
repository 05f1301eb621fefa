//! Demo data of the product brief: the vendor Nordhydraulik AG, its customers
//! Maschinenbau Müller GmbH and Becker Fördertechnik KG, their people and a catalog.
//! Later capabilities extend it. Seeding is idempotent: a second run changes nothing.

use crate::conditions::{ChangedBy, PriceChange};
use crate::{Result, Store, new_id};
use kontor_domain::calendar::{Day, berlin_day, berlin_start_of_day};
use kontor_domain::pricing::{Agreement, Tier};
use kontor_domain::terms::{Incoterm, ServiceTimes, Terms};
use kontor_domain::{Locale, Money};

/// A demo product's description by category.
fn description(category: &str, locale: Locale) -> &'static str {
    match (category, locale) {
        ("pumps", Locale::En) => {
            "Built for continuous duty in machine tools and presses. Data sheet, CAD model (STEP) and declaration of conformity in the documents."
        }
        ("pumps", Locale::De) => {
            "Für Dauerbetrieb in Werkzeugmaschinen und Pressen. Datenblatt, CAD-Modell (STEP) und Konformitätserklärung bei den Dokumenten."
        }
        ("valves", Locale::En) => {
            "Cetop mounting pattern, tested to 350 bar. Seals in NBR, FKM on request."
        }
        ("valves", Locale::De) => {
            "Cetop-Anschlussbild, geprüft bis 350 bar. Dichtungen aus NBR, FKM auf Anfrage."
        }
        (_, Locale::En) => "Original Nordhydraulik part, fits the current and the previous series.",
        (_, Locale::De) => {
            "Original-Ersatzteil von Nordhydraulik, passend für die aktuelle und die Vorgängerserie."
        }
    }
}

/// A demo customer's conditions: (organization name, account manager, terms, prices as
/// (sku, base price in cents, tiers as (minimum quantity, cents))).
type DemoConditions = (
    &'static str,
    &'static str,
    Terms,
    Vec<(&'static str, i64, Vec<(i64, i64)>)>,
);

fn demo_conditions() -> Vec<DemoConditions> {
    let service = |times: [(u32, u32); 4]| {
        times.map(|(first_response_hours, resolution_hours)| ServiceTimes {
            first_response_hours,
            resolution_hours,
        })
    };
    let mueller = Terms {
        payment_net_days: 30,
        discount_basis_points: 200,
        discount_days: 10,
        incoterm: Incoterm::Dap,
        incoterm_place: "Stuttgart".into(),
        free_freight_threshold: Some(Money::from_cents(250_000)),
        shipping_fee: Money::from_cents(9_500),
        default_lead_time_days: 7,
        minimum_order_value: Money::from_cents(25_000),
        service: service([(2, 8), (4, 16), (8, 40), (16, 80)]),
        business_hours_start: 8,
        business_hours_end: 17,
        notes: Some("Framework agreement 2026, reviewed every January.".into()),
    };
    let becker = Terms {
        payment_net_days: 14,
        discount_basis_points: 0,
        discount_days: 0,
        incoterm: Incoterm::Fca,
        incoterm_place: "Kiel".into(),
        free_freight_threshold: None,
        shipping_fee: Money::from_cents(12_000),
        default_lead_time_days: 10,
        minimum_order_value: Money::from_cents(50_000),
        service: Terms::standard().service,
        business_hours_start: 8,
        business_hours_end: 17,
        notes: None,
    };
    vec![
        (
            "Maschinenbau Müller GmbH",
            "vera@nordhydraulik.example",
            mueller,
            vec![
                ("NH-PMP-1000", 115_000, vec![(50, 109_000)]),
                ("NH-PMP-1020", 37_200, vec![]),
                ("NH-PMP-1030", 51_000, vec![(20, 48_500)]),
            ],
        ),
        (
            "Becker Fördertechnik KG",
            "tim@nordhydraulik.example",
            becker,
            vec![
                ("NH-PMP-1000", 122_000, vec![]),
                ("NH-PMP-1030", 53_500, vec![(10, 52_000)]),
            ],
        ),
    ]
}

pub struct DemoOrganization {
    pub key: &'static str,
    pub kind: &'static str,
    pub name: &'static str,
    pub vat_id: Option<&'static str>,
    pub address: Option<&'static str>,
    /// The e-mail of the vendor's account manager for this customer.
    pub account_manager: Option<&'static str>,
}

pub struct DemoUser {
    pub email: &'static str,
    pub display_name: &'static str,
    pub organization: &'static str,
    pub roles: &'static str,
    pub per_order_limit_cents: Option<i64>,
    pub approver: Option<&'static str>,
    /// The language the person reads; `None`: taken from the browser at their
    /// first sign-in, as for anyone invited.
    pub locale: Option<&'static str>,
    /// How the README and the start-up banner describe this login.
    pub description: &'static str,
}

pub const ORGANIZATIONS: &[DemoOrganization] = &[
    DemoOrganization {
        key: "vendor",
        kind: "vendor",
        name: "Nordhydraulik AG",
        vat_id: Some("DE811111111"),
        address: Some("Hafenstraße 12, 24103 Kiel, Germany"),
        account_manager: None,
    },
    DemoOrganization {
        key: "mueller",
        kind: "customer",
        name: "Maschinenbau Müller GmbH",
        vat_id: Some("DE222222222"),
        address: Some("Industriestraße 5, 70565 Stuttgart, Germany"),
        account_manager: Some("vera@nordhydraulik.example"),
    },
    DemoOrganization {
        key: "becker",
        kind: "customer",
        name: "Becker Fördertechnik KG",
        vat_id: Some("DE333333333"),
        address: Some("Am Kanal 9, 44147 Dortmund, Germany"),
        account_manager: Some("tim@nordhydraulik.example"),
    },
];

pub const USERS: &[DemoUser] = &[
    DemoUser {
        email: "admin@nordhydraulik.example",
        display_name: "Nora Admin",
        organization: "vendor",
        roles: "vendor_admin",
        per_order_limit_cents: None,
        approver: None,
        locale: Some("en"),
        description: "vendor admin",
    },
    DemoUser {
        email: "vera@nordhydraulik.example",
        display_name: "Vera Lindqvist",
        organization: "vendor",
        roles: "account_manager",
        per_order_limit_cents: None,
        approver: None,
        locale: Some("en"),
        description: "account manager for Müller",
    },
    DemoUser {
        email: "tim@nordhydraulik.example",
        display_name: "Tim Brandt",
        organization: "vendor",
        roles: "account_manager",
        per_order_limit_cents: None,
        approver: None,
        locale: Some("en"),
        description: "account manager for Becker",
    },
    DemoUser {
        email: "sam@nordhydraulik.example",
        display_name: "Sam Okafor",
        organization: "vendor",
        roles: "service_agent",
        per_order_limit_cents: None,
        approver: None,
        locale: Some("en"),
        description: "service agent",
    },
    DemoUser {
        email: "carla@mueller.example",
        display_name: "Carla Weber",
        organization: "mueller",
        roles: "admin",
        per_order_limit_cents: None,
        approver: None,
        locale: None,
        description: "customer admin, Müller",
    },
    DemoUser {
        email: "max@mueller.example",
        display_name: "Max Müller",
        organization: "mueller",
        roles: "approver",
        per_order_limit_cents: Some(25_000_000),
        approver: None,
        locale: Some("de"),
        description: "managing director, approver up to 250,000 €",
    },
    DemoUser {
        email: "hannah@mueller.example",
        display_name: "Hannah Becker",
        organization: "mueller",
        roles: "purchaser,approver",
        per_order_limit_cents: Some(5_000_000),
        approver: Some("max@mueller.example"),
        locale: Some("de"),
        description: "head of purchasing, 50,000 €, approver Max",
    },
    DemoUser {
        email: "egon@mueller.example",
        display_name: "Egon Schmidt",
        organization: "mueller",
        roles: "purchaser",
        per_order_limit_cents: Some(500_000),
        approver: Some("hannah@mueller.example"),
        locale: Some("en"),
        description: "purchaser, 5,000 €, approver Hannah",
    },
    DemoUser {
        email: "frieda@mueller.example",
        display_name: "Frieda Wagner",
        organization: "mueller",
        roles: "finance",
        per_order_limit_cents: None,
        approver: None,
        locale: None,
        description: "finance, Müller",
    },
    DemoUser {
        email: "ingo@mueller.example",
        display_name: "Ingo Hoffmann",
        organization: "mueller",
        roles: "viewer",
        per_order_limit_cents: None,
        approver: None,
        locale: None,
        description: "viewer (IT), Müller",
    },
    DemoUser {
        email: "peter@mueller.example",
        display_name: "Peter Krause",
        organization: "mueller",
        roles: "viewer",
        per_order_limit_cents: None,
        approver: None,
        locale: None,
        description: "operations, Müller: service requests",
    },
    DemoUser {
        email: "bob@becker.example",
        display_name: "Bob Becker",
        organization: "becker",
        roles: "admin,purchaser",
        per_order_limit_cents: Some(1_000_000),
        approver: None,
        locale: None,
        description: "admin + purchaser at Becker, 10,000 €",
    },
];

/// (sku, English name, German name, category, unit, list price in cents, stock, lead time days)
pub type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
);

pub const PRODUCTS: &[DemoProduct] = &[
    (
        "NH-PMP-1000",
        "Axial piston pump AP-45, 45 cm³",
        "Axialkolbenpumpe AP-45, 45 cm³",
        "pumps",
        "pc",
        129_000,
        14,
        10,
    ),
    (
        "NH-PMP-1010",
        "Axial piston pump AP-71, 71 cm³",
        "Axialkolbenpumpe AP-71, 71 cm³",
        "pumps",
        "pc",
        184_000,
        6,
        15,
    ),
    (
        "NH-PMP-1020",
        "Gear pump ZP-16, 16 cm³",
        "Zahnradpumpe ZP-16, 16 cm³",
        "pumps",
        "pc",
        41_500,
        42,
        5,
    ),
    (
        "NH-PMP-1030",
        "Gear pump ZP-32, 32 cm³",
        "Zahnradpumpe ZP-32, 32 cm³",
        "pumps",
        "pc",
        56_900,
        31,
        5,
    ),
    (
        "NH-PMP-1040",
        "Vane pump FP-25",
        "Flügelzellenpumpe FP-25",
        "pumps",
        "pc",
        78_000,
        9,
        12,
    ),
    (
        "NH-PMP-1050",
        "Radial piston pump RP-10, 700 bar",
        "Radialkolbenpumpe RP-10, 700 bar",
        "pumps",
        "pc",
        232_000,
        3,
        20,
    ),
    (
        "NH-PMP-1060",
        "Hand pump HP-2",
        "Handpumpe HP-2",
        "pumps",
        "pc",
        18_900,
        60,
        3,
    ),
    (
        "NH-VLV-2000",
        "Directional valve 4/3, NG6, 24 V DC",
        "Wegeventil 4/3, NG6, 24 V DC",
        "valves",
        "pc",
        24_800,
        120,
        4,
    ),
    (
        "NH-VLV-2010",
        "Directional valve 4/3, NG10, 24 V DC",
        "Wegeventil 4/3, NG10, 24 V DC",
        "valves",
        "pc",
        36_500,
        75,
        4,
    ),
    (
        "NH-VLV-2020",
        "Pressure relief valve DB-10, 315 bar",
        "Druckbegrenzungsventil DB-10, 315 bar",
        "valves",
        "pc",
        15_900,
        88,
        4,
    ),
    (
        "NH-VLV-2030",
        "Proportional valve PV-6",
        "Proportionalventil PV-6",
        "valves",
        "pc",
        89_000,
        12,
        14,
    ),
    (
        "NH-VLV-2040",
        "Check valve RV-12",
        "Rückschlagventil RV-12",
        "valves",
        "pc",
        3_450,
        400,
        2,
    ),
    (
        "NH-VLV-2050",
        "Flow control valve SRV-8",
        "Stromregelventil SRV-8",
        "valves",
        "pc",
        12_750,
        95,
        4,
    ),
    (
        "NH-VLV-2060",
        "Pressure reducing valve DM-6",
        "Druckminderventil DM-6",
        "valves",
        "pc",
        19_400,
        40,
        6,
    ),
    (
        "NH-SPR-3000",
        "Seal kit for AP-45",
        "Dichtungssatz für AP-45",
        "spare_parts",
        "set",
        8_450,
        230,
        2,
    ),
    (
        "NH-SPR-3010",
        "Seal kit for AP-71",
        "Dichtungssatz für AP-71",
        "spare_parts",
        "set",
        9_900,
        150,
        2,
    ),
    (
        "NH-SPR-3020",
        "Shaft seal ring 35×52×7",
        "Wellendichtring 35×52×7",
        "spare_parts",
        "pc",
        1_290,
        900,
        1,
    ),
    (
        "NH-SPR-3030",
        "Pressure filter element 10 µm",
        "Druckfilterelement 10 µm",
        "spare_parts",
        "pc",
        4_680,
        340,
        2,
    ),
    (
        "NH-SPR-3040",
        "Return filter element 25 µm",
        "Rücklauffilterelement 25 µm",
        "spare_parts",
        "pc",
        3_120,
        410,
        2,
    ),
    (
        "NH-SPR-3050",
        "Solenoid coil 24 V DC",
        "Magnetspule 24 V DC",
        "spare_parts",
        "pc",
        5_640,
        260,
        2,
    ),
    (
        "NH-SPR-3060",
        "Hydraulic hose DN12, 1 m, 2SN",
        "Hydraulikschlauch DN12, 1 m, 2SN",
        "spare_parts",
        "pc",
        2_790,
        600,
        1,
    ),
    (
        "NH-SPR-3070",
        "Pressure gauge 0–400 bar",
        "Manometer 0–400 bar",
        "spare_parts",
        "pc",
        6_990,
        140,
        3,
    ),
    (
        "NH-ACC-4000",
        "Bladder accumulator 4 l, 330 bar",
        "Blasenspeicher 4 l, 330 bar",
        "accessories",
        "pc",
        61_000,
        18,
        10,
    ),
    (
        "NH-ACC-4010",
        "Power unit PU-5.5 kW",
        "Hydraulikaggregat PU-5,5 kW",
        "accessories",
        "pc",
        745_000,
        2,
        35,
    ),
];

/// What seeding did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded,
    AlreadyPresent,
}

impl Store {
    /// Inserts the demo data unless it is there already. `password_hash` is the argon2
    /// hash every demo login gets (the caller hashes; the store never sees a password).
    pub async fn seed_demo(&self, password_hash: &str, now: i64) -> Result<SeedOutcome> {
        let mut tx = self.begin_write().await?;
        let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(USERS[0].email)
            .fetch_one(&mut *tx)
            .await?;
        if present > 0 {
            return Ok(SeedOutcome::AlreadyPresent);
        }
        let mut org_ids = Vec::new();
        for org in ORGANIZATIONS {
            let id = new_id();
            sqlx::query(
                "INSERT INTO organizations (id, kind, name, status, vat_id, billing_address,
                                            shipping_address, created_at)
                 VALUES ($1, $2, $3, 'active', $4, $5, $5, $6)",
            )
            .bind(&id)
            .bind(org.kind)
            .bind(org.name)
            .bind(org.vat_id)
            .bind(org.address)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if org.kind == "customer" {
                crate::organizations::take_customer_change_seq(&mut tx, &id).await?;
            }
            org_ids.push((org.key, id));
        }
        // USERS lists every approver before the people they approve for.
        let mut user_ids: Vec<(&str, String)> = Vec::new();
        for user in USERS {
            let id = new_id();
            let org_id = &org_ids
                .iter()
                .find(|(key, _)| *key == user.organization)
                .expect("demo org")
                .1;
            let approver_id = user.approver.map(|email| {
                user_ids
                    .iter()
                    .find(|(e, _)| *e == email)
                    .expect("approver seeded first")
                    .1
                    .clone()
            });
            sqlx::query(
                "INSERT INTO users (id, organization_id, email, display_name, password_hash, roles,
                                    per_order_limit_cents, approver_id, active, created_at, locale)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(&id)
            .bind(org_id)
            .bind(user.email)
            .bind(user.display_name)
            .bind(password_hash)
            .bind(user.roles)
            .bind(user.per_order_limit_cents)
            .bind(approver_id)
            .bind(true)
            .bind(now)
            .bind(user.locale)
            .execute(&mut *tx)
            .await?;
            user_ids.push((user.email, id));
        }
        for org in ORGANIZATIONS {
            let Some(manager) = org.account_manager else {
                continue;
            };
            let manager_id = &user_ids
                .iter()
                .find(|(e, _)| *e == manager)
                .expect("demo manager")
                .1;
            let org_id = &org_ids
                .iter()
                .find(|(key, _)| *key == org.key)
                .expect("demo org")
                .1;
            sqlx::query("UPDATE organizations SET account_manager_id = $1 WHERE id = $2")
                .bind(manager_id)
                .bind(org_id)
                .execute(&mut *tx)
                .await?;
        }
        for (sku, name_en, name_de, category, unit, price, stock, lead) in PRODUCTS {
            sqlx::query(
                "INSERT INTO products (id, sku, name_en, name_de, category, unit, list_price_cents,
                                       stock, lead_time_days, created_at, description_en,
                                       description_de, search_text, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $10)",
            )
            .bind(new_id())
            .bind(sku)
            .bind(name_en)
            .bind(name_de)
            .bind(category)
            .bind(unit)
            .bind(price)
            .bind(stock)
            .bind(lead)
            .bind(now)
            .bind(description(category, Locale::En))
            .bind(description(category, Locale::De))
            .bind(format!("{sku} {name_en} {name_de}").to_lowercase())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.seed_demo_conditions(now).await?;
        Ok(SeedOutcome::Seeded)
    }

    /// Müller's and Becker's negotiated conditions, recorded by their account
    /// managers a month ago, as the product brief describes them.
    async fn seed_demo_conditions(&self, now: i64) -> Result<()> {
        let today = berlin_day(now).0;
        for (org, manager, terms, prices) in demo_conditions() {
            let org_id: String = sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1")
                .bind(org)
                .fetch_one(self.pool())
                .await?;
            let (manager_id, manager_name): (String, String) =
                sqlx::query_as("SELECT id, display_name FROM users WHERE email = $1")
                    .bind(manager)
                    .fetch_one(self.pool())
                    .await?;
            let by = ChangedBy {
                user_id: &manager_id,
                name: &manager_name,
                // The demo's history: nobody is told again.
                tell: &[],
            };
            let from = today - 30;
            let effective_at = berlin_start_of_day(Day(from));
            let reason = Some("Framework agreement");
            self.change_terms(&org_id, &terms, effective_at, reason, &by, now)
                .await?;
            for (sku, base, tiers) in prices {
                let product_id: String =
                    sqlx::query_scalar("SELECT id FROM products WHERE sku = $1")
                        .bind(sku)
                        .fetch_one(self.pool())
                        .await?;
                let agreement = Agreement {
                    valid_from: from,
                    valid_to: None,
                    base_price: Money::from_cents(base),
                    tiers: tiers
                        .iter()
                        .map(|&(min_quantity, cents)| Tier {
                            min_quantity,
                            unit_price: Money::from_cents(cents),
                        })
                        .collect(),
                };
                let change = PriceChange {
                    product_id: &product_id,
                    sku,
                    agreement: Some(&agreement),
                    from,
                    effective_at,
                };
                self.change_price(&org_id, &change, reason, &by, now)
                    .await?;
            }
        }
        Ok(())
    }

    /// Row counts of the demo tables (for tests of idempotency).
    pub async fn demo_counts(&self) -> Result<(i64, i64, i64)> {
        Ok(sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT (SELECT COUNT(*) FROM organizations), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM products)",
        )
        .fetch_one(self.pool())
        .await?)
    }
}

impl Store {
    /// Fills `count` synthetic orders (one line each) of one organization over the
    /// `days` before `now`, 1 % of them waiting for approval, for the benchmark of
    /// order lists at a million orders. Generated inside the database (a recursive
    /// CTE), so a million rows take seconds instead of a million round trips.
    pub async fn fill_benchmark_orders(
        &self,
        organization_id: &str,
        purchasers: &[&str],
        product_id: &str,
        count: i64,
        days: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let span = days * 86_400_000;
        for (p, purchaser) in purchasers.iter().enumerate() {
            let n = purchasers.len() as i64;
            sqlx::query(
                "WITH RECURSIVE seq(i) AS (SELECT $1 UNION ALL SELECT i + $2 FROM seq WHERE i + $2 < $3)
                 INSERT INTO orders (id, organization_id, number, purchaser_id, purchaser_name,
                                     idempotency_key, state, delivery_address, goods_cents,
                                     shipping_cents, total_cents, terms, chain, current_step,
                                     step_since, placed_at, updated_at, change_seq)
                 SELECT 'bench-' || CAST(i AS TEXT), $4, 1000000 + i, $5, 'Bench',
                        'bench-' || CAST(i AS TEXT),
                        CASE WHEN i % 100 = 0 THEN 'pending_approval' ELSE 'delivered' END,
                        'Somewhere', 100000 + i % 50000, 0, 100000 + i % 50000, $8, '[]', 0,
                        $6 - $7 + (i * $7) / $3, $6 - $7 + (i * $7) / $3, $6 - $7 + (i * $7) / $3,
                        (SELECT value FROM change_counters WHERE feed = 'orders') + 1 + i
                   FROM seq",
            )
            .bind(p as i64)
            .bind(n)
            .bind(count)
            .bind(organization_id)
            .bind(purchaser)
            .bind(now)
            .bind(span)
            .bind(serde_json::to_string(&kontor_domain::terms::Terms::standard()).expect("terms"))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, organization_id, product_id, sku, name_en,
                                      name_de, unit, quantity, list_price_cents, unit_price_cents,
                                      price_source, line_total_cents, category)
             SELECT id, 1, organization_id, $1, 'NH-PMP-1000', 'Pump', 'Pumpe', 'pc', 1,
                    total_cents, total_cents, 'list', total_cents,
                    (SELECT category FROM products WHERE id = $1)
               FROM orders WHERE id LIKE 'bench-%'",
        )
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
        // The feed's counter past the generated orders (they count as changes in the
        // order of their numbers).
        sqlx::query(
            "UPDATE change_counters SET value = (SELECT MAX(change_seq) FROM orders)
              WHERE feed = 'orders'",
        )
        .execute(&mut *tx)
        .await?;
        // Orders written in bulk: their monthly sums are computed once, at the end.
        crate::order_months::rebuild(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Fills documents for the benchmark: a data sheet for every customer for each of
    /// the first `per_product` products (by SKU), and `per_customer` contracts for each
    /// organization, one version each. Generated inside the database.
    pub async fn fill_benchmark_documents(
        &self,
        organization_ids: &[&str],
        uploader: &str,
        per_product: i64,
        per_customer: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let numbered = "(SELECT id, sku, ROW_NUMBER() OVER (ORDER BY sku) AS rn FROM products) p";
        sqlx::query(&format!(
            "INSERT INTO documents (id, organization_id, product_id, order_id, kind, title_en,
                                    title_de, search_text, current_version_id, version_count,
                                    created_by, created_at, updated_at)
             SELECT 'bd-' || p.id, NULL, p.id, NULL, 'data_sheet', 'Data sheet ' || p.sku,
                    'Datenblatt ' || p.sku, lower('data sheet datenblatt ' || p.sku),
                    'bv-' || p.id, 1, $1, $2 - p.rn * 60000, $2 - p.rn * 60000
               FROM {numbered} WHERE p.rn <= $3"
        ))
        .bind(uploader)
        .bind(now)
        .bind(per_product)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "INSERT INTO document_versions (id, document_id, organization_id, version, object_key,
                                            file_name, content_type, size_bytes, sha256,
                                            uploaded_by, uploaded_by_name, uploaded_at)
             SELECT 'bv-' || p.id, 'bd-' || p.id, NULL, 1, 'bench/' || p.id, p.sku || '.pdf',
                    'application/pdf', 1000, 'bench', $1, 'Benchmark', $2 - p.rn * 60000
               FROM {numbered} WHERE p.rn <= $3"
        ))
        .bind(uploader)
        .bind(now)
        .bind(per_product)
        .execute(&mut *tx)
        .await?;
        for (n, organization_id) in organization_ids.iter().enumerate() {
            let prefix = format!("bc{n}-");
            sqlx::query(
                "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $3)
                 INSERT INTO documents (id, organization_id, product_id, order_id, kind, title_en,
                                        title_de, search_text, current_version_id, version_count,
                                        created_by, created_at, updated_at)
                 SELECT $4 || CAST(i AS TEXT), $5, NULL, NULL, 'contract',
                        'Contract ' || CAST(i AS TEXT), 'Vertrag ' || CAST(i AS TEXT),
                        'contract vertrag ' || CAST(i AS TEXT), 'v' || $4 || CAST(i AS TEXT), 1,
                        $1, $2 - i * 45000, $2 - i * 45000
                   FROM seq",
            )
            .bind(uploader)
            .bind(now)
            .bind(per_customer)
            .bind(prefix.as_str())
            .bind(*organization_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO document_versions (id, document_id, organization_id, version,
                                                object_key, file_name, content_type, size_bytes,
                                                sha256, uploaded_by, uploaded_by_name, uploaded_at)
                 SELECT current_version_id, id, organization_id, 1, 'bench/' || id,
                        id || '.pdf', 'application/pdf', 1000, 'bench', $1, 'Benchmark',
                        updated_at
                   FROM documents WHERE organization_id = $2 AND id LIKE 'bc%'",
            )
            .bind(uploader)
            .bind(*organization_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
    /// Fills service requests for the benchmark: `per_customer` for each
    /// organization, opened a minute apart going back from `now`; every tenth is
    /// open (due in the coming weeks), the rest closed. Generated inside the database.
    pub async fn fill_benchmark_service_requests(
        &self,
        organization_ids: &[&str],
        opened_by: &str,
        per_customer: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (n, organization_id) in organization_ids.iter().enumerate() {
            sqlx::query(
                "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $3)
                 INSERT INTO service_requests (id, organization_id, number, kind, priority, status,
                        active, subject, opened_by, opened_by_name, opened_at, first_response_due,
                        first_response_warn_at, resolution_due, resolution_warn_at,
                        first_response_at, resolved_at, closed_at, next_due, updated_at)
                 SELECT $4 || CAST(i AS TEXT), $5, 100000 + i,
                        CASE WHEN i % 3 = 0 THEN 'technical' ELSE 'complaint' END,
                        CASE (i / 10) % 4 WHEN 0 THEN 'urgent' WHEN 1 THEN 'high'
                                   WHEN 2 THEN 'normal' ELSE 'low' END,
                        CASE WHEN i % 10 = 0 THEN 'open' ELSE 'closed' END,
                        CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END,
                        'Request ' || CAST(i AS TEXT), $1, 'Bench', $2 - i * 60000,
                        $2 - i * 60000 + 14400000, $2 - i * 60000 + 10800000,
                        $2 - i * 60000 + 86400000, $2 - i * 60000 + 64800000,
                        CASE WHEN i % 10 = 0 THEN NULL ELSE $2 - i * 60000 + 3600000 END,
                        CASE WHEN i % 10 = 0 THEN NULL ELSE $2 - i * 60000 + 7200000 END,
                        CASE WHEN i % 10 = 0 THEN NULL ELSE $2 - i * 60000 + 7200000 END,
                        CASE WHEN i % 10 = 0 THEN $2 + (i % 5000) * 600000
                             ELSE $2 - i * 60000 + 86400000 END,
                        $2 - i * 60000
                   FROM seq",
            )
            .bind(opened_by)
            .bind(now)
            .bind(per_customer)
            .bind(format!("bs{n}-"))
            .bind(*organization_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Fills `count` webhook messages, each with one delivery due at `now` to
    /// `endpoint_id`, for the delivery benchmark. Generated inside the database.
    pub async fn fill_benchmark_webhooks(
        &self,
        endpoint_id: &str,
        count: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
             INSERT INTO webhook_messages (id, event_type, payload, created_at)
             SELECT 'bm-' || CAST(i AS TEXT), 'order.placed',
                    '{\"type\":\"order.placed\",\"timestamp\":\"2026-11-30T12:00:00Z\",' ||
                    '\"data\":{\"order_id\":\"o-' || CAST(i AS TEXT) ||
                    '\",\"customer_id\":\"c-1\",\"state\":\"approved\",\"previous_state\":null}}',
                    $2
               FROM seq",
        )
        .bind(count)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, message_id, endpoint_id, state, attempts,
                                             next_attempt_at, created_at)
             SELECT 'bd-' || id, id, $1, 'pending', 0, $2, $2
               FROM webhook_messages WHERE id LIKE 'bm-%'",
        )
        .bind(endpoint_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The relationship benchmark's history on top of [`Store::fill_benchmark_orders`]:
    /// an audit entry for each generated order (placed by `actor`, at its time), a
    /// mail to `recipient` for every tenth, and `customers` more customer
    /// organizations (empty) beside it. The audit entries are not chained (their hashes
    /// are placeholders): a benchmark database is never verified.
    pub async fn fill_benchmark_relationship(
        &self,
        organization_id: &str,
        (actor_id, actor_name): (&str, &str),
        recipient: &str,
        customers: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO audit_log (id, organization_id, seq, actor_id, actor_name, action, target,
                                    before_value, after_value, at, prev_hash, hash)
             SELECT 'bench-audit-' || id, organization_id, 1000000000 + number, $1, $2,
                    'order.placed', 'order:' || id || ' #' || CAST(number AS TEXT),
                    NULL, CAST(total_cents AS TEXT) || ' ' || state, placed_at, 'bench', 'bench'
               FROM orders WHERE id LIKE 'bench-%' AND organization_id = $3",
        )
        .bind(actor_id)
        .bind(actor_name)
        .bind(organization_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO outbox (id, dedupe_key, organization_id, recipient, subject, body_text,
                                 created_at, next_attempt_at, attempts, sent_at)
             SELECT 'bench-mail-' || id, 'bench/' || id, organization_id, $1,
                    'Order #' || CAST(number AS TEXT) || ' confirmed', '', placed_at, placed_at, 1,
                    placed_at
               FROM orders WHERE id LIKE 'bench-%' AND organization_id = $2 AND number % 10 = 0",
        )
        .bind(recipient)
        .bind(organization_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
             INSERT INTO organizations (id, kind, name, status, created_at)
             SELECT 'bench-customer-' || CAST(i AS TEXT), 'customer',
                    'Customer ' || CAST(i AS TEXT), 'active', $2
               FROM seq",
        )
        .bind(customers)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
