-- Runs are driven by `graph.run` tasks on the task queue: `lease_owner` names the task that holds a running
-- request, and a newer message under the `interrupt` policy asks that task to stop at its next step.
ALTER TABLE requests ADD COLUMN IF NOT EXISTS stop_requested_by text;
