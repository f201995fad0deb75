//! A CSV in UTF-8 (BOM or not) or GB18030 (what Excel saves on Chinese Windows);
//! anything else is an error at the line of the first byte that is neither.

use super::table::Builder;
use super::{Refusal, Table, Value};

/// Reads the rows of a CSV; the row limit holds as records arrive.
pub fn read(bytes: &[u8]) -> Result<Table, Refusal> {
    let (text, note) = decode(bytes).map_err(Refusal::unreadable)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Builder::new("");
    let mut record = csv::StringRecord::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(Refusal::unreadable(format!("not a readable CSV: {e}"))),
        }
        for (c, field) in record.iter().enumerate() {
            let value = match field.trim() {
                "" => Value::Empty,
                t => Value::Text(t.to_string()),
            };
            table.push(row, c.min(u32::MAX as usize) as u32, value)?;
        }
        row = row.saturating_add(1);
    }
    let mut table = table.finish();
    table.notes.insert(0, note);
    Ok(table)
}

/// The text of a CSV and a line saying which encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, String), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| {
            format!(
                "not valid UTF-8 after its byte-order mark: line {}: {}",
                line_of(rest, e.valid_up_to()),
                "save it again from Excel or WPS as \"CSV UTF-8\""
            )
        })?;
        return Ok((text.to_string(), "read as UTF-8 (with BOM)".into()));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), "read as UTF-8".into())),
        Err(e) => e.valid_up_to(),
    };
    if let Some(text) = crate::load::encoding::gb18030_text(bytes) {
        return Ok((
            text,
            "read as GB18030 (GBK), as Excel saves CSV on Chinese Windows".into(),
        ));
    }
    let gbk_error = first_gb18030_error(bytes);
    Err(format!(
        "neither UTF-8 (invalid byte at line {}) nor GB18030/GBK (invalid byte at line {}); \
         save it from Excel or WPS as \"CSV UTF-8\"",
        line_of(bytes, utf8_error),
        line_of(bytes, gbk_error)
    ))
}

/// The 1-based line of byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The offset of the first byte GB18030 cannot decode.
fn first_gb18030_error(bytes: &[u8]) -> usize {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len().min(1 << 20) * 3 + 16);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::Malformed(bad, extra) => {
                return read.saturating_sub(bad as usize + extra as usize)
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
            encoding_rs::DecoderResult::OutputFull => {
                out.clear();
                out.reserve(bytes.len().min(1 << 20) * 3 + 16);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("电站名称,装机容量（千瓦）\n张楼村,100\n");
        let (text, note) = decode(&gbk).unwrap();
        assert!(text.starts_with("电站名称"));
        assert!(note.contains("GB18030"));
        let (text, note) = decode("\u{feff}名称".as_bytes()).unwrap();
        assert_eq!((text.as_str(), note.contains("BOM")), ("名称", true));
        assert!(decode(&[0xff, 0xfe, 0x00, 0x41, 0x81]).is_err());
    }

    #[test]
    fn an_invalid_byte_is_named_by_its_line() {
        let (mut gbk, _, _) = encoding_rs::GB18030.encode("电站名称,容量\n一号,1\n二号,2\n");
        let mut bytes = gbk.to_mut().clone();
        bytes.extend(b"\xff\xff,3\n");
        let err = decode(&bytes).unwrap_err();
        assert!(err.contains("invalid byte at line 4"), "{err}");
        let mut utf8 = "名称\n一号\n".as_bytes().to_vec();
        utf8.extend(b"\x81\n");
        let err = decode(&[b"\xEF\xBB\xBF".as_slice(), &utf8].concat()).unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }
}
