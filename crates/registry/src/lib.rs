//! lvyue-registry: the organisations complaints are about and routed to, and the channels that send them.
//!
//! - `organisation`: the registry of 机关、事业单位 … with their USCC, division
//!   code, level, kind, parent government and supervising body (上级部门或主管部门).
//! - `import`: loading the registry from CSV or JSON, all rows or none.
//! - `channel`: channel platforms as data.
//! - `visibility`: which cases a caller may see, from their token and the registry.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod channel;
pub mod http;
pub mod import;
pub mod organisation;
pub mod unit_scope;
pub mod visibility;
