//! Texts of the documents area, the upload form and the download statistics.

use super::label;
use kontor_domain::Locale;
use kontor_domain::documents::DocumentKind;

pub struct DocumentTexts {
    pub locale: Locale,
    pub title: &'static str,
    pub lead_customer: &'static str,
    pub lead_staff: &'static str,
    pub search: &'static str,
    pub kind: &'static str,
    pub all_kinds: &'static str,
    pub product_sku: &'static str,
    pub search_submit: &'static str,
    pub col_title: &'static str,
    pub col_product: &'static str,
    pub col_for: &'static str,
    pub col_file: &'static str,
    pub col_updated: &'static str,
    pub col_downloads: &'static str,
    pub download: &'static str,
    pub all_customers: &'static str,
    pub your_organization: &'static str,
    pub empty: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub product_documents: &'static str,
    pub order_documents: &'static str,
    pub order_label: &'static str,
    pub upload_title: &'static str,
    pub title_en: &'static str,
    pub title_de: &'static str,
    pub title_de_hint: &'static str,
    pub visibility: &'static str,
    pub product_optional: &'static str,
    pub order_optional: &'static str,
    pub file: &'static str,
    pub file_hint: &'static str,
    pub upload_submit: &'static str,
    pub uploading: &'static str,
    pub uploaded: &'static str,
    pub fix_fields: &'static str,
    pub failed: &'static str,
    pub versions: &'static str,
    pub version: &'static str,
    pub current: &'static str,
    pub uploaded_by: &'static str,
    pub checksum: &'static str,
    pub replace_title: &'static str,
    pub replace_hint: &'static str,
    pub replace_submit: &'static str,
    pub downloads_title: &'static str,
    pub downloads_none: &'static str,
    pub organization: &'static str,
    pub last_download: &'static str,
    pub back: &'static str,
    kinds: [(DocumentKind, &'static str); 8],
    /// `{title}`, `{company}`.
    #[cfg(feature = "ssr")]
    pub mail_document_subject: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_document_version_subject: &'static str,
    /// `{name}`, `{what}`, `{company}`, `{title}`, `{link}`.
    #[cfg(feature = "ssr")]
    pub mail_document_body: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_document_what_new: &'static str,
    #[cfg(feature = "ssr")]
    pub mail_document_what_version: &'static str,
}

impl DocumentTexts {
    pub fn kind(&self, kind: DocumentKind) -> &'static str {
        label(&self.kinds, &kind).unwrap_or("")
    }

    /// "1.5 MB" / "1,5 MB": sizes as people read them.
    pub fn size(&self, bytes: i64) -> String {
        let (value, unit) = match bytes {
            b if b < 1024 => return format!("{b} B"),
            b if b < 1024 * 1024 => (b as f64 / 1024.0, "KB"),
            b if b < 1024 * 1024 * 1024 => (b as f64 / (1024.0 * 1024.0), "MB"),
            b => (b as f64 / (1024.0 * 1024.0 * 1024.0), "GB"),
        };
        let text = format!("{value:.1}");
        let text = match self.locale {
            Locale::De => text.replace('.', ","),
            Locale::En => text,
        };
        format!("{text} {unit}")
    }
}

pub const EN: DocumentTexts = DocumentTexts {
    locale: Locale::En,
    title: "Documents",
    lead_customer: "Data sheets, CAD models, certificates and manuals of our products, and your organization's contracts, invoices and delivery notes.",
    lead_staff: "Documents for every customer and for single customers, with their downloads.",
    search: "Search",
    kind: "Kind",
    all_kinds: "All kinds",
    product_sku: "Product (SKU)",
    search_submit: "Find",
    col_title: "Document",
    col_product: "Product",
    col_for: "For",
    col_file: "File",
    col_updated: "Updated",
    col_downloads: "Downloads",
    download: "Download",
    all_customers: "All customers",
    your_organization: "Your organization only",
    empty: "No documents found.",
    older: "Older documents",
    newest: "Newest documents",
    product_documents: "Documents",
    order_documents: "Invoices and delivery notes",
    order_label: "Order",
    upload_title: "Upload a document",
    title_en: "Title (English)",
    title_de: "Title (German)",
    title_de_hint: "Optional: without it, German readers see the English title.",
    visibility: "Who may see it",
    product_optional: "Product SKU (optional)",
    order_optional: "Order number (invoices and delivery notes, optional)",
    file: "File",
    file_hint: "PDF, STEP/STP, IGES, DXF, ZIP, DOCX, XLSX, PNG, JPEG, TXT or CSV, at most {max} MB.",
    upload_submit: "Upload",
    uploading: "Uploading…",
    uploaded: "Uploaded: version {version}.",
    fix_fields: "Please correct the marked fields.",
    failed: "The upload failed. Please try again.",
    versions: "Versions",
    version: "Version {version}",
    current: "current",
    uploaded_by: "Uploaded by",
    checksum: "SHA-256",
    replace_title: "Upload a new version",
    replace_hint: "The new file becomes the current version; earlier versions stay available to everyone who could see them.",
    replace_submit: "Upload new version",
    downloads_title: "Downloads by organization",
    downloads_none: "Not downloaded yet.",
    organization: "Organization",
    last_download: "Last download",
    back: "All documents",
    kinds: [
        (DocumentKind::DataSheet, "Data sheet"),
        (DocumentKind::CadModel, "CAD model"),
        (DocumentKind::Certificate, "Certificate"),
        (DocumentKind::Manual, "Manual"),
        (DocumentKind::Contract, "Contract"),
        (DocumentKind::Invoice, "Invoice"),
        (DocumentKind::DeliveryNote, "Delivery note"),
        (DocumentKind::Other, "Other"),
    ],
    #[cfg(feature = "ssr")]
    mail_document_subject: "New document for {company}: {title}",
    #[cfg(feature = "ssr")]
    mail_document_version_subject: "New version for {company}: {title}",
    #[cfg(feature = "ssr")]
    mail_document_body: "Hello {name},\n\nNordhydraulik has published {what} for {company}:\n{title}\n\nOpen it here:\n{link}\n\nNordhydraulik AG",
    #[cfg(feature = "ssr")]
    mail_document_what_new: "a new document",
    #[cfg(feature = "ssr")]
    mail_document_what_version: "a new version of a document",
};

pub const DE: DocumentTexts = DocumentTexts {
    locale: Locale::De,
    title: "Dokumente",
    lead_customer: "Datenblätter, CAD-Modelle, Zertifikate und Anleitungen unserer Produkte sowie die Verträge, Rechnungen und Lieferscheine Ihrer Organisation.",
    lead_staff: "Dokumente für alle Kunden und für einzelne Kunden, mit ihren Downloads.",
    search: "Suche",
    kind: "Art",
    all_kinds: "Alle Arten",
    product_sku: "Produkt (Artikelnummer)",
    search_submit: "Suchen",
    col_title: "Dokument",
    col_product: "Produkt",
    col_for: "Für",
    col_file: "Datei",
    col_updated: "Aktualisiert",
    col_downloads: "Downloads",
    download: "Herunterladen",
    all_customers: "Alle Kunden",
    your_organization: "Nur Ihre Organisation",
    empty: "Keine Dokumente gefunden.",
    older: "Ältere Dokumente",
    newest: "Neueste Dokumente",
    product_documents: "Dokumente",
    order_documents: "Rechnungen und Lieferscheine",
    order_label: "Bestellung",
    upload_title: "Dokument hochladen",
    title_en: "Titel (Englisch)",
    title_de: "Titel (Deutsch)",
    title_de_hint: "Optional: ohne ihn sehen deutschsprachige Leser den englischen Titel.",
    visibility: "Wer es sehen darf",
    product_optional: "Artikelnummer (optional)",
    order_optional: "Bestellnummer (Rechnungen und Lieferscheine, optional)",
    file: "Datei",
    file_hint: "PDF, STEP/STP, IGES, DXF, ZIP, DOCX, XLSX, PNG, JPEG, TXT oder CSV, höchstens {max} MB.",
    upload_submit: "Hochladen",
    uploading: "Wird hochgeladen …",
    uploaded: "Hochgeladen: Version {version}.",
    fix_fields: "Bitte korrigieren Sie die markierten Felder.",
    failed: "Das Hochladen ist fehlgeschlagen. Bitte versuchen Sie es erneut.",
    versions: "Versionen",
    version: "Version {version}",
    current: "aktuell",
    uploaded_by: "Hochgeladen von",
    checksum: "SHA-256",
    replace_title: "Neue Version hochladen",
    replace_hint: "Die neue Datei wird die aktuelle Version; frühere Versionen bleiben für alle abrufbar, die sie sehen durften.",
    replace_submit: "Neue Version hochladen",
    downloads_title: "Downloads nach Organisation",
    downloads_none: "Noch nicht heruntergeladen.",
    organization: "Organisation",
    last_download: "Letzter Download",
    back: "Alle Dokumente",
    kinds: [
        (DocumentKind::DataSheet, "Datenblatt"),
        (DocumentKind::CadModel, "CAD-Modell"),
        (DocumentKind::Certificate, "Zertifikat"),
        (DocumentKind::Manual, "Anleitung"),
        (DocumentKind::Contract, "Vertrag"),
        (DocumentKind::Invoice, "Rechnung"),
        (DocumentKind::DeliveryNote, "Lieferschein"),
        (DocumentKind::Other, "Sonstiges"),
    ],
    #[cfg(feature = "ssr")]
    mail_document_subject: "Neues Dokument für {company}: {title}",
    #[cfg(feature = "ssr")]
    mail_document_version_subject: "Neue Fassung für {company}: {title}",
    #[cfg(feature = "ssr")]
    mail_document_body: "Guten Tag {name},\n\nNordhydraulik hat {what} für {company} veröffentlicht:\n{title}\n\nHier öffnen:\n{link}\n\nNordhydraulik AG",
    #[cfg(feature = "ssr")]
    mail_document_what_new: "ein neues Dokument",
    #[cfg(feature = "ssr")]
    mail_document_what_version: "eine neue Fassung eines Dokuments",
};
