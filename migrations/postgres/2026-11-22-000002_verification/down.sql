DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_subscriptions;
DROP TABLE job_state;
DROP TABLE breach_determinations;
DROP TABLE complaint_progress;
DROP INDEX complaints_next_due;
