//! `GET /statistics/sanctions`: per implementing organisation, the measures in force, those
//! acknowledged on time and those overdue (惩戒措施落实情况).

use actix_web::{get, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_sanction::figures::ImplementerFigures;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which division.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SanctionStatisticsQuery {
    /// The division (a city includes its counties); a credit office's own or within it.
    pub region_code: String,
}

/// One implementing organisation's row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImplementerRow {
    /// Its name (empty key: measures whose implementer was not in the registry).
    pub label: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: ImplementerFigures,
}

/// The rows, most overdue first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SanctionStatistics {
    /// The division.
    pub region_code: String,
    /// One row per implementing organisation.
    pub rows: Vec<ImplementerRow>,
}

/// How the implementing organisations carry measures out, now (credit office for its division;
/// auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(SanctionStatisticsQuery),
    responses(
        (status = 200, description = "The figures", body = SanctionStatistics),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/statistics/sanctions")]
pub async fn sanction_statistics(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<SanctionStatisticsQuery>,
) -> ApiResult<HttpResponse> {
    let region =
        RegionCode::parse(&query.into_inner().region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let stats = db::run_figures(&state, move |conn| {
        let region = crate::access::region_for(conn, &actor, &region)?;
        let figures = lvyue_sanction::figures::by_implementer_org(conn, &region, today)?;
        let ids: Vec<String> = figures.iter().map(|f| f.implementer_org_id.clone()).collect();
        let names = lvyue_registry::organisation::find_many(conn, &ids)?;
        let mut rows: Vec<ImplementerRow> = figures
            .into_iter()
            .map(|f| ImplementerRow {
                label: names.iter().find(|o| o.id == f.implementer_org_id).map(|o| o.name.clone()).unwrap_or_default(),
                figures: f,
            })
            .collect();
        rows.sort_by(|a, b| b.figures.overdue.cmp(&a.figures.overdue).then(a.label.cmp(&b.label)));
        Ok(SanctionStatistics { region_code: region.as_str().to_owned(), rows })
    })
    .await?;
    Ok(HttpResponse::Ok().json(stats))
}
