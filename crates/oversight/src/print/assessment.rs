//! An assessment (考核) as a PDF: the scheme, division and period, the ranking with each unit's
//! score, then every metric with its weight and each unit's value.

use super::Page;
use crate::assessment::Assessment;
use lvyue_core::AppResult;

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.2}"))
}

/// Assessment `a` as a PDF.
pub fn assessment(a: &Assessment) -> AppResult<Vec<u8>> {
    let mut page = Page::new(&format!("{} 考核 {}", a.region_code, a.period))?;
    page.heading(&a.scheme.name, 18.0);
    page.heading(&format!("（{}　{} 至 {}　{}）", a.period, a.from, a.to, a.status.label_zh()), 12.0);
    page.gap(6.0);
    page.row(&[(0.0, "名次"), (50.0, "单位"), (380.0, "得分")], 11.0, true);
    for r in &a.results {
        let (rank, score) = (r.rank.to_string(), format!("{:.2}", r.score));
        page.row(&[(0.0, &rank), (50.0, &r.label), (380.0, &score)], 11.0, false);
    }
    for (i, m) in a.scheme.metrics.iter().enumerate() {
        page.gap(12.0);
        page.paragraphs(&format!("{}（权重 {}）", m.metric.label_zh(), m.weight), 12.0, false);
        page.row(&[(0.0, "单位"), (300.0, "指标值"), (380.0, "得分")], 11.0, true);
        for r in &a.results {
            let x = r.metrics.get(i);
            let (value, mark) = (number(x.and_then(|x| x.value)), number(x.map(|x| x.mark)));
            page.row(&[(0.0, &r.label), (300.0, &value), (380.0, &mark)], 11.0, false);
        }
    }
    page.gap(18.0);
    if let Some(at) = a.published_at {
        page.paragraphs(&format!("发布日期：{}", at.format("%Y年%m月%d日")), 12.0, false);
    }
    page.finish()
}
