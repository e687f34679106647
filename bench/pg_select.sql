-- pgbench baseline (b): a primary-key select of one case (a copy of the cases keyed by number).
\set n random(1, :cases)
SELECT * FROM bench_case_pk WHERE n = :n;
