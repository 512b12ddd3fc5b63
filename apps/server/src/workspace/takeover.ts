// Taking a conversation over from the agents and giving it back. A claim (or a supervisor's assignment)
// makes one person the holder: from then on the agents do not answer on the thread (runs/ checks the hold
// under the same lock). Release returns it to the queue; hand-back returns it to the agents with a summary
// that, with everything the person said, goes into the thread's state and the customer's session memory.
import { DeskError } from '../errors.js';
import type { AssignmentRecord, LockedConversation, Queryable } from '../store/index.js';
import { fileEvent, lockConversation, type WorkspaceDeps } from './context.js';
import type { IdleOutcome, IdleReturn } from './idle-return.js';
import { noteText } from './note-text.js';
import { displayName, fromSupport, supervises, type Person } from './people.js';

const CLOSED = 'closed';

export class Takeover {
  constructor(
    private readonly deps: WorkspaceDeps,
    private readonly idle: IdleReturn,
  ) {}

  /** The person takes the conversation. Claiming what you already hold is a no-op. */
  async claim(threadId: string, person: Person): Promise<AssignmentRecord> {
    return this.take(threadId, person, person.handle, { takeFromOthers: false });
  }

  /**
   * Gives the conversation to `assignee`. Agents may only assign it to themselves (a claim); supervisors
   * assign to anyone, and may take it from its holder.
   */
  async assign(threadId: string, assignee: string, by: Person): Promise<AssignmentRecord> {
    if (assignee !== by.handle && !supervises(by)) {
      throw new DeskError(
        'FORBIDDEN',
        'Only a supervisor (approver or admin) assigns conversations to others',
        {
          threadId,
        },
      );
    }
    return this.take(threadId, by, assignee, { takeFromOthers: supervises(by) });
  }

