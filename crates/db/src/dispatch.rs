//! Running one generic diesel query on the concrete connection.
//!
//! Diesel's `MultiBackend` does not speak every dialect feature (`ON CONFLICT`
//! among them). `on_each_backend!` hands the same query to whichever concrete
//! connection is inside `DbConn`; the SQL is the same on both, only the type
//! that renders it differs.

/// `on_each_backend!(conn, |c| query.execute(c))` runs the body with `c` bound to
/// the `PgConnection` or the `SqliteConnection` inside `conn`.
#[macro_export]
macro_rules! on_each_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConn::Pg($c) => $body,
            $crate::DbConn::Sqlite($c) => $body,
        }
    };
}
