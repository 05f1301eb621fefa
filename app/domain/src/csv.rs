//! Reading the CSV files vendors export from their spreadsheets, and the per-line
//! report of an import.
//!
//! RFC 4180 with what spreadsheets really write: `,` or `;` as the delimiter (German
//! Excel writes `;`; the header line decides), quoted fields with `""` for a quote and
//! line breaks inside quotes, a UTF-8 byte-order mark, CRLF or LF line ends.
//!
//! Writing (the exports) is the mirror image, in the reader's spreadsheet convention:
//! English `,` with a decimal point, German `;` with a decimal comma, a byte-order
//! mark so that spreadsheets read umlauts as UTF-8, CRLF line ends. A text cell that
//! a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage
//! return first) is written with a leading `'`: a purchaser's name or a cost center
//! typed as `=HYPERLINK(…)` stays text in the finance department's spreadsheet.

use crate::Locale;
use crate::field::FieldProblem;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// One data line of a file: its line number in the file (1 = the header) and fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    Empty,
    /// The header line does not name the expected columns; `expected` lists them.
    WrongHeader {
        expected: Vec<String>,
    },
    /// A quoted field is never closed.
    UnclosedQuote {
        line: usize,
    },
    /// More data lines than one import takes.
    TooManyLines {
        max: usize,
    },
}

/// One line's problems, by column name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    pub line: usize,
    /// The line's key (an SKU) for the reader's orientation.
    pub key: String,
    pub problems: Vec<(String, FieldProblem)>,
}

/// The lines of one import and what would happen to them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub valid_lines: usize,
    pub problems: Vec<LineProblem>,
    /// Whether anything was written.
    pub imported: bool,
}

/// Splits `text` into records after checking the header against `columns`
/// (case-insensitive, in this order).
pub fn read(text: &str, columns: &[&str], max_lines: usize) -> Result<Vec<Record>, FileProblem> {
    let text = text.trim_start_matches('\u{feff}');
    let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(FileProblem::Empty);
    };
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut records = split(text, delimiter)?;
    records.retain(|r| r.fields.iter().any(|f| !f.trim().is_empty()));
    let wrong_header = || FileProblem::WrongHeader {
        expected: columns.iter().map(|c| c.to_string()).collect(),
    };
    let header = records.first().ok_or(FileProblem::Empty)?;
    if header.fields.len() != columns.len()
        || header
            .fields
            .iter()
            .zip(columns)
            .any(|(found, expected)| !found.trim().eq_ignore_ascii_case(expected))
    {
        return Err(wrong_header());
    }
    records.remove(0);
    if records.is_empty() {
        return Err(FileProblem::Empty);
    }
    if records.len() > max_lines {
        return Err(FileProblem::TooManyLines { max: max_lines });
    }
    Ok(records)
}

