-- Background tasks of the in-process runner (the default without Redis; BullMQ keeps its own in Redis). A
-- task is a row from the moment it is enqueued until it is done, claimed under a lease, so a task in flight
-- when its process dies is run again by the next runner instead of being lost. Done tasks are deleted;
-- failed ones stay for inspection until enqueued again.
CREATE TABLE background_tasks (
  queue          text NOT NULL,
  id             text NOT NULL,
  task           text NOT NULL,
  payload        jsonb NOT NULL,
  status         text NOT NULL CHECK (status IN ('waiting', 'running', 'failed')),
  attempts_made  integer NOT NULL DEFAULT 0,
  max_attempts   integer NOT NULL CHECK (max_attempts > 0),
  backoff_ms     integer NOT NULL CHECK (backoff_ms >= 0),
  -- When a waiting task may next run (retries wait out their backoff here).
  run_at         timestamptz NOT NULL DEFAULT now(),
  -- The runner (host:pid:nonce) running it, and until when; renewed while it runs.
  lease_owner    text,
  lease_until    timestamptz,
  last_error     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (queue, id)
);
CREATE INDEX background_tasks_due ON background_tasks (queue, run_at) WHERE status IN ('waiting', 'running');
