-- pgbench baseline (a): one transaction inserting a row of a case's size plus an event row,
-- into copies of the real tables with the same indexes.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO bench_complaints (id, case_number, channel, external_id, payload_sha256, status, field, region_code,
  received_at, complainant_name, contact_name, contact_phone, respondent_name, respondent_uscc, handling_org_id,
  contract_title, contract_signed_on, contract_amount_fen, arrears_fen, summary, description, attachments,
  duplicate_key, possible_duplicate, next_step, next_due_on, version, created_at, updated_at)
VALUES (md5(:n || '-' || clock_timestamp()), 'PGB-' || md5(:n || clock_timestamp()::text), 'hotline_12345',
  md5(clock_timestamp()::text || :n), md5(:n::text), 'assigned', 'government_procurement', '340321',
  now(), '基准测试企业有限公司', '李四', '13800000000', '某局', '11340321BN0000011X', 'org',
  '合同', '2024-03-01', 120000000, 50000000, '货款逾期未付（基准）', '依合同约定应于验收后30日内付款，至今未付。', '[]',
  md5(:n::text || 'k'), false, 'accept', '2026-11-27', 1, now(), now());
INSERT INTO bench_events (event_id, event_type, occurred_at, complaint_id, channel, region_code, handling_org_id, data)
VALUES (md5(clock_timestamp()::text || :n || 'e'), 'complaint.received', now(), md5(:n::text), 'hotline_12345',
  '340321', 'org', '{"case_number":"PGB","status":"assigned"}');
COMMIT;
