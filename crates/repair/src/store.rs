//! What repair applications and objections share in storage, written once for both tables:
//! who sees which (the caller's [`RepairScope`](crate::scope::RepairScope) as one SQL
//! condition, used by the lists and by every load of one item alike), the locked load of one
//! item, the versioned save and the keyset-paged list.

use lvyue_core::{AppError, AppResult, Message};

use crate::scope::RepairScope;

/// A list's filters, parsed.
#[derive(Debug, Clone)]
pub struct ListFilter {
    /// A status code.
    pub status: Option<String>,
    /// Only those pending past their due day.
    pub overdue: bool,
    /// Only those the caller decides.
    pub deciding: bool,
    /// One record's.
    pub record_id: Option<String>,
    /// Page size.
    pub limit: i64,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// `deciding=true` needs a caller that decides something.
pub fn check_deciding(scope: &RepairScope, deciding: bool) -> AppResult<()> {
    if deciding && matches!(scope, RepairScope::All) {
        return Err(AppError::Malformed(Message::new(
            "管理员和审计角色不作出决定，不能使用 deciding=true",
            "admins and auditors decide nothing; `deciding=true` does not apply",
        )));
    }
    Ok(())
}

/// Generates, in the module of one table (`$table`, whose filer column is `$filer` and whose
/// row is `$row`): `scoped` (the scope as a condition on a boxed query), `record_of`,
/// `load_visible`, `save` and `list`.
macro_rules! repair_store {
    ($table:ident, $filer:ident, $row:ty) => {
        use lvyue_db::schema::$table as t;

        /// A boxed query of the table.
        type Boxed<'a> = t::BoxedQuery<
            'a,
            lvyue_db::DbBackend,
            diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<$row, lvyue_db::DbBackend>>,
        >;

        /// Restricts `query` to what `scope` sees (with `deciding`: to what it decides).
        fn scoped<'a>(mut query: Boxed<'a>, scope: &$crate::scope::RepairScope, deciding: bool) -> Boxed<'a> {
            use $crate::scope::RepairScope;
            match scope {
                RepairScope::All => {}
                RepairScope::Region(r) => {
                    let (lo, hi) = r.scope_range();
                    query = query.filter(t::region_code.between(lo, hi));
                    if deciding {
                        query = query.filter(t::deciding_org_id.is_null());
                    }
                }
                RepairScope::Org(id) if deciding => query = query.filter(t::deciding_org_id.eq(id.clone())),
                RepairScope::Org(id) => {
                    query = query.filter(
                        t::subject_org_id
                            .eq(id.clone())
                            .or(t::deciding_org_id.eq(id.clone()))
                            .or(t::$filer.eq(id.clone()))
                            .assume_not_null(),
                    )
                }
            }
            query
        }

        /// The record item `id` concerns (404 when there is no such item).
        pub fn record_of(conn: &mut lvyue_db::DbConn, id: &str) -> lvyue_core::AppResult<String> {
            t::table.find(id).select(t::record_id).first(conn).optional()?.ok_or(lvyue_core::AppError::NotFound)
        }

        /// Item `id` as `scope` sees it, locked for the rest of the transaction on PostgreSQL
        /// when `lock`; 404 when it does not exist or the caller does not see it.
        pub fn load_visible(
            conn: &mut lvyue_db::DbConn,
            scope: &$crate::scope::RepairScope,
            id: &str,
            lock: bool,
        ) -> lvyue_core::AppResult<$row> {
            if lock {
                // The row lock first (a boxed query of both backends takes no lock clause),
                // then the caller's view of it, in the same transaction.
                let lockable = t::table.find(id).select(t::id);
                let _: Option<String> = lvyue_db::locked!(conn, for_update, lockable, |q, c| q.first(c).optional())?;
            }
            let query = scoped(t::table.select(<$row>::as_select()).into_boxed(), scope, false);
            query.filter(t::id.eq(id.to_owned())).first(conn).optional()?.ok_or(lvyue_core::AppError::NotFound)
        }

        /// Replaces `before` by `after` with the next version; 409 when `before` is not current.
        pub fn save(
            conn: &mut lvyue_db::DbConn,
            before: &$row,
            mut after: $row,
            now: chrono::NaiveDateTime,
        ) -> lvyue_core::AppResult<$row> {
            after.version = lvyue_db::versioned::bump(conn, before.version, |conn, next| {
                after.version = next;
                after.updated_at = now;
                diesel::update(t::table.filter(t::id.eq(&before.id)).filter(t::version.eq(before.version)))
                    .set(&after)
                    .execute(conn)
            })?;
            Ok(after)
        }

        /// A page of the items `scope` sees, newest first, with the next page's cursor.
        pub fn list(
            conn: &mut lvyue_db::DbConn,
            scope: &$crate::scope::RepairScope,
            f: &$crate::store::ListFilter,
            today: chrono::NaiveDate,
        ) -> lvyue_core::AppResult<(Vec<$row>, Option<String>)> {
            $crate::store::check_deciding(scope, f.deciding)?;
            let mut query = scoped(t::table.select(<$row>::as_select()).into_boxed(), scope, f.deciding);
            if let Some(s) = f.status.clone() {
                query = query.filter(t::status.eq(s));
            }
            if f.overdue {
                query = query.filter(t::status.eq("pending")).filter(t::due_on.lt(today));
            }
            if let Some(r) = f.record_id.clone() {
                query = query.filter(t::record_id.eq(r));
            }
            if let Some(c) = lvyue_db::page::after_id(f.cursor.as_deref())? {
                query = query.filter(t::id.lt(c));
            }
            let rows: Vec<$row> = query.order_by(t::id.desc()).limit(f.limit + 1).load(conn)?;
            Ok(lvyue_db::page::cut(rows, f.limit, |r| vec![r.id.clone()]))
        }
    };
}
pub(crate) use repair_store;
