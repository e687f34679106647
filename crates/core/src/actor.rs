//! Who is acting: the verified caller as the domain sees it, for scope checks and the audit trail.

use crate::channel_code::ChannelCode;
use crate::error::{AppError, AppResult};
use crate::message::Message;
use crate::role::Role;
use crate::uscc::Uscc;

/// The authenticated caller of one request.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The token's subject (a user or system name).
    pub subject: String,
    /// The caller's role.
    pub role: Role,
    /// The organisation a department or credit-office token names.
    pub org: Option<Uscc>,
    /// The channel a channel token names.
    pub channel: Option<ChannelCode>,
    /// The request that carries the action, for the audit trail (lvyue's own id).
    pub request_id: String,
    /// The client's own `x-request-id`, when it sent a usable one (kept beside lvyue's).
    pub client_request_id: Option<String>,
}

impl Actor {
    /// An actor for work the system does itself (CLI imports, demo data, jobs).
    pub fn system(what: &str) -> Actor {
        Actor {
            subject: format!("system:{what}"),
            role: Role::Admin,
            org: None,
            channel: None,
            request_id: format!("cli-{}", uuid::Uuid::now_v7()),
            client_request_id: None,
        }
    }
}

impl Actor {
    /// Answers 403 unless the actor has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden(Message::new(
                format!("角色“{}”无权执行此操作", self.role.label_zh()),
                format!("the role '{}' may not do this", self.role.code()),
            )))
        }
    }
}
