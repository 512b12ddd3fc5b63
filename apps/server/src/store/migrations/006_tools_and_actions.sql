-- Tools over MCP, specialist skills and safe actions: ticket comments and updates, goodwill credits, returns
-- and exchanges, reversible actions, customer preferences, troubleshooting memory and the tool-call record.

ALTER TABLE tickets ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE tickets ADD COLUMN assignee text;
ALTER TABLE tickets ADD COLUMN kind text NOT NULL DEFAULT 'ticket' CHECK (kind IN ('ticket', 'handover'));
CREATE INDEX tickets_by_status ON tickets (tenant_id, status, created_at DESC);
CREATE INDEX tickets_by_customer ON tickets (tenant_id, customer_id, created_at DESC);

CREATE TABLE ticket_comments (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  ticket_id   text NOT NULL,
  author      text NOT NULL,
  author_role text NOT NULL,
  body        text NOT NULL,
  internal    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_comments_by_ticket ON ticket_comments (tenant_id, ticket_id, created_at);

-- An action can be reversed where the business allows; the reversal is itself keyed, so it happens once.
ALTER TABLE actions ADD COLUMN customer_id text;
ALTER TABLE actions ADD COLUMN reversed_at timestamptz;
ALTER TABLE actions ADD COLUMN reversed_by text;

CREATE TABLE customer_credits (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  customer_id   text NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  currency      text NOT NULL,
  reason        text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE order_returns (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  order_id      text NOT NULL,
  customer_id   text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('return', 'exchange')),
  lines         jsonb NOT NULL,
  reason        text NOT NULL,
  status        text NOT NULL DEFAULT 'authorised' CHECK (status IN ('authorised', 'received', 'cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE customer_preferences (
  tenant_id    text NOT NULL,
  customer_id  text NOT NULL,
  preferences  jsonb NOT NULL DEFAULT '{}',
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, customer_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);

-- What a customer already tried for a problem, so troubleshooting never repeats a step.
CREATE TABLE troubleshooting_attempts (
  tenant_id    text NOT NULL,
  customer_id  text NOT NULL,
  problem      text NOT NULL,
  step         text NOT NULL,
  conversation_id text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, customer_id, problem, step)
);

-- Every tool call an agent makes: arguments with personal data masked, result size, duration and outcome.
CREATE TABLE tool_calls (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  request_id       text NOT NULL,
  conversation_id  text NOT NULL,
  agent            text NOT NULL,
  tool             text NOT NULL,
  arguments        jsonb NOT NULL,
  outcome          text NOT NULL CHECK (outcome IN ('ok', 'error', 'timeout', 'refused')),
  error            text,
  result_bytes     integer NOT NULL DEFAULT 0,
  duration_ms      real NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tool_calls_by_request ON tool_calls (tenant_id, request_id, created_at);
