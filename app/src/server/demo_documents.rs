//! The demo's documents (issue 6): data sheets, a CAD model and a certificate for the
//! demo pumps, a contract for Müller only and one for Becker only, and the invoice
//! and delivery note of Müller's delivered order. Stored through the same path as an
//! upload; the files are small but real (PDFs open, the STEP file is ISO 10303-21).

use crate::api::documents::UploadOutcome;
use crate::server::ServerContext;
use crate::services::{Actor, ServiceError, documents};
use bytes::Bytes;
use kontor_domain::Locale;
use kontor_domain::documents::{DocumentForm, FileType, check_content};

/// The demo's own data refused: told at start, with what was wrong.
fn refused(e: ServiceError) -> String {
    format!("demo document: {e}")
}

struct DemoDocument {
    uploader: &'static str,
    title_en: &'static str,
    title_de: &'static str,
    kind: &'static str,
    sku: &'static str,
    /// `""`: every customer; else a member's address names the organization.
    customer_of: &'static str,
    /// The order's number; `{order}` here and in the texts is the demo's pump order.
    order: &'static str,
    file_name: &'static str,
    lines: &'static [&'static str],
}

const ADMIN: &str = "admin@nordhydraulik.example";

const DOCUMENTS: &[DemoDocument] = &[
    DemoDocument {
        uploader: ADMIN,
        title_en: "Data sheet AP-45",
        title_de: "Datenblatt AP-45",
        kind: "data_sheet",
        sku: "NH-PMP-1000",
        customer_of: "",
        order: "",
        file_name: "NH-PMP-1000_datasheet.pdf",
        lines: &[
            "Axial piston pump AP-45",
            "Displacement 45 cm3/rev, 280 bar nominal, 350 bar peak",
            "Speed 500-2800 rpm, SAE flange, weight 23 kg",
        ],
    },
    DemoDocument {
        uploader: ADMIN,
        title_en: "CAD model AP-45 (STEP)",
        title_de: "CAD-Modell AP-45 (STEP)",
        kind: "cad_model",
        sku: "NH-PMP-1000",
        customer_of: "",
        order: "",
        file_name: "NH-PMP-1000.step",
        lines: &[],
    },
    DemoDocument {
        uploader: ADMIN,
        title_en: "EU declaration of conformity AP series",
        title_de: "EU-Konformitätserklärung AP-Baureihe",
        kind: "certificate",
        sku: "NH-PMP-1000",
        customer_of: "",
        order: "",
        file_name: "AP_declaration_of_conformity.pdf",
        lines: &[
            "EU declaration of conformity",
            "Machinery Directive 2006/42/EC",
            "Nordhydraulik GmbH, Hamburg",
        ],
    },
    DemoDocument {
        uploader: ADMIN,
        title_en: "Data sheet ZP-16",
        title_de: "Datenblatt ZP-16",
        kind: "data_sheet",
        sku: "NH-PMP-1020",
        customer_of: "",
        order: "",
        file_name: "NH-PMP-1020_datasheet.pdf",
        lines: &["Gear pump ZP-16", "Displacement 16 cm3/rev, 250 bar"],
    },
    DemoDocument {
        uploader: ADMIN,
        title_en: "Data sheet ZP-32",
        title_de: "Datenblatt ZP-32",
        kind: "data_sheet",
        sku: "NH-PMP-1030",
        customer_of: "",
        order: "",
        file_name: "NH-PMP-1030_datasheet.pdf",
        lines: &["Gear pump ZP-32", "Displacement 32 cm3/rev, 250 bar"],
    },
    DemoDocument {
        uploader: "vera@nordhydraulik.example",
        title_en: "Framework contract Maschinenbau Müller 2026",
        title_de: "Rahmenvertrag Maschinenbau Müller 2026",
        kind: "contract",
        sku: "",
        customer_of: "egon@mueller.example",
        order: "",
        file_name: "Rahmenvertrag_Mueller_2026.pdf",
        lines: &[
            "Framework contract 2026",
            "Nordhydraulik GmbH - Maschinenbau Mueller GmbH",
            "Payment 30 days net, 2 % within 10 days; DAP Stuttgart",
        ],
    },
    DemoDocument {
        uploader: "tim@nordhydraulik.example",
        title_en: "Framework contract Becker Fördertechnik 2026",
        title_de: "Rahmenvertrag Becker Fördertechnik 2026",
        kind: "contract",
        sku: "",
        customer_of: "bob@becker.example",
        order: "",
        file_name: "Rahmenvertrag_Becker_2026.pdf",
        lines: &[
            "Framework contract 2026",
            "Nordhydraulik GmbH - Becker Foerdertechnik KG",
            "Payment 14 days net; FCA Kiel",
        ],
    },
    DemoDocument {
        uploader: "vera@nordhydraulik.example",
        title_en: "Invoice for order #{order}",
        title_de: "Rechnung zu Bestellung #{order}",
        kind: "invoice",
        sku: "",
        customer_of: "egon@mueller.example",
        order: "{order}",
        file_name: "Rechnung_Mueller_{order}.pdf",
        lines: &[
            "Invoice",
            "Order #{order}, PO-2026-0412",
            "Payable within 30 days net",
        ],
    },
    DemoDocument {
        uploader: "vera@nordhydraulik.example",
        title_en: "Delivery note for order #{order}",
        title_de: "Lieferschein zu Bestellung #{order}",
        kind: "delivery_note",
        sku: "",
        customer_of: "egon@mueller.example",
        order: "{order}",
        file_name: "Lieferschein_Mueller_{order}.pdf",
        lines: &[
            "Delivery note",
            "Order #{order}, PO-2026-0412",
            "DAP Stuttgart",
        ],
    },
];

