//! Bilingual human-readable text (zh-CN by default, en on request).
//!
//! Every message a person may read is written in both languages where it is
//! raised; the web layer picks one from `Accept-Language`.

use std::borrow::Cow;

/// The languages the API answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文 — the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` header value, honouring q-values.
    /// Anything unknown falls back to Chinese.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Lang::Zh
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Chinese text.
    pub zh: Cow<'static, str>,
    /// English text.
    pub en: Cow<'static, str>,
}

impl Message {
    /// A message from its two renderings.
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Message { zh: zh.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Wraps a bilingual message and its stable code into a serde error, so a `Deserialize` impl
/// (a code list, a USCC) can say what was wrong in both languages through serde's one-string
/// errors. `Message::from_serde_error` reads it back out of the error text.
pub fn serde_error<E: serde::de::Error>(code: &str, message: &Message) -> E {
    E::custom(format!("{MARK}{code}{SEP}{}{SEP}{}{MARK}", message.zh, message.en))
}

const MARK: char = '\u{1e}';
const SEP: char = '\u{1f}';

impl Message {
    /// The message `serde_error` put into an error's text (serde may have added a position).
    pub fn from_serde_error(text: &str) -> Option<Message> {
        Self::coded_from_serde_error(text).map(|(_, m)| m)
    }

    /// The stable code and message `serde_error` put into an error's text.
    pub fn coded_from_serde_error(text: &str) -> Option<(String, Message)> {
        let inner = text.split(MARK).nth(1)?;
        let mut parts = inner.split(SEP);
        let (code, zh, en) = (parts.next()?, parts.next()?, parts.next()?);
        Some((code.to_owned(), Message::new(zh.to_owned(), en.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(Lang::from_accept_language("en-US,zh;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.3, zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
