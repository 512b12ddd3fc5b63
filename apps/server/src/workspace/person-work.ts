// What a person does on a conversation they hold: reply to the customer (streamed as "Ana from support",
// sent out by the conversation's channel like any reply), show that they are typing; and what any member of
// the team may do: add internal notes, which no customer ever sees.
import { randomUUID } from 'node:crypto';
import { validateCustomerText } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { NoteRecord } from '../store/index.js';
import { fileEvent, lockConversation, type WorkspaceDeps } from './context.js';
import type { IdleReturn } from './idle-return.js';
import { noteText } from './note-text.js';
import { displayName, fromSupport, type Person } from './people.js';

export class PersonWork {
  constructor(
    private readonly deps: WorkspaceDeps,
    private readonly idle: IdleReturn,
  ) {}

  /** The holder's reply to the customer; CONVERSATION_NOT_HELD for anyone else. Returns the message id. */
  async reply(threadId: string, by: Person, text: string): Promise<{ messageId: string }> {
    // A person's reply meets the same limits as any message the customer could be sent.
    const reply = validateCustomerText(text);
    const { stores, tenantId } = this.deps;
    const messageId = `msg_${randomUUID()}`;
    const activity = await this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      this.mustHold(conversation.holder?.holder, by, threadId);
      const requestId = conversation.latestRequestId;
      await stores.conversations.addMessage(
        tenantId,
        {
          id: messageId,
          conversationId: threadId,
          role: 'human',
          text: reply,
          author: by.handle,
          ...(requestId ? { requestId } : {}),
        },
        tx,
      );
      // The same event as an agent's reply, so every channel delivers it; `from` names the person.
      await fileEvent(
        this.deps,
        conversation,
        'notifications.outbound',
        'reply.sent',
        { messageId, text: reply, role: 'human', from: fromSupport(by.handle) },
        tx,
      );
      await stores.assignments.touch(tenantId, threadId, tx);
      return (await stores.assignments.holderOf(tenantId, threadId, tx))!.lastActivityAt;
    });
    await this.idle.schedule(threadId, activity);
    return { messageId };
  }

  /** Tells the customer's open streams that the holder is typing (live only, never stored). */
  async typing(threadId: string, by: Person): Promise<void> {
    const latest = await this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      this.mustHold(conversation.holder?.holder, by, threadId);
      return conversation.latestRequestId;
    });
    if (!latest) return;
    this.deps.live({ type: 'person.typing', threadId, requestId: latest, name: displayName(by.handle) });
  }

  /** An internal note by any member of the team; its text is never in any event or customer-facing read. */
  async addNote(threadId: string, by: Person, text: string): Promise<NoteRecord> {
    const note = noteText(text);
    const { stores, tenantId } = this.deps;
    return this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      const saved = await stores.notes.add(
        tenantId,
        { conversationId: threadId, author: by.handle, kind: 'note', text: note },
        tx,
      );
      await fileEvent(
        this.deps,
        conversation,
        'human.approvals',
        'note.added',
        { noteId: saved.id, author: by.handle },
        tx,
      );
      if (conversation.holder?.holder === by.handle) await stores.assignments.touch(tenantId, threadId, tx);
      return saved;
    });
  }

  async notes(threadId: string): Promise<NoteRecord[]> {
    const { stores, tenantId } = this.deps;
    if (!(await stores.conversations.get(tenantId, threadId))) {
      throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
    }
    return stores.notes.list(tenantId, threadId);
  }

  private mustHold(holder: string | undefined, by: Person, threadId: string): void {
    if (holder === by.handle) return;
    throw new DeskError(
      'CONVERSATION_NOT_HELD',
      holder
        ? `${holder} holds thread ${threadId}: only they reply on it`
        : `Claim thread ${threadId} before replying`,
      { threadId, holder: holder ?? null },
    );
  }
}
