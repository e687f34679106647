-- Measures imposed case by case (逐案实施) by a credit office — 公开通报批评, 追究责任人,
-- 扣转国库/减少转移支付 — carry the decision that imposed them (who, the document number, when),
-- as JSON; measures that follow a record's kind and grade have none.
ALTER TABLE sanctions ADD COLUMN imposition TEXT;
