//! Documents: what they are (kind, titles, who may see them), which files are
//! accepted (the bytes must match the claimed type), how a file name is made safe to
//! send, and which bytes an HTTP range asks for.

use crate::field::{FieldProblem, FormProblems};
use crate::text::required_line;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    DataSheet,
    CadModel,
    Certificate,
    Manual,
    Contract,
    Invoice,
    DeliveryNote,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::DataSheet,
        DocumentKind::CadModel,
        DocumentKind::Certificate,
        DocumentKind::Manual,
        DocumentKind::Contract,
        DocumentKind::Invoice,
        DocumentKind::DeliveryNote,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::DataSheet => "data_sheet",
            DocumentKind::CadModel => "cad_model",
            DocumentKind::Certificate => "certificate",
            DocumentKind::Manual => "manual",
            DocumentKind::Contract => "contract",
            DocumentKind::Invoice => "invoice",
            DocumentKind::DeliveryNote => "delivery_note",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }

    /// Contracts, invoices and delivery notes are one customer's business: they can
    /// never be shown to every customer.
    /// The kinds a vendor may offer to registered prospects ("after registration"):
    /// technical documents about products, never contracts or papers of an order.
    pub const FOR_PROSPECTS: [DocumentKind; 4] = [
        DocumentKind::DataSheet,
        DocumentKind::CadModel,
        DocumentKind::Certificate,
        DocumentKind::Manual,
    ];

    pub fn belongs_to_one_customer(self) -> bool {
        matches!(
            self,
            DocumentKind::Contract | DocumentKind::Invoice | DocumentKind::DeliveryNote
        )
    }

    /// Invoices and delivery notes may name the order they belong to.
    pub fn may_link_order(self) -> bool {
        matches!(self, DocumentKind::Invoice | DocumentKind::DeliveryNote)
    }
}

/// Who may see a document (and every one of its versions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    AllCustomers,
    /// One customer organization only (its id).
    Customer(String),
}

/// The upload form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentForm {
    pub title_en: String,
    pub title_de: String,
    pub kind: String,
    /// An SKU, or empty.
    pub product: String,
    /// `"all"` or a customer organization's id.
    pub visibility: String,
    /// An order's number ("12" or "#12"), or empty (invoices and delivery notes).
    pub order: String,
}

/// A new document's description, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDraft {
    pub title_en: String,
    pub title_de: String,
    pub kind: DocumentKind,
    pub product_sku: Option<String>,
    pub visibility: Visibility,
    pub order_number: Option<i64>,
}

impl DocumentForm {
    /// Every problem at once, each at its field. Whether the SKU, customer and order
    /// exist (and the order is that customer's) is the store's to answer.
    pub fn parse(&self) -> Result<DocumentDraft, FormProblems> {
        let mut problems = FormProblems::default();
        let title_en = required_line(&self.title_en, TITLE_MAX)
            .map_err(|e| problems.add("title_en", e.into()))
            .ok();
        // The German title may be left empty: the English one is shown instead.
        let title_de = if self.title_de.trim().is_empty() {
            title_en.clone()
        } else {
            required_line(&self.title_de, TITLE_MAX)
                .map_err(|e| problems.add("title_de", e.into()))
                .ok()
        };
        let kind = DocumentKind::parse(&self.kind);
        if kind.is_none() {
            problems.add("kind", FieldProblem::Required);
        }
        let visibility = match self.visibility.trim() {
            "" => {
                problems.add("visibility", FieldProblem::Required);
                None
            }
            "all" => Some(Visibility::AllCustomers),
            id => Some(Visibility::Customer(id.to_string())),
        };
        if let (Some(kind), Some(Visibility::AllCustomers)) = (kind, &visibility)
            && kind.belongs_to_one_customer()
        {
            problems.add("visibility", FieldProblem::OneCustomerOnly);
        }
        let product_sku = Some(self.product.trim().to_uppercase()).filter(|s| !s.is_empty());
        let order = self.order.trim();
        let order_number = match order.trim_start_matches('#').trim().parse::<i64>() {
            _ if order.is_empty() => None,
            Ok(number) if number >= 1 => Some(number),
            _ => {
                problems.add("order", FieldProblem::InvalidNumber);
                None
            }
        };
        let linkable = kind.is_some_and(DocumentKind::may_link_order)
            && visibility != Some(Visibility::AllCustomers);
        if order_number.is_some() && !linkable {
            problems.add("order", FieldProblem::OrderNotLinkable);
        }
        problems.or_value(|| DocumentDraft {
            title_en: title_en.unwrap_or_default(),
            title_de: title_de.unwrap_or_default(),
            kind: kind.unwrap_or(DocumentKind::Other),
            product_sku,
            visibility: visibility.unwrap_or(Visibility::AllCustomers),
            order_number,
        })
    }
}

