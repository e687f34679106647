//! `POST /api/v1/organisations/{id}/abolition`: an organisation is abolished or merged (撤销、
//! 合并), and its open commitments and contracts pass to the successor named — in one
//! transaction, across the registry and the obligations (新官不理旧账). Abolishing one that still
//! has open obligations without naming a successor is refused (409 `successor_required`).

use actix_web::{post, web, HttpResponse};
use lvyue_core::{AppError, Message};
use lvyue_registry::organisation::{self, Organisation};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /api/v1/organisations/{id}/abolition`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbolitionInput {
    /// The version read.
    pub version: i32,
    /// The organisation that takes over its obligations (required while it has open ones).
    #[serde(default)]
    pub successor_id: Option<String>,
}

/// The answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Abolition {
    /// The organisation as it is now.
    pub organisation: Organisation,
    /// How many open contracts and commitments passed to the successor.
    pub obligations_moved: usize,
}

/// Abolishes or merges an organisation; its open commitments and contracts pass to the
/// successor (admin).
#[utoipa::path(
    tag = "registry",
    params(("id" = String, Path, description = "The organisation")),
    request_body(content = AbolitionInput, example = json!({"version": 1, "successor_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"})),
    responses(
        (status = 200, description = "Abolished", body = Abolition),
        (status = 409, description = "Open obligations and no successor, already abolished, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown or abolished successor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/{id}/abolition")]
pub async fn abolish(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<AbolitionInput>,
) -> ApiResult<HttpResponse> {
    actor.require(organisation::EDITORS)?;
    let (id, now, input) = (path.into_inner(), state.now(), body.value);
    let done = db::run_write(&state, move |conn| {
        lvyue_db::write_tx(conn, |conn| {
            let successor = match &input.successor_id {
                Some(s) => Some(organisation::find(conn, s)?.ok_or_else(|| {
                    AppError::invalid(
                        "successor_id",
                        "unknown_organisation",
                        "名录中没有该机构",
                        "no such organisation in the registry",
                    )
                })?),
                None => None,
            };
            let open = lvyue_obligation::transfer::open_count(conn, &id)?;
            if open > 0 && successor.is_none() {
                return Err(AppError::conflict(
                    "successor_required",
                    Message::new(
                        format!("该机构尚有 {open} 项未完结的承诺或合同，须指定承接单位"),
                        format!("it still has {open} open commitments or contracts; name a successor"),
                    ),
                ));
            }
            let row = organisation::abolish(conn, &actor, &id, input.version, successor.as_ref(), now)?;
            let moved = match &successor {
                Some(s) => lvyue_obligation::transfer::transfer(conn, &actor, &id, s, now)?,
                None => 0,
            };
            Ok(Abolition { organisation: organisation::view(conn, row)?, obligations_moved: moved })
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(done))
}
