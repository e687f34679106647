-- Events of a known type that a consumer inside lvyue could not read (a payload that does
-- not match the contract its producer and consumer share). The consumer stops on the event
-- instead of passing over it; an admin reads the list and asks for a retry once the cause is
-- fixed (a corrected deployment, a repaired row). One row per consumer and event.
CREATE TABLE dead_letters (
    id          TEXT PRIMARY KEY,
    consumer    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    error       TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    UNIQUE (consumer, event_id)
);
CREATE INDEX dead_letters_open ON dead_letters (consumer, status);
