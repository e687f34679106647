-- 000 §二(五), 002 三(五): a breach determination is repaired promptly (及时修复) once the breach
-- is corrected and the contract performed, whatever its grade. Records made from cases before
-- this release waited for the grade's minimum publicity period; they may be repaired now.
-- (LVYUE_REPAIR_MIN_MONTHS_BREACH_DETERMINATION_{GRADE} sets another minimum for new records.)
UPDATE credit_records SET repairable_from = decided_on
WHERE kind = 'breach_determination' AND repairable_from > decided_on;
