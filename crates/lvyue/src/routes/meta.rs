//! `GET /api/v1/meta/enums`: every code with its labels, so front ends never hard-code them.

use actix_web::{get, web, HttpResponse};
use lvyue_core::codes::CodeLabel;
use lvyue_core::{CaseStatus, Field, OrgKind, OrgLevel, Resolution, Role};
use lvyue_registry::channel;
use lvyue_web::{db, ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;

/// The code lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enums {
    /// 受理渠道 (data: an admin may add more).
    pub channels: Vec<CodeLabel>,
    /// 领域.
    pub fields: Vec<CodeLabel>,
    /// 案件状态.
    pub case_statuses: Vec<CodeLabel>,
    /// 办结方式.
    pub resolutions: Vec<CodeLabel>,
    /// 机构层级.
    pub org_levels: Vec<CodeLabel>,
    /// 机构类型.
    pub org_kinds: Vec<CodeLabel>,
    /// 角色.
    pub roles: Vec<CodeLabel>,
}

/// Every code list with Chinese and English labels (no token needed).
#[utoipa::path(tag = "meta", responses((status = 200, description = "The code lists", body = Enums)))]
#[get("/meta/enums")]
pub async fn enums(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let channels = db::run(&state, channel::list).await?;
    Ok(HttpResponse::Ok().json(Enums {
        channels: channels
            .into_iter()
            .map(|c| CodeLabel { code: c.code, label_zh: c.label_zh, label_en: c.label_en })
            .collect(),
        fields: Field::code_list(),
        case_statuses: CaseStatus::code_list(),
        resolutions: Resolution::code_list(),
        org_levels: OrgLevel::code_list(),
        org_kinds: OrgKind::code_list(),
        roles: Role::code_list(),
    }))
}
