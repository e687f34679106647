//! Names for the figures' keys, read through the registry's public functions and the code
//! lists: an organisation's name, a channel's or a field's label.

use crate::figures::GroupBy;
use lvyue_core::{AppResult, Field};
use lvyue_db::DbConn;

/// `(key, label)` for each of `keys` grouped by `group_by` that has a name.
pub fn of(conn: &mut DbConn, group_by: GroupBy, keys: &[String]) -> AppResult<Vec<(String, String)>> {
    Ok(match group_by {
        GroupBy::HandlingOrg => {
            lvyue_registry::organisation::find_many(conn, keys)?.into_iter().map(|o| (o.id, o.name)).collect()
        }
        GroupBy::Channel => lvyue_registry::channel::list(conn)?
            .into_iter()
            .filter(|c| keys.contains(&c.code))
            .map(|c| (c.code, c.label_zh))
            .collect(),
        GroupBy::Field => {
            keys.iter().filter_map(|k| Field::from_code(k).map(|f| (k.clone(), f.label_zh().to_owned()))).collect()
        }
        GroupBy::Region | GroupBy::Month => Vec::new(),
    })
}
