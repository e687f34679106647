//! The assembled HTTP API and its OpenAPI document.
//!
//! Each bounded context registers its own routes (`configure`) under `/api/v1`;
//! utoipa-actix-web collects their `#[utoipa::path]`s into one document, served
//! at `/api-docs/openapi.json` with Swagger UI at `/docs` (vendored: no internet).

use crate::routes;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App};
use lvyue_core::{AppError, Message};
use lvyue_web::{ApiError, AppState, RequestContext, TokenVerifier};
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// The document's fixed parts; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "lvyue 履约",
        description = "Government breach-of-contract complaints (政府部门违约失信): intake from channel platforms, \
routing to the supervising department, status and events. Errors are RFC 9457 problem details \
(application/problem+json); text follows Accept-Language (zh-CN default, en). Every call but health, \
docs and metadata needs a bearer JWT.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "intake", description = "受理: complaint leads from channel platforms"),
        (name = "verification", description = "核实办理: the workflow of a case, its deadlines and determinations"),
        (name = "credit-record", description = "政务信用记录: records under their subjects, versions, provider imports, the export"),
        (name = "sanction", description = "失信惩戒: the catalogue, measures in force, the sanction check and its log, oversight figures"),
        (name = "repair", description = "信用修复与信用异议: repair applications and objections, decided by the determining body"),
        (name = "webhooks", description = "实时反馈: Standard Webhooks subscriptions and deliveries"),
        (name = "registry", description = "机构名录 and channels"),
        (name = "events", description = "The pull feed of domain events"),
        (name = "audit", description = "The append-only audit trail"),
        (name = "meta", description = "Code lists with labels"),
        (name = "operations", description = "Health and readiness"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// Every route: health at the root, each bounded context under `/api/v1`.
fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::health::healthz).service(routes::health::readyz).service(
        utoipa_actix_web::scope("/api/v1")
            .configure(lvyue_registry::http::configure)
            .configure(lvyue_intake::http::configure)
            .configure(lvyue_verification::http::configure)
            .configure(lvyue_webhooks::http::configure)
            .configure(lvyue_credit_record::http::configure)
            .configure(lvyue_sanction::http::configure)
            .configure(lvyue_repair::http::configure)
            .configure(routes::configure),
    );
}

fn malformed_query(err: actix_web::error::QueryPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError(AppError::Malformed(Message::new(
        format!("查询参数无效：{err}"),
        format!("invalid query parameters: {err}"),
    )))
    .into()
}

fn malformed_path(err: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError(AppError::Malformed(Message::new(format!("路径参数无效：{err}"), format!("invalid path: {err}")))).into()
}

/// The OpenAPI document, as the server serves it.
pub fn openapi() -> OpenApiDoc {
    let (_, doc) = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes).split_for_parts();
    doc
}

/// What the routes need besides the shared state, made once at start.
#[derive(Clone)]
pub struct Runtimes {
    /// The webhook settings and client (replays).
    pub webhooks: lvyue_webhooks::http::WebhookRuntime,
    /// The sanction check log's writer (group commit).
    pub check_log: lvyue_sanction::log_writer::CheckLogWriter,
}

/// The application for one worker.
pub fn app(
    state: AppState,
    verifier: Arc<TokenVerifier>,
    runtimes: Runtimes,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(web::Data::from(verifier))
        .app_data(web::Data::new(runtimes.webhooks))
        .app_data(web::Data::new(runtimes.check_log))
        .app_data(web::QueryConfig::default().error_handler(malformed_query))
        .app_data(web::PathConfig::default().error_handler(malformed_path))
        .configure(routes)
        .split_for_parts();
    app.service(web::redirect("/docs", "/docs/"))
        .service(SwaggerUi::new("/docs/{_:.*}").url("/api-docs/openapi.json", doc))
        .default_service(web::to(routes::not_found::not_found))
        .wrap(from_fn(RequestContext::handle))
}
