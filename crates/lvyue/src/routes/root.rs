//! `GET /`: where to read on, for someone who opened the server's address in a browser.

use actix_web::{get, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// Links to the documentation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Root {
    /// `lvyue 履约`.
    pub name: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// The interactive API docs (Swagger UI).
    pub docs: &'static str,
    /// The OpenAPI document clients are generated from.
    pub openapi: &'static str,
    /// Code lists with Chinese and English labels.
    pub enums: &'static str,
    /// Liveness and readiness.
    pub health: &'static str,
}

/// Links to the docs and the spec (no token needed).
#[utoipa::path(tag = "operations", responses((status = 200, description = "Links to the docs and the spec", body = Root)))]
#[get("/")]
pub async fn root() -> HttpResponse {
    HttpResponse::Ok().json(Root {
        name: "lvyue 履约",
        version: env!("CARGO_PKG_VERSION"),
        docs: "/docs/",
        openapi: "/api-docs/openapi.json",
        enums: "/api/v1/meta/enums",
        health: "/readyz",
    })
}
