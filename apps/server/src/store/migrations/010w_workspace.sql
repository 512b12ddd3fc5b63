-- The people's workspace: who holds a conversation (a person who took it over from the agents), the team's
-- internal notes, hand-backs with their summaries, and canned replies. A person's message carries its author.

CREATE TABLE conversation_assignments (
  tenant_id         text NOT NULL,
  conversation_id   text NOT NULL,
  holder            text NOT NULL,
  holder_role       text NOT NULL,
  assigned_by       text NOT NULL,
  claimed_at        timestamptz NOT NULL DEFAULT now(),
  last_activity_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, conversation_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_assignments_by_holder ON conversation_assignments (tenant_id, holder);

-- Notes are for the team only: no API a customer can call reads this table, and no stream carries the text.
CREATE TABLE conversation_notes (
  tenant_id        text NOT NULL,
  id               text NOT NULL,
  conversation_id  text NOT NULL,
  author           text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('note', 'hand_back')),
  text             text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_notes_by_conversation ON conversation_notes (tenant_id, conversation_id, created_at);

CREATE TABLE canned_replies (
  tenant_id   text NOT NULL,
  id          text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

ALTER TABLE messages ADD COLUMN author text;

-- A message that arrives while a person holds its thread is theirs to answer: the run settles `with_person`.
ALTER TABLE requests DROP CONSTRAINT IF EXISTS requests_outcome_check;
ALTER TABLE requests ADD CONSTRAINT requests_outcome_check
  CHECK (outcome IN ('delivered', 'awaiting_approval', 'escalated', 'external', 'failed', 'with_person'));
