//! The columns of a spreadsheet import: for each, the API field it fills, its Chinese header,
//! what kind of cell it holds and whether it is required. Each context declares one table per
//! kind of row; it serves the reader, the template and the guide.

/// A code list: `(code, 中文, English)` per value.
pub type CodeTable = &'static [(&'static str, &'static str, &'static str)];

/// What a cell holds.
#[derive(Debug, Clone, Copy)]
pub enum CellKind {
    /// Text.
    Text,
    /// A day: an Excel date, `2026-05-01` or `2026/5/1`.
    Date,
    /// 是/否 (also `true`/`false`, `1`/`0`); blank is 否.
    Flag,
    /// An amount in yuan (at most two decimals), stored in 分.
    Yuan,
    /// One of a code list, by its code or its Chinese label.
    Code(CodeTable),
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in CSV headers and in the guide (`amount_yuan`).
    pub key: &'static str,
    /// Its Chinese header (`合同金额（元）`); either names the column.
    pub zh: &'static str,
    /// What it holds.
    pub cell: CellKind,
    /// Whether a row must fill it.
    pub required: bool,
    /// Where it goes in the API's body (`["decision_checklist", "legality_review"]`).
    pub path: &'static [&'static str],
}

/// A column (`const`, for the tables of each kind).
pub const fn col(
    key: &'static str,
    zh: &'static str,
    cell: CellKind,
    required: bool,
    path: &'static [&'static str],
) -> Column {
    Column { key, zh, cell, required, path }
}

/// The column a header names (its key or its Chinese header; a trailing `*` marks a required
/// one in the template and is ignored).
pub fn by_header<'c>(columns: &'c [Column], header: &str) -> Option<&'c Column> {
    let h = header.trim().trim_end_matches(['*', '＊']).trim();
    columns.iter().find(|c| c.key.eq_ignore_ascii_case(h) || c.zh == h)
}

/// The header the template shows.
pub fn header(c: &Column) -> String {
    if c.required {
        format!("{}*", c.zh)
    } else {
        c.zh.to_owned()
    }
}
