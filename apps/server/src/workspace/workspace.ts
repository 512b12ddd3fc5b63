// The people's workspace, assembled: taking over and handing back, a person's replies and notes, the team
// inbox and canned replies. Built once by the runtime; the HTTP routes and tests use it.
import type { api } from '@frontdesk/contracts';
import { DeskError } from '../errors.js';
import type { AssignmentRecord, CannedReplyRecord } from '../store/index.js';
import type { WorkspaceDeps } from './context.js';
import { IdleReturn } from './idle-return.js';
import type { Person } from './people.js';
import { PersonWork } from './person-work.js';
import { Takeover } from './takeover.js';
import { teamInbox, type SlaTargets } from './team-inbox.js';

export class Workspace {
  readonly takeover: Takeover;
  readonly work: PersonWork;
  readonly idle: IdleReturn;

  constructor(
    private readonly deps: WorkspaceDeps,
    private readonly sla: SlaTargets,
  ) {
    this.idle = new IdleReturn(deps.tasks, {
      tenantId: deps.tenantId,
      idleMinutes: deps.idleMinutes,
      logger: deps.logger,
    });
    this.takeover = new Takeover(deps, this.idle);
    this.idle.attach((threadId, now) => this.takeover.returnIfIdle(threadId, now));
    this.work = new PersonWork(deps, this.idle);
  }

  /** Who holds the conversation, as the team sees it. */
  async assignment(threadId: string): Promise<AssignmentRecord | undefined> {
    const { stores, tenantId } = this.deps;
    if (!(await stores.conversations.get(tenantId, threadId))) {
      throw new DeskError('THREAD_NOT_FOUND', `No thread ${threadId}`, { threadId });
    }
    return stores.assignments.holderOf(tenantId, threadId);
  }

  inbox(person: Person, query: api.InboxQuery): Promise<api.InboxRow[]> {
    return teamInbox(this.deps.stores, this.deps.tenantId, person.handle, query, this.sla);
  }

  /** Assigns or closes several conversations; each succeeds or fails on its own, with its problem's code. */
  async bulk(
    person: Person,
    body: { threadIds: string[]; action: 'assign' | 'close'; assignee?: string | undefined },
  ): Promise<Array<{ threadId: string; ok: boolean; code?: string; detail?: string }>> {
    const results = [];
    for (const threadId of new Set(body.threadIds)) {
      try {
        if (body.action === 'close') await this.takeover.close(threadId, person);
        else await this.takeover.assign(threadId, body.assignee ?? person.handle, person);
        results.push({ threadId, ok: true });
      } catch (error) {
        if (!(error instanceof DeskError)) throw error;
        results.push({ threadId, ok: false, code: error.code, detail: error.message });
      }
    }
    return results;
  }

  cannedReplies(): Promise<CannedReplyRecord[]> {
    return this.deps.stores.cannedReplies.list(this.deps.tenantId);
  }

  saveCannedReply(
    person: Person,
    reply: { title: string; body: string },
    id?: string,
  ): Promise<CannedReplyRecord> {
    const { cannedReplies } = this.deps.stores;
    if (id === undefined) return cannedReplies.create(this.deps.tenantId, { ...reply, by: person.handle });
    return cannedReplies.update(this.deps.tenantId, id, { ...reply, by: person.handle }).then((saved) => {
      if (!saved) throw new DeskError('CANNED_REPLY_NOT_FOUND', `No canned reply ${id}`, { cannedId: id });
      return saved;
    });
  }

  async removeCannedReply(id: string): Promise<void> {
    if (!(await this.deps.stores.cannedReplies.remove(this.deps.tenantId, id))) {
      throw new DeskError('CANNED_REPLY_NOT_FOUND', `No canned reply ${id}`, { cannedId: id });
    }
  }
}