/// Seeds the documents once, after the demo orders (invoices name one).
pub async fn seed(ctx: &ServerContext, _now: i64) -> Result<(), String> {
    let fail = |e: kontor_store::StoreError| e.to_string();
    let number = crate::server::demo_orders::pump_order_number(&ctx.store)
        .await
        .map_err(refused)?
        .to_string();
    let numbered = |text: &str| text.replace("{order}", &number);
    for demo in DOCUMENTS {
        let user = |email: &str| {
            let email = email.to_string();
            async move {
                ctx.store
                    .user_by_email(&email)
                    .await
                    .map(|u| u.expect("demo user"))
            }
        };
        let uploader = user(demo.uploader).await.map_err(fail)?;
        let visibility = if demo.customer_of.is_empty() {
            "all".to_string()
        } else {
            user(demo.customer_of).await.map_err(fail)?.organization_id
        };
        let form = DocumentForm {
            title_en: numbered(demo.title_en),
            title_de: numbered(demo.title_de),
            kind: demo.kind.into(),
            product: demo.sku.into(),
            visibility,
            order: numbered(demo.order),
        };
        let actor = Actor::of_person(uploader, Locale::default());
        let mut target = documents::plan_new(ctx, &actor, &form)
            .await
            .map_err(refused)?
            .map_err(|p| format!("demo document: {p:?}"))?;
        // History: published before anyone could have been told.
        if let documents::Target::New { announce, .. } = &mut target {
            *announce = false;
        }
        let file_name = numbered(demo.file_name);
        let bytes = if file_name.ends_with(".step") {
            step_model(demo.title_en)
        } else {
            let lines: Vec<String> = demo.lines.iter().map(|l| numbered(l)).collect();
            pdf(&lines.iter().map(String::as_str).collect::<Vec<_>>())
        };
        let file_type = FileType::claimed_by(&file_name).expect("a known type");
        assert_eq!(
            check_content(&file_name, &bytes),
            kontor_domain::documents::ContentCheck::Accepted(file_type)
        );
        let mut rest = futures::stream::empty::<Result<Bytes, std::io::Error>>();
        let outcome = documents::store_document(
            ctx,
            &actor,
            target,
            &file_name,
            file_type,
            Bytes::from(bytes),
            &mut rest,
        )
        .await
        .map_err(refused)?;
        if let UploadOutcome::Invalid(problems) = outcome {
            return Err(format!("demo document: {problems:?}"));
        }
    }
    Ok(())
}

/// A one-page PDF with a few lines of Helvetica: small, valid, opens anywhere.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 14 Tf 56 780 Td 18 TL");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        text.push_str(&format!(" ({escaped}) Tj T*"));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A small ISO 10303-21 (STEP AP214) file: a named product with one point.
fn step_model(name: &str) -> Vec<u8> {
    format!(
        "ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('{name}'),'2;1');\n\
         FILE_NAME('NH-PMP-1000.step','2026-11-24T00:00:00',('Nordhydraulik'),('Nordhydraulik GmbH'),'Kontor','','');\n\
         FILE_SCHEMA(('AUTOMOTIVE_DESIGN {{ 1 0 10303 214 1 1 1 1 }}'));\nENDSEC;\nDATA;\n\
         #1=PRODUCT('NH-PMP-1000','{name}','',(#2));\n\
         #2=PRODUCT_CONTEXT('',#3,'mechanical');\n\
         #3=APPLICATION_CONTEXT('automotive design');\n\
         #4=CARTESIAN_POINT('origin',(0.,0.,0.));\nENDSEC;\nEND-ISO-10303-21;\n"
    )
    .into_bytes()
}
