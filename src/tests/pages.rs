//! Server-rendered pages: language negotiation, money format, not-found, redirects.

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    language_follows_browser_and_cookie,
    catalog_shows_german_money,
    unknown_page_is_a_404,
    language_switch_never_redirects_off_site,
    a_database_failure_shows_the_error_page_and_reveals_nothing,
    site_files_go_out_compressed_and_cached_by_their_hash,
    pages_go_out_as_zstd_or_gzip_never_brotli,
    the_header_shows_only_what_the_person_may_open,
    the_app_is_installable_and_its_worker_never_keeps_pages,
    every_area_renders_its_pages_on_the_server,
    site_files_never_touch_the_session,
);

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn language_follows_browser_and_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, english) = page(&app, "/", &[]).await;
    assert!(english.contains("<html lang=\"en\""), "English by default");
    assert!(english.contains("Your direct line to Nordhydraulik"));
    let (_, german) = page(&app, "/", &[("accept-language", "de-DE,de;q=0.9,en;q=0.5")]).await;
    assert!(german.contains("<html lang=\"de\""));
    assert!(german.contains("Ihr direkter Draht zu Nordhydraulik"));
    let (_, chosen) = page(
        &app,
        "/",
        &[("accept-language", "de-DE"), ("cookie", "kontor_lang=en")],
    )
    .await;
    assert!(
        chosen.contains("Your direct line"),
        "the explicit choice beats the browser"
    );
    app.stop().await;
}

async fn catalog_shows_german_money(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_DEMO", "1"),
            ("KONTOR_DEMO_PASSWORD", "demo-password-1"),
        ],
    )
    .await;
    let (status, german) = page(&app, "/catalog", &[("accept-language", "de")]).await;
    assert_eq!(status, 200);
    assert!(
        german.contains("Axialkolbenpumpe AP-45"),
        "German product names"
    );
    assert!(german.contains("1.290,00\u{a0}€"), "German money format");
    let (_, english) = page(&app, "/catalog", &[]).await;
    assert!(
        german.contains("14 Stk.") && german.contains("1 Tag<") && !german.contains("1 Tage"),
        "units and plural"
    );
    assert!(english.contains("€1,290.00"));
    // Every category the demo sells has its name in the filter, none its key.
    assert!(
        german.contains(">Zubehör<") && german.contains(">Ersatzteile<"),
        "German category names"
    );
    assert!(
        english.contains(">Accessories<") && !english.contains(">accessories<"),
        "English category names"
    );
    // Keyset pagination: the second page starts after the first page's last SKU.
    let (_, second) = page(&app, "/catalog?after=NH-SPR-3000", &[]).await;
    assert!(second.contains("NH-SPR-3010") && !second.contains("NH-PMP-1000"));
    app.stop().await;
}

async fn unknown_page_is_a_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = page(&app, "/no/such/page", &[("accept-language", "de")]).await;
    assert_eq!(status, 404);
    assert!(
        body.contains("Seite nicht gefunden"),
        "the not-found page, in the page design"
    );
    assert!(body.contains("site-header"));
    app.stop().await;
}

async fn language_switch_never_redirects_off_site(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let local = app.get("/lang/de?next=/catalog").await;
    assert_eq!(local.status(), 303);
    assert_eq!(local.headers()["location"], "/catalog");
    assert!(
        local.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("kontor_lang=de;")
    );
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .client
            .get(app.url("/lang/en"))
            .query(&[("next", evil)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/", "{evil}");
    }
    assert_eq!(app.get("/lang/fr").await.status(), 404);
    app.stop().await;
}

async fn a_database_failure_shows_the_error_page_and_reveals_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut raw = app.db.raw().await;
    sqlx::query("ALTER TABLE products RENAME TO products_gone")
        .execute(&mut raw)
        .await
        .unwrap();
    let (status, body) = page(&app, "/catalog", &[]).await;
    assert_eq!(status, 500, "{body}");
    assert!(
        body.contains("Something went wrong"),
        "the designed error page"
    );
    for secret in ["products", "relation", "no such table", "sqlx", "SELECT"] {
        assert!(!body.contains(secret), "the page reveals {secret:?}");
    }
    // The server function itself answers with nothing but its typed error.
    let api = app.server_fn("catalog", &[], "en").await;
    assert_eq!(api.status(), 500);
    assert_eq!(api.text().await.unwrap(), r#""internal""#);
    app.stop().await;
}

/// Every page sets its title through `PageTitle`: a `leptos_meta::Title` whose text
/// reads a signal panics now and then under concurrent load (see `PageTitle`).
#[test]
fn page_titles_go_through_page_title() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("app/src");
    let mut offenders = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let direct = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .filter(|l| {
                        (l.contains("<Title ") && !l.contains("formatter="))
                            || l.contains("leptos_meta::Title")
                    })
                    .count();
                let allowed = usize::from(path.ends_with("components.rs"));
                if direct > allowed {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "<Title> used directly in {offenders:?}"
    );
}

