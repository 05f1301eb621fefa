//! Documents: who finds and downloads what, uploads and versions, content checks,
//! the size limit, byte ranges, download counts, and a large upload that streams.

use crate::on_both_backends;
use crate::support::{Backend, Browser, TestApp, field_message, tag_of};
use serde_json::Value;
use sha2::{Digest, Sha256};

on_both_backends!(
    customers_see_their_own_and_everyones_documents_only,
    vendor_staff_upload_replace_and_see_downloads,
    files_are_checked_before_anything_is_stored,
    byte_ranges_resume_a_download,
    uploads_work_without_javascript,
);

const MUELLER_CONTRACT: &str = "Framework contract Maschinenbau Müller 2026";
const BECKER_CONTRACT: &str = "Framework contract Becker Fördertechnik 2026";

async fn documents(browser: &Browser, form: &[(&str, &str)]) -> Vec<Value> {
    browser.ok("documents", form).await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

fn titles(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["title_en"].as_str().unwrap().to_string())
        .collect()
}

fn row<'a>(rows: &'a [Value], title: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["title_en"] == title)
        .unwrap_or_else(|| panic!("{title} not in {:?}", titles(rows)))
}

/// The id of a document, found as the vendor admin sees it.
async fn document_id(app: &TestApp, title: &str) -> (String, String) {
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let rows = documents(&admin, &[]).await;
    let row = row(&rows, title);
    (
        row["id"].as_str().unwrap().to_string(),
        row["version_id"].as_str().unwrap().to_string(),
    )
}

async fn customers_see_their_own_and_everyones_documents_only(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let (contract, contract_version) = document_id(&app, MUELLER_CONTRACT).await;

    // Ingo (viewer at Müller): the pumps' documents, Müller's contract and invoice —
    // never Becker's contract.
    let ingo = app.signed_in("ingo@mueller.example").await;
    let seen = titles(&documents(&ingo, &[]).await);
    for title in [
        "Data sheet AP-45",
        "CAD model AP-45 (STEP)",
        MUELLER_CONTRACT,
        "Invoice for order #1",
    ] {
        assert!(seen.contains(&title.to_string()), "{title} in {seen:?}");
    }
    assert!(!seen.contains(&BECKER_CONTRACT.to_string()));
    // By product and kind: the AP-45's CAD model.
    let cad = documents(&ingo, &[("product", "nh-pmp-1000"), ("kind", "cad_model")]).await;
    assert_eq!(titles(&cad), ["CAD model AP-45 (STEP)"]);
    // By text, in either language's title.
    let german = documents(&ingo, &[("q", "datenblatt zp-16")]).await;
    assert_eq!(titles(&german), ["Data sheet ZP-16"]);

    // Bob at Becker: Müller's contract does not exist for him — not in the list, not
    // through search, not by the document's id, not by its version's id.
    let bob = app.signed_in("bob@becker.example").await;
    let bobs = titles(&documents(&bob, &[]).await);
    assert!(bobs.contains(&BECKER_CONTRACT.to_string()));
    assert!(!bobs.contains(&MUELLER_CONTRACT.to_string()));
    assert!(!bobs.iter().any(|t| t.contains("order #1")));
    let searched = documents(&bob, &[("q", "müller")]).await;
    assert!(searched.is_empty(), "{:?}", titles(&searched));
    let searched = documents(&bob, &[("kind", "contract")]).await;
    assert_eq!(titles(&searched), [BECKER_CONTRACT]);
    let by_id = bob.call("document", &[("document_id", &contract)]).await;
    assert_eq!(by_id.status(), 404);
    let body = by_id.text().await.unwrap();
    assert!(
        !body.contains("Müller") && !body.contains("Rahmenvertrag"),
        "{body}"
    );
    for path in [
        format!("/files/{contract}"),
        format!("/files/versions/{contract_version}"),
    ] {
        let response = bob.get_with(&path, &[]).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().is_empty());
        // Tim manages Becker only: the same.
        let tim = app.signed_in("tim@nordhydraulik.example").await;
        assert_eq!(tim.get_with(&path, &[]).await.status(), 404, "{path}");
        // Signed out: 401 (a browser is sent to sign in first).
        let anonymous = app.browser().get_with(&path, &[]).await;
        assert_eq!(anonymous.status(), 401);
        let browser = app
            .browser()
            .get_with(&path, &[("accept", "text/html")])
            .await;
        assert_eq!(browser.status(), 303);
    }

    // Frieda (finance at Müller) downloads the contract: an attachment with a safe
    // name, the stored type, never sniffed.
    let frieda = app.signed_in("frieda@mueller.example").await;
    let download = frieda.get_with(&format!("/files/{contract}"), &[]).await;
    assert_eq!(download.status(), 200);
    let header = |name: &str| {
        download
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("accept-ranges"), "bytes");
    assert!(header("content-encoding").is_empty(), "sent as stored");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"Rahmenvertrag_Mueller_2026.pdf\"; filename*=UTF-8''Rahmenvertrag_Mueller_2026.pdf"
    );
    let etag = header("etag");
    let bytes = download.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(etag, format!("\"{:x}\"", Sha256::digest(&bytes)));

    // Egon (a purchaser, who sees his own orders) has the invoice of his order #1 on
    // the order's page list; Max's view of documents of orders is the organization's.
    let egon = app.signed_in("egon@mueller.example").await;
    let order_docs = documents(&egon, &[("kind", "invoice")]).await;
    let invoice = row(&order_docs, "Invoice for order #1");
    let order_id = invoice["order_id"].as_str().unwrap();
    let on_order = documents(&egon, &[("order", order_id)]).await;
    assert_eq!(
        titles(&on_order),
        ["Delivery note for order #1", "Invoice for order #1"]
    );
    let order_page = egon.page(&format!("/orders/{order_id}")).await;
    assert!(
        order_page
            .text()
            .await
            .unwrap()
            .contains("Invoice for order #1")
    );
    app.stop().await;
}

