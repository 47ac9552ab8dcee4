-- v16 scan job claim order (PostGIS). Never edit a shipped migration: add a new file.
-- The order workers claim open jobs in: by scan, then stitch, tile, plan and chips jobs, chips
-- batches in bisection order (their number's 16 bits reversed), then by id. The claim walks this
-- index to its first claimable row instead of sorting every open job.

CREATE INDEX scan_job_claim_order ON scan_job (scan_id, (CASE kind WHEN 'stitch' THEN 0 WHEN 'tile' THEN 1 WHEN 'plan' THEN 2 ELSE 3 END), (CASE WHEN kind = 'chips' THEN reverse(tile::bit(16)::text)::bit(16)::int END), id) WHERE state IN ('pending', 'running');
