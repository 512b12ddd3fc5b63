-- Core support data. Every table is scoped by tenant; ids are text so they can be read in logs and URLs.

CREATE TABLE customers (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  name        text NOT NULL,
  email       text NOT NULL,
  tier        text NOT NULL CHECK (tier IN ('standard', 'vip')),
  postcode    text NOT NULL DEFAULT '',
  phone       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE products (
  tenant_id    text NOT NULL,
  sku          text NOT NULL,
  name         text NOT NULL,
  category     text NOT NULL,
  price_minor  bigint NOT NULL CHECK (price_minor >= 0),
  currency     text NOT NULL,
  description  text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, sku)
);

CREATE TABLE orders (
  tenant_id         text NOT NULL,
  id                text NOT NULL,
  customer_id       text NOT NULL,
  status            text NOT NULL,
  currency          text NOT NULL,
  total_minor       bigint NOT NULL CHECK (total_minor >= 0),
  refunded_minor    bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
  lines             jsonb NOT NULL,
  shipping_address  jsonb NOT NULL,
  placed_at         timestamptz NOT NULL,
  delivered_at      timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  CHECK (refunded_minor <= total_minor)
);
CREATE INDEX orders_by_customer ON orders (tenant_id, customer_id, placed_at DESC);

CREATE TABLE articles (
  tenant_id     text NOT NULL,
  id            text NOT NULL,
  title         text NOT NULL,
  category      text NOT NULL,
  body          text NOT NULL,
  visibility    text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  content_hash  text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  search        tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
  ) STORED,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX articles_search ON articles USING gin (search);

CREATE TABLE conversations (
  tenant_id    text NOT NULL,
  id           text NOT NULL,
  customer_id  text NOT NULL,
  status       text NOT NULL DEFAULT 'open',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversations_by_customer ON conversations (tenant_id, customer_id, updated_at DESC);

CREATE TABLE messages (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  conversation_id  text NOT NULL,
  request_id       text,
  role             text NOT NULL CHECK (role IN ('customer', 'agent', 'human')),
  text             text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  search           tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_by_conversation ON messages (tenant_id, conversation_id, created_at);
CREATE INDEX messages_search ON messages USING gin (search);

-- The ledger of accepted requests: a request is written here before any work starts, so a crash can never
-- lose it; workers pick up 'queued' and 'running' ones on start.
CREATE TABLE requests (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  conversation_id  text NOT NULL,
  customer_id      text NOT NULL,
  text             text NOT NULL,
  run_status       text NOT NULL CHECK (run_status IN ('queued', 'running', 'waiting', 'done', 'failed')),
  outcome          text CHECK (outcome IN ('delivered', 'awaiting_approval', 'escalated', 'external', 'failed')),
  reply            text,
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX requests_unfinished ON requests (tenant_id, run_status) WHERE run_status IN ('queued', 'running');

CREATE TABLE decisions (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  request_id       text NOT NULL,
  conversation_id  text NOT NULL,
  agent            text NOT NULL,
  outcome          text NOT NULL,
  confidence       real NOT NULL,
  reasons          jsonb NOT NULL DEFAULT '[]',
  duration_ms      real NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX decisions_by_request ON decisions (tenant_id, request_id, created_at);

CREATE TABLE approvals (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  conversation_id  text NOT NULL,
  request_id       text NOT NULL,
  customer_id      text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('review', 'decision')),
  reason           text NOT NULL,
  reasons          jsonb NOT NULL DEFAULT '[]',
  proposed_action  jsonb,
  proposed_reply   text,
  allowed_roles    text[] NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'edited', 'rejected', 'responded', 'expired')),
  deadline_at      timestamptz NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  answered_at      timestamptz,
  answered_by      text,
  answered_role    text,
  answer           jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX approvals_pending ON approvals (tenant_id, created_at) WHERE status = 'pending';

CREATE TABLE audit_entries (
  seq           bigserial PRIMARY KEY,
  tenant_id     text NOT NULL,
  actor         text NOT NULL,
  actor_role    text NOT NULL,
  action        text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  details       jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_by_subject ON audit_entries (tenant_id, subject_type, subject_id);

-- Events are written here in the same transaction as the change they describe, then relayed.
CREATE TABLE outbox (
  seq            bigserial PRIMARY KEY,
  id             text NOT NULL UNIQUE,
  topic          text NOT NULL,
  type           text NOT NULL,
  tenant_id      text NOT NULL,
  request_id     text NOT NULL,
  customer_id    text,
  data           jsonb NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  occurred_at    timestamptz NOT NULL,
  dispatched_at  timestamptz
);
CREATE INDEX outbox_undispatched ON outbox (seq) WHERE dispatched_at IS NULL;

-- Side effects (refunds, tickets, ...) keyed by an idempotency key: the row and the effect commit together,
-- so resuming, retrying or replaying a step can never perform it twice.
CREATE TABLE actions (
  tenant_id        text NOT NULL,
  idempotency_key  text NOT NULL,
  kind             text NOT NULL,
  conversation_id  text NOT NULL,
  request_id       text NOT NULL,
  result           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);

CREATE TABLE tickets (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  conversation_id  text NOT NULL,
  customer_id      text NOT NULL,
  subject          text NOT NULL,
  body             text NOT NULL,
  priority         integer NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