pub(crate) fn pdf(text: &str) -> Vec<u8> {
    kontor_app::server::demo_documents::pdf(&[text])
}

pub(crate) async fn stored_outcome(response: reqwest::Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn vendor_staff_upload_replace_and_see_downloads(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let becker = app.organization_id("bob@becker.example").await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;

    // The vendor admin shares a manual with every customer.
    let stored = stored_outcome(
        admin
            .upload(
                &[
                    ("title_en", "Operating manual AP-71"),
                    ("title_de", "Betriebsanleitung AP-71"),
                    ("kind", "manual"),
                    ("product", "NH-PMP-1010"),
                    ("visibility", "all"),
                    ("order", ""),
                ],
                Some(("AP-71 manual.pdf", pdf("Manual v1"))),
            )
            .await,
    )
    .await;
    let manual = stored["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(stored["Stored"]["version"], 1);

    // Vera may not share with everyone, nor upload for Becker (not her customer:
    // as unknown as a customer that does not exist).
    let everyone = vera
        .upload(
            &[("title_en", "X"), ("kind", "manual"), ("visibility", "all")],
            Some(("x.pdf", pdf("x"))),
        )
        .await;
    assert_eq!(everyone.status(), 403);
    let for_becker = stored_outcome(
        vera.upload(
            &[
                ("title_en", "X"),
                ("kind", "contract"),
                ("visibility", &becker),
            ],
            Some(("x.pdf", pdf("x"))),
        )
        .await,
    )
    .await;
    assert_eq!(
        for_becker["Invalid"],
        serde_json::json!([["visibility", "UnknownCustomer"]])
    );
    // Customers and service agents do not upload at all.
    for email in ["carla@mueller.example", "sam@nordhydraulik.example"] {
        let who = app.signed_in(email).await;
        let refused = who
            .upload(&[("document_id", &manual)], Some(("x.pdf", pdf("x"))))
            .await;
        assert_eq!(refused.status(), 403, "{email}");
    }

    // A new version: the current one changes, the first stays downloadable.
    let ingo = app.signed_in("ingo@mueller.example").await;
    let v1 = ingo.ok("document", &[("document_id", &manual)]).await;
    let v1_id = v1["versions"][0]["id"].as_str().unwrap().to_string();
    let stored = stored_outcome(
        admin
            .upload(
                &[("document_id", &manual)],
                Some(("AP-71 manual rev B.pdf", pdf("Manual v2"))),
            )
            .await,
    )
    .await;
    assert_eq!(stored["Stored"]["version"], 2);
    let detail = ingo.ok("document", &[("document_id", &manual)]).await;
    assert_eq!(detail["versions"].as_array().unwrap().len(), 2);
    assert_eq!(detail["document"]["version"], 2);
    assert_eq!(detail["document"]["file_name"], "AP-71 manual rev B.pdf");
    assert_eq!(detail["by_customer"], Value::Null, "counts are for staff");
    let current = ingo.get_with(&format!("/files/{manual}"), &[]).await;
    assert!(String::from_utf8_lossy(&current.bytes().await.unwrap()).contains("Manual v2"));
    let first = ingo
        .get_with(&format!("/files/versions/{v1_id}"), &[])
        .await;
    assert_eq!(first.status(), 200);
    assert!(String::from_utf8_lossy(&first.bytes().await.unwrap()).contains("Manual v1"));

    // Vera uploads an invoice for Müller's order #2; it appears on that order.
    let stored = stored_outcome(
        vera.upload(
            &[
                ("title_en", "Invoice 2026-118"),
                ("kind", "invoice"),
                ("visibility", &mueller),
                ("order", "#2"),
            ],
            Some(("Rechnung 2026-118.pdf", pdf("Invoice"))),
        )
        .await,
    )
    .await;
    let invoice = stored["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let invoice_row = ingo.ok("document", &[("document_id", &invoice)]).await;
    assert_eq!(invoice_row["document"]["order_number"], 2);
    // An invoice of Hannah's order #3: Egon, who sees only his own orders, does not
    // see it; Hannah and the organization's viewers do.
    let stored = stored_outcome(
        vera.upload(
            &[
                ("title_en", "Invoice 2026-131"),
                ("kind", "invoice"),
                ("visibility", &mueller),
                ("order", "3"),
            ],
            Some(("Rechnung 2026-131.pdf", pdf("Invoice"))),
        )
        .await,
    )
    .await;
    let hannahs = stored["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let egon = app.signed_in("egon@mueller.example").await;
    assert_eq!(
        egon.call("document", &[("document_id", &hannahs)])
            .await
            .status(),
        404
    );
    assert!(!titles(&documents(&egon, &[]).await).contains(&"Invoice 2026-131".to_string()));
    assert!(titles(&documents(&egon, &[]).await).contains(&"Invoice 2026-118".to_string()));
    let hannah = app.signed_in("hannah@mueller.example").await;
    assert!(titles(&documents(&hannah, &[]).await).contains(&"Invoice 2026-131".to_string()));
    assert_eq!(
        ingo.get_with(&format!("/files/{hannahs}"), &[])
            .await
            .status(),
        200
    );
    assert_eq!(
        egon.get_with(&format!("/files/{hannahs}"), &[])
            .await
            .status(),
        404
    );
    let missing_order = stored_outcome(
        vera.upload(
            &[
                ("title_en", "Invoice"),
                ("kind", "invoice"),
                ("visibility", &mueller),
                ("order", "999"),
            ],
            Some(("r.pdf", pdf("r"))),
        )
        .await,
    )
    .await;
    assert_eq!(
        missing_order["Invalid"],
        serde_json::json!([["order", "UnknownOrder"]])
    );

    // Downloads are counted per version and per organization; Vera sees her
    // customers (and the vendor's own), Tim sees nothing of Müller's.
    let bob = app.signed_in("bob@becker.example").await;
    bob.get_with(&format!("/files/{manual}"), &[]).await;
    let seen = admin.ok("document", &[("document_id", &manual)]).await;
    let counts: Vec<(String, i64)> = seen["by_customer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().into(),
                c["downloads"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("Maschinenbau Müller GmbH".to_string(), 2),
            ("Becker Fördertechnik KG".to_string(), 1)
        ]
    );
    assert_eq!(seen["document"]["downloads"], 3);
    assert_eq!(seen["versions"][0]["downloads"], 2, "version 2: Ingo, Bob");
    let for_vera = vera.ok("document", &[("document_id", &manual)]).await;
    assert_eq!(for_vera["by_customer"].as_array().unwrap().len(), 1);
    let tim = app.signed_in("tim@nordhydraulik.example").await;
    assert_eq!(
        tim.call("document", &[("document_id", &invoice)])
            .await
            .status(),
        404
    );
    app.stop().await;
}

/// Files in the storage folder (nothing half-written may stay behind).
fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        count(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }
    count(&app.db.files)
}

async fn files_are_checked_before_anything_is_stored(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("KONTOR_DEMO", "1"),
            ("KONTOR_DEMO_PASSWORD", crate::support::DEMO_PASSWORD),
            ("KONTOR_UPLOAD_LIMIT_MB", "1"),
        ],
    )
    .await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let before_files = stored_files(&app);
    let before_rows = documents(&admin, &[]).await.len();
    let fields = [
        ("title_en", "Data sheet"),
        ("kind", "data_sheet"),
        ("visibility", "all"),
    ];
    let invalid = |response| async { stored_outcome(response).await["Invalid"].clone() };

    // A "PDF" that is a PNG, an executable, an empty file, a file over the limit.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("sheet.pdf", png, "FileContentMismatch"),
        ("tool.exe", b"MZ\x90\0".to_vec(), "FileTypeNotAllowed"),
        ("empty.pdf", Vec::new(), "FileEmpty"),
        (
            "huge.pdf",
            [b"%PDF-1.7\n".to_vec(), vec![b' '; 3 * 1024 * 1024]].concat(),
            "FileTooLarge",
        ),
    ];
    for (name, bytes, problem) in cases {
        let answer = invalid(admin.upload(&fields, Some((name, bytes))).await).await;
        assert_eq!(answer, serde_json::json!([["file", problem]]), "{name}");
    }
    // Every problem of the form at once, with the file's.
    let answer = invalid(
        admin
            .upload(
                &[("kind", "contract"), ("visibility", "all"), ("order", "x")],
                Some(("a.stp", b"not a step file".to_vec())),
            )
            .await,
    )
    .await;
    assert_eq!(
        answer,
        serde_json::json!([
            ["title_en", "Required"],
            ["visibility", "OneCustomerOnly"],
            ["order", "InvalidNumber"],
            ["file", "FileContentMismatch"]
        ])
    );
    // No file at all.
    let answer = invalid(admin.upload(&fields, None).await).await;
    assert_eq!(answer, serde_json::json!([["file", "Required"]]));
    // Not multipart: refused before the server function.
    let plain = admin.call("upload_document", &fields).await;
    assert_eq!(plain.status(), 415);

    assert_eq!(stored_files(&app), before_files, "nothing left in storage");
    assert_eq!(documents(&admin, &[]).await.len(), before_rows);
    // A STEP file just under the limit is fine.
    let step = [
        b"ISO-10303-21;\nHEADER;\n".to_vec(),
        vec![b'x'; 1024 * 1024 - 100],
    ]
    .concat();
    let stored = stored_outcome(admin.upload(&fields_step(), Some(("pump.stp", step))).await).await;
    assert_eq!(stored["Stored"]["version"], 1);
    assert_eq!(stored_files(&app), before_files + 1);
    app.stop().await;
}

