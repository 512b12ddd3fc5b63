// Every repository over one database, built in one place.
import { ActionLedger } from './actions.js';
import { ApprovalRepository } from './approvals.js';
import { ArticleRepository } from './articles.js';
import { AssignmentRepository } from './assignments.js';
import { CannedReplyRepository } from './canned-replies.js';
import { AuditRepository } from './audit.js';
import { BranchRunRepository } from './branch-runs.js';
import { ChannelEmailRepository } from './channel-emails.js';
import { ConversationRepository } from './conversations.js';
import { CustomerRepository } from './customers.js';
import type { Database } from './database.js';
import { DecisionRepository } from './decisions.js';
import { EffectsRepository } from './effects.js';
import { HandledEventRepository } from './handled-events.js';
import { InboxReadings } from './inbox.js';
import { NoteRepository } from './notes.js';
import { OutboxRepository } from './outbox.js';
import { RequestRepository } from './requests.js';
import { GroupedWrites } from './grouped-writes.js';
import { SlackPostRepository } from './slack-posts.js';
import { TenantSettingsRepository } from './tenant-settings.js';
import { TicketRepository } from './tickets.js';
import { WebhookRepository } from './webhooks.js';

export interface Stores {
  customers: CustomerRepository;
  articles: ArticleRepository;
  conversations: ConversationRepository;
  requests: RequestRepository;
  /** Replays and forks waiting for a worker, and their outcomes. */
  branchRuns: BranchRunRepository;
  decisions: DecisionRepository;
  approvals: ApprovalRepository;
  audit: AuditRepository;
  outbox: OutboxRepository;
  actions: ActionLedger;
  tickets: TicketRepository;
  /** Channels: emails in and out, outbound webhook subscriptions and deliveries. */
  channelEmails: ChannelEmailRepository;
  webhooks: WebhookRepository;
  slackPosts: SlackPostRepository;
  settings: TenantSettingsRepository;
  effects: EffectsRepository;
  /** The events each consumer group of the event bus has handled. */
  handledEvents: HandledEventRepository;
  /** The people's workspace: who holds a conversation, the team's notes, canned replies, the team inbox. */
  assignments: AssignmentRepository;
  notes: NoteRepository;
  cannedReplies: CannedReplyRepository;
  inbox: InboxReadings;
  /** The decision trail's writes, sent together per conversation (group commit). */
  trail: GroupedWrites;
}

export const createStores = (db: Database): Stores => ({
  customers: new CustomerRepository(db),
  articles: new ArticleRepository(db),
  conversations: new ConversationRepository(db),
  requests: new RequestRepository(db),
  decisions: new DecisionRepository(db),
  approvals: new ApprovalRepository(db),
  audit: new AuditRepository(db),
  outbox: new OutboxRepository(db),
  actions: new ActionLedger(db),
  tickets: new TicketRepository(db),
  channelEmails: new ChannelEmailRepository(db),
  webhooks: new WebhookRepository(db),
  slackPosts: new SlackPostRepository(db),
  settings: new TenantSettingsRepository(db),
  effects: new EffectsRepository(db),
  handledEvents: new HandledEventRepository(db),
  branchRuns: new BranchRunRepository(db),
  assignments: new AssignmentRepository(db),
  notes: new NoteRepository(db),
  cannedReplies: new CannedReplyRepository(db),
  inbox: new InboxReadings(db),
  // Run progress: a step that a database crash loses is run again and recorded again (see CommitOptions).
  trail: new GroupedWrites(db, { commit: 'relaxed' }),
});
