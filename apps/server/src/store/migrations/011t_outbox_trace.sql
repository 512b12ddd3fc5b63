-- The trace context (W3C traceparent and tracestate) of the transaction that wrote an event, so the relay
-- publishes it under the customer's request trace rather than its own polling loop's.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS trace jsonb;
