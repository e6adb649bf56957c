-- A domain's usage counters in sixteen rows (stripes) instead of one. Every delivery, APPEND, COPY and removal in a
-- domain updated its one domain_usage row last and held the row's lock until its commit (a WAL flush), so all the
-- writes of a domain queued on that row: 4.8 ms average wait per APPEND with ten accounts appending at once, more at
-- 100 IMAP clients (bench/run-mail-bench with BENCH_PG_STATEMENTS=1). Now a writer adds to the stripe of its account
-- (the last hex digit of the account id: DomainUsage.stripe), so writers of different accounts rarely meet; the
-- domain's usage is the sum of its stripes.
--
-- The quota stays exact without reading the other stripes: each stripe holds an allowance, its share of the domain's
-- quota (the allowances add up to the quota at most). A writer adds to its stripe only while the stripe stays within
-- its allowance (the escrow technique); when it would not, it locks every stripe of the domain, checks the exact sum
-- against the quota and shares what is free out again (DomainUsage.REBALANCE). So does a change of the quota.
--
-- Lock order, everywhere a transaction takes several: per account (by id) its folder rows and account_usage row, then
-- the outbox key locks, then domain_usage rows by (domain, stripe). (V1's comment put the domain rows first; the
-- writers have taken them last since the delivery pipeline, see PgMailDelivery.)
ALTER TABLE domain_usage
    ADD COLUMN stripe smallint NOT NULL DEFAULT 0 CHECK (stripe BETWEEN 0 AND 15),
    ADD COLUMN allowance_bytes bigint NOT NULL DEFAULT 0,
    -- only a domain's sums have a meaning; the checks of V1 are kept by every writer's arithmetic on them (tested)
    DROP CONSTRAINT domain_usage_occupied_bytes_check,
    DROP CONSTRAINT domain_usage_message_count_check,
    DROP CONSTRAINT domain_usage_pkey;
ALTER TABLE domain_usage ALTER COLUMN stripe DROP DEFAULT, ADD PRIMARY KEY (domain, stripe);

INSERT INTO domain_usage (domain, stripe) SELECT u.domain, s FROM domain_usage u CROSS JOIN generate_series(1, 15) s;

-- Each account's usage moves to its stripe; whatever the accounts do not account for stays in stripe 0.
CREATE TEMPORARY TABLE usage_by_stripe ON COMMIT DROP AS
SELECT a.domain, ('x' || right(a.id::text, 1))::bit(4)::int AS stripe, sum(u.occupied_bytes) AS bytes,
       sum(u.message_count) AS messages
FROM account a JOIN account_usage u ON u.account_id = a.id GROUP BY 1, 2;
UPDATE domain_usage u SET occupied_bytes = b.bytes, message_count = b.messages
FROM usage_by_stripe b WHERE b.domain = u.domain AND b.stripe = u.stripe AND u.stripe > 0;
UPDATE domain_usage u SET occupied_bytes = u.occupied_bytes - o.bytes, message_count = u.message_count - o.messages
FROM (SELECT domain, sum(bytes) AS bytes, sum(messages) AS messages FROM usage_by_stripe WHERE stripe > 0
      GROUP BY domain) o
WHERE u.domain = o.domain AND u.stripe = 0;

-- The allowances: what each stripe holds, plus an even share of what is free (the rest of the division to stripe 0);
-- none in a domain past its quota (DomainUsage.REBALANCE).
UPDATE domain_usage u SET allowance_bytes = CASE WHEN f.free < 0 THEN 0
    ELSE u.occupied_bytes + f.free / 16 + CASE WHEN u.stripe = 0 THEN f.free % 16 ELSE 0 END END
FROM (SELECT s.domain, (d.quota_bytes - sum(s.occupied_bytes))::bigint AS free
      FROM domain_usage s JOIN domain d ON d.name = s.domain GROUP BY s.domain, d.quota_bytes) f
WHERE u.domain = f.domain;
