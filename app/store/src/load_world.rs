//! The synthetic customers of the load harness: many organizations, each with an
//! approver and purchasers, and a history of delivered orders. Generated inside the
//! database (recursive CTEs) so that 1,000 organizations and a year of orders take
//! seconds, not a million round trips. The harness's own orders then go through the
//! real services like anyone's.
//!
//! Names are predictable so the harness can find its people and orders without
//! asking: organization `lo-{n}`, person `lu-{n}-{k}` (`load-{n}-{k}@load.example`;
//! `k = 0` is the approver, the others purchasers approved by them), order
//! `lo-{n}-{i}` placed by purchaser `1 + i % (people − 1)`.

use crate::{Result, Store};

/// How big the synthetic world is.
#[derive(Clone, Copy, Debug)]
pub struct LoadWorld {
    pub organizations: i64,
    /// At least 2: an approver and a purchaser.
    pub people_per_organization: i64,
    pub orders_per_organization: i64,
    /// The orders are spread over this many days before `now`.
    pub days: i64,
    /// Each purchaser's limit per order; above it the order waits for the approver.
    pub purchaser_limit_cents: i64,
    /// Negotiated prices: the first this many products by SKU at 90 % of the list
    /// price, 85 % from ten pieces, valid since a month.
    pub agreements_per_organization: i64,
}

/// The sign-in address of person `k` of organization `n`.
pub fn load_email(organization: i64, person: i64) -> String {
    format!("load-{organization}-{person}@load.example")
}

/// The id of order `i` of organization `n`.
pub fn load_order_id(organization: i64, order: i64) -> String {
    format!("lo-{organization}-{order}")
}

impl Store {
    /// Inserts the world (organizations, people, delivered orders with one line of
    /// the first product by SKU). `password_hash` is every person's argon2 hash.
    pub async fn fill_load_world(
        &self,
        world: &LoadWorld,
        password_hash: &str,
        now: i64,
    ) -> Result<()> {
        assert!(
            world.people_per_organization >= 2,
            "an approver and a purchaser"
        );
        let terms = serde_json::to_string(&kontor_domain::terms::Terms::standard())
            .expect("terms serialise");
        let span = world.days.max(1) * 86_400_000;
        let purchasers = world.people_per_organization - 1;
        let mut tx = self.begin_write().await?;
        for n in 0..world.organizations {
            let org = format!("lo-{n}");
            sqlx::query(
                "INSERT INTO organizations (id, kind, name, status, vat_id, billing_address,
                                            shipping_address, created_at)
                 VALUES ($1, 'customer', $2, 'active', $3, $4, $4, $5)",
            )
            .bind(&org)
            .bind(format!("Load customer {n}"))
            .bind(format!("DE{:09}", n))
            .bind(format!("Werkstraße {n}, 70173 Stuttgart"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            crate::organizations::take_customer_change_seq(&mut tx, &org).await?;
            // The approver first (the purchasers name them), then the purchasers.
            sqlx::query(
                "WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k + 1 < $2)
                 INSERT INTO users (id, organization_id, email, display_name, password_hash,
                                    roles, per_order_limit_cents, approver_id, active,
                                    created_at, locale)
                 SELECT 'lu-' || $3 || '-' || CAST(k AS TEXT), $1,
                        'load-' || $3 || '-' || CAST(k AS TEXT) || '@load.example',
                        'Person ' || $3 || '-' || CAST(k AS TEXT), $4,
                        CASE WHEN k = 0 THEN 'admin,approver' ELSE 'purchaser' END,
                        CASE WHEN k = 0 THEN NULL ELSE $5 END,
                        CASE WHEN k = 0 THEN NULL ELSE 'lu-' || $3 || '-0' END,
                        $6, $7, CASE WHEN k % 3 = 0 THEN 'de' ELSE 'en' END
                   FROM seq ORDER BY k",
            )
            .bind(&org)
            .bind(world.people_per_organization)
            .bind(n.to_string())
            .bind(password_hash)
            .bind(world.purchaser_limit_cents)
            .bind(true)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO price_agreements (id, organization_id, product_id, version,
                                               valid_from, valid_to, base_price_cents, tiers,
                                               created_at)
                 SELECT $1 || '-' || p.id, $1, p.id, 1, $2, NULL, p.list_price_cents * 9 / 10,
                        '10:' || CAST(p.list_price_cents * 85 / 100 AS TEXT), $3
                   FROM (SELECT id, list_price_cents FROM products ORDER BY sku LIMIT $4) p",
            )
            .bind(&org)
            .bind(kontor_domain::calendar::berlin_day(now).0 - 30)
            .bind(now)
            .bind(world.agreements_per_organization)
            .execute(&mut *tx)
            .await?;
            if world.orders_per_organization == 0 {
                continue;
            }
            sqlx::query(
                "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < $2)
                 INSERT INTO orders (id, organization_id, number, purchaser_id, purchaser_name,
                                     idempotency_key, state, delivery_address, goods_cents,
                                     shipping_cents, total_cents, terms, chain, current_step,
                                     step_since, placed_at, updated_at, change_seq)
                 SELECT $1 || '-' || CAST(i AS TEXT), $1, 1 + i,
                        'lu-' || $3 || '-' || CAST(1 + i % $4 AS TEXT),
                        'Person ' || $3 || '-' || CAST(1 + i % $4 AS TEXT),
                        'load-' || CAST(i AS TEXT), 'delivered', 'Werkstraße 1, Stuttgart',
                        10000 + (i * 7919) % 90000, 0, 10000 + (i * 7919) % 90000, $5, '[]', 0,
                        $6 - $7 + ((i + 1) * $7) / $2, $6 - $7 + ((i + 1) * $7) / $2,
                        $6 - $7 + ((i + 1) * $7) / $2,
                        (SELECT value FROM change_counters WHERE feed = 'orders') + 1 + i
                   FROM seq",
            )
            .bind(&org)
            .bind(world.orders_per_organization)
            .bind(n.to_string())
            .bind(purchasers)
            .bind(&terms)
            .bind(now)
            .bind(span)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE change_counters SET value = value + $1 WHERE feed = 'orders'")
                .bind(world.orders_per_organization)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, organization_id, product_id, sku,
                                          name_en, name_de, unit, quantity, list_price_cents,
                                          unit_price_cents, price_source, line_total_cents,
                                          category)
                 SELECT o.id, 1, o.organization_id, p.id, p.sku, p.name_en, p.name_de, p.unit, 1,
                        o.total_cents, o.total_cents, 'list', o.total_cents, p.category
                   FROM orders o,
                        (SELECT id, sku, name_en, name_de, unit, category FROM products
                          ORDER BY sku LIMIT 1) p
                  WHERE o.organization_id = $1",
            )
            .bind(&org)
            .execute(&mut *tx)
            .await?;
        }
        // Orders written in bulk: their monthly sums are computed once, at the end.
        crate::order_months::rebuild(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
