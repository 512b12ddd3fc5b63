-- Tool calls become decisions of the agent that made them, beside its steps, so one trail shows what each
-- agent decided and which tools it called to decide it. A step has no tool; a tool call names its tool,
-- its arguments (personal data masked), the size of its answer and the error it ended with, if any.
-- A tool call is an observed fact, not a judgement: its confidence is 1 and it has no tokens or cost.

ALTER TABLE decisions
  ADD COLUMN kind          text NOT NULL DEFAULT 'step' CHECK (kind IN ('step', 'tool_call')),
  ADD COLUMN tool          text,
  ADD COLUMN arguments     jsonb,
  ADD COLUMN result_bytes  integer,
  ADD COLUMN error         text,
  ADD CONSTRAINT decisions_tool_call_names_its_tool CHECK ((kind = 'tool_call') = (tool IS NOT NULL));

-- Calls a millisecond apart share a timestamp; the order they were recorded in breaks the tie.
ALTER TABLE decisions ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

INSERT INTO decisions (tenant_id, id, request_id, conversation_id, agent, kind, outcome, confidence, duration_ms,
    created_at, tool, arguments, result_bytes, error)
  SELECT tenant_id, id, request_id, conversation_id, agent, 'tool_call', outcome, 1, duration_ms, created_at, tool,
    arguments, result_bytes, error
  FROM tool_calls
  ON CONFLICT (tenant_id, id) DO NOTHING;

DROP TABLE tool_calls;

-- Tool usage analytics read tool calls by time, tool and agent.
CREATE INDEX decisions_tool_calls ON decisions (tenant_id, created_at, tool) WHERE kind = 'tool_call';
