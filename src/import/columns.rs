//! Which column holds which field: headers are matched by their Chinese or
//! English names, with the unit in brackets converted to the canonical unit
//! (装机容量(MW) → capacity_kw × 1000, 收益（万元） → revenue_yuan × 10,000).

use super::sheet::{Table, Value};
pub use crate::format::columns::Field;
use crate::format::columns::{header_in, Quantity, COLUMNS};
use crate::model::Terms;

/// One matched column: its field and what its values are multiplied by.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub index: usize,
    pub field: Field,
    pub factor: f64,
    /// The header as written, for messages.
    pub header: String,
}

/// The header row and its columns.
pub struct Header {
    pub row: usize,
    pub columns: Vec<Column>,
}

impl Header {
    pub fn find(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// Splits 装机容量（千瓦） into ("装机容量", Some("千瓦")).
fn split_unit(header: &str) -> (String, Option<String>) {
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']')] {
        if let Some(start) = compact.rfind(open) {
            if compact.ends_with(close) && start > 0 {
                let unit = &compact[start + open.len_utf8()..compact.len() - close.len_utf8()];
                return (compact[..start].to_string(), Some(unit.to_string()));
            }
        }
    }
    (compact, None)
}

fn normalise(name: &str) -> String {
    name.to_lowercase().replace(['_', '-', ' '], "")
}

/// The factor of `unit` for a quantity, or `None` when the unit is not one of it.
fn factor(quantity: Quantity, unit: Option<&str>) -> Option<f64> {
    let Some(unit) = unit.map(|u| u.to_lowercase()) else {
        return Some(1.0);
    };
    let f = match (quantity, unit.as_str()) {
        (Quantity::Power, "千瓦" | "kw" | "kwp") => 1.0,
        (Quantity::Power, "兆瓦" | "mw" | "mwp") => 1000.0,
        (Quantity::Power, "瓦" | "w" | "wp") => 0.001,
        (Quantity::Energy, "千瓦时" | "kwh" | "度" | "千瓦·时") => 1.0,
        (Quantity::Energy, "万千瓦时" | "万度" | "万kwh") => 10_000.0,
        (Quantity::Energy, "兆瓦时" | "mwh") => 1000.0,
        (Quantity::Money, "元" | "yuan" | "rmb") => 1.0,
        (Quantity::Money, "万元") => 10_000.0,
        (Quantity::Count, "户" | "人" | "个" | "天" | "日" | "座" | "村") => 1.0,
        (Quantity::None, "社区" | "镇" | "区") => 1.0,
        _ => return None,
    };
    Some(f)
}

/// Matches one header cell: the field, and the unit factor (or an error about
/// the unit).
pub fn match_header(text: &str) -> Option<Result<(Field, f64), String>> {
    let whole = normalise(
        &text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
    );
    let (name, unit) = split_unit(text);
    let name = normalise(&name);
    for column in COLUMNS {
        let (field, quantity) = (&column.field, &column.quantity);
        let names = column.names();
        for n in names {
            let n = normalise(n);
            if n == whole {
                return Some(Ok((*field, 1.0))); // 县（区）, 村（社区）: the brackets are the name
            }
            if n == name {
                return Some(match factor(*quantity, unit.as_deref()) {
                    Some(f) => Ok((*field, f)),
                    None => Err(format!(
                        "unknown unit `{}` for {}",
                        unit.unwrap_or_default(),
                        column.header
                    )),
                });
            }
        }
    }
    None
}

/// [`match_header`], and the beneficiaries' headers in the site's own words
/// (`terms:` in site.yaml, e.g. 受益脱贫群众 for `beneficiary_people: 脱贫群众`), so
/// a download of the site always imports back.
pub fn match_header_in(text: &str, terms: &Terms) -> Option<Result<(Field, f64), String>> {
    match_header(text).or_else(|| {
        let (name, unit) = split_unit(text);
        let field = [Field::Households, Field::People, Field::MonitoredHouseholds]
            .into_iter()
            .find(|f| normalise(&header_in(*f, terms)) == normalise(&name))?;
        Some(
            factor(Quantity::Count, unit.as_deref())
                .map(|f| (field, f))
                .ok_or_else(|| format!("unknown unit `{}` for {name}", unit.unwrap_or_default())),
        )
    })
}

/// Finds the header row among the first rows (title rows may sit above it): the
/// first row where at least two cells are known headers, one of them a name or
/// an id. Errors are (row, column, message).
pub fn find_header(table: &Table, terms: &Terms) -> Result<Header, (usize, usize, String)> {
    for (r, row) in table.rows.iter().enumerate().take(30) {
        let mut columns = Vec::new();
        let mut unit_error = None;
        for (c, cell) in row.iter().enumerate() {
            let Value::Text(text) = cell else { continue };
            match match_header_in(text, terms) {
                // The first column of a field wins; 序号/备注 may repeat.
                Some(Ok((field, factor)))
                    if field == Field::Ignored
                        || !columns.iter().any(|col: &Column| col.field == field) =>
                {
                    columns.push(Column {
                        index: c,
                        field,
                        factor,
                        header: text.trim().to_string(),
                    });
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => unit_error = unit_error.or(Some((r, c, e))),
                None => {}
            }
        }
        let useful = columns.iter().filter(|c| c.field != Field::Ignored).count();
        let named = columns
            .iter()
            .any(|c| matches!(c.field, Field::Name | Field::Id));
        if useful >= 2 && named {
            if let Some(e) = unit_error {
                return Err(e);
            }
            return Ok(Header { row: r, columns });
        }
    }
    Err((
        0,
        0,
        "no header row found: expected a row with 电站名称 (or 编号) and other known headers \
         such as 装机容量（千瓦）, 建设状态, 发电量（千瓦时）"
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_with_units() {
        assert_eq!(
            match_header("装机容量（千瓦）"),
            Some(Ok((Field::CapacityKw, 1.0)))
        );
        assert_eq!(
            match_header("装机容量(MW)"),
            Some(Ok((Field::CapacityKw, 1000.0)))
        );
        assert_eq!(
            match_header("发电量（万千瓦时）"),
            Some(Ok((Field::GenerationKwh, 10_000.0)))
        );
        assert_eq!(
            match_header("收益（万元）"),
            Some(Ok((Field::RevenueYuan, 10_000.0)))
        );
        assert_eq!(match_header("县（区）"), Some(Ok((Field::County, 1.0))));
        assert_eq!(match_header("村（社区）"), Some(Ok((Field::Village, 1.0))));
        assert_eq!(
            match_header("capacity_kw"),
            Some(Ok((Field::CapacityKw, 1.0)))
        );
        assert_eq!(match_header(" 电站 名称 "), Some(Ok((Field::Name, 1.0))));
        assert!(matches!(match_header("装机容量（亩）"), Some(Err(_))));
        assert_eq!(match_header("联系电话"), None);
        // The beneficiaries in either vocabulary, and in the site's own words.
        assert_eq!(
            match_header("受益脱贫户（户）"),
            Some(Ok((Field::Households, 1.0)))
        );
        assert_eq!(match_header("受益脱贫人口"), Some(Ok((Field::People, 1.0))));
        let own = Terms {
            beneficiary_people: "脱贫群众".into(),
            ..Terms::default()
        };
        assert_eq!(match_header("受益脱贫群众"), None);
        assert_eq!(
            match_header_in("受益脱贫群众（人）", &own),
            Some(Ok((Field::People, 1.0)))
        );
    }
}
