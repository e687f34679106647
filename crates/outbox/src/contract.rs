//! Event contracts: every event type names the one payload type its body is, defined once
//! beside its producer and read by its consumers through the same type. The served OpenAPI
//! document describes the feed's `data` per `type` from these (discriminated by `type`), and a
//! snapshot test pins each type's payload schema.

use std::borrow::Cow;
use utoipa::openapi::{RefOr, Schema};
use utoipa::ToSchema;

/// An event type and its payload's schema.
#[derive(Clone)]
pub struct EventContract {
    /// Dotted type, e.g. `complaint.determined`.
    pub event_type: &'static str,
    /// The payload schema's component name.
    pub payload: Cow<'static, str>,
    /// The payload schema.
    pub schema: RefOr<Schema>,
    /// The components the payload refers to.
    pub components: Vec<(String, RefOr<Schema>)>,
}

impl std::fmt::Debug for EventContract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventContract").field("event_type", &self.event_type).field("payload", &self.payload).finish()
    }
}

impl EventContract {
    /// The contract of `event_type`, whose body is a `T`.
    pub fn of<T: ToSchema>(event_type: &'static str) -> Self {
        let mut components = Vec::new();
        T::schemas(&mut components);
        EventContract { event_type, payload: T::name(), schema: T::schema(), components }
    }

    /// The contracts of `types`, all of whose bodies are a `T`.
    pub fn all_of<T: ToSchema>(types: &[&'static str]) -> Vec<Self> {
        types.iter().map(|t| Self::of::<T>(t)).collect()
    }
}
