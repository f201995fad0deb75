//! Line/column lookup for a field path inside a YAML text.
//!
//! serde_yaml reports positions for syntax and type errors, but the validator works on
//! typed records that no longer know where they came from. When a validator flags
//! `[12].capacity_kw`, this index (built only for files that have a diagnostic) maps
//! that path back to the line and column of the value in the file.

use crate::diagnostics::{FieldPath, Position};
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;

/// Every node of one YAML document, by path.
#[derive(Debug, Default)]
pub struct PositionIndex {
    nodes: HashMap<FieldPath, Position>,
    /// Keys that occur twice in one mapping: the position of the second one.
    duplicates: HashMap<FieldPath, Position>,
    /// The parser's complaint when the text is not valid YAML.
    pub error: Option<String>,
    /// False when the text has a syntax error; nodes after it are missing.
    complete: bool,
}

impl PositionIndex {
    /// Indexes `text`; `line_offset` is added to every line (front matter starts at line 2).
    pub fn build(text: &str, line_offset: usize) -> Self {
        let mut walker = Walker {
            parser: Parser::new_from_str(text),
            nodes: HashMap::new(),
            duplicates: HashMap::new(),
            line_offset,
            error: None,
        };
        // Skip stream and document start; index the first document only.
        while let Some((event, span)) = walker.next() {
            match event {
                Event::StreamStart | Event::DocumentStart(_) => continue,
                Event::StreamEnd | Event::DocumentEnd => break,
                other => {
                    walker.node(FieldPath::root(), other, span, 0);
                    break;
                }
            }
        }
        PositionIndex {
            nodes: walker.nodes,
            duplicates: walker.duplicates,
            complete: walker.error.is_none(),
            error: walker.error,
        }
    }

    /// Whether the whole text parsed (no YAML syntax error).
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Where a key that occurs twice in its mapping occurs the second time.
    pub fn duplicate(&self, path: &FieldPath) -> Option<Position> {
        self.duplicates.get(path).copied()
    }

    /// The position of exactly `path`, if the document has that node.
    pub fn locate_exact(&self, path: &FieldPath) -> Option<Position> {
        self.nodes.get(path).copied()
    }

    /// The position of `path`, or of its closest indexed ancestor (a missing field
    /// is reported at the record that lacks it).
    pub fn locate(&self, path: &FieldPath) -> Option<Position> {
        let mut segments = path.0.clone();
        loop {
            if let Some(p) = self.nodes.get(&FieldPath(segments.clone())) {
                return Some(*p);
            }
            segments.pop()?;
        }
    }
}

/// Deepest nesting indexed; serde_yaml refuses deeper documents anyway.
const MAX_DEPTH: usize = 256;

struct Walker<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    nodes: HashMap<FieldPath, Position>,
    duplicates: HashMap<FieldPath, Position>,
    line_offset: usize,
    error: Option<String>,
}

impl<'a> Walker<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        match self.parser.next_event()? {
            Ok(event) => Some(event),
            Err(e) => {
                self.error = Some(e.info().to_string());
                None
            }
        }
    }

    fn node(&mut self, path: FieldPath, event: Event<'a>, span: Span, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let position = Position {
            line: span.start.line() + self.line_offset,
            column: span.start.col() + 1,
        };
        if self.nodes.contains_key(&path) {
            self.duplicates.entry(path.clone()).or_insert(position);
        } else {
            self.nodes.insert(path.clone(), position);
        }
        match event {
            Event::MappingStart(..) => loop {
                let Some((key, key_span)) = self.next() else {
                    return;
                };
                if matches!(key, Event::MappingEnd) {
                    return;
                }
                let key_name = match &key {
                    Event::Scalar(k, ..) => Some(k.to_string()),
                    _ => None,
                };
                let Some((value, value_span)) = (match key_name {
                    Some(_) => self.next(),
                    None => {
                        // A complex key: walk it so its events are consumed, then the value.
                        self.node(path.key("?"), key, key_span, depth + 1);
                        self.next()
                    }
                }) else {
                    return;
                };
                let child = path.key(key_name.as_deref().unwrap_or("?"));
                self.node(child, value, value_span, depth + 1);
            },
            Event::SequenceStart(..) => {
                let mut i = 0;
                loop {
                    let Some((item, item_span)) = self.next() else {
                        return;
                    };
                    if matches!(item, Event::SequenceEnd) {
                        return;
                    }
                    self.node(path.index(i), item, item_span, depth + 1);
                    i += 1;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "- id: a\n  capacity_kw: 10\n- id: b\n  capacity_kw: -5\n  tags: [x, y]\n";

    #[test]
    fn finds_nested_values() {
        let idx = PositionIndex::build(TEXT, 0);
        let p = idx
            .locate(&FieldPath::root().index(1).key("capacity_kw"))
            .unwrap();
        assert_eq!((p.line, p.column), (4, 16));
        let p = idx
            .locate(&FieldPath::root().index(1).key("tags").index(1))
            .unwrap();
        assert_eq!((p.line, p.column), (5, 13));
    }

    #[test]
    fn missing_field_falls_back_to_record() {
        let idx = PositionIndex::build(TEXT, 0);
        let p = idx
            .locate(&FieldPath::root().index(1).key("grid_date"))
            .unwrap();
        assert_eq!(p.line, 3);
    }

    #[test]
    fn applies_line_offset() {
        let idx = PositionIndex::build("column: x\ntitle: y\n", 1);
        let p = idx.locate(&FieldPath::root().key("title")).unwrap();
        assert_eq!(p.line, 3);
    }
}