fn fields_step() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title_en", "CAD model"),
        ("kind", "cad_model"),
        ("visibility", "all"),
    ]
}

async fn byte_ranges_resume_a_download(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    let content: Vec<u8> = (0..100_000u32)
        .map(|i| b"0123456789abcdef\n"[(i % 17) as usize])
        .collect();
    let stored = stored_outcome(
        admin
            .upload(&fields_step_text(), Some(("values.txt", content.clone())))
            .await,
    )
    .await;
    let id = stored["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let ingo = app.signed_in("ingo@mueller.example").await;
    let path = format!("/files/{id}");

    let part = ingo.get_with(&path, &[("range", "bytes=1000-1999")]).await;
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"].to_str().unwrap(),
        "bytes 1000-1999/100000"
    );
    let etag = part.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(&part.bytes().await.unwrap()[..], &content[1000..2000]);
    // The rest of the file, as a resuming client asks for it.
    let rest = ingo
        .get_with(&path, &[("range", "bytes=99990-"), ("if-range", &etag)])
        .await;
    assert_eq!(rest.status(), 206);
    assert_eq!(&rest.bytes().await.unwrap()[..], &content[99_990..]);
    let tail = ingo.get_with(&path, &[("range", "bytes=-5")]).await;
    assert_eq!(&tail.bytes().await.unwrap()[..], &content[99_995..]);
    // Past the end: 416 with the size.
    let beyond = ingo.get_with(&path, &[("range", "bytes=100000-")]).await;
    assert_eq!(beyond.status(), 416);
    assert_eq!(beyond.headers()["content-range"], "bytes */100000");
    // The file changed since (another ETag): the whole file.
    let changed = ingo
        .get_with(&path, &[("range", "bytes=10-"), ("if-range", "\"other\"")])
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(changed.bytes().await.unwrap().len(), 100_000);

    // A download counts when it starts at the first byte: the range at 1000, the
    // resumed rest and the tail did not; the changed-file download did.
    let seen = admin.ok("document", &[("document_id", &id)]).await;
    assert_eq!(seen["document"]["downloads"], 1);
    app.stop().await;
}