/// The file types the portal accepts, each recognised by its name *and* its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Zip,
    /// Word and Excel files are zip containers.
    Docx,
    Xlsx,
    /// ISO 10303-21 (STEP), the usual CAD exchange format.
    Step,
    Iges,
    Dxf,
    Text,
    Csv,
}

impl FileType {
    pub const ALL: [FileType; 11] = [
        FileType::Pdf,
        FileType::Png,
        FileType::Jpeg,
        FileType::Zip,
        FileType::Docx,
        FileType::Xlsx,
        FileType::Step,
        FileType::Iges,
        FileType::Dxf,
        FileType::Text,
        FileType::Csv,
    ];

    /// The file name endings of this type, lower case.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Zip => &["zip"],
            FileType::Docx => &["docx"],
            FileType::Xlsx => &["xlsx"],
            FileType::Step => &["step", "stp"],
            FileType::Iges => &["igs", "iges"],
            FileType::Dxf => &["dxf"],
            FileType::Text => &["txt"],
            FileType::Csv => &["csv"],
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Zip => "application/zip",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Step => "model/step",
            FileType::Iges => "model/iges",
            FileType::Dxf => "image/vnd.dxf",
            FileType::Text => "text/plain; charset=utf-8",
            FileType::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The type a file name claims, by its ending.
    pub fn claimed_by(file_name: &str) -> Option<FileType> {
        let (_, extension) = file_name.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        FileType::ALL
            .into_iter()
            .find(|t| t.extensions().contains(&extension.as_str()))
    }

    /// Whether `head` (the file's first bytes, up to [`SNIFF_BYTES`]) is a file of
    /// this type.
    pub fn matches(self, head: &[u8]) -> bool {
        let text = || strip_bom(head);
        match self {
            FileType::Pdf => head.starts_with(b"%PDF-"),
            FileType::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileType::Jpeg => head.starts_with(&[0xFF, 0xD8, 0xFF]),
            FileType::Zip | FileType::Docx | FileType::Xlsx => {
                head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
            }
            FileType::Step => text().trim_ascii_start().starts_with(b"ISO-10303-21;"),
            // Fixed 80-column records; the first is a start ('S') record.
            FileType::Iges => {
                let line = text().split(|b| *b == b'\n').next().unwrap_or_default();
                line.len() >= 73 && line[72] == b'S' && is_text(line)
            }
            FileType::Dxf => {
                head.starts_with(b"AutoCAD Binary DXF") || {
                    let mut lines = text().split(|b| *b == b'\n').map(<[u8]>::trim_ascii);
                    lines.next() == Some(b"0") && lines.next() == Some(b"SECTION")
                }
            }
            FileType::Text | FileType::Csv => !head.is_empty() && is_text(text()),
        }
    }
}

/// How many leading bytes decide a file's type.
pub const SNIFF_BYTES: usize = 512;

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// UTF-8 without NUL or other control characters besides tab and line breaks. The
/// head may end in the middle of a character.
fn is_text(bytes: &[u8]) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !valid
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
}

/// The answer to "may this file be stored?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContentCheck {
    Accepted(FileType),
    /// The name's ending is none of the accepted types.
    TypeNotAllowed,
    /// The bytes are not a file of the type the name claims.
    Mismatch(FileType),
    Empty,
}

/// Checks a file by its name and first bytes (see [`SNIFF_BYTES`]).
pub fn check_content(file_name: &str, head: &[u8]) -> ContentCheck {
    let Some(claimed) = FileType::claimed_by(file_name) else {
        return ContentCheck::TypeNotAllowed;
    };
    if head.is_empty() {
        ContentCheck::Empty
    } else if claimed.matches(head) {
        ContentCheck::Accepted(claimed)
    } else {
        ContentCheck::Mismatch(claimed)
    }
}

