ALTER TABLE organisations DROP COLUMN successor_id;
ALTER TABLE organisations DROP COLUMN abolished_at;
