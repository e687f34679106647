-- Sanctions (失信惩戒): the catalogue of measures as data, the measures in force against
-- subjects, the narrow table the sanction check reads, and the check log.

-- The catalogue: each measure with its legal basis, who implements it, whom it binds, the
-- benefits it restricts and the rule that puts it in force (record kinds, lowest grade,
-- subject kinds; no kinds: never automatic). An admin edits it; every version is kept.
CREATE TABLE sanction_measures (
    code                      TEXT PRIMARY KEY,
    name_zh                   TEXT NOT NULL,
    name_en                   TEXT NOT NULL,
    basis                     TEXT NOT NULL,
    implementer_kind          TEXT NOT NULL,
    binds                     TEXT NOT NULL,
    benefits                  TEXT NOT NULL,
    trigger_kinds             TEXT NOT NULL,
    trigger_min_grade         TEXT NOT NULL,
    subject_kinds             TEXT NOT NULL,
    waivable_on_early_remedy  BOOLEAN NOT NULL,
    active                    BOOLEAN NOT NULL,
    version                   INTEGER NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);

CREATE TABLE sanction_measure_versions (
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    reason      TEXT,
    changed_by  TEXT NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (code, version)
);

-- A measure in force (or ended) against a subject or its region's government, caused by one record.
CREATE TABLE sanctions (
    id                   TEXT PRIMARY KEY,
    measure_code         TEXT NOT NULL REFERENCES sanction_measures (code),
    record_id            TEXT NOT NULL REFERENCES credit_records (id),
    binds                TEXT NOT NULL,
    target_uscc          TEXT NOT NULL,
    target_name          TEXT NOT NULL,
    region_code          TEXT NOT NULL,
    implementer_kind     TEXT NOT NULL,
    benefits             TEXT NOT NULL,
    basis                TEXT NOT NULL,
    starts_on            DATE NOT NULL,
    planned_end_on       DATE NOT NULL,
    ack_due_on           DATE NOT NULL,
    status               TEXT NOT NULL,
    acknowledged_at      TIMESTAMP,
    acknowledged_by      TEXT,
    implemented_on       DATE,
    document_number      TEXT,
    implementation_note  TEXT,
    ended_at             TIMESTAMP,
    end_reason           TEXT,
    version              INTEGER NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (record_id, measure_code, target_uscc)
);
CREATE INDEX sanctions_target ON sanctions (target_uscc, status);
CREATE INDEX sanctions_region ON sanctions (region_code, created_at);

-- What the sanction check reads: one row per (target, benefit) of each measure in force,
-- deleted when the measure ends. A check is one primary-key range read.
CREATE TABLE sanction_restrictions (
    target_uscc  TEXT NOT NULL,
    benefit      TEXT NOT NULL,
    sanction_id  TEXT NOT NULL,
    PRIMARY KEY (target_uscc, benefit, sanction_id)
);

-- Every check: who asked about whom, for what, and the answer.
CREATE TABLE sanction_checks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    checked_at    TIMESTAMP NOT NULL,
    checker       TEXT NOT NULL,
    checker_org   TEXT,
    request_id    TEXT NOT NULL,
    subject_uscc  TEXT NOT NULL,
    benefit       TEXT NOT NULL,
    restricted    BOOLEAN NOT NULL,
    sanction_ids  TEXT NOT NULL
);
CREATE INDEX sanction_checks_subject ON sanction_checks (subject_uscc, id);

INSERT INTO sanction_measures (code, name_zh, name_en, basis, implementer_kind, binds, benefits, trigger_kinds, trigger_min_grade, subject_kinds, waivable_on_early_remedy, active, version, updated_at) VALUES
    ('restrict_central_budget_funds', '限制中央预算内资金支持', 'restrict central-budget funds', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'development_reform', 'subject', '["central_budget_funds"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_special_bonds', '限制地方政府专项债券申请', 'restrict special-bond applications', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'finance', 'subject', '["special_bonds"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_financing_recommendation', '限制各类融资项目推荐', 'restrict financing-project recommendations', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'development_reform', 'subject', '["financing_recommendation"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('cancel_ndrc_awards_and_pilots', '取消发展改革系统评优评先和试点示范资格', 'cancel NDRC-system awards and pilot status', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'development_reform', 'region', '["awards", "pilot_programmes"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('cancel_credit_demo_eligibility', '取消社会信用体系建设示范县区参评资格', 'cancel credit-demonstration eligibility', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'credit_office', 'region', '["credit_demo_eligibility"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_official_consumption', '公务消费限制', 'limit official consumption', '保障中小企业款项支付条例（国务院令第802号）第26条', 'office_affairs', 'subject', '["official_consumption"]', '["arrears"]', 'minor', '["organ", "public_institution"]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_office_space', '办公用房限制', 'limit office space', '保障中小企业款项支付条例（国务院令第802号）第26条', 'office_affairs', 'subject', '["office_space"]', '["arrears"]', 'minor', '["organ", "public_institution"]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_budget_arrangement', '经费安排限制', 'limit budget arrangements', '保障中小企业款项支付条例（国务院令第802号）第26条', 'finance', 'subject', '["budget_arrangement"]', '["arrears"]', 'minor', '["organ", "public_institution"]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('cancel_awards', '取消评优评先', 'cancel awards', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'credit_office', 'subject', '["awards"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_government_funding', '限制政府资金支持', 'restrict government funding', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'finance', 'subject', '["government_funding"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_support_policies', '限制申请扶持政策', 'restrict support-policy applications', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'development_reform', 'subject', '["support_policies"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('restrict_government_procurement', '限制参加政府采购', 'restrict government procurement', '发改财金〔2023〕1103号；《中华人民共和国政府采购法》', 'finance', 'subject', '["government_procurement"]', '["breach_determination", "arrears", "judgment_defaulter"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('written_warning', '书面警示、告诫', 'written warning', '重点领域政务失信问题专项治理实施方案（丰宁满族自治县）', 'credit_office', 'subject', '[]', '["breach_determination"]', 'minor', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('notify_banks_prudent_lending', '通报商业银行审慎发放贷款', 'notify banks to lend prudently', '重点领域政务失信问题专项治理实施方案（丰宁满族自治县）', 'financial_regulator', 'subject', '["bank_lending"]', '["arrears"]', 'serious', '["organ", "public_institution", "soe"]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('withhold_treasury_or_transfers', '扣转国库存款或减少转移支付', 'withhold treasury deposits or reduce transfers', '重点领域政务失信问题专项治理实施方案（丰宁满族自治县）', 'finance', 'subject', '["treasury_transfers"]', '[]', 'serious', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('public_criticism', '公开通报批评', 'public criticism', '《国家发展改革委关于完善政府诚信履约机制优化民营经济发展环境的通知》（发改财金〔2023〕1103号）', 'credit_office', 'subject', '[]', '[]', 'general', '[]', 0, 1, 1, '2026-11-22 00:00:00'),
    ('hold_officials_accountable', '追究主要负责人和直接责任人', 'hold the officials responsible accountable', '发改财金〔2023〕1103号；重点领域政务失信问题专项治理实施方案（丰宁满族自治县）', 'discipline', 'subject', '[]', '[]', 'serious', '[]', 0, 1, 1, '2026-11-22 00:00:00');
