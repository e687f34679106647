CREATE TABLE sanction_restrictions_v1 (
    target_uscc  TEXT NOT NULL,
    benefit      TEXT NOT NULL,
    sanction_id  TEXT NOT NULL,
    PRIMARY KEY (target_uscc, benefit, sanction_id)
);
INSERT INTO sanction_restrictions_v1 SELECT target_uscc, benefit, sanction_id FROM sanction_restrictions;
DROP TABLE sanction_restrictions;
ALTER TABLE sanction_restrictions_v1 RENAME TO sanction_restrictions;