/// `path` asked for with `Accept-Encoding: encodings`: the answer's status, headers and
/// bytes as sent (the test client decodes nothing).
async fn encoded(
    app: &TestApp,
    path: &str,
    encodings: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-encoding", encodings)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// Pages are compressed as they go out, with what the browser takes and costs the
/// server least: zstd (Chromium, Firefox), else gzip (Safari), never brotli (per page
/// its encoder costs several times as much); a client that takes brotli alone gets the
/// page as it is.
async fn pages_go_out_as_zstd_or_gzip_never_brotli(backend: Backend) {
    use std::io::Read;
    let app = TestApp::spawn(backend).await;
    let get = |encodings: &'static str| {
        let answer = encoded(&app, "/catalog", encodings);
        async move {
            let (status, headers, body) = answer.await;
            assert_eq!(status, 200);
            let encoding = headers
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            (encoding, body)
        }
    };
    // The whole page: its markup and, after it, the hydration data.
    let is_page = |html: &str| html.contains("</main>") && html.contains("__INCOMPLETE_CHUNKS");

    let (encoding, body) = get("gzip, deflate, br, zstd").await;
    assert_eq!(encoding.as_deref(), Some("zstd"), "Chromium's encodings");
    let html = String::from_utf8(zstd::decode_all(&body[..]).unwrap()).unwrap();
    assert!(is_page(&html), "{html}");
    // Compressed in one call (`page_compression`): the frame names the page's size,
    // which tower-http's streaming encoder cannot know.
    assert_eq!(
        zstd::zstd_safe::get_frame_content_size(&body)
            .ok()
            .flatten(),
        Some(html.len() as u64)
    );
    let (_, headers, _) = encoded(&app, "/catalog", "gzip, deflate, br, zstd").await;
    assert_eq!(headers["vary"], "accept-encoding");
    // Anything but a page keeps the streaming layer: the service worker's script.
    let (status, headers, script) = encoded(&app, "/sw.js", "gzip, deflate, br, zstd").await;
    assert_eq!(
        (status, headers["content-encoding"].to_str().unwrap()),
        (200, "zstd")
    );
    assert!(
        String::from_utf8(zstd::decode_all(&script[..]).unwrap())
            .unwrap()
            .contains("fetch")
    );
    assert_eq!(
        zstd::zstd_safe::get_frame_content_size(&script)
            .ok()
            .flatten(),
        None
    );

    let (encoding, body) = get("gzip, deflate, br").await;
    assert_eq!(encoding.as_deref(), Some("gzip"), "Safari's encodings");
    let mut html = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut html)
        .unwrap();
    assert!(is_page(&html), "{html}");

    let (encoding, body) = get("br").await;
    assert_eq!(encoding, None, "brotli is not made per request");
    assert!(is_page(&String::from_utf8(body).unwrap()));
    app.stop().await;
}

