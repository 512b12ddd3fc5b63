// The store's public surface: the database port, its adapters and the repositories.
export { computeAnalytics } from './analytics.js';
export { articleCitations } from './citations.js';
export type { ArticleCitation } from './citations.js';
export { conversationSummaries } from './conversation-summaries.js';
export type { ConversationChannel, ConversationSummary } from './conversation-summaries.js';
export { BatchedPostgresSaver, RELAXED_CHECKPOINTS, THREAD_NOT_STARTED } from './checkpoint-saver.js';
export type { Database, Queryable } from './database.js';
export { isMissingReference } from './database.js';
export { openEmbedded } from './embedded.js';
export { openPostgres, redact } from './postgres.js';
export { migrate } from './migrate.js';
export { underStartupLock } from './startup-lock.js';
export { StatisticsUpkeep } from './statistics.js';
export { writeTogether, type ComposableStatement } from './write-together.js';
export { GroupedWrites } from './grouped-writes.js';
export { ActionLedger } from './actions.js';
export type { ActionOutcome } from './actions.js';
export { ApprovalRepository } from './approvals.js';
export type { ApprovalKind, ApprovalRecord, ApprovalStatus, NewApproval } from './approvals.js';
export { ArticleRepository } from './articles.js';
export type { ArticleHit, ArticleRecord } from './articles.js';
export { AuditRepository } from './audit.js';
export type { AuditEntry } from './audit.js';
export { ConversationRepository } from './conversations.js';
export type { ConversationRecord, MessageRecord, MessageRole } from './conversations.js';
export { CustomerRepository } from './customers.js';
export type { CustomerRecord, OrderLine, OrderRecord, ProductRecord } from './customers.js';
export { DecisionRepository } from './decisions.js';
export type {
  DecisionKind,
  DecisionRecord,
  StepRecord,
  ToolCallFacts,
  ToolCallOutcome,
  ToolCallRecord,
} from './decisions.js';
export { OperationsReadings } from './operations.js';
export type { Backlog, OperationsReading } from './operations.js';
export { EffectsRepository } from './effects.js';
export type { ConversationEffects, OpenedApproval, PerformedAction } from './effects.js';
export { OutboxRepository } from './outbox.js';
export type { OutboxEntry } from './outbox.js';
export { RequestRepository } from './requests.js';
export { settlementStatement, wasSettled, type RunSettlement } from './run-settlement.js';
export { writeAgentReply, type AgentReply, type AgentReplyOutcome } from './agent-reply.js';
export { writeCustomerMessage, type CustomerMessage } from './customer-message.js';
export type { RequestOutcome, RequestRecord, RunStatus } from './requests.js';
export { TenantSettingsRepository } from './tenant-settings.js';
export type { DoubleTexting } from './tenant-settings.js';
export { TicketRepository } from './tickets.js';
export type { TicketRecord } from './tickets.js';
export { ChannelEmailRepository } from './channel-emails.js';
export type { EmailDirection, EmailRecord, EmailStatus, NewEmail } from './channel-emails.js';
export { WebhookRepository } from './webhooks.js';
export type { DeliveryStatus, WebhookDelivery, WebhookSubscription } from './webhooks.js';
export { SlackPostRepository } from './slack-posts.js';
export type { SlackPost } from './slack-posts.js';
export { AssignmentRepository } from './assignments.js';
export type { AssignmentRecord, LockedConversation } from './assignments.js';
export { NoteRepository } from './notes.js';
export type { NoteKind, NoteRecord } from './notes.js';
export { CannedReplyRepository } from './canned-replies.js';
export type { CannedReplyRecord } from './canned-replies.js';
export { InboxReadings, NEEDS_A_PERSON } from './inbox.js';
export type { InboxQuery, InboxRow, InboxView } from './inbox.js';
export { createStores } from './stores.js';
export type { Stores } from './stores.js';
