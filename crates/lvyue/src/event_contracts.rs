//! The event contracts of every context, and the feed's documented `data` per `type`.
//!
//! Each context defines its events' payload types beside the code that writes them
//! (`lvyue_case::events::contracts`, …). Here they are gathered, and the OpenAPI document's
//! feed item becomes `FeedEvent`: one of an envelope per payload type, discriminated by
//! `type`, so a generated client reads `data` as the type its event names.

use lvyue_outbox::contract::EventContract;
use std::collections::BTreeMap;
use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{OpenApi, Ref, RefOr};

/// Every event type lvyue announces, with its payload.
pub fn all() -> Vec<EventContract> {
    let mut all = lvyue_case::events::contracts();
    all.extend(lvyue_credit_record::events::contracts());
    all.extend(lvyue_sanction::events::contracts());
    all.extend(lvyue_repair::events::contracts());
    all.extend(lvyue_oversight::events::contracts());
    all.extend(lvyue_obligation::events::contracts());
    all.extend(lvyue_ledger::events::contracts());
    all
}

/// The feed item's schema name.
pub const FEED_EVENT: &str = "FeedEvent";

/// The envelope of the events whose payload is `payload`.
fn envelope_name(payload: &str) -> String {
    format!("Feed{payload}")
}

/// Documents the feed's `data` per `type` in `doc`.
pub fn document(doc: &mut OpenApi) {
    let contracts = all();
    let components = doc.components.get_or_insert_with(Default::default);
    let mut by_payload: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for c in &contracts {
        by_payload.entry(c.payload.to_string()).or_default().push(c.event_type);
        components.schemas.entry(c.payload.to_string()).or_insert_with(|| c.schema.clone());
        for (name, schema) in &c.components {
            components.schemas.entry(name.clone()).or_insert_with(|| schema.clone());
        }
    }
    let mut one_of = OneOfBuilder::new();
    let mut discriminator = Discriminator::new("type");
    for (payload, types) in &by_payload {
        let name = envelope_name(payload);
        let typed = ObjectBuilder::new()
            .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some(types.clone())))
            .property("data", Ref::from_schema_name(payload.clone()))
            .required("type")
            .required("data");
        let envelope = AllOfBuilder::new()
            .item(Ref::from_schema_name("Event"))
            .item(typed)
            .description(Some(format!("An event whose `data` is a `{payload}`: {}.", types.join(", "))));
        components.schemas.insert(name.clone(), envelope.into());
        for t in types {
            discriminator.mapping.insert((*t).to_owned(), format!("#/components/schemas/{name}"));
        }
        one_of = one_of.item(Ref::from_schema_name(name));
    }
    let feed_event = one_of
        .discriminator(Some(discriminator))
        .description(Some("One event of the feed; its `type` names the shape of its `data`."));
    components.schemas.insert(FEED_EVENT.to_owned(), feed_event.into());
    if let Some(RefOr::T(Schema::Object(page))) = components.schemas.get_mut("EventPage") {
        page.properties.insert(
            "events".to_owned(),
            ArrayBuilder::new()
                .items(Ref::from_schema_name(FEED_EVENT))
                .description(Some("Events in feed order."))
                .into(),
        );
    }
}
