//! Masking complainants' personal data (个人信息脱敏) for roles that do not need it.

pub use lvyue_core::person::mask_name;

/// `13812345678` → `138****5678`; short numbers keep only their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n >= 11 {
        chars.iter().enumerate().map(|(i, c)| if i < 3 || i >= n - 4 { *c } else { '*' }).collect()
    } else {
        chars.iter().enumerate().map(|(i, c)| if i + 2 >= n { *c } else { '*' }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("5551234"), "*****34");
    }
}
