-- Approvals that pass their deadline are re-escalated: count how often, so the queue can show it.
ALTER TABLE approvals ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;

-- A run is leased by the process driving it; recovery takes over only requests whose lease has expired
-- or whose owner is a dead process on the same host.
ALTER TABLE requests ADD COLUMN lease_owner text;
ALTER TABLE requests ADD COLUMN lease_until timestamptz;
