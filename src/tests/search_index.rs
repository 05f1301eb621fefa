//! The catalog's and documents' text search answered from a trigram index (SQLite
//! FTS5, PostgreSQL pg_trgm) gives exactly the plain every-word substring match: a
//! property checked on many generated catalogs and queries, on both engines (so the
//! two engines agree with each other as well). Also the category list the catalog's
//! filter offers, read from an index too.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, TestDb};
use kontor_store::Store;
use kontor_store::catalog::CatalogQuery;
use kontor_store::documents::{DocumentQuery, Reader};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;

on_both_backends!(
    catalog_search_is_exactly_the_substring_match,
    document_search_is_exactly_the_substring_match,
    the_category_filter_lists_each_live_category_once_in_order,
);

/// Words with what a text index may get wrong: umlauts and ß, LIKE's own `%`, `_`
/// and `\`, FTS5's quote, one- and two-letter words, and "pump" in most products (so
/// that both ways of answering are taken: from the index, and walking the SKUs).
const VOCABULARY: &[&str] = &[
    "pump",
    "pumpe",
    "seal",
    "dichtung",
    "ventil",
    "straße",
    "öl",
    "100%",
    "a_b",
    "c\\d",
    "\"q\"",
    "x",
    "ab",
    "hydraulik",
    "zylinder",
    "ß",
    "äöü",
    "p-1000",
    "kit",
    "o-ring",
];

fn name(rng: &mut StdRng) -> String {
    let mut words: Vec<&str> = (0..rng.gen_range(1..4))
        .map(|_| *VOCABULARY.choose(rng).unwrap())
        .collect();
    if rng.gen_bool(0.6) {
        words.push("pump");
    }
    words.join(" ")
}

/// What a search for `words` must find among `rows` (sku, search text, archived).
fn expected(rows: &[(String, String, bool)], words: &[String]) -> BTreeSet<String> {
    rows.iter()
        .filter(|(_, text, archived)| !archived && words.iter().all(|w| text.contains(w.as_str())))
        .map(|(sku, _, _)| sku.clone())
        .collect()
}

fn query_words(rng: &mut StdRng, rows: &[(String, String, bool)]) -> Vec<String> {
    (0..rng.gen_range(1..4))
        .map(|_| match rng.gen_range(0..3) {
            0 => VOCABULARY.choose(rng).unwrap().to_string(),
            1 => {
                // A piece of a real text, cut at character boundaries.
                let text: Vec<char> = rows.choose(rng).unwrap().1.chars().collect();
                let start = rng.gen_range(0..text.len());
                let len = rng.gen_range(1..6).min(text.len() - start);
                text[start..start + len]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_string()
            }
            _ => ["zz", "nichts", "pumpx", "%", "_", "\\"]
                .choose(rng)
                .unwrap()
                .to_string(),
        })
        .filter(|w| !w.is_empty())
        .collect()
}

async fn rows_of(store_url: &str) -> Vec<(String, String, bool)> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(store_url).await.unwrap();
    let rows: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT sku, search_text, archived_at FROM products")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    rows.into_iter()
        .map(|(sku, text, archived)| (sku, text, archived.is_some()))
        .collect()
}

async fn found(store: &Store, words: &[String]) -> BTreeSet<String> {
    let q = CatalogQuery {
        organization_id: "nobody",
        day: 0,
        words: words.to_vec(),
        category: None,
        after_sku: None,
        include_archived: false,
        limit: 10_000,
    };
    let rows = store.catalog_page(&q).await.unwrap();
    rows.into_iter().map(|r| r.product.sku).collect()
}

async fn catalog_search_is_exactly_the_substring_match(backend: Backend) {
    let db = TestDb::create(backend).await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let mut rng = StdRng::seed_from_u64(0x4b6f6e746f72);
    let mut raw = db.raw().await;
    // 1,000 products, written as the importer writes them (the index follows by itself).
    sqlx::query("BEGIN").execute(&mut raw).await.unwrap();
    for i in 0..1_000 {
        let sku = format!("T-{i:05}");
        let (en, de) = (name(&mut rng), name(&mut rng));
        let text = format!("{sku} {en} {de}").to_lowercase();
        sqlx::query(
            "INSERT INTO products (id, sku, name_en, name_de, description_en, description_de,
                                   category, unit, list_price_cents, stock, lead_time_days,
                                   search_text, created_at, updated_at)
             VALUES ($1, $2, $3, $4, '', '', 'test', 'piece', 100, 1, 1, $5, 0, 0)",
        )
        .bind(format!("product-{i}"))
        .bind(&sku)
        .bind(&en)
        .bind(&de)
        .bind(&text)
        .execute(&mut raw)
        .await
        .unwrap();
    }
    sqlx::query("COMMIT").execute(&mut raw).await.unwrap();
    let mut rows = rows_of(&db.url).await;
    let check = async |rows: &[(String, String, bool)], rng: &mut StdRng, cases: usize| {
        for _ in 0..cases {
            let words = query_words(rng, rows);
            assert_eq!(
                found(&store, &words).await,
                expected(rows, &words),
                "words {words:?}"
            );
        }
    };
    check(&rows, &mut rng, 150).await;
    // A common word and a rare one: both ways of answering, same answers.
    for words in [
        vec!["pump".to_string()],
        vec!["t-00042".to_string()],
        vec!["pump".into(), "t-0004".into()],
    ] {
        assert_eq!(
            found(&store, &words).await,
            expected(&rows, &words),
            "{words:?}"
        );
    }
    // Renamed and archived products: the index follows the rows.
    for i in (0..1_000).step_by(17) {
        let sku = format!("T-{i:05}");
        let text = format!("{sku} {}", name(&mut rng)).to_lowercase();
        sqlx::query("UPDATE products SET search_text = $1, archived_at = $2 WHERE sku = $3")
            .bind(&text)
            .bind(if i % 2 == 0 { Some(1_i64) } else { None })
            .bind(&sku)
            .execute(&mut raw)
            .await
            .unwrap();
    }
    rows = rows_of(&db.url).await;
    check(&rows, &mut rng, 100).await;
    store.close().await;
}

