//! The vendor's products: what a valid product is, from the editor or from a CSV line.

use crate::field::{FieldProblem, FormProblems};
use crate::money::Money;
use crate::terms::parse_whole;
use crate::text::{optional_text, required_line};
use serde::{Deserialize, Serialize};

/// Units a product can be sold in: piece, set, metre, litre (the portal translates them).
pub const UNITS: [&str; 4] = ["pc", "set", "m", "l"];

/// A product as the vendor records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub description_en: String,
    pub description_de: String,
    pub category: String,
    pub unit: String,
    pub list_price: Money,
    pub stock: i64,
    pub lead_time_days: i64,
}

impl Product {
    /// What catalog search matches against: SKU and both names, lower case.
    pub fn search_text(&self) -> String {
        format!("{} {} {}", self.sku, self.name_en, self.name_de).to_lowercase()
    }
}

/// The product form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub sku: String,
    pub name_en: String,
    pub name_de: String,
    pub description_en: String,
    pub description_de: String,
    pub category: String,
    pub unit: String,
    pub list_price: String,
    pub stock: String,
    pub lead_time_days: String,
}

/// The columns of a product CSV file, in this order (a header line is expected).
pub const PRODUCT_COLUMNS: [&str; 10] = [
    "sku",
    "name_en",
    "name_de",
    "description_en",
    "description_de",
    "category",
    "unit",
    "list_price",
    "stock",
    "lead_time_days",
];

impl ProductForm {
    /// A form from one CSV record laid out as [`PRODUCT_COLUMNS`].
    pub fn from_record(record: &[String]) -> ProductForm {
        let field = |i: usize| record.get(i).cloned().unwrap_or_default();
        ProductForm {
            sku: field(0),
            name_en: field(1),
            name_de: field(2),
            description_en: field(3),
            description_de: field(4),
            category: field(5),
            unit: field(6),
            list_price: field(7),
            stock: field(8),
            lead_time_days: field(9),
        }
    }

    pub fn from_product(p: &Product) -> ProductForm {
        let cents = p.list_price.cents();
        ProductForm {
            sku: p.sku.clone(),
            name_en: p.name_en.clone(),
            name_de: p.name_de.clone(),
            description_en: p.description_en.clone(),
            description_de: p.description_de.clone(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            list_price: format!("{}.{:02}", cents / 100, cents % 100),
            stock: p.stock.to_string(),
            lead_time_days: p.lead_time_days.to_string(),
        }
    }

    pub fn parse(&self) -> Result<Product, FormProblems> {
        let mut problems = FormProblems::default();
        let sku = parse_sku(&self.sku)
            .map_err(|p| problems.add("sku", p))
            .unwrap_or_default();
        let mut line = |field: &str, text: &str, max: usize| {
            required_line(text, max)
                .map_err(|e| problems.add(field, e.into()))
                .unwrap_or_default()
        };
        let name_en = line("name_en", &self.name_en, 200);
        let name_de = line("name_de", &self.name_de, 200);
        let category = line("category", &self.category, 60);
        let mut text = |field: &str, text: &str| {
            optional_text(text, 4_000)
                .map_err(|e| problems.add(field, e.into()))
                .unwrap_or_default()
                .unwrap_or_default()
        };
        let description_en = text("description_en", &self.description_en);
        let description_de = text("description_de", &self.description_de);
        let unit = self.unit.trim().to_lowercase();
        if !UNITS.contains(&unit.as_str()) {
            problems.add("unit", FieldProblem::Required);
        }
        let list_price = Money::parse_price(&self.list_price)
            .map_err(|e| problems.add("list_price", e.into()))
            .unwrap_or_default();
        let stock = parse_whole(&self.stock, 1_000_000_000)
            .map_err(|p| problems.add("stock", p))
            .unwrap_or_default();
        let lead = parse_whole(&self.lead_time_days, 365)
            .map_err(|p| problems.add("lead_time_days", p))
            .unwrap_or_default();
        problems.or_value(|| Product {
            sku,
            name_en,
            name_de,
            description_en,
            description_de,
            category,
            unit,
            list_price,
            stock: i64::from(stock),
            lead_time_days: i64::from(lead),
        })
    }
}

/// New figures for an existing product, as sent: what an ERP keeps current (list
/// price, stock, lead time). A figure left out keeps its value; the others follow the
/// product form's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresForm {
    pub list_price: Option<String>,
    pub stock: Option<String>,
    pub lead_time_days: Option<String>,
}

