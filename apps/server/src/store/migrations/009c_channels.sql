-- Channels (issue 16): emails in and out with their threading ids, and signed outbound webhooks.

-- One row per email, in either direction. Inbound rows are keyed by the sender's Message-ID, so a message
-- delivered twice is recognised and never answered twice; outbound rows by the desk message they carry.
-- A parked inbound email keeps its raw MIME (nothing is lost) and says why it was parked.
CREATE TABLE channel_emails (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  direction        text NOT NULL CHECK (direction IN ('in', 'out')),
  message_id       text NOT NULL,
  conversation_id  text,
  request_id       text,
  customer_id      text,
  address          text NOT NULL DEFAULT '',
  subject          text NOT NULL DEFAULT '',
  refs             text[] NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('received', 'accepted', 'parked', 'queued', 'sent', 'failed')),
  reason           text,
  raw              bytea,
  size_bytes       integer NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX channel_emails_message_id ON channel_emails (tenant_id, direction, message_id);
CREATE INDEX channel_emails_conversation ON channel_emails (tenant_id, conversation_id, created_at);
CREATE INDEX channel_emails_parked ON channel_emails (tenant_id, created_at) WHERE status = 'parked';

CREATE TABLE webhook_subscriptions (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  url         text NOT NULL,
  topics      text[] NOT NULL,
  secret      text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- One delivery per subscription and event: the event id makes a relayed-again event a no-op.
CREATE TABLE webhook_deliveries (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  subscription_id  text NOT NULL,
  event_id         text NOT NULL,
  topic            text NOT NULL,
  event_type       text NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (tenant_id, status, created_at);

-- Approvals and hand-offs posted to the team's Slack channel: one post per approval, updated when answered.
CREATE TABLE channel_slack_posts (
  tenant_id    text NOT NULL,
  approval_id  text NOT NULL,
  channel      text NOT NULL,
  ts           text,
  answered_by  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, approval_id)
);
