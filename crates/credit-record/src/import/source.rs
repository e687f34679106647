//! The three import formats, read incrementally from any `Read` (a request body arriving in
//! chunks, or a file): memory stays bounded by one row, whatever the size of the batch.
//!
//! A row of the wrong shape is refused on its own; a body that is not JSON, NDJSON or CSV
//! at all stops the import with 400.

use super::row::{ImportRow, RowError};
use lvyue_core::{AppError, AppResult, Lang, Message};
use serde::de::{SeqAccess, Visitor};
use std::io::{BufRead, BufReader, Read};

/// An import's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON array of row objects (`application/json`).
    Json,
    /// One JSON object per line (`application/x-ndjson`).
    Ndjson,
    /// CSV with a header line naming the row's fields (`text/csv`).
    Csv,
}

impl Format {
    /// The format of a media type (its essence, lowercased).
    pub fn from_media_type(essence: &str) -> Option<Format> {
        match essence {
            "application/json" => Some(Format::Json),
            "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => Some(Format::Ndjson),
            "text/csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format of a file name's extension.
    pub fn from_file_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// What a row handler answers: go on, or stop reading.
pub type Flow = AppResult<bool>;

fn shape_error(lang: Lang, detail: &str) -> RowError {
    RowError::new(
        "row",
        "invalid_row",
        lang,
        &format!("该行格式不正确：{detail}"),
        &format!("the row does not have the expected shape: {detail}"),
    )
}

fn malformed(what: &str, detail: impl std::fmt::Display) -> AppError {
    AppError::Malformed(Message::new(format!("无法读取{what}：{detail}"), format!("cannot read the {what}: {detail}")))
}

/// Reads rows from `reader` and hands each (numbered from 1) to `on_row` until the end or
/// until it answers false.
pub fn read_rows<R, F>(format: Format, reader: R, lang: Lang, mut on_row: F) -> AppResult<()>
where
    R: Read,
    F: FnMut(usize, Result<ImportRow, RowError>) -> Flow,
{
    match format {
        Format::Ndjson => {
            let mut n = 0;
            for line in BufReader::new(reader).lines() {
                let line = line.map_err(|e| malformed("NDJSON", e))?;
                if line.trim().is_empty() {
                    continue;
                }
                n += 1;
                let row = serde_json::from_str::<ImportRow>(&line).map_err(|e| shape_error(lang, &e.to_string()));
                if !on_row(n, row)? {
                    break;
                }
            }
            Ok(())
        }
        Format::Csv => {
            let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(reader);
            for (i, record) in csv.deserialize::<ImportRow>().enumerate() {
                let row = match record {
                    Ok(r) => Ok(r),
                    Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_) | csv::ErrorKind::Utf8 { .. }) => {
                        return Err(malformed("CSV", e))
                    }
                    Err(e) => Err(shape_error(lang, &e.to_string())),
                };
                if !on_row(i + 1, row)? {
                    break;
                }
            }
            Ok(())
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_reader(reader);
            let mut ended = Ended::No;
            let outcome = serde::Deserializer::deserialize_seq(
                &mut de,
                RowsVisitor { lang, on_row: &mut on_row, ended: &mut ended },
            );
            match ended {
                // The handler stopped or failed: what is left of the body does not matter.
                Ended::Stopped => Ok(()),
                Ended::Failed(e) => Err(e),
                Ended::No => {
                    outcome.map_err(|e| malformed("JSON", e))?;
                    de.end().map_err(|e| malformed("JSON", e))
                }
            }
        }
    }
}

/// Why the array walk ended early.
enum Ended {
    No,
    Stopped,
    Failed(AppError),
}

/// Walks a JSON array element by element, never holding more than one.
struct RowsVisitor<'a, F> {
    lang: Lang,
    on_row: &'a mut F,
    ended: &'a mut Ended,
}

impl<'de, F> Visitor<'de> for RowsVisitor<'_, F>
where
    F: FnMut(usize, Result<ImportRow, RowError>) -> Flow,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            n += 1;
            let row = serde_json::from_value::<ImportRow>(value).map_err(|e| shape_error(self.lang, &e.to_string()));
            match (self.on_row)(n, row) {
                Ok(true) => {}
                Ok(false) => {
                    *self.ended = Ended::Stopped;
                    return Err(serde::de::Error::custom("stopped"));
                }
                Err(e) => {
                    *self.ended = Ended::Failed(e);
                    return Err(serde::de::Error::custom("failed"));
                }
            }
        }
        Ok(())
    }
}
