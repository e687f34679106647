DELETE FROM channels WHERE code = 'credit_office';
