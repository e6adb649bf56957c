-- Whether the domain's occupied space is past the warning threshold and quota.warning was emitted for this crossing.
-- Cleared when occupied falls back to the re-arm level, so the next crossing warns again.
ALTER TABLE usage_ledger ADD COLUMN occupied_warned boolean NOT NULL DEFAULT false;
