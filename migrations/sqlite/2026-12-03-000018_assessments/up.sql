-- Assessments (考核, issue 18): schemes a credit office owns — the units assessed, the metrics
-- from the figures with their weights, directions and thresholds — and the assessments made
-- with them: a draft is computed when read; a frozen one keeps its figures and ranking as they
-- were; a published one is public.
CREATE TABLE assessment_schemes (
    code         TEXT PRIMARY KEY,
    region_code  TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    metrics      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    scheme_code    TEXT NOT NULL,
    scheme         TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    period         TEXT NOT NULL,
    period_from    DATE NOT NULL,
    period_to      DATE NOT NULL,
    status         TEXT NOT NULL,
    results        TEXT,
    version        INTEGER NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    frozen_at      TIMESTAMP,
    published_at   TIMESTAMP
);
CREATE INDEX assessments_published ON assessments (status, published_at);
