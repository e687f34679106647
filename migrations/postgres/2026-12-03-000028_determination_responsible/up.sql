-- A determination may name the persons responsible and the cause (issue 20, seed 001 三(一)1).
ALTER TABLE breach_determinations ADD COLUMN cause TEXT;
ALTER TABLE breach_determinations ADD COLUMN responsible TEXT NOT NULL DEFAULT '[]';
