//! Print (打印归档): a circular and an assessment as A4 PDF for printing and filing, set in a
//! bundled subset of Noto Sans CJK SC (SIL Open Font License 1.1, `assets/fonts/OFL.txt`:
//! ASCII, GB2312 and the common CJK punctuation). krilla (MIT/Apache) writes the PDF and
//! embeds only the glyphs used; rustybuzz measures them for line breaking.
//!
//! - here: [`Page`], a writer of titled, wrapped, paged text and simple tables.
//! - `circular`, `assessment`: the two documents.

mod assessment;
mod circular;

pub use assessment::assessment;
pub use circular::circular;

use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use lvyue_core::{AppError, AppResult};
use std::sync::{Arc, OnceLock};

/// The media type of a PDF answer.
pub const PDF: &str = "application/pdf";

static FONT_DATA: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-GB2312.otf");

/// A4 in points, and the margins.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 64.0;

fn font() -> AppResult<Font> {
    static FONT: OnceLock<Option<Font>> = OnceLock::new();
    FONT.get_or_init(|| Font::new(Arc::new(FONT_DATA.to_vec()).into(), 0))
        .clone()
        .ok_or_else(|| AppError::internal("the bundled font does not load"))
}

/// Measures text in the bundled font.
struct Measure {
    face: rustybuzz::Face<'static>,
    per_em: f32,
}

impl Measure {
    fn new() -> AppResult<Self> {
        let face = rustybuzz::Face::from_slice(FONT_DATA, 0)
            .ok_or_else(|| AppError::internal("the bundled font does not parse"))?;
        let per_em = f32::from(face.units_per_em() as u16).max(1.0);
        Ok(Measure { face, per_em })
    }

    /// The width of `c` at `size` points (a missing glyph counts as one em).
    fn width(&self, c: char, size: f32) -> f32 {
        let advance = self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g));
        advance.map_or(size, |a| f32::from(a) / self.per_em * size)
    }

    /// `text` broken into lines no wider than `max` points at `size`: at any character, as
    /// Chinese is set, keeping a run of Latin letters or digits together where it fits.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let (mut line, mut width) = (String::new(), 0.0);
            for c in paragraph.chars() {
                let w = self.width(c, size);
                if width + w > max && !line.is_empty() {
                    // Carry a Latin word over whole when it is not the whole line.
                    let keep = line.rfind(|ch: char| !ch.is_ascii_alphanumeric()).map_or(0, |i| i + 1);
                    let carried = if c.is_ascii_alphanumeric() && keep > 0 && keep < line.len() {
                        line.split_off(keep)
                    } else {
                        String::new()
                    };
                    lines.push(std::mem::take(&mut line));
                    width = carried.chars().map(|ch| self.width(ch, size)).sum();
                    line = carried;
                }
                line.push(c);
                width += w;
            }
            lines.push(line);
        }
        lines
    }
}

/// A document being written: pages of text from the top down.
pub(crate) struct Page {
    doc: Document,
    font: Font,
    measure: Measure,
    /// Lines drawn so far per page, set on each page at the end.
    pages: Vec<Vec<Item>>,
    y: f32,
    footer: String,
}

/// One thing drawn on a page.
enum Item {
    Text { x: f32, y: f32, size: f32, text: String },
    Rule { y: f32 },
}

impl Page {
    /// A new document with `footer` at the foot of every page (with its page number).
    pub(crate) fn new(footer: &str) -> AppResult<Self> {
        Ok(Page {
            doc: Document::new(),
            font: font()?,
            measure: Measure::new()?,
            pages: vec![Vec::new()],
            y: MARGIN,
            footer: footer.to_owned(),
        })
    }

    fn room(&mut self, height: f32) {
        if self.y + height > HEIGHT - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.push(item);
        }
    }

    /// A centred heading.
    pub(crate) fn heading(&mut self, text: &str, size: f32) {
        for line in self.measure.wrap(text, size, WIDTH - 2.0 * MARGIN) {
            self.room(size * 1.6);
            let w: f32 = line.chars().map(|c| self.measure.width(c, size)).sum();
            self.y += size * 1.6;
            let item = Item::Text { x: (WIDTH - w) / 2.0, y: self.y, size, text: line };
            self.push(item);
        }
        self.y += size * 0.6;
    }

    /// Wrapped paragraphs (one per line of `text`), the first line of each indented two
    /// characters when `indent`.
    pub(crate) fn paragraphs(&mut self, text: &str, size: f32, indent: bool) {
        for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
            let lead = if indent { "\u{3000}\u{3000}" } else { "" };
            for line in self.measure.wrap(&format!("{lead}{}", paragraph.trim()), size, WIDTH - 2.0 * MARGIN) {
                self.room(size * 1.8);
                self.y += size * 1.8;
                let item = Item::Text { x: MARGIN, y: self.y, size, text: line };
                self.push(item);
            }
        }
    }

    /// One row of a table: cells at the given left edges (in points from the margin), each
    /// cut to fit its column.
    pub(crate) fn row(&mut self, cells: &[(f32, &str)], size: f32, rule: bool) {
        self.room(size * 1.9);
        self.y += size * 1.7;
        for (i, (x, text)) in cells.iter().enumerate() {
            let right = cells.get(i + 1).map_or(WIDTH - 2.0 * MARGIN, |(nx, _)| *nx) - 6.0;
            let fit = self.measure.wrap(text, size, (right - x).max(size)).into_iter().next().unwrap_or_default();
            let item = Item::Text { x: MARGIN + x, y: self.y, size, text: fit };
            self.push(item);
        }
        if rule {
            let y = self.y + size * 0.45;
            self.push(Item::Rule { y });
        }
        self.y += size * 0.2;
    }

    /// Space.
    pub(crate) fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// The PDF.
    pub(crate) fn finish(mut self) -> AppResult<Vec<u8>> {
        let total = self.pages.len();
        let settings = || PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| AppError::internal("page size"));
        for (n, items) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            let mut page = self.doc.start_page_with(settings()?);
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Text { x, y, size, text } => {
                        surface.draw_text(
                            Point::from_xy(x, y),
                            self.font.clone(),
                            size,
                            &text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Item::Rule { y } => {
                        let mut path = PathBuilder::new();
                        path.move_to(MARGIN, y);
                        path.line_to(WIDTH - MARGIN, y);
                        if let Some(p) = path.finish() {
                            surface.set_stroke(Some(krilla::paint::Stroke { width: 0.5, ..Default::default() }));
                            surface.draw_path(&p);
                            surface.set_stroke(None);
                        }
                    }
                }
            }
            let foot = format!("{}　第 {} 页 / 共 {} 页", self.footer, n + 1, total);
            let w: f32 = foot.chars().map(|c| self.measure.width(c, 9.0)).sum();
            surface.draw_text(
                Point::from_xy((WIDTH - w) / 2.0, HEIGHT - MARGIN / 2.0),
                self.font.clone(),
                9.0,
                &foot,
                false,
                TextDirection::Auto,
            );
            surface.finish();
            page.finish();
        }
        self.doc.finish().map_err(|e| AppError::internal(format!("writing a PDF: {e:?}")))
    }
}
