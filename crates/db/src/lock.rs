//! Row locks, per backend, written once. PostgreSQL takes the row lock the statement names
//! (`FOR UPDATE`, `FOR UPDATE SKIP LOCKED`, `FOR SHARE`); SQLite has one writer at a time, so
//! a write transaction already holds everything and the plain query runs.
//!
//! ```ignore
//! let row = lvyue_db::locked!(conn, for_update, t::table.find(id).select(Row::as_select()), |q, c| {
//!     q.first(c).optional()
//! })?;
//! ```
//!
//! The query is an expression written in the call, not a variable: it is built once per arm,
//! so what takes its backend from the connection (`as_select`) gets the right one.

/// Runs `$run` with `$q` bound to `$query` under the lock `$mode` on PostgreSQL (`for_update`,
/// `for_share`, `skip_locked` for `FOR UPDATE SKIP LOCKED`) and to `$query` as it is on SQLite,
/// and `$c` to the backend's connection.
#[macro_export]
macro_rules! locked {
    ($conn:expr, for_update, $query:expr, |$q:ident, $c:ident| $run:expr) => {
        $crate::locked!(@run $conn, $query, |query| query.for_update(), |$q, $c| $run)
    };
    ($conn:expr, for_share, $query:expr, |$q:ident, $c:ident| $run:expr) => {
        $crate::locked!(@run $conn, $query, |query| query.for_share(), |$q, $c| $run)
    };
    ($conn:expr, skip_locked, $query:expr, |$q:ident, $c:ident| $run:expr) => {
        $crate::locked!(@run $conn, $query, |query| query.for_update().skip_locked(), |$q, $c| $run)
    };
    (@run $conn:expr, $query:expr, |$lq:ident| $lock:expr, |$q:ident, $c:ident| $run:expr) => {
        match $conn {
            $crate::DbConn::Pg($c) => {
                let $lq = $query;
                let $q = $lock;
                $run
            }
            $crate::DbConn::Sqlite($c) => {
                let $q = $query;
                $run
            }
        }
    };
}
