// A message written while the thread waits for a person is never met with silence: the first one since
// the desk last spoke is acknowledged (in the customer's language) and stays on the conversation the person
// sees; further ones in a row are not acknowledged again.
import { followUpAcknowledgement } from '../domain/hand-off.js';
import { detectLanguage } from '../domain/language.js';
import type { Database, RequestRecord, Stores } from '../store/index.js';
import { StoreJournal } from './journal.js';

export async function acknowledgeFollowUp(
  storage: { db: Database; stores: Stores; tenantId: string },
  waitingOn: RequestRecord,
  followUp: RequestRecord,
): Promise<boolean> {
  if (waitingOn.runStatus !== 'waiting') return false;
  const { db, stores, tenantId } = storage;
  const messages = await stores.conversations.messages(tenantId, followUp.conversationId);
  const before = messages.filter((message) => message.id !== followUp.id).at(-1);
  if (!before || before.role === 'customer') return false;
  const text = followUpAcknowledgement(detectLanguage(followUp.text).code);
  await new StoreJournal(db, stores).recordReply(
    {
      tenantId,
      requestId: followUp.id,
      customerId: followUp.customerId,
      conversationId: followUp.conversationId,
    },
    `${followUp.id}:follow-up`,
    text,
  );
  return true;
}
