-- A measure may also be triggered by the breach category of a determination (违约失信核实认定信息),
-- not only by the record's kind: a determined payment-arrears breach of an organ or a public
-- institution brings the measures of 保障中小企业款项支付条例 (Arts. 25–26), as 经信局's arrears
-- records do.
ALTER TABLE sanction_measures ADD COLUMN trigger_categories TEXT NOT NULL DEFAULT '[]';
UPDATE sanction_measures SET trigger_categories = '["payment_arrears"]'
WHERE code IN ('restrict_official_consumption', 'restrict_office_space', 'restrict_budget_arrangement',
               'notify_banks_prudent_lending');
