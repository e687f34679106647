//! What a typical case may not say (脱敏): no complainant's personal data, ever. The title and
//! summary are refused when they contain the complainant's or the contact's name or phone as
//! the case holds them, or anything shaped like a mobile number, an identity-card number or an
//! e-mail address.

use lvyue_core::{AppError, AppResult};

/// A run of characters that looks like personal data, by what it looks like.
fn looks_personal(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let run = &chars[start..i];
        let id_check = i < chars.len() && matches!(chars[i], 'X' | 'x');
        if run.len() == 11 && run[0] == '1' && ('3'..='9').contains(&run[1]) {
            return Some("phone");
        }
        if run.len() == 18 || (run.len() == 17 && id_check) {
            return Some("identity_number");
        }
    }
    let email = text.split(|c: char| c.is_whitespace() || !c.is_ascii()).any(|w| {
        w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.starts_with('.'))
    });
    email.then_some("email")
}

/// Refuses `value` (the field `field`) when it holds any of `known` (the case's personal data)
/// or looks like personal data. The error never repeats the value.
pub fn check(field: &str, value: &str, known: &[String]) -> AppResult<()> {
    let found =
        if known.iter().any(|k| value.contains(k.as_str())) { Some("case_party") } else { looks_personal(value) };
    match found {
        None => Ok(()),
        Some(what) => Err(AppError::invalid(
            field,
            "personal_data",
            format!("不得含有投诉人的个人信息（{what}），请脱敏后提交"),
            format!("must not contain the complainant's personal data ({what}); anonymise it"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_looks_personal_and_what_the_case_holds() {
        assert!(check("summary", "某局拖欠某企业货款 320 万元，经督促仍未支付。", &[]).is_ok());
        assert!(check("summary", "联系电话13812345678", &[]).is_err());
        assert!(check("summary", "身份证号 34030219800101123X", &[]).is_err());
        assert!(check("summary", "邮箱 a.b@example.cn 反映", &[]).is_err());
        assert!(check("summary", "统一社会信用代码 11340321MB0000010K", &[]).is_ok());
        assert!(check("summary", "张三丰反映", &["张三丰".to_owned()]).is_err());
        assert!(check("summary", "合同金额 2026 年 12345678901234 元", &[]).is_ok());
    }
}
