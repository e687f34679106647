-- The credit office opens a case itself (自行立案): from its own inspection, or a ledger item
-- escalated to a case. Its cases come through the same push as the channels', under a source of
-- their own, so its external ids never meet a channel's (issue 16.10).
INSERT INTO channels (code, label_zh, label_en) VALUES
    ('credit_office', '信用办自行立案（检查发现、台账问题转办）', 'opened by the credit office (inspection, escalated ledger item)');
