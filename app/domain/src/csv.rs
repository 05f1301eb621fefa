//! Reading the CSV files vendors export from their spreadsheets, and the per-line
//! report of an import.
//!
//! RFC 4180 with what spreadsheets really write: `,` or `;` as the delimiter (German
//! Excel writes `;`; the header line decides), quoted fields with `""` for a quote and
//! line breaks inside quotes, a UTF-8 byte-order mark, CRLF or LF line ends.

use crate::field::FieldProblem;
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

#[cfg(test)]
mod tests {
    use super::*;

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
