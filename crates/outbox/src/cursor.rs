//! Opaque cursors: the one format of `lvyue_db::page`, for the feed and the audit trail.

pub use lvyue_db::page::{decode, encode};
