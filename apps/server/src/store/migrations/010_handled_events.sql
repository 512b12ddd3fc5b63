-- The events each consumer group has handled, shared by every process of the deployment: JetStream delivers
-- an event again when its acknowledgement was lost or its consumer died before sending it, and whichever
-- member gets it then acknowledges it without a second effect, after any restart.
CREATE TABLE IF NOT EXISTS handled_events (
  consumer_group  text NOT NULL,
  event_id        text NOT NULL,
  handled_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
