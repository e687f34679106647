//! PDF for printing and filing: `GET /circulars/{id}/pdf`, `GET /assessments/{id}/pdf`, and
//! for published ones without a token `GET /public/circulars/{id}/pdf`,
//! `GET /public/assessments/{id}/pdf` (cacheable like the rest of the public face).

use crate::{assessment, circular, print};
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use lvyue_core::{Actor, AppResult};
use lvyue_db::DbConn;
use lvyue_web::{db, ApiResult, AppState, Caller};

fn pdf(file: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(print::PDF)
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")))
        .body(bytes)
}

fn public_pdf(req: &HttpRequest, file: &str, bytes: Vec<u8>) -> HttpResponse {
    let mut r = lvyue_web::cache::public_body(req, print::PDF, bytes);
    if let Ok(v) = header::HeaderValue::from_str(&format!("inline; filename=\"{file}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn render_circular(conn: &mut DbConn, actor: Option<&Actor>, id: &str) -> AppResult<Vec<u8>> {
    let c = circular::find_visible(conn, actor, id)?;
    let units = circular::unit_names(conn, &c)?;
    print::circular(&c, &units)
}

/// A circular as PDF, for printing and filing (credit office of its region, auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The circular")),
    responses((status = 200, description = "The circular as PDF (A4)", content_type = "application/pdf", body = lvyue_web::binary::Binary)),
    security(("bearer" = []))
)]
#[get("/circulars/{id}/pdf")]
pub async fn circular_pdf(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let file = format!("circular-{id}.pdf");
    let bytes = db::run_on_replica(&state, move |conn| render_circular(conn, Some(&actor), &id)).await?;
    Ok(pdf(&file, bytes))
}

/// A published circular as PDF; 404 for any other; no token.
#[utoipa::path(
    tag = "public",
    params(("id" = String, Path, description = "The circular")),
    responses(
        (status = 200, description = "The circular as PDF (A4)", content_type = "application/pdf", body = lvyue_web::binary::Binary),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/circulars/{id}/pdf")]
pub async fn public_circular_pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let id = path.into_inner();
    let file = format!("circular-{id}.pdf");
    let bytes = db::run_on_replica(&state, move |conn| render_circular(conn, None, &id)).await?;
    Ok(public_pdf(&req, &file, bytes))
}

/// An assessment as PDF: the ranking, then each metric (credit office of its region, auditor,
/// admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The assessment")),
    responses((status = 200, description = "The assessment as PDF (A4)", content_type = "application/pdf", body = lvyue_web::binary::Binary)),
    security(("bearer" = []))
)]
#[get("/assessments/{id}/pdf")]
pub async fn assessment_pdf(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let file = format!("assessment-{id}.pdf");
    let bytes = db::run_on_replica(&state, move |conn| {
        print::assessment(&assessment::find_visible(conn, Some(&actor), &id, today)?)
    })
    .await?;
    Ok(pdf(&file, bytes))
}

/// A published assessment as PDF; 404 for any other; no token.
#[utoipa::path(
    tag = "public",
    params(("id" = String, Path, description = "The assessment")),
    responses(
        (status = 200, description = "The assessment as PDF (A4)", content_type = "application/pdf", body = lvyue_web::binary::Binary),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/assessments/{id}/pdf")]
pub async fn public_assessment_pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let file = format!("assessment-{id}.pdf");
    let bytes =
        db::run_on_replica(&state, move |conn| print::assessment(&assessment::find_visible(conn, None, &id, today)?))
            .await?;
    Ok(public_pdf(&req, &file, bytes))
}
