//! `POST /contracts/{id}/escalate` and `POST /ledger-items/{id}/escalate`: the credit office
//! turns an overdue registered contract, or a ledger item unpaid past its plan, into a case
//! (转为投诉线索).

use crate::context::with_context;
use crate::escalation::{escalate, escalate_ledger_item};
use actix_web::{http::header, post, web, HttpResponse};
use lvyue_case::complaint::Complaint;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// Escalates an overdue contract of the credit office's region into a case: the counterparty
/// complains of the government party about the registered contract (`contract.registry_id`),
/// for what is still owed, and the case routes like any lead (channel `credit_office`, external
/// id `contract-{id}`). The daily job does the same once the earliest late milestone has stayed
/// unmet for `LVYUE_ESCALATE_WORKING_DAYS` working days. Escalating again answers the same case
/// (200).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    responses(
        (status = 201, description = "The case it escalated into", body = Complaint),
        (status = 200, description = "Escalated before: that case", body = Complaint),
        (status = 403, description = "Not a credit office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contract in the office's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_overdue`: the contract is not overdue", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The lead does not route (the party's division lies outside the office's)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/escalate")]
pub async fn escalate_contract(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let id = id.into_inner();
    let outcome = db::run_write(&state, move |conn| with_context(&st, |ctx| escalate(conn, ctx, &actor, &id))).await?;
    let location = format!("/api/v1/complaints/{}", outcome.complaint.id);
    let mut res = if outcome.created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header((header::LOCATION, location)).json(outcome.complaint))
}

/// Escalates a ledger item whose arrears remain unpaid past its plan's last milestone into a
/// case: the firm owed complains of the body that owes, for what remains, and the case routes
/// like any lead (channel `credit_office`, external id `ledger-{id}`). The case names the item
/// (`ledger_item_id`) and the item the case (`escalated_case_id`). Escalating again answers the
/// same case (200).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The ledger item")),
    responses(
        (status = 201, description = "The case it escalated into", body = Complaint),
        (status = 200, description = "Escalated before: that case", body = Complaint),
        (status = 403, description = "Not a credit office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item in the office's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_due`: nothing owed, or the plan's time not over; `creditor_required`: no firm owed named; closed or escalated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The lead does not route", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/{id}/escalate")]
pub async fn escalate_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let id = id.into_inner();
    let outcome =
        db::run_write(&state, move |conn| with_context(&st, |ctx| escalate_ledger_item(conn, ctx, &actor, &id)))
            .await?;
    let location = format!("/api/v1/complaints/{}", outcome.complaint.id);
    let mut res = if outcome.created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header((header::LOCATION, location)).json(outcome.complaint))
}
