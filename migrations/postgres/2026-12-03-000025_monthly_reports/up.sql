-- Monthly reports (issue 19, 003 四(三)): each unit confirms each month that its lists of
-- commitments and contracts are current.
CREATE TABLE monthly_reports (
    org_id        TEXT NOT NULL,
    month         TEXT NOT NULL,
    submitted_by  TEXT NOT NULL,
    submitted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, month)
);
