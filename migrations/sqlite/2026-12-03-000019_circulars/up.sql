-- Circulars (通报, issue 18): a credit office's criticism, commendation or progress report for a
-- period, naming units, cases and records; published, it is public, and a criticism names
-- records whose subjects then bear 公开通报批评 (public_criticism).
CREATE TABLE circulars (
    id            TEXT PRIMARY KEY,
    region_code   TEXT NOT NULL,
    period        TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    units         TEXT NOT NULL,
    cases         TEXT NOT NULL,
    records       TEXT NOT NULL,
    attachments   TEXT NOT NULL,
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    published_at  TIMESTAMP
);
CREATE INDEX circulars_published ON circulars (status, published_at);
