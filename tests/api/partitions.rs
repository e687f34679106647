//! The append-only tables' month partitions (PostgreSQL): made ahead at start, made once, and
//! the audit trail's months refuse edits like the trail itself; and the feed's prepared query.

use crate::helpers::*;
use diesel::RunQueryDsl;
use lvyue_db::DbConn;

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[tokio::test]
async fn the_append_only_tables_have_their_months_ahead_and_the_audit_months_refuse_edits() {
    let app = spawn_app().await;
    let mut conn = app.app_state.write_pool.get().unwrap();
    // The server made them at start: a second call makes none (on SQLite there is nothing to make).
    assert_eq!(lvyue_db::partitions::ensure_ahead(&mut conn).unwrap(), 0);
    let DbConn::Pg(pg) = &mut *conn else { return };
    for table in lvyue_db::partitions::PARTITIONED {
        let months: Vec<String> = diesel::sql_query(
            "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
             WHERE i.inhparent = $1::regclass ORDER BY 1",
        )
        .bind::<diesel::sql_types::Text, _>(*table)
        .load::<Name>(pg)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
        let wanted: Vec<String> = diesel::sql_query(format!(
            "SELECT format('{table}_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM')) AS name \
             FROM generate_series(date_trunc('month', now()), date_trunc('month', now()) + interval '3 months', interval '1 month') m"
        ))
        .load::<Name>(pg)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect();
        for month in &wanted {
            assert!(months.contains(month), "{table} lacks {month}: {months:?}");
        }
        assert!(months.contains(&format!("{table}_default")), "{months:?}");
    }
    // Writing through the API lands in the partitions; the trail's months refuse edits.
    let (status, _) = app.push("hotline_12345", &lead("PART-1")).await;
    assert_eq!(status, 201);
    let refused = diesel::sql_query("DELETE FROM audit_log").execute(pg).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    let month: Name =
        diesel::sql_query("SELECT tableoid::regclass::text AS name FROM audit_log ORDER BY id DESC LIMIT 1")
            .get_result(pg)
            .unwrap();
    let refused = diesel::sql_query(format!("TRUNCATE {}", month.name)).execute(pg).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
}

/// The feed's query is one statement PostgreSQL prepares once per connection: planning a page
/// cost more than reading it.
#[tokio::test]
async fn the_feed_query_is_prepared_once_per_connection() {
    let app = spawn_app().await;
    let mut conn = app.app_state.pool.get().unwrap();
    for _ in 0..3 {
        lvyue_outbox::events::feed_rows(&mut conn, &lvyue_outbox::scope::Visibility::All, Some((0, 0)), 10).unwrap();
    }
    let DbConn::Pg(pg) = &mut *conn else { return };
    let prepared: Vec<Name> = diesel::sql_query(
        "SELECT statement AS name FROM pg_prepared_statements WHERE statement LIKE '%pg_snapshot_xmin%'",
    )
    .load(pg)
    .unwrap();
    assert_eq!(prepared.len(), 1, "{:?}", prepared.iter().map(|p| &p.name).collect::<Vec<_>>());
}

/// The case list's common shapes (a status and field filter, a channel, a division) are each
/// one statement PostgreSQL prepares once per connection, whatever the values: boxed queries
/// without `sql()` literals, which diesel caches by their SQL text.
#[tokio::test]
async fn the_common_list_shapes_are_prepared_once_per_connection() {
    use lvyue_case::read::{list, ComplaintFilter};
    use lvyue_core::{CaseStatus, Field, RegionCode, Role};
    let app = spawn_app().await;
    let mut conn = app.app_state.pool.get().unwrap();
    let now = default_now();
    let all = lvyue_outbox::scope::Visibility::All;
    for (status, field, region) in [
        (CaseStatus::Received, Field::GovernmentProcurement, "340321"),
        (CaseStatus::Assigned, Field::Bidding, "340300"),
        (CaseStatus::Received, Field::Ppp, "340302"),
    ] {
        let by_status = ComplaintFilter { status: Some(status), field: Some(field), ..Default::default() };
        let by_region = ComplaintFilter { region: Some(RegionCode::parse(region).unwrap()), ..Default::default() };
        for filter in [by_status, by_region] {
            list(&mut conn, Role::Admin, &all, &filter, None, 50, now).unwrap();
        }
    }
    let DbConn::Pg(pg) = &mut *conn else { return };
    let prepared: Vec<Name> = diesel::sql_query(
        "SELECT statement AS name FROM pg_prepared_statements WHERE statement LIKE '%complaint_progress%'",
    )
    .load(pg)
    .unwrap();
    assert_eq!(prepared.len(), 2, "one per shape: {:?}", prepared.iter().map(|p| &p.name).collect::<Vec<_>>());
}
