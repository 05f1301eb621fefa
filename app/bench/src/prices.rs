//! The bulk price upsert (`PUT /api/v1/customers/{id}/prices`, the CSV import) at
//! store level: every agreement of a customer replaced from tomorrow in one
//! transaction. Baseline in the same run: one product's price changed on its own
//! (the terms page), so the ratio says what a line of the bulk costs against a
//! single change.

use kontor_domain::Money;
use kontor_domain::calendar::berlin_day;
use kontor_domain::pricing::Agreement;
use kontor_store::conditions::{ChangedBy, PriceChange};
use kontor_store::{Store, now_ms};
use std::time::Instant;

/// `agreement` for `product` (id, SKU) from the day `from`.
fn change<'a>(
    (id, sku): &'a (String, String),
    today: i64,
    from: i64,
    agreement: &'a Agreement,
) -> PriceChange<'a> {
    PriceChange {
        product_id: id,
        sku,
        agreement: Some(agreement),
        from,
        effective_at: now_ms() + (from - today) * 86_400_000,
    }
}

/// Replaces the agreements of `products` (id, SKU) but the first from tomorrow,
/// after timing 20 single changes of the first as the baseline (its own agreements
/// for later days would collide with the bulk's); prints both and their ratio.
pub async fn replace_all(
    store: &Store,
    org: &str,
    by: &ChangedBy<'_>,
    agreement: &Agreement,
    products: &[(String, String)],
) {
    let today = berlin_day(now_ms()).0;
    // Baseline: the first product's price set for the days after tomorrow, one
    // change a transaction (each day a new agreement, so every one is recorded).
    let mut singles = Vec::new();
    for day in 0..20 {
        let later = Agreement {
            valid_from: today + 2 + day,
            base_price: Money::from_cents(9_100 + day),
            ..agreement.clone()
        };
        let started = Instant::now();
        let outcome = store
            .change_price(
                org,
                &change(&products[0], today, today + 2 + day, &later),
                None,
                by,
                now_ms(),
            )
            .await
            .unwrap();
        singles.push(started.elapsed().as_secs_f64() * 1_000.0);
        assert!(matches!(
            outcome,
            kontor_store::conditions::ChangeOutcome::Recorded { .. }
        ));
    }
    singles.sort_by(f64::total_cmp);
    let single = singles[singles.len() / 2];
    let tomorrow = Agreement {
        valid_from: today + 1,
        base_price: Money::from_cents(8_800),
        ..agreement.clone()
    };
    let products = &products[1..];
    let changes: Vec<PriceChange<'_>> = products
        .iter()
        .map(|p| change(p, today, today + 1, &tomorrow))
        .collect();
    let skus: Vec<&str> = products.iter().map(|(_, sku)| sku.as_str()).collect();
    let lookup = Instant::now();
    let found = store.product_ids_by_skus(&skus).await.unwrap();
    let lookup_ms = lookup.elapsed().as_secs_f64() * 1_000.0;
    assert_eq!(found.len(), products.len());
    let upsert = Instant::now();
    let (outcomes, committed) = store
        .change_prices(org, &changes, None, by, now_ms(), |_| true)
        .await
        .unwrap();
    let bulk = upsert.elapsed().as_secs_f64() * 1_000.0;
    let recorded = outcomes
        .iter()
        .filter(|o| matches!(o, kontor_store::conditions::ChangeOutcome::Recorded { .. }))
        .count();
    assert!(
        committed && recorded == changes.len(),
        "{} of {} lines refused",
        changes.len() - recorded,
        changes.len()
    );
    println!(
        "price upsert: {} lines in one transaction in {bulk:.0} ms ({:.3} ms a line; \
         their SKUs looked up in {lookup_ms:.0} ms); one price changed alone: p50 {single:.2} ms; \
         a line of the bulk costs {:.3}× a single change",
        changes.len(),
        bulk / changes.len() as f64,
        bulk / changes.len() as f64 / single
    );
}
