//! `lvyue demo tokens`: one ready token per role of the demo region, each with a line on what
//! that role may do, as `NAME=token` lines a shell can `eval`.

use crate::config::Config;
use crate::demo::demo_codes;
use crate::error::RunError;
use crate::secret::jwt_secret;
use lvyue_core::{ChannelCode, Role, Uscc};
use lvyue_web::TokenIssuer;

/// `(variable, role, the demo organisation's name, channel, what it may do)`.
type DemoRole = (&'static str, Role, Option<&'static str>, Option<&'static str>, &'static str);

/// The demo region's roles (organisations from `demo.rs`).
pub const DEMO_ROLES: &[DemoRole] = &[
    (
        "CHANNEL",
        Role::Channel,
        None,
        Some("hotline_12345"),
        "12345 热线: pushes leads, reads their status and its own events",
    ),
    (
        "DEPARTMENT",
        Role::Department,
        Some("怀远县人民政府"),
        None,
        "怀远县人民政府: handles the cases against the bodies it supervises, determines breaches, decides their repair",
    ),
    (
        "SUBJECT",
        Role::Department,
        Some("怀远县财政局"),
        None,
        "怀远县财政局: the respondent; reads its own credit record, applies for repair, objects",
    ),
    (
        "CREDIT_OFFICE",
        Role::CreditOffice,
        Some("蚌埠市发展和改革委员会（市信用办）"),
        None,
        "蚌埠市信用办: routes, rejects, merges, urges and oversees the city's cases, records and sanctions",
    ),
    (
        "SANCTION_CHECKER",
        Role::SanctionChecker,
        None,
        None,
        "an approval system: asks whether a subject is restricted from a benefit",
    ),
    (
        "DATA_PROVIDER",
        Role::DataProvider,
        Some("蚌埠市经济和信息化局"),
        None,
        "蚌埠市经济和信息化局: imports credit records of its own kinds",
    ),
    (
        "CREDIT_PLATFORM",
        Role::CreditPlatform,
        None,
        None,
        "the public credit platform: reads and exports the shared records",
    ),
    ("AUDITOR", Role::Auditor, None, None, "reads everything, the audit trail included; changes nothing"),
    ("ADMIN", Role::Admin, None, None, "the registry, channels, catalogue, calendar and webhooks"),
];

/// The lines to print: a comment and a `NAME=token` line per role, valid for `ttl` seconds.
pub fn run(config: &Config, ttl: i64) -> Result<String, RunError> {
    let issuer = TokenIssuer::new(&jwt_secret(config)?);
    let codes = demo_codes();
    let mut out = String::from("# lvyue demo tokens (蚌埠市 demo region): eval \"$(lvyue demo tokens)\"\n");
    for (name, role, org, channel, what) in DEMO_ROLES {
        let org = match org {
            Some(name) => {
                let (code, _) = codes
                    .iter()
                    .find(|(_, n)| n == name)
                    .ok_or_else(|| RunError::usage(format!("{name} is not in the demo")))?;
                Some(Uscc::parse(code).map_err(|e| RunError::usage(e.message.en))?)
            }
            None => None,
        };
        let channel = channel.map(ChannelCode::parse).transpose().map_err(|e| RunError::usage(e.message.en))?;
        let token =
            issuer.issue(&format!("demo:{}", name.to_ascii_lowercase()), *role, org.as_ref(), channel.as_ref(), ttl)?;
        out.push_str(&format!("# {name} ({}): {what}\n{name}={token}\n", role.code()));
    }
    Ok(out)
}
