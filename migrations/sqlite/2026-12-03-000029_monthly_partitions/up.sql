-- SQLite keeps one table each (a county's scale); the PostgreSQL migration of this number
-- partitions the append-only tables by month.
SELECT 1;