fn split(text: &str, delimiter: char) -> Result<Vec<Record>, FileProblem> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                quote_line = line;
            }
            '\n' if quoted => {
                line += 1;
                field.push('\n');
            }
            '\r' if !quoted => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push(Record {
                    line: record_line,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                record_line = line;
            }
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if quoted {
        return Err(FileProblem::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(records)
}

/// One cell of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text as typed by someone (guarded against formula injection).
    Text(String),
    /// An amount in euros, without the currency sign: `1234.50` / `1234,50`.
    Amount(Money),
    /// A whole number.
    Count(i64),
}

/// The export of `header` and `rows` in `locale`'s spreadsheet convention.
pub fn write(locale: Locale, header: &[&str], rows: &[Vec<Cell>]) -> String {
    let (delimiter, decimal) = match locale {
        Locale::En => (',', '.'),
        Locale::De => (';', ','),
    };
    let mut out = String::from('\u{feff}');
    let header = header.iter().map(|h| Cell::Text(h.to_string()));
    let lines = std::iter::once(header.collect::<Vec<_>>()).chain(rows.iter().cloned());
    for line in lines {
        for (i, cell) in line.iter().enumerate() {
            if i > 0 {
                out.push(delimiter);
            }
            match cell {
                Cell::Text(text) => push_text(&mut out, text, delimiter),
                Cell::Amount(money) => {
                    let cents = money.cents();
                    let sign = if cents < 0 { "-" } else { "" };
                    let abs = cents.unsigned_abs();
                    out.push_str(&format!("{sign}{}{decimal}{:02}", abs / 100, abs % 100));
                }
                Cell::Count(n) => out.push_str(&n.to_string()),
            }
        }
        out.push_str("\r\n");
    }
    out
}

fn push_text(out: &mut String, text: &str, delimiter: char) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let quote = text.contains([delimiter, '"', '\n', '\r']) || text.trim() != text;
    if quote {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_what_spreadsheets_read_in_each_language() {
        let rows = vec![vec![
            Cell::Text("Müller; \"Werk 2\"".into()),
            Cell::Amount(Money::from_cents(123_450)),
            Cell::Count(7),
        ]];
        assert_eq!(
            write(Locale::En, &["Name", "Spent", "Orders"], &rows),
            "\u{feff}Name,Spent,Orders\r\n\"Müller; \"\"Werk 2\"\"\",1234.50,7\r\n"
        );
        assert_eq!(
            write(Locale::De, &["Name", "Ausgaben", "Bestellungen"], &rows),
            "\u{feff}Name;Ausgaben;Bestellungen\r\n\"Müller; \"\"Werk 2\"\"\";1234,50;7\r\n"
        );
    }

    #[test]
    fn a_formula_stays_text() {
        let rows = vec![vec![
            Cell::Text("=HYPERLINK(\"http://evil\")".into()),
            Cell::Text("-5".into()),
            Cell::Text("@SUM(A1)".into()),
            Cell::Amount(Money::from_cents(-250)),
        ]];
        let text = write(Locale::En, &["a", "b", "c", "d"], &rows);
        assert!(
            text.ends_with("\"'=HYPERLINK(\"\"http://evil\"\")\",'-5,'@SUM(A1),-2.50\r\n"),
            "{text}"
        );
    }

    proptest! {
        /// Whatever people type comes back from the reader the imports use, cell for
        /// cell (a formula-like text with its guarding `'`).
        #[test]
        fn the_reader_reads_back_what_the_writer_wrote(
            cells in proptest::collection::vec("[a-zA-Z0-9äöü ,;\"'\n=+@-]{0,12}", 2..5),
            german in any::<bool>(),
        ) {
            let locale = if german { Locale::De } else { Locale::En };
            let header: Vec<String> = (0..cells.len()).map(|i| format!("c{i}")).collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let row: Vec<Cell> = cells.iter().map(|c| Cell::Text(c.clone())).collect();
            let text = write(locale, &header, &[row]);
            let expected: Vec<String> = cells
                .iter()
                .map(|c| if c.starts_with(['=', '+', '-', '@']) { format!("'{c}") } else { c.clone() })
                .collect();
            if expected.iter().all(|c| c.trim().is_empty()) {
                // The reader skips blank lines: nothing to compare.
                return Ok(());
            }
            let records = read(&text, &header, 10).unwrap();
            prop_assert_eq!(records.len(), 1);
            prop_assert_eq!(&records[0].fields, &expected);
        }
    }

    #[test]
    fn reads_what_spreadsheets_write() {
        let text = "\u{feff}SKU;Price\r\nHP-1;\"1.290,00\"\r\n\r\n\"V \"\"2\"\"\nline\";5\r\n";
        let records = read(text, &["sku", "price"], 10).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[0],
            Record {
                line: 2,
                fields: vec!["HP-1".into(), "1.290,00".into()]
            }
        );
        assert_eq!(records[1].line, 4);
        assert_eq!(records[1].fields[0], "V \"2\"\nline");
        let commas = "sku,price\nHP-1,\"1,290.00\"";
        assert_eq!(
            read(commas, &["sku", "price"], 10).unwrap()[0].fields[1],
            "1,290.00"
        );
    }

    #[test]
    fn refuses_files_it_cannot_read() {
        assert_eq!(read("  \n", &["sku"], 10), Err(FileProblem::Empty));
        assert_eq!(read("sku\n", &["sku"], 10), Err(FileProblem::Empty));
        assert!(matches!(
            read("name;sku\nx;y", &["sku", "name"], 10),
            Err(FileProblem::WrongHeader { .. })
        ));
        assert_eq!(
            read("sku\n\"open", &["sku"], 10),
            Err(FileProblem::UnclosedQuote { line: 2 })
        );
        assert_eq!(
            read("sku\na\nb\nc", &["sku"], 2),
            Err(FileProblem::TooManyLines { max: 2 })
        );
    }
}