async fn document_search_is_exactly_the_substring_match(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let store = &app.kontor_store;
    let page = |words: Vec<String>| async move {
        let q = DocumentQuery {
            words,
            limit: 10_000,
            ..Default::default()
        };
        store
            .documents_page(Reader::AllCustomers, &q)
            .await
            .unwrap()
    };
    let all = page(vec![]).await;
    assert!(
        all.len() >= 5,
        "the demo has documents to search: {}",
        all.len()
    );
    let texts: std::collections::HashMap<String, String> = {
        let mut raw = app.db.raw().await;
        sqlx::query_as("SELECT id, search_text FROM documents")
            .fetch_all(&mut raw)
            .await
            .unwrap()
            .into_iter()
            .collect()
    };
    let mut rng = StdRng::seed_from_u64(7);
    let pieces: Vec<(String, String, bool)> = texts
        .iter()
        .map(|(id, text)| (id.clone(), text.clone(), false))
        .collect();
    for _ in 0..80 {
        let words = query_words(&mut rng, &pieces);
        let want: BTreeSet<String> = all
            .iter()
            .filter(|d| words.iter().all(|w| texts[&d.id].contains(w.as_str())))
            .map(|d| d.id.clone())
            .collect();
        let got: BTreeSet<String> = page(words.clone())
            .await
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(got, want, "words {words:?}");
    }
    app.stop().await;
}

async fn the_category_filter_lists_each_live_category_once_in_order(backend: Backend) {
    let db = TestDb::create(backend).await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.categories().await.unwrap(), Vec::<String>::new());
    let mut raw = db.raw().await;
    // Names in one case, so that both engines' collations order them alike.
    let products = [
        ("Ventile", None),
        ("Dichtungen", None),
        ("Pumpen", None),
        ("Dichtungen", None),
        ("Zubehör und Ersatzteile", None),
        ("Auslauf", Some(1_i64)),
    ];
    for (i, (category, archived_at)) in products.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO products (id, sku, name_en, name_de, description_en, description_de,
                                   category, unit, list_price_cents, stock, lead_time_days,
                                   search_text, created_at, updated_at, archived_at)
             VALUES ($1, $2, 'n', 'n', '', '', $3, 'piece', 100, 1, 1, '', 0, 0, $4)",
        )
        .bind(format!("product-{i}"))
        .bind(format!("C-{i}"))
        .bind(category)
        .bind(archived_at)
        .execute(&mut raw)
        .await
        .unwrap();
    }
    assert_eq!(
        store.categories().await.unwrap(),
        ["Dichtungen", "Pumpen", "Ventile", "Zubehör und Ersatzteile"],
        "each once, sorted, none that only archived products have"
    );
    // A customer's catalog page reads its rows and this list in one statement: the
    // same rows and the same list as the two reads on their own.
    let q = CatalogQuery {
        organization_id: "",
        day: 0,
        words: Vec::new(),
        category: Some("Dichtungen"),
        after_sku: None,
        include_archived: false,
        limit: 10,
    };
    let (rows, categories) = store.catalog_page_and_categories(&q).await.unwrap();
    let skus: Vec<&str> = rows.iter().map(|r| r.product.sku.as_str()).collect();
    assert_eq!(skus, ["C-1", "C-3"]);
    assert_eq!(rows, store.catalog_page(&q).await.unwrap());
    assert_eq!(categories, store.categories().await.unwrap());
    // A page with no rows carries no list: it is read on its own.
    let nothing = CatalogQuery {
        category: Some("Keine"),
        ..q.clone()
    };
    let (rows, categories) = store.catalog_page_and_categories(&nothing).await.unwrap();
    assert!(rows.is_empty());
    assert_eq!(categories, store.categories().await.unwrap());
    // Rows but no category on sale (only archived products, asked for): an empty list.
    sqlx::query("UPDATE products SET archived_at = 1")
        .execute(&mut raw)
        .await
        .unwrap();
    let archived = CatalogQuery {
        category: None,
        include_archived: true,
        ..q
    };
    let (rows, categories) = store.catalog_page_and_categories(&archived).await.unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(categories, Vec::<String>::new());
    drop(raw);
    store.close().await;
}
