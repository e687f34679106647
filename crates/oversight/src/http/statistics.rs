//! `GET /statistics/cases`, `GET /statistics/data-quality` and `GET /statistics/obligations`: the
//! credit office's figures on how cases are handled, on the quality of the findings it receives,
//! and on how each unit keeps its commitments and contracts.

use crate::figures::{self, CaseStatistics, FigureFormat, GroupBy};
use crate::quality::DataQuality;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// The figures asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseStatisticsQuery {
    /// The division (a city includes its counties); a credit office's own or within it.
    pub region_code: String,
    /// First day of receipt (YYYY-MM-DD, Asia/Shanghai).
    pub from: NaiveDate,
    /// Last day of receipt.
    pub to: NaiveDate,
    /// `handling_org`, `region`, `channel`, `field` or `month` (default `handling_org`).
    #[param(inline)]
    pub group_by: Option<GroupBy>,
    /// `json` (default) or `xlsx` (an Excel workbook with Chinese headers and labels).
    #[param(inline)]
    pub format: Option<FigureFormat>,
}

/// How the cases received in a period were handled, per handling body, division, channel, field
/// or month: received, forwarded, accepted and concluded on time, overdue, urged, extended,
/// determined, rectified or settled, reopened, the median working days to conclusion and the
/// mean satisfaction (credit office for its division; auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(CaseStatisticsQuery),
    responses(
        (status = 200, description = "The figures: JSON, or with `format=xlsx` an Excel workbook", content(
            (CaseStatistics = "application/json"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that reads no figures", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/statistics/cases")]
pub async fn case_statistics(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<CaseStatisticsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let group_by = q.group_by.unwrap_or(GroupBy::HandlingOrg);
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let stats = db::run_figures(&state, move |conn| {
        let region = crate::access::region_for(conn, &actor, &region)?;
        figures::cases(conn, &region, (q.from, q.to), group_by, today, &|conn, keys| {
            crate::labels::of(conn, group_by, keys)
        })
    })
    .await?;
    match q.format.unwrap_or(FigureFormat::Json) {
        FigureFormat::Json => Ok(HttpResponse::Ok().json(stats)),
        FigureFormat::Xlsx => {
            let file = format!("case-statistics-{}-{}-{}.xlsx", stats.region_code, stats.from, stats.to);
            Ok(super::xlsx(&file, crate::sheet::case_statistics(&stats)?))
        }
    }
}

/// A division and a period of days.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The division (a city includes its counties); a credit office's own or within it.
    pub region_code: String,
    /// First day (YYYY-MM-DD, Asia/Shanghai).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// `json` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<FigureFormat>,
}

/// The quality of the findings received in a period, per provider: import rows refused by
/// reason, days from decision to receipt, records whose subject the registry lacks,
/// corrections, objections upheld, corrected or revoked (credit office for its division;
/// auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The figures: JSON, or with `format=xlsx` an Excel workbook", content(
            (DataQuality = "application/json"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that reads no figures", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/statistics/data-quality")]
pub async fn data_quality(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    by_period(state, actor, query.into_inner(), "data-quality", crate::quality::of, crate::sheet::data_quality).await
}

/// Figures of a division over a period of days, as JSON or as a workbook named
/// `{prefix}-{region}-{from}-{to}.xlsx`.
async fn by_period<T: serde::Serialize + Send + 'static>(
    state: web::Data<AppState>,
    actor: lvyue_core::Actor,
    q: PeriodQuery,
    prefix: &str,
    compute: impl FnOnce(&mut lvyue_db::DbConn, &RegionCode, (NaiveDate, NaiveDate)) -> lvyue_core::AppResult<T>
        + Send
        + 'static,
    sheet: fn(&T) -> lvyue_core::AppResult<Vec<u8>>,
) -> ApiResult<HttpResponse> {
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    if q.to < q.from {
        return Err(AppError::invalid("to", "before_from", "结束日期早于开始日期", "`to` is before `from`").into());
    }
    let (from, to) = (q.from, q.to);
    let found = db::run_figures(&state, move |conn| {
        let region = crate::access::region_for(conn, &actor, &region)?;
        compute(conn, &region, (from, to))
    })
    .await?;
    match q.format.unwrap_or(FigureFormat::Json) {
        FigureFormat::Json => Ok(HttpResponse::Ok().json(found)),
        FigureFormat::Xlsx => Ok(super::xlsx(&format!("{prefix}-{}-{from}-{to}.xlsx", q.region_code), sheet(&found)?)),
    }
}

/// Per unit of a division: the commitments due in a period kept on time, late or not, and the
/// contracts closed out in it on time (every milestone met by its day), with what stands
/// overdue, breached or escalated now (履约践诺情况; credit office for its division; auditor,
/// admin).
#[utoipa::path(
    tag = "oversight",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The figures: JSON, or with `format=xlsx` an Excel workbook", content(
            (lvyue_obligation::figures::ObligationFigures = "application/json"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that reads no figures", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/statistics/obligations")]
pub async fn obligation_statistics(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    by_period(state, actor, q, "obligations", lvyue_obligation::figures::by_unit, crate::sheet::obligation_figures)
        .await
}

/// Per unit of a division, of the ledger items recorded in a period: how many were rectified,
/// rectified on time (by their plan's last milestone) and escalated, the arrears owed and
/// cleared (amount and share), and the plans late now (问题台账整改情况; credit office for its
/// division; auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The figures: JSON, or with `format=xlsx` an Excel workbook", content(
            (lvyue_ledger::figures::LedgerFigures = "application/json"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that reads no figures", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/statistics/ledger")]
pub async fn ledger_statistics(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let compute = move |conn: &mut lvyue_db::DbConn, region: &RegionCode, period| {
        lvyue_ledger::figures::by_unit(conn, region, period, today)
    };
    by_period(state, actor, query.into_inner(), "ledger", compute, crate::sheet::ledger_figures).await
}
