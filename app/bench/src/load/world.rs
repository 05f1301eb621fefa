//! Filling the harness's database: the demo data (the vendor, its staff), the
//! catalog, the synthetic customers with a history of orders, and their documents.

use super::Options;
use kontor_store::load_world::LoadWorld;
use kontor_store::{Store, now_ms};
use std::path::Path;
use std::time::Instant;

/// Every synthetic person's password (the harness signs in with it).
pub const PASSWORD: &str = "load-harness-password";

/// Makes the database anew and fills it; its URL.
pub async fn fill(options: &Options, dir: &Path) -> String {
    let url = match &options.database {
        Some(url) => fresh_postgres(url).await,
        None => format!("sqlite://{}/load.db?mode=rwc", dir.display()),
    };
    let started = Instant::now();
    let store = Store::connect(&url).await.expect("the database");
    store.migrate().await.expect("migrations");
    let hash = tokio::task::spawn_blocking(hash_password)
        .await
        .expect("hashing");
    store.seed_demo(&hash, now_ms()).await.expect("demo data");
    let vera = store
        .user_by_email("vera@nordhydraulik.example")
        .await
        .expect("vendor")
        .expect("demo account manager");
    crate::fill_products(&store, &vera.organization_id, options.products).await;
    let world = LoadWorld {
        organizations: options.organizations,
        people_per_organization: options.people,
        orders_per_organization: options.orders,
        days: 365,
        // Between a third and a half of the harness's orders wait for approval.
        purchaser_limit_cents: 150_000,
        agreements_per_organization: 50,
    };
    store
        .fill_load_world(&world, &hash, now_ms())
        .await
        .expect("customers");
    let ids: Vec<String> = (0..options.organizations)
        .map(|n| format!("lo-{n}"))
        .collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    store
        .fill_benchmark_documents(
            &refs,
            &vera.id,
            1_000.min(options.products as i64),
            5,
            now_ms(),
        )
        .await
        .expect("documents");
    store.close().await;
    println!(
        "filled {} organizations × {} people, {} products, {} orders in {:.1} s",
        options.organizations,
        options.people,
        options.products,
        options.organizations * options.orders,
        started.elapsed().as_secs_f64()
    );
    url
}

fn hash_password() -> String {
    use argon2::{Argon2, PasswordHasher};
    use password_hash::{SaltString, rand_core::OsRng};
    let params = argon2::Params::new(19_456, 2, 1, None).expect("argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .expect("hashing")
        .to_string()
}

/// Drops and creates the database the URL names (on the server it names).
async fn fresh_postgres(url: &str) -> String {
    use sqlx::Connection;
    let (server, name) = url.rsplit_once('/').expect("postgres://host/database");
    let name = name.split('?').next().unwrap_or(name);
    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "a plain database name, please: {name}"
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("PostgreSQL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("dropping the old load database");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("creating the load database");
    url.to_string()
}
