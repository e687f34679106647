//! `POST /repair-applications`, `GET /repair-applications`, `GET /repair-applications/{id}`,
//! `POST /repair-applications/{id}/decision`, `POST /repair-applications/{id}/supplement`,
//! `POST /repair-applications/{id}/withdrawal`.

use crate::application::{ApplicationRow, RepairApplication};
use crate::apply::{apply, ApplicationInput};
use crate::decide::{decide, DecisionInput};
use crate::item;
use crate::scope::scope_of;
use crate::supplement::{supplement, SupplementInput};
use crate::withdraw::{withdraw, WithdrawalInput};
use actix_web::{get, post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Serialize;
use utoipa::ToSchema;

pub(crate) fn today_now(state: &AppState) -> crate::Today {
    let now = state.clock.now();
    (lvyue_core::time::shanghai_date(now), lvyue_core::time::to_stored(now))
}

/// Applies for the repair of a record (信用修复申请): the subject (a department whose
/// organisation is the record's subject), or the handling department that determined it, on
/// the subject's behalf. Refused with 409 `before_minimum_period` (naming the day from which
/// it may be made, also the record's `publicity.repairable_from`) before the grade's minimum
/// publicity period has passed.
#[utoipa::path(
    tag = "repair",
    request_body(content = ApplicationInput, example = ApplicationInput::example),
    responses(
        (status = 201, description = "The application, pending, with the day its decision is due", body = RepairApplication),
        (status = 403, description = "Not the record's subject or the body that determined it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "before_minimum_period, record_not_in_force, objection_pending or application_open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/repair-applications")]
pub async fn create_repair_application(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<ApplicationInput>,
) -> ApiResult<HttpResponse> {
    let at = today_now(&state);
    let calendar = state.calendar();
    let days = state.settings.repair.decision_working_days;
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let records = lvyue_credit_record::scope::scope_of(conn, &actor)?;
        apply(conn, &actor, &scope, &records, body.value, &calendar, days, at)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Declares the filters of a list of repair applications or objections, whose status is `$status`.
macro_rules! item_query {
    ($(#[$meta:meta])* $name:ident, $status:ty) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            /// A status code.
            #[param(inline)]
            pub status: Option<$status>,
            /// `true`: only those pending past the day their decision was due.
            pub overdue: Option<bool>,
            /// `true`: only those the caller decides (the deciding body's work list).
            pub deciding: Option<bool>,
            /// The record.
            #[param(format = Uuid)]
            pub record_id: Option<String>,
            /// Page size 1–200 (default 50).
            #[param(inline)]
            pub limit: Option<lvyue_web::Limit>,
            /// From the previous page's `next_cursor`.
            pub cursor: Option<String>,
        }

        impl $name {
            pub(crate) fn filter(self) -> $crate::store::ListFilter {
                $crate::store::ListFilter {
                    status: self.status.map(|s| s.code().to_owned()),
                    overdue: self.overdue == Some(true),
                    deciding: self.deciding == Some(true),
                    record_id: self.record_id,
                    limit: Limit::or_default(self.limit).0,
                    cursor: self.cursor,
                }
            }
        }
    };
}
pub(crate) use item_query;

item_query!(
    /// Filters of the repair applications.
    ApplicationQuery,
    lvyue_core::repair::RepairStatus
);

/// A page of applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationPage {
    /// Newest first (without their steps: read one for those).
    pub repair_applications: Vec<RepairApplication>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// Repair applications the caller takes part in (a credit office: its region's), newest
/// first, each with the day its decision is due and `decision_overdue`.
#[utoipa::path(
    tag = "repair",
    params(ApplicationQuery),
    responses(
        (status = 200, description = "A page", body = ApplicationPage),
        (status = 403, description = "A role that takes no part in repair", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/repair-applications")]
pub async fn list_repair_applications(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ApplicationQuery>,
) -> ApiResult<HttpResponse> {
    let f = query.into_inner().filter();
    let (today, _) = today_now(&state);
    let (repair_applications, next_cursor) =
        db::run_on_replica(&state, move |conn| item::page::<ApplicationRow>(conn, &actor, &f, today)).await?;
    let page = ApplicationPage { repair_applications, next_cursor };
    Ok(HttpResponse::Ok().json(page))
}

/// One application with its steps.
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The application")),
    responses(
        (status = 200, description = "The application", body = RepairApplication),
        (status = 404, description = "No such application visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/repair-applications/{id}")]
pub async fn get_repair_application(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let (today, _) = today_now(&state);
    let view = db::run(&state, move |conn| item::show::<ApplicationRow>(conn, &actor, &id, today)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The deciding body's decision (谁认定、谁修复): `approve` repairs the record in one
/// transaction — the record becomes `repaired`, every measure it caused ends, its case (if
/// any) closes with resolution `repaired`, and the channel, the public credit platform and
/// the implementing departments hear it; `reject` (with reasons); `request_more` (with what
/// is needed) pauses the clock until the applicant supplements.
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The application")),
    request_body(content = DecisionInput, example = DecisionInput::example),
    responses(
        (status = 200, description = "The application after the decision", body = RepairApplication),
        (status = 403, description = "Not the deciding body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided or waiting for material (invalid_repair_transition), a stale version, or the record no longer in force", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/repair-applications/{id}/decision")]
pub async fn decide_repair_application(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<DecisionInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let at = today_now(&state);
    let calendar = state.calendar();
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        decide(conn, &actor, &scope, &id, body.value, &calendar, at)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The applicant supplies the material asked for: the evidence grows, the application is
/// pending again and its clock runs on with the working days it had left.
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The application")),
    request_body(content = SupplementInput, example = SupplementInput::example),
    responses(
        (status = 200, description = "The application, pending again, with its new due day", body = RepairApplication),
        (status = 403, description = "Not the applicant or the subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No material was asked for, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/repair-applications/{id}/supplement")]
pub async fn supplement_repair_application(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<SupplementInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let at = today_now(&state);
    let calendar = state.calendar();
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        supplement(conn, &actor, &scope, &id, body.value, &calendar, at)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The applicant (or the subject) withdraws an application not yet decided: its clock stops
/// and the record is free for another application or an objection.
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The application")),
    request_body(content = WithdrawalInput, example = WithdrawalInput::example),
    responses(
        (status = 200, description = "The application, withdrawn", body = RepairApplication),
        (status = 403, description = "Not the applicant or the subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (invalid_repair_transition), or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/repair-applications/{id}/withdrawal")]
pub async fn withdraw_repair_application(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<WithdrawalInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let at = today_now(&state);
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        withdraw(conn, &actor, &scope, &id, body.value, at)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
