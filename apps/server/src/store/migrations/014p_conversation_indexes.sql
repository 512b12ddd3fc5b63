-- Reads that follow one conversation, or one customer's money, found their rows by scanning every row of the
-- tenant: a conversation's decision trail (every answer the desk gives describes it, and the inbox reads each
-- row's intent from it), its approvals, actions and tickets, and a customer's refunds for the refund limit.
-- With a few thousand decisions in the tenant the trail read took 2.4 ms on PostgreSQL, and it grew with the
-- tenant's history; with these indexes each read costs what the conversation (or the customer) holds.
CREATE INDEX decisions_by_conversation ON decisions (tenant_id, conversation_id, created_at);
CREATE INDEX approvals_by_conversation ON approvals (tenant_id, conversation_id, created_at);
CREATE INDEX actions_by_conversation ON actions (tenant_id, conversation_id, created_at);
CREATE INDEX actions_by_customer ON actions (tenant_id, customer_id, created_at);
CREATE INDEX tickets_by_conversation ON tickets (tenant_id, conversation_id, created_at);
