//! Who may read and change webhook subscriptions and deliveries, in one place.
//!
//! | operation | roles |
//! | --- | --- |
//! | read subscriptions, their deliveries and attempts | admin, auditor |
//! | create or change a subscription, replay a delivery | admin |
//!
//! Subscriptions belong to the platform's operators, not to a region: there is no slice.

use lvyue_core::Role;

/// Who reads subscriptions and deliveries.
pub const READERS: &[Role] = &[Role::Admin, Role::Auditor];
/// Who creates and changes subscriptions, and replays deliveries.
pub const OPERATORS: &[Role] = &[Role::Admin];
