-- The sanction check answers from this table alone: each restriction row carries the reasons
-- the answer shows — the measure and its name, its basis, whom it binds, its dates and its
-- record's kind and grade — so a restricted answer is one primary-key range read instead of
-- three lookups and a join per measure. The rows are derived
-- from `sanctions` and `credit_records` and rewritten whenever either changes
-- (`lvyue_sanction::restriction::sync`). Rebuilding the table locks it while it is copied,
-- and servers of the previous release cannot write it: upgrade with every replica stopped.
CREATE TABLE sanction_restrictions_v2 (
    target_uscc     TEXT NOT NULL,
    benefit         TEXT NOT NULL,
    sanction_id     TEXT NOT NULL,
    measure_code    TEXT NOT NULL,
    measure_name    TEXT NOT NULL,
    binds           TEXT NOT NULL,
    basis           TEXT NOT NULL,
    starts_on       DATE NOT NULL,
    planned_end_on  DATE NOT NULL,
    record_id       TEXT NOT NULL,
    record_kind     TEXT NOT NULL,
    record_grade    TEXT NOT NULL,
    PRIMARY KEY (target_uscc, benefit, sanction_id)
);
INSERT INTO sanction_restrictions_v2
SELECT r.target_uscc, r.benefit, r.sanction_id, s.measure_code, m.name_zh, s.binds, s.basis, s.starts_on,
       s.planned_end_on, s.record_id, c.kind, c.grade
FROM sanction_restrictions r
JOIN sanctions s ON s.id = r.sanction_id
JOIN credit_records c ON c.id = s.record_id
JOIN sanction_measures m ON m.code = s.measure_code;
DROP TABLE sanction_restrictions;
ALTER TABLE sanction_restrictions_v2 RENAME TO sanction_restrictions;
