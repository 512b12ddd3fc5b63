-- Replays and forks of a thread's history run as `graph.branch` tasks on whichever worker takes them (an API
-- process never runs a graph); the caller waits on the branch's row for its outcome.
CREATE TABLE IF NOT EXISTS branch_runs (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  thread_id   text NOT NULL,
  request_id  text NOT NULL,
  status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done', 'failed')),
  result      jsonb,
  error_code  text,
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
