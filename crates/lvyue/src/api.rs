//! The assembled HTTP API and its OpenAPI document.
//!
//! Each bounded context registers its own routes (`configure`) under `/api/v1`;
//! utoipa-actix-web collects their `#[utoipa::path]`s into one document, served
//! at `/api-docs/openapi.json` with Swagger UI at `/docs` (vendored: no internet).

use crate::routes;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App};
use lvyue_core::AppError;
use lvyue_web::{ApiError, AppState, RequestContext, TokenVerifier};
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

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
        (name = "oversight", description = "监督考核: figures, data quality, assessments and rankings, circulars, typical cases, their workbooks and prints"),
        (name = "obligation", description = "履约践诺: government contracts and commitments, their milestones, performance, risks, lawful changes and close-out"),
        (name = "ledger", description = "问题台账: self-inspection campaigns, each unit's problems, their rectification plans, repayments and close, and the consolidated ledger"),
        (name = "public", description = "The public face, without a token: published rankings, circulars, typical cases and public records"),
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
    cfg.service(routes::root::root).service(routes::health::healthz).service(routes::health::readyz).service(
        utoipa_actix_web::scope("/api/v1")
            .configure(lvyue_registry::http::configure)
            .configure(lvyue_intake::http::configure)
            .configure(lvyue_verification::http::configure)
            .configure(lvyue_webhooks::http::configure)
            .configure(lvyue_credit_record::http::configure)
            .configure(lvyue_sanction::http::configure)
            .configure(lvyue_repair::http::configure)
            .configure(lvyue_oversight::http::configure)
            .configure(lvyue_obligation::http::configure)
            .configure(lvyue_ledger::http::configure)
            .configure(routes::configure),
    );
}

/// A path segment that does not parse as its type (`/calendar/abc`) names nothing: 404.
fn unknown_path(_: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError(AppError::NotFound).into()
}

/// The document as collected from the routes, with the answers the shared layers give added
/// to every operation (`lvyue_web::openapi`).
fn finish(mut doc: OpenApiDoc) -> OpenApiDoc {
    lvyue_web::openapi::add_standard_answers_to_all(&mut doc);
    crate::event_contracts::document(&mut doc);
    doc
}

/// The OpenAPI document, as the server serves it.
pub fn openapi() -> OpenApiDoc {
    let (_, doc) = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes).split_for_parts();
    finish(doc)
}

/// Cross-origin calls from the configured front ends' origins: preflights answered with the
/// methods and headers the API reads, and the headers clients read exposed. With no origin
/// configured the middleware is not on: nothing changes for a deployment that does not ask.
fn cors(origins: &[String]) -> actix_cors::Cors {
    use actix_web::http::header;
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            header::ETAG,
            header::CONTENT_DISPOSITION,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("x-client-request-id"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// What the routes need besides the shared state, made once at start.
#[derive(Clone)]
pub struct Runtimes {
    /// The webhook settings and client (replays).
    pub webhooks: lvyue_webhooks::http::WebhookRuntime,
    /// The sanction check log's writer (group commit).
    pub check_log: lvyue_sanction::log_writer::CheckLogWriter,
    /// The intake writer (group commit of new cases).
    pub intake: lvyue_intake::writer::IntakeWriter,
    /// The origins allowed to call from a browser (`LVYUE_CORS_ORIGINS`).
    pub cors_origins: Arc<Vec<String>>,
    /// Requests per caller per minute (`LVYUE_RATE_LIMIT_PER_MINUTE`, …), shared by the workers.
    pub quotas: web::Data<lvyue_web::quota::Quotas>,
    /// Who may read `/metrics`.
    pub metrics: web::Data<crate::metrics::MetricsAccess>,
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
        .app_data(web::Data::new(runtimes.intake))
        .app_data(runtimes.quotas.clone())
        .app_data(runtimes.metrics.clone())
        .app_data(web::PathConfig::default().error_handler(unknown_path))
        .configure(routes)
        .split_for_parts();
    let cors_on = !runtimes.cors_origins.is_empty();
    app.route("/metrics", web::get().to(crate::metrics::scrape))
        .service(web::redirect("/docs", "/docs/"))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .url("/api-docs/openapi.json", finish(doc))
                // No call to the online validator: the docs work offline and send the spec nowhere.
                .config(SwaggerConfig::new(["/api-docs/openapi.json"]).validator_url("none")),
        )
        .default_service(web::to(routes::not_found::not_found))
        .wrap(Condition::new(cors_on, cors(&runtimes.cors_origins)))
        .wrap(from_fn(crate::metrics::record))
        .wrap(from_fn(RequestContext::handle))
}