fn fields_step_text() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title_en", "Measured values"),
        ("kind", "other"),
        ("visibility", "all"),
    ]
}

/// The peak resident memory of this process, in bytes (`VmHWM`).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// 200 MB go through the upload in chunks: the server hashes and stores them as they
/// arrive. Storage is the same on both engines, so this runs once (on SQLite).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mb_upload_streams_with_bounded_memory() {
    const SIZE: usize = 200 * 1024 * 1024;
    const CHUNK: usize = 256 * 1024;
    let app = TestApp::spawn_demo(Backend::Sqlite).await;
    let admin = app.signed_in("admin@nordhydraulik.example").await;
    // The file is made while it is sent, so the client holds one chunk at a time.
    let chunk: Vec<u8> = (0..CHUNK).map(|i| b"ISO-10303-21;\n"[i % 14]).collect();
    let mut hasher = Sha256::new();
    for _ in 0..SIZE / CHUNK {
        hasher.update(&chunk);
    }
    let expected = format!("{:x}", hasher.finalize());
    let chunks = futures::stream::iter(
        (0..SIZE / CHUNK).map(move |_| Ok::<_, std::io::Error>(bytes::Bytes::from(chunk.clone()))),
    );
    let part = reqwest::multipart::Part::stream_with_length(
        reqwest::Body::wrap_stream(chunks),
        SIZE as u64,
    )
    .file_name("big-assembly.step");
    let form = reqwest::multipart::Form::new()
        .text("title_en", "Assembly model")
        .text("kind", "cad_model")
        .text("visibility", "all")
        .part("file", part);
    // Reset the peak (Linux: "5" clears VmHWM), then measure the upload's.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let start = peak_rss();
    let response = admin.send_upload(form).await;
    let peak = peak_rss();
    let stored = stored_outcome(response).await;
    let id = stored["Stored"]["document_id"]
        .as_str()
        .unwrap()
        .to_string();
    let grown = peak.saturating_sub(start);
    println!(
        "200 MB upload: peak RSS {} MB before, {} MB during (+{} MB)",
        start >> 20,
        peak >> 20,
        grown >> 20
    );
    // Holding the file would need 200 MB at least; streaming needs a few chunks.
    assert!(
        grown < 64 * 1024 * 1024,
        "memory grew by {} MB",
        grown >> 20
    );
    let detail = admin.ok("document", &[("document_id", &id)]).await;
    assert_eq!(detail["versions"][0]["size_bytes"], SIZE as u64);
    assert_eq!(detail["versions"][0]["sha256"], expected.as_str());
    // And the last bytes come back by range.
    let tail = admin
        .get_with(&format!("/files/{id}"), &[("range", "bytes=-14")])
        .await;
    assert_eq!(tail.status(), 206);
    assert_eq!(tail.bytes().await.unwrap().len(), 14);
    app.stop().await;
}