/// The built site's files: the brotli or gzip copy when the browser takes it (never
/// the raw wasm), cached for a year when the name carries the content's hash.
async fn site_files_go_out_compressed_and_cached_by_their_hash(backend: Backend) {
    let site = std::env::temp_dir().join(format!("kontor-site-{}", uuid::Uuid::now_v7().simple()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let hashed = "kontor.Xq3_vB-2mN8pL0aa9ZcQ1w.wasm";
    std::fs::write(pkg.join(hashed), b"raw wasm bytes").unwrap();
    std::fs::write(pkg.join(format!("{hashed}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{hashed}.gz")), b"gzip bytes").unwrap();
    std::fs::write(pkg.join("kontor.css"), b"body {}").unwrap();
    let app = TestApp::spawn_with(backend, &[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]).await;
    let get = |path: &'static str, encodings: &'static str| {
        let answer = encoded(&app, path, encodings);
        async move {
            let (_, headers, body) = answer.await;
            (headers, body)
        }
    };
    let wasm = "/pkg/kontor.Xq3_vB-2mN8pL0aa9ZcQ1w.wasm";
    let (headers, body) = get(wasm, "gzip, deflate, br, zstd").await;
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(body, b"brotli bytes");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers["content-type"], "application/wasm");
    let (headers, body) = get(wasm, "gzip").await;
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(body, b"gzip bytes");
    let (headers, body) = get(wasm, "identity").await;
    assert!(headers.get("content-encoding").is_none());
    assert_eq!(body, b"raw wasm bytes");
    // Not hashed: revalidated.
    let (headers, _) = get("/pkg/kontor.css", "br").await;
    assert_eq!(headers["cache-control"], "no-cache");
    // Pages are never cached.
    let (headers, _) = get("/", "br").await;
    assert_eq!(headers["cache-control"], "no-store");
    app.stop().await;
    let _ = std::fs::remove_dir_all(site);
}

/// A signed-in customer is not offered the vendor area or an access request, vendor
/// staff not the customer area; a visitor sees all three.
async fn the_header_shows_only_what_the_person_may_open(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let header = |html: String| {
        let start = html.find("<header").unwrap();
        let end = html.find("</header>").unwrap();
        html[start..end].to_string()
    };
    let links = |header: &str| {
        ["/customer\"", "/vendor\"", "/request-access\""]
            .map(|href| header.contains(&format!("href=\"{href}")))
    };
    let visitor = header(app.browser().page("/catalog").await.text().await.unwrap());
    assert_eq!(links(&visitor), [true, true, true]);
    let egon = app.signed_in("egon@mueller.example").await;
    let customer = header(egon.page("/catalog").await.text().await.unwrap());
    assert_eq!(links(&customer), [true, false, false], "{customer}");
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let vendor = header(vera.page("/catalog").await.text().await.unwrap());
    assert_eq!(links(&vendor), [false, true, false], "{vendor}");
    app.stop().await;
}

/// The service worker is served fresh on every check (`no-cache`), stamped with the
/// build's version; it keeps site files and the offline page, never a page or an
/// answer of the server; a page links the manifest and installs the worker from a
/// file (no inline script).
async fn the_app_is_installable_and_its_worker_never_keeps_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let worker = app.client.get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(worker.status(), 200);
    assert_eq!(worker.headers()["cache-control"], "no-cache");
    assert!(
        worker.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = worker.text().await.unwrap();
    assert!(script.starts_with("const VERSION = \""), "{script}");
    // Navigations go to the network, the offline page only stands in.
    assert!(script.contains("request.mode === \"navigate\""));
    assert!(script.contains("fetch(request).catch(() => caches.match(OFFLINE_PAGE))"));
    let (_, home) = page(&app, "/", &[]).await;
    assert!(home.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
    assert!(home.contains(r#"<script src="/sw-register.js" defer"#));
    app.stop().await;
}

/// The pages are lazily loaded routes grouped by area; the server still renders each
/// whole before answering (one page of each area, with its content).
async fn every_area_renders_its_pages_on_the_server(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let carla = app.signed_in("carla@mueller.example").await;
    for (path, marker) in [
        ("/", "Your direct line to Nordhydraulik"),
        ("/catalog", "NH-PMP-1000"),
        ("/orders", "<h1"),
        ("/documents", "<h1"),
        ("/service", "<h1"),
        ("/quotes", "data-quote="),
        ("/customer/team", "carla@mueller.example"),
    ] {
        let response = carla.page(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(marker), "{path} lacks {marker}");
        assert!(!html.contains("Page not found"), "{path}");
    }
    app.stop().await;
}

/// A site file never answers with a session cookie. A stale cookie is what a wasm
/// chunk fetched during a sign-in carries (the sign-in replaces the session id); had
/// the file's answer removed it, arriving after the sign-in's answer, the person would
/// be signed out again at once (seen in the browser tests as a sign-in that landed on
/// a signed-out page).
async fn site_files_never_touch_the_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/pkg/kontor.css", "/pkg/kontor.not-built-here.wasm"] {
        let response = app
            .client
            .get(app.url(path))
            .header("cookie", "kontor_session=AAAAAAAAAAAAAAAAAAAAAA")
            .send()
            .await
            .unwrap();
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{path}: {:?}",
            response.headers().get("set-cookie")
        );
    }
    // Pages still keep the session (and drop a stale one).
    let page = app
        .client
        .get(app.url("/"))
        .header("cookie", "kontor_session=AAAAAAAAAAAAAAAAAAAAAA")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    app.stop().await;
}
