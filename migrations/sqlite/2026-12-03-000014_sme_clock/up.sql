-- 保障中小企业款项支付条例 Art. 25 limits follow the complainant, not only the sme_payment channel:
-- a channel says whether the complaining firm is a small or medium enterprise (NULL: not said,
-- and the channel decides). The 30-day result clock and the 90-day ceiling of extensions run
-- from the day the case is forwarded to the body that handles it (收到转交之日). Both live with the
-- case's progress (the case row is at diesel's 32-column limit).
ALTER TABLE complaint_progress ADD COLUMN complainant_sme BOOLEAN;
ALTER TABLE complaint_progress ADD COLUMN forwarded_at TIMESTAMP;