/// Without the script an upload is a plain multipart post: a refused one comes back to
/// the form with the message at the file and every typed field kept; a new document
/// lands on its page; a new version goes back to that page, which says which version.
async fn uploads_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn_demo(backend).await;
    let mueller = app.organization_id("egon@mueller.example").await;
    let vera = app.signed_in("vera@nordhydraulik.example").await;
    let fields = [
        ("title_en", "Quality agreement 2027"),
        ("title_de", "Qualitätsvereinbarung 2027"),
        ("kind", "contract"),
        ("visibility", mueller.as_str()),
        ("product", ""),
        ("order", ""),
    ];
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let back = vera
        .plain_upload(
            "upload_document",
            "/documents",
            &fields,
            ("agreement.pdf", png),
        )
        .await;
    assert!(
        back.starts_with("/documents?answered=1&upload_document="),
        "{back}"
    );
    let page = vera.page(&back).await.text().await.unwrap();
    assert!(
        field_message(&page, "file-error").contains("does not match its type"),
        "{page}"
    );
    // The upload form (the page's search form has a kind too).
    let (_, form) = page.split_once("multipart/form-data").unwrap();
    assert!(tag_of(form, r#"id="title_en""#).contains(r#"value="Quality agreement 2027""#));
    assert!(tag_of(form, r#"id="title_de""#).contains(r#"value="Qualitätsvereinbarung 2027""#));
    assert!(tag_of(form, r#"<option value="contract""#).contains("selected"));
    assert!(tag_of(form, &format!(r#"<option value="{mueller}""#)).contains("selected"));
    assert_eq!(
        documents(&vera, &[("q", "Quality agreement")]).await.len(),
        0
    );

    let landed = vera
        .plain_upload(
            "upload_document",
            "/documents",
            &fields,
            ("agreement.pdf", pdf("v1")),
        )
        .await;
    let id = landed
        .strip_prefix("/documents/")
        .expect(&landed)
        .to_string();
    assert_eq!(
        documents(&vera, &[("q", "Quality agreement")]).await.len(),
        1
    );

    let again = vera
        .plain_upload(
            "upload_document",
            &landed,
            &[("document_id", &id)],
            ("agreement.pdf", pdf("v2")),
        )
        .await;
    assert!(
        again.starts_with(&format!("{landed}?answered=1&upload_document=")),
        "{again}"
    );
    let page = vera.page(&again).await.text().await.unwrap();
    assert!(page.contains("Uploaded: version 2."), "{page}");
    app.stop().await;
}
