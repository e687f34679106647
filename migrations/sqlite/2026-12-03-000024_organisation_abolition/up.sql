-- An organisation abolished or merged (issue 19, 新官不理旧账): when, and which organisation
-- took over its open commitments and contracts.
ALTER TABLE organisations ADD COLUMN abolished_at TIMESTAMP;
ALTER TABLE organisations ADD COLUMN successor_id TEXT;
