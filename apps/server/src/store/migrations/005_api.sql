-- The API's own records: per-tenant settings (double texting), API keys stored as hashes, idempotency keys
-- with the first response they produced, and customers' satisfaction ratings.

CREATE TABLE tenant_settings (
  tenant_id      text PRIMARY KEY,
  double_texting text NOT NULL DEFAULT 'queue' CHECK (double_texting IN ('queue', 'reject', 'interrupt')),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of the secret part is kept; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('customer', 'agent', 'approver', 'admin')),
  subject       text NOT NULL,
  secret_hash   text NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (tenant_id, id)
);

-- A retried POST with the same key returns the stored first response and performs nothing again.
CREATE TABLE idempotency_keys (
  tenant_id        text NOT NULL,
  principal        text NOT NULL,
  key              text NOT NULL,
  method           text NOT NULL,
  path             text NOT NULL,
  body_hash        text NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'done')),
  response_status  integer,
  response_body    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, principal, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

CREATE TABLE csat_ratings (
  tenant_id        text NOT NULL,
  conversation_id  text NOT NULL,
  customer_id      text NOT NULL,
  score            integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment          text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, conversation_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX csat_by_time ON csat_ratings (tenant_id, created_at);

-- Streams read a conversation's events through its requests; queued messages wait per conversation.
CREATE INDEX requests_by_conversation ON requests (tenant_id, conversation_id, created_at);
CREATE INDEX outbox_by_request ON outbox (tenant_id, request_id, seq);
