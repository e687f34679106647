//! A circular (通报) as a PDF: its title, period and kind, the body, the units it names, and the
//! day it was published — or a draft's mark.

use super::Page;
use crate::circular::Circular;
use lvyue_core::AppResult;

/// Circular `c` as a PDF; `units` are the names of the units it names.
pub fn circular(c: &Circular, units: &[String]) -> AppResult<Vec<u8>> {
    let mut page = Page::new(&format!("{} 通报", c.region_code))?;
    page.heading(&c.title, 18.0);
    page.heading(&format!("（{}　{}）", c.kind.label_zh(), c.period), 12.0);
    page.gap(6.0);
    page.paragraphs(&c.body, 12.0, true);
    if !units.is_empty() {
        page.gap(10.0);
        page.paragraphs(&format!("涉及单位：{}", units.join("、")), 12.0, false);
    }
    page.gap(18.0);
    let when = match c.published_at {
        Some(at) => format!("发布日期：{}", at.format("%Y年%m月%d日")),
        None => "（草稿，尚未发布）".to_owned(),
    };
    page.paragraphs(&when, 12.0, false);
    page.finish()
}
