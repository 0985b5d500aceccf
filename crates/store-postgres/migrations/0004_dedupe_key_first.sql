-- The response looked up by its de-duplication key (every survey page view
-- does this) must always use this index. With `org_id` first, a generic plan
-- made while the table was empty tied with `responses_changes (org_id, seq)`
-- and could stick to it, scanning the organisation's rows on every lookup.
-- With `dedupe_key` first, and the lookup not offering `org_id` to any index
-- (`org_id + 0 = $1`), this is the only index the lookup can use.
-- Uniqueness is unchanged: (org_id, dedupe_key), in either order.
DROP INDEX responses_dedupe;
CREATE UNIQUE INDEX responses_dedupe ON responses (dedupe_key, org_id);