/// Checked figures; `None` = unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub list_price: Option<Money>,
    pub stock: Option<i64>,
    pub lead_time_days: Option<i64>,
}

impl FiguresForm {
    pub fn parse(&self) -> Result<Figures, FormProblems> {
        let mut problems = FormProblems::default();
        let list_price = self.list_price.as_deref().and_then(|text| {
            Money::parse_price(text)
                .map_err(|e| problems.add("list_price", e.into()))
                .ok()
        });
        let mut whole = |field: &str, text: Option<&str>, max: u32| {
            text.and_then(|text| {
                parse_whole(text, max)
                    .map_err(|p| problems.add(field, p))
                    .ok()
                    .map(i64::from)
            })
        };
        let stock = whole("stock", self.stock.as_deref(), 1_000_000_000);
        let lead_time_days = whole("lead_time_days", self.lead_time_days.as_deref(), 365);
        problems.or_value(|| Figures {
            list_price,
            stock,
            lead_time_days,
        })
    }
}

/// An SKU: 1–40 characters of letters, digits and `-_./`, kept as typed (upper case
/// is not forced: vendors have their own conventions).
pub fn parse_sku(text: &str) -> Result<String, FieldProblem> {
    let sku = text.trim();
    if sku.is_empty() {
        return Err(FieldProblem::Required);
    }
    if sku.len() > 40 {
        return Err(FieldProblem::TooLong);
    }
    if !sku
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err(FieldProblem::InvalidSku);
    }
    Ok(sku.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pump() -> ProductForm {
        ProductForm {
            sku: "HP-2000".into(),
            name_en: "Hydraulic pump HP 2000".into(),
            name_de: "Hydraulikpumpe HP 2000".into(),
            description_en: String::new(),
            description_de: String::new(),
            category: "Pumps".into(),
            unit: "PC".into(),
            list_price: "1.290,00".into(),
            stock: "14".into(),
            lead_time_days: "5".into(),
        }
    }

    #[test]
    fn a_product_parses_and_round_trips() {
        let product = pump().parse().unwrap();
        assert_eq!(product.unit, "pc");
        assert_eq!(product.list_price, Money::from_cents(129_000));
        assert_eq!(
            ProductForm::from_product(&product).parse(),
            Ok(product.clone())
        );
        assert!(product.search_text().contains("hydraulikpumpe"));
    }

    #[test]
    fn figures_change_only_what_is_sent_and_follow_the_form_rules() {
        let only_stock = FiguresForm {
            stock: Some("7".into()),
            ..FiguresForm::default()
        };
        assert_eq!(
            only_stock.parse(),
            Ok(Figures {
                stock: Some(7),
                ..Figures::default()
            })
        );
        let wrong = FiguresForm {
            list_price: Some("-1.00".into()),
            stock: Some("1000000001".into()),
            lead_time_days: Some("366".into()),
        };
        let problems = wrong.parse().unwrap_err();
        assert!(problems.get("list_price").is_some());
        assert_eq!(problems.get("stock"), Some(FieldProblem::OutOfRange));
        assert_eq!(
            problems.get("lead_time_days"),
            Some(FieldProblem::OutOfRange)
        );
    }

    #[test]
    fn bad_fields_are_reported_together() {
        let form = ProductForm {
            sku: "HP 2000".into(),
            name_de: String::new(),
            unit: "box".into(),
            list_price: "zwölf".into(),
            stock: "-1".into(),
            ..pump()
        };
        let problems = form.parse().unwrap_err();
        assert_eq!(problems.get("sku"), Some(FieldProblem::InvalidSku));
        assert_eq!(problems.get("name_de"), Some(FieldProblem::Required));
        assert_eq!(problems.get("unit"), Some(FieldProblem::Required));
        assert_eq!(
            problems.get("list_price"),
            Some(FieldProblem::InvalidAmount)
        );
        assert_eq!(problems.get("stock"), Some(FieldProblem::InvalidNumber));
        assert_eq!(problems.get("name_en"), None);
    }
}
