//! `POST /complaints/{id}/actions/{action}`: every step of the workflow.
//!
//! One route takes every action; the document shows one operation per action
//! (`POST /complaints/{id}/actions/assign`, …), each with its own named body (`AssignAction`,
//! `RecordRefusalAction`, …), so a generated client gets one typed method per step. Both come
//! from the same tables: `CaseAction` and `input::action_body`.

use crate::act::act;
use crate::input::{action_body, action_example, action_schema_name};
use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::{post, web, HttpResponse};
use lvyue_case::CaseContext;
use lvyue_core::{AppError, CaseAction};
use lvyue_registry::visibility::visibility_of;
use lvyue_web::openapi::problem_response;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem, Paths};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{Object, Schema, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};

/// Takes a step of the workflow.
#[post("/complaints/{id}/actions/{action}")]
pub async fn take_action(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<(String, String)>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    let (id, action) = path.into_inner();
    let action = CaseAction::from_code(&action).ok_or(AppError::NotFound)?;
    let st = state.clone();
    let complaint = db::run_write(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        let calendar = st.calendar();
        let now = st.clock.now();
        let ctx = CaseContext {
            now,
            stored_now: lvyue_core::time::to_stored(now),
            calendar: &calendar,
            settings: &st.settings,
        };
        act(conn, &ctx, &actor, &visibility, &id, action, &body.value)
    })
    .await?;
    Ok(HttpResponse::Ok().json(complaint))
}

/// The actions route, documented as one operation per action.
pub struct ActionRoutes;

impl HttpServiceFactory for ActionRoutes {
    fn register(self, config: &mut AppService) {
        take_action.register(config)
    }
}

fn operation(action: CaseAction) -> utoipa::openapi::path::Operation {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(action_schema_name(action))))
        .example(Some(action_example(action)))
        .build();
    let json = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Complaint"))).build())
            .build()
    };
    OperationBuilder::new()
        .tag("verification")
        .operation_id(Some(format!("take_action_{}", action.code())))
        .summary(Some(format!("{} ({})", action.label_zh(), action.label_en())))
        .description(Some(format!(
            "Takes the step `{}` on a case. The body carries the case's `version` (a stale one answers \
409 `stale_version`), an optional `note` and `attachments`, and the step's own fields. The case's \
`allowed_actions` lists what the caller may do now; see docs/state-machine.md.",
            action.code()
        )))
        .parameter(
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("The case id"))
                .schema(Some(Object::with_type(Type::String))),
        )
        .request_body(Some(
            RequestBodyBuilder::new().required(Some(Required::True)).content("application/json", body).build(),
        ))
        .response("200", json("The case after the step"))
        .response("403", problem_response("The caller's role never takes this step (lists allowed_actions)"))
        .response("404", problem_response("No such case, or the case is not visible to the caller"))
        .response(
            "409",
            problem_response("Not a step from the case's status (lists allowed_actions), or a stale version"),
        )
        .response("422", problem_response("Invalid fields, every one named in `errors`"))
        .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
        .build()
}

impl utoipa_actix_web::OpenApiFactory for ActionRoutes {
    fn paths(&self) -> Paths {
        let mut paths = Paths::new();
        for &action in CaseAction::ALL {
            let path = format!("/complaints/{{id}}/actions/{}", action.code());
            paths.paths.insert(path, PathItem::new(HttpMethod::Post, operation(action)));
        }
        paths
    }

    fn schemas(&self, schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for &action in CaseAction::ALL {
            let body = action_body(action);
            schemas.push((action_schema_name(action), (body.schema)()));
            (body.schemas)(schemas);
        }
        schemas.push(("Complaint".to_owned(), <lvyue_case::complaint::Complaint as utoipa::PartialSchema>::schema()));
        <lvyue_case::complaint::Complaint as utoipa::ToSchema>::schemas(schemas);
    }
}
