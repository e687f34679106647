-- The deadlines the overdue sweep waits for: one row per case with an open deadline,
-- written in the same transaction as the case's next_due_on, deleted when its overdue
-- event is announced. A deadline set already in the past (a lead received weeks ago)
-- or just before midnight is still announced, exactly once, and the sweep's work is
-- proportional to what it announces.
CREATE TABLE deadline_watch (
    complaint_id  TEXT PRIMARY KEY REFERENCES complaints (id),
    step          TEXT NOT NULL,
    due_on        DATE NOT NULL
);
CREATE INDEX deadline_watch_due ON deadline_watch (due_on, complaint_id);

-- Every open deadline the old position-based sweep has not yet announced.
INSERT INTO deadline_watch (complaint_id, step, due_on)
SELECT c.id, c.next_step, c.next_due_on
FROM complaints c
WHERE c.next_due_on IS NOT NULL AND c.next_step IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM job_state j
    WHERE j.name = 'overdue_sweep' AND j.position >= (c.next_due_on::text || '|' || c.id)
  );
DELETE FROM job_state WHERE name = 'overdue_sweep';