impl ContentCheck {
    pub fn problem(self) -> Option<FieldProblem> {
        match self {
            ContentCheck::Accepted(_) => None,
            ContentCheck::TypeNotAllowed => Some(FieldProblem::FileTypeNotAllowed),
            ContentCheck::Mismatch(_) => Some(FieldProblem::FileContentMismatch),
            ContentCheck::Empty => Some(FieldProblem::FileEmpty),
        }
    }
}

pub const FILE_NAME_MAX: usize = 120;

/// An uploaded file as it may be stored: its name as sent (made safe) and its first
/// bytes (see [`SNIFF_BYTES`]) must give one allowed type. The problem is the
/// `file` field's: `Required` for a file without a usable name.
pub fn checked_file(
    sent_name: Option<&str>,
    head: &[u8],
) -> Result<(String, FileType), FieldProblem> {
    let name = sent_name
        .and_then(safe_file_name)
        .ok_or(FieldProblem::Required)?;
    match check_content(&name, head) {
        ContentCheck::Accepted(file_type) => Ok((name, file_type)),
        check => Err(check.problem().unwrap_or(FieldProblem::FileTypeNotAllowed)),
    }
}

/// A file name that is safe to store and to send: no folders, no control or quoting
/// characters, no leading dots, at most [`FILE_NAME_MAX`] characters with the
/// ending kept. `None` when nothing is left.
pub fn safe_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '"' | '\'' | ';' | ':' | '*' | '?' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '_') {
        return None;
    }
    if cleaned.chars().count() <= FILE_NAME_MAX {
        return Some(cleaned);
    }
    let (stem, extension) = cleaned
        .rsplit_once('.')
        .filter(|(_, e)| e.chars().count() <= 10)
        .map_or((cleaned.as_str(), ""), |(s, e)| (s, e));
    let keep = FILE_NAME_MAX - extension.chars().count() - 1;
    let stem: String = stem.chars().take(keep).collect();
    Some(if extension.is_empty() {
        stem
    } else {
        format!("{stem}.{extension}")
    })
}

