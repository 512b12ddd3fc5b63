-- Who holds a conversation, on the conversation's own row as well as in conversation_assignments (which keeps
-- the hold's details): an agent's reply locks the row and reads the holder from it in the statement that
-- writes the reply. A claim that commits while the reply waits for the lock changes the row, so the reply
-- sees the locked row as the claim left it; it could not see the claim's assignment row, which its statement
-- read before the wait. One statement instead of a five-round-trip transaction for every reply.
ALTER TABLE conversations ADD COLUMN held_by text;
UPDATE conversations c SET held_by = a.holder
  FROM conversation_assignments a WHERE a.tenant_id = c.tenant_id AND a.conversation_id = c.id;