  /** Returns the conversation to the unassigned queue (its holder, or a supervisor). */
  async release(threadId: string, by: Person): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      this.mustHold(conversation, by, { supervisorMay: true });
      await this.letGo(conversation, tx, 'released');
    });
  }

  /**
   * Returns the conversation to the agents with a short summary: the summary is kept as a team note, and it
   * and what the person said go into the thread's state and the customer's session memory.
   */
  async handBack(threadId: string, by: Person, summary: string): Promise<{ inThreadState: boolean }> {
    const text = noteText(summary, 'summary');
    const { conversation, said } = await this.deps.db.transaction(async (tx) => {
      const locked = await lockConversation(this.deps, threadId, tx);
      const hold = this.mustHold(locked, by, { supervisorMay: false });
      const said = await tx.query<{ id: string; text: string; created_at: Date }>(
        `SELECT id, text, created_at FROM messages WHERE tenant_id = $1 AND conversation_id = $2
           AND role = 'human' AND created_at >= $3 ORDER BY created_at, id`,
        [this.deps.tenantId, threadId, hold.claimedAt],
      );
      await this.deps.stores.notes.add(
        this.deps.tenantId,
        { conversationId: threadId, author: by.handle, kind: 'hand_back', text },
        tx,
      );
      await this.letGo(locked, tx, 'handed_back');
      // The agents have it again; a conversation escalated or awaiting approval keeps saying so.
      if (locked.status === 'with_person') {
        await this.deps.stores.conversations.setStatus(this.deps.tenantId, threadId, 'open', tx);
      }
      return { conversation: locked, said };
    });
    const person = displayName(by.handle);
    const inThreadState = await this.deps.threads.rememberHandBack(threadId, {
      person,
      summary: text,
      said: said.map((message) => ({ id: message.id, text: message.text })),
    });
    const memory = this.deps.memory;
    if (memory) {
      const at = new Date().toISOString();
      for (const message of [...said.map((m) => m.text), `${person} handed the conversation back: ${text}`]) {
        await memory.recordInteraction(this.deps.tenantId, conversation.customerId, {
          at,
          conversationId: threadId,
          role: 'human',
          text: message,
        });
      }
    }
    return { inThreadState };
  }

  /** Closes the conversation (bulk close in the inbox); a person's hold on it ends. */
  async close(threadId: string, by: Person): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      if (conversation.holder && conversation.holder.holder !== by.handle && !supervises(by)) {
        throw this.heldBy(conversation.holder, threadId);
      }
      if (conversation.holder) await this.letGo(conversation, tx, 'closed');
      await this.deps.stores.conversations.setStatus(this.deps.tenantId, threadId, CLOSED, tx);
    });
  }

  /** Ends the hold when nobody worked on the conversation for `idleMinutes` (the idle-return task). */
  async returnIfIdle(threadId: string, now: Date): Promise<IdleOutcome> {
    return this.deps.db.transaction(async (tx): Promise<IdleOutcome> => {
      const conversation = await this.deps.stores.assignments.lock(this.deps.tenantId, threadId, tx);
      const hold = conversation?.holder;
      if (!conversation || !hold) return { outcome: 'free' };
      const idleFor = now.getTime() - Date.parse(hold.lastActivityAt);
      if (idleFor < this.deps.idleMinutes * 60_000)
        return { outcome: 'active', lastActivityAt: hold.lastActivityAt };
      await this.letGo(conversation, tx, 'idle');
      return { outcome: 'returned' };
    });
  }

  private async take(
    threadId: string,
    by: Person,
    holder: string,
    { takeFromOthers }: { takeFromOthers: boolean },
  ): Promise<AssignmentRecord> {
    const hold = await this.deps.db.transaction(async (tx) => {
      const conversation = await lockConversation(this.deps, threadId, tx);
      if (conversation.status === CLOSED) {
        throw new DeskError('CONVERSATION_CLOSED', `Thread ${threadId} is closed`, { threadId });
      }
      const current = conversation.holder;
      if (current?.holder === holder) return current;
      if (current && !takeFromOthers) throw this.heldBy(current, threadId);
      const taken = await this.deps.stores.assignments.assign(
        this.deps.tenantId,
        threadId,
        // A supervisor assigning someone else: the holder's role is not known here, only that they are staff.
        { holder, holderRole: holder === by.handle ? by.role : 'agent', assignedBy: by.handle },
        tx,
      );
      await fileEvent(
        this.deps,
        conversation,
        'human.approvals',
        'person.joined',
        {
          name: displayName(holder),
          displayName: fromSupport(holder),
          ...(current ? { from: current.holder } : {}),
        },
        tx,
      );
      return taken;
    });
    await this.idle.schedule(threadId, hold.lastActivityAt);
    return hold;
  }

  private mustHold(
    conversation: LockedConversation,
    by: Person,
    { supervisorMay }: { supervisorMay: boolean },
  ) {
    const hold = conversation.holder;
    if (hold && (hold.holder === by.handle || (supervisorMay && supervises(by)))) return hold;
    throw new DeskError(
      'CONVERSATION_NOT_HELD',
      hold
        ? `${hold.holder} holds thread ${conversation.id}, not you`
        : `Nobody holds thread ${conversation.id}`,
      { threadId: conversation.id, holder: hold?.holder ?? null },
    );
  }

  private heldBy(hold: AssignmentRecord, threadId: string): DeskError {
    return new DeskError('CONVERSATION_HELD', `${hold.holder} holds this conversation`, {
      threadId,
      holder: hold.holder,
      since: hold.claimedAt,
    });
  }

  private async letGo(conversation: LockedConversation, tx: Queryable, why: string): Promise<void> {
    const released = await this.deps.stores.assignments.release(this.deps.tenantId, conversation.id, tx);
    if (!released) return;
    await fileEvent(
      this.deps,
      conversation,
      'human.approvals',
      'person.left',
      { name: displayName(released.holder), displayName: fromSupport(released.holder), reason: why },
      tx,
    );
  }
}
