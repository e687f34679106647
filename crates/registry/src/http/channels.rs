//! `/channels`: the channel platforms, as data.

use crate::channel::{self, Channel, ChannelInput};
use actix_web::{get, post, put, web, HttpResponse};
use lvyue_core::AppError;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::Serialize;
use utoipa::ToSchema;

/// The channel list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelList {
    /// Every channel, active or not.
    pub channels: Vec<Channel>,
}

/// Lists the channels.
#[utoipa::path(tag = "registry", responses((status = 200, description = "Channels", body = ChannelList)), security(("bearer" = [])))]
#[get("/channels")]
pub async fn list_channels(state: web::Data<AppState>, _caller: Caller) -> ApiResult<HttpResponse> {
    let channels = db::run(&state, channel::list).await?;
    Ok(HttpResponse::Ok().json(ChannelList { channels }))
}

/// Registers a channel (admin).
#[utoipa::path(
    tag = "registry",
    request_body(content = ChannelInput, example = ChannelInput::example),
    responses(
        (status = 201, description = "Registered", body = Channel),
        (status = 422, description = "Invalid or taken code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/channels")]
pub async fn create_channel(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<ChannelInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let created = db::run_write(&state, move |conn| channel::create(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Changes a channel's labels or deactivates it (admin).
#[utoipa::path(
    tag = "registry",
    params(("code" = String, Path, description = "The channel code")),
    request_body(content = ChannelInput, example = ChannelInput::example),
    responses(
        (status = 200, description = "Updated", body = Channel),
        (status = 404, description = "No such channel", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/channels/{code}")]
pub async fn update_channel(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    // Who may, before what was sent: a caller without the role learns nothing from a 422.
    actor.require(crate::organisation::EDITORS)?;
    let input = lvyue_core::validation::parse_body::<ChannelInput>(&body.value).map_err(AppError::Validation)?;
    let now = state.now();
    let code = path.into_inner();
    let updated = db::run_write(&state, move |conn| channel::update(conn, &actor, &code, input, now)).await?;
    Ok(HttpResponse::Ok().json(updated))
}
