-- An approved action that could not be performed (nothing left to refund, the order changed meanwhile) is
-- written on its approval, so whoever approved it sees the failure where they answered, not only in the
-- decision trail.
ALTER TABLE approvals ADD COLUMN IF NOT EXISTS action_failure text;