/// What RFC 5987 lets stand unescaped in an extended parameter's value (`attr-char`).
const RFC5987_ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `Content-Disposition` for a download: always an attachment (never rendered by the
/// browser), an ASCII fallback name and the real name in RFC 5987 encoding.
pub fn attachment_header(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = utf8_percent_encode(file_name, RFC5987_ATTR_CHAR);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Which bytes of a file of `size` bytes a `Range` header asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// No (usable) range: the whole file, 200.
    Whole,
    /// Bytes `start..=end`, 206.
    Part { start: u64, end: u64 },
    /// A range outside the file, 416.
    Unsatisfiable,
}

impl ByteRange {
    /// Whether sending this starts a download (the whole file, or a part from its
    /// first byte); the rest of a resumed download is not a new one.
    pub fn starts_download(self) -> bool {
        matches!(self, ByteRange::Whole | ByteRange::Part { start: 0, .. })
    }
}

/// Reads a `Range` header (RFC 9110 §14). One range is served; a header this does
/// not understand, or several ranges, get the whole file, as the RFC allows.
pub fn byte_range(header: Option<&str>, size: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return ByteRange::Whole;
    };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Whole;
    };
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        // "bytes=-500": the last 500 bytes.
        ("", suffix) => match number(suffix) {
            None => ByteRange::Whole,
            Some(suffix) if suffix > 0 && size > 0 => ByteRange::Part {
                start: size.saturating_sub(suffix),
                end: size - 1,
            },
            Some(_) => ByteRange::Unsatisfiable,
        },
        (start, end) => {
            let Some(start) = number(start) else {
                return ByteRange::Whole;
            };
            let end = match end {
                "" => None,
                end => match number(end) {
                    Some(end) => Some(end),
                    None => return ByteRange::Whole,
                },
            };
            if end.is_some_and(|end| end < start) {
                ByteRange::Whole
            } else if start >= size {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Part {
                    start,
                    end: end.map_or(size - 1, |end| end.min(size - 1)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_checked_by_its_safe_name_and_its_first_bytes() {
        let pdf = b"%PDF-1.7\n";
        let (name, file_type) = checked_file(Some("../invoice.pdf"), pdf).unwrap();
        assert_eq!(name, "invoice.pdf");
        assert_eq!(Some(file_type), FileType::claimed_by("invoice.pdf"));
        assert_eq!(checked_file(None, pdf), Err(FieldProblem::Required));
        assert_eq!(
            checked_file(Some("invoice.pdf"), b"MZ not a pdf"),
            Err(FieldProblem::FileContentMismatch)
        );
        assert_eq!(
            checked_file(Some("tool.exe"), b"MZ"),
            Err(FieldProblem::FileTypeNotAllowed)
        );
    }

    fn form(kind: &str, visibility: &str) -> DocumentForm {
        DocumentForm {
            title_en: "Data sheet AP-45".into(),
            title_de: String::new(),
            kind: kind.into(),
            product: " nh-pmp-1000 ".into(),
            visibility: visibility.into(),
            order: String::new(),
        }
    }

    #[test]
    fn a_data_sheet_for_everyone() {
        let draft = form("data_sheet", "all").parse().unwrap();
        assert_eq!(draft.kind, DocumentKind::DataSheet);
        assert_eq!(
            draft.title_de, "Data sheet AP-45",
            "German falls back to English"
        );
        assert_eq!(draft.product_sku.as_deref(), Some("NH-PMP-1000"));
        assert_eq!(draft.visibility, Visibility::AllCustomers);
    }

    #[test]
    fn contracts_and_invoices_belong_to_one_customer() {
        for kind in ["contract", "invoice", "delivery_note"] {
            let problems = form(kind, "all").parse().unwrap_err();
            assert_eq!(
                problems.get("visibility"),
                Some(FieldProblem::OneCustomerOnly)
            );
            assert!(form(kind, "org-1").parse().is_ok());
        }
    }

    #[test]
    fn only_invoices_and_delivery_notes_name_an_order() {
        let mut f = form("data_sheet", "org-1");
        f.order = "#12".into();
        assert_eq!(
            f.parse().unwrap_err().get("order"),
            Some(FieldProblem::OrderNotLinkable)
        );
        f.kind = "invoice".into();
        assert_eq!(f.parse().unwrap().order_number, Some(12));
        f.order = "twelve".into();
        assert_eq!(
            f.parse().unwrap_err().get("order"),
            Some(FieldProblem::InvalidNumber)
        );
    }

    #[test]
    fn every_problem_at_once() {
        let problems = DocumentForm::default().parse().unwrap_err();
        assert_eq!(problems.get("title_en"), Some(FieldProblem::Required));
        assert_eq!(problems.get("kind"), Some(FieldProblem::Required));
        assert_eq!(problems.get("visibility"), Some(FieldProblem::Required));
    }

    #[test]
    fn file_types_are_told_by_their_bytes() {
        assert_eq!(
            check_content("AP-45.pdf", b"%PDF-1.7\n..."),
            ContentCheck::Accepted(FileType::Pdf)
        );
        assert_eq!(
            check_content("AP-45.PDF", b"\x89PNG\r\n\x1a\n"),
            ContentCheck::Mismatch(FileType::Pdf)
        );
        assert_eq!(
            check_content("pump.stp", b"\xEF\xBB\xBF\r\nISO-10303-21;\nHEADER;"),
            ContentCheck::Accepted(FileType::Step)
        );
        assert_eq!(
            check_content("pump.step", b"MZ\x90\x00 an executable"),
            ContentCheck::Mismatch(FileType::Step)
        );
        assert_eq!(
            check_content("drawing.dxf", b"  0\r\nSECTION\r\n  2\r\nHEADER"),
            ContentCheck::Accepted(FileType::Dxf)
        );
        assert_eq!(
            check_content("list.csv", b"sku;qty\nA;1\n"),
            ContentCheck::Accepted(FileType::Csv)
        );
        assert_eq!(
            check_content("list.csv", b"sku\x00\x01\x02"),
            ContentCheck::Mismatch(FileType::Csv)
        );
        assert_eq!(
            check_content("setup.exe", b"MZ"),
            ContentCheck::TypeNotAllowed
        );
        assert_eq!(
            check_content("no-ending", b"%PDF-"),
            ContentCheck::TypeNotAllowed
        );
        assert_eq!(check_content("empty.pdf", b""), ContentCheck::Empty);
        let mut iges = vec![b' '; 72];
        iges.extend_from_slice(b"S      1\n");
        assert_eq!(
            check_content("part.igs", &iges),
            ContentCheck::Accepted(FileType::Iges)
        );
        // A head cut in the middle of a UTF-8 character is still text.
        assert!(FileType::Text.matches("Prüfung".as_bytes().split_at(3).0));
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            safe_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            safe_file_name("C:\\Users\\x\\Datenblatt AP-45.pdf").as_deref(),
            Some("Datenblatt AP-45.pdf")
        );
        assert_eq!(
            safe_file_name("a\"b;\r\nc.pdf").as_deref(),
            Some("a_b___c.pdf")
        );
        assert_eq!(safe_file_name("...").as_deref(), None);
        assert_eq!(safe_file_name(".hidden.pdf").as_deref(), Some("hidden.pdf"));
        let long = format!("{}.step", "x".repeat(300));
        let safe = safe_file_name(&long).unwrap();
        assert_eq!(safe.chars().count(), FILE_NAME_MAX);
        assert!(safe.ends_with(".step"));
    }

    #[test]
    fn attachment_header_keeps_the_real_name_encoded() {
        assert_eq!(
            attachment_header("Prüfbericht 1.pdf"),
            "attachment; filename=\"Pr_fbericht 1.pdf\"; filename*=UTF-8''Pr%C3%BCfbericht%201.pdf"
        );
        // RFC 5987's attr-chars stay; quotes, separators and the escape itself do not.
        assert_eq!(
            attachment_header("a&b+c~d;e\"f%g'h.pdf"),
            "attachment; filename=\"a&b+c~d;e_f%g'h.pdf\"; filename*=UTF-8''a&b+c~d%3Be%22f%25g%27h.pdf"
        );
    }

    #[test]
    fn ranges() {
        let r = |h: &str| byte_range(Some(h), 1000);
        assert_eq!(byte_range(None, 1000), ByteRange::Whole);
        assert_eq!(r("bytes=0-99"), ByteRange::Part { start: 0, end: 99 });
        assert_eq!(
            r("bytes=900-"),
            ByteRange::Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            r("bytes=900-5000"),
            ByteRange::Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            r("bytes=-100"),
            ByteRange::Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(r("bytes=-5000"), ByteRange::Part { start: 0, end: 999 });
        assert_eq!(r("bytes=1000-"), ByteRange::Unsatisfiable);
        assert_eq!(r("bytes=-0"), ByteRange::Unsatisfiable);
        assert_eq!(r("bytes=5-1"), ByteRange::Whole);
        assert_eq!(r("bytes=0-1,5-9"), ByteRange::Whole);
        assert_eq!(r("items=0-1"), ByteRange::Whole);
        assert_eq!(r("bytes=a-b"), ByteRange::Whole);
        assert_eq!(byte_range(Some("bytes=0-"), 0), ByteRange::Unsatisfiable);
        assert!(ByteRange::Whole.starts_download());
        assert!(r("bytes=0-99").starts_download());
        assert!(!r("bytes=900-").starts_download());
        assert!(!r("bytes=-100").starts_download());
        assert!(!ByteRange::Unsatisfiable.starts_download());
    }

    /// Whatever the header, a part lies inside the file and is not empty.
    #[test]
    fn a_part_is_always_inside_the_file() {
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..20_000 {
            let size = next(5000);
            let a = next(6000);
            let b = next(6000);
            let header = match next(4) {
                0 => format!("bytes={a}-{b}"),
                1 => format!("bytes={a}-"),
                2 => format!("bytes=-{b}"),
                _ => format!("bytes= {a} - {b} "),
            };
            if let ByteRange::Part { start, end } = byte_range(Some(&header), size) {
                assert!(
                    start <= end && end < size,
                    "{header} of {size}: {start}-{end}"
                );
            }
        }
    }
}
