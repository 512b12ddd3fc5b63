-- Reasoning: trained intent models (versioned per tenant; the newest is loaded at start), each tenant's
-- triage rules, and what every agent step spent on models (tokens, cost, which models answered, fallbacks).

CREATE TABLE intent_models (
  tenant_id      text NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  content_hash   text NOT NULL,
  source         text NOT NULL,
  labels         jsonb NOT NULL,
  examples       integer NOT NULL,
  training_ms    real NOT NULL,
  model          text NOT NULL,  -- exact JSON text: its hash is the version's content hash
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

CREATE TABLE triage_rules (
  tenant_id   text PRIMARY KEY,
  rules       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE decisions
  ADD COLUMN input_tokens   integer NOT NULL DEFAULT 0,
  ADD COLUMN output_tokens  integer NOT NULL DEFAULT 0,
  ADD COLUMN cost_usd       numeric(14, 8) NOT NULL DEFAULT 0,
  ADD COLUMN models         jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN fallbacks      jsonb NOT NULL DEFAULT '[]';
CREATE INDEX decisions_by_agent ON decisions (tenant_id, agent, created_at);
