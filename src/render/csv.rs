//! CSV downloads that open correctly in Excel on Chinese Windows: UTF-8 with a
//! byte-order mark, CRLF line ends, RFC 4180 quoting.

/// One cell: numbers are written as they are; text is quoted when needed and
/// defused when it would start a spreadsheet formula (CSV injection).
pub enum Cell {
    Text(String),
    Number(String),
}

impl Cell {
    pub fn text(s: impl ToString) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A number with up to `decimals` places, no thousands separators.
    pub fn number(v: f64, decimals: usize) -> Cell {
        Cell::Number(crate::render::format::plain(v, decimals))
    }

    pub fn optional(v: Option<f64>, decimals: usize) -> Cell {
        v.map_or(Cell::Number(String::new()), |v| Cell::number(v, decimals))
    }
}

pub struct Csv {
    out: String,
}

impl Csv {
    pub fn new<S: AsRef<str>>(header: &[S]) -> Csv {
        let mut csv = Csv {
            out: String::from("\u{feff}"),
        };
        csv.row(header.iter().map(|h| Cell::text(h.as_ref())).collect());
        csv
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            match cell {
                Cell::Number(n) => self.out.push_str(&n),
                Cell::Text(t) => self.out.push_str(&quote(&t)),
            }
        }
        self.out.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

fn quote(text: &str) -> String {
    // A leading = + - @ (or tab/CR) makes Excel evaluate the cell; a quote mark
    // in front keeps it text.
    let defused = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if defused.contains([',', '"', '\n', '\r']) || defused != defused.trim() {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_quoting() {
        let mut csv = Csv::new(&["名称", "容量"]);
        csv.row(vec![Cell::text("甲,乙\"丙\""), Cell::number(187.2, 1)]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert_eq!(text, "\u{feff}名称,容量\r\n\"甲,乙\"\"丙\"\"\",187.2\r\n");
    }

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        let mut csv = Csv::new(&["a"]);
        csv.row(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::number(-5.0, 0)]);
        let text = String::from_utf8(csv.into_bytes()).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\",-5\r\n"), "{text}");
    }
}
