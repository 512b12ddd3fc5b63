// The API's request and response shapes, shared by the server (validation, OpenAPI) and the web app.
export {
  approvalIdSchema,
  approvalParamsSchema,
  articleIdSchema,
  articleParamsSchema,
  checkpointIdSchema,
  customerIdSchema,
  customerParamsSchema,
  isoDateTime,
  problemSchema,
  roleSchema,
  roles,
  threadIdSchema,
  threadParamsSchema,
} from './common.js';
export type { Problem, Role } from './common.js';
export { findUnstorableText, unstorableText } from './text.js';
export {
  MAX_MESSAGE_CHARS,
  conversationSchema,
  conversationSummarySchema,
  csatBodySchema,
  listConversationsQuerySchema,
  messageAcceptedSchema,
  messageSchema,
  postMessageBodySchema,
  startConversationBodySchema,
} from './conversations.js';
export type {
  Conversation,
  MessageAccepted,
  PostMessageBody,
  StartConversationBody,
} from './conversations.js';
export {
  accountChangeKinds,
  approvalAnswerBodySchema,
  approvalAnsweredSchema,
  approvalFiltersSchema,
  approvalProposedActionSchema,
  approvalSourceSchema,
  proposedAccountChangeSchema,
} from './approvals.js';
export type {
  AccountChangeKind,
  ApprovalAnswerBody,
  ApprovalFilters,
  ApprovalProposedAction,
  ApprovalSource,
  ProposedAccountChange,
} from './approvals.js';
export {
  decisionKinds,
  decisionSchema,
  decisionUsageSchema,
  threadDecisionsSchema,
  toolCallOutcomes,
  toolCallSchema,
} from './decisions.js';
export type { Decision, DecisionKind, ToolCall, ToolCallOutcome } from './decisions.js';
export { forkBodySchema, replayBodySchema } from './threads.js';
export { knowledgeSearchQuerySchema } from './knowledge.js';
export { MAX_REPLAY_PAGE, eventsReplayQuerySchema, trainingQuerySchema } from './operations.js';
export type { EventsReplayQuery } from './operations.js';
export { analyticsQuerySchema, analyticsSchema } from './analytics.js';
export type { Analytics } from './analytics.js';
export {
  apiKeyParamsSchema,
  createApiKeyBodySchema,
  devTokenBodySchema,
  settingsBodySchema,
  streamTicketSchema,
  tokenSchema,
} from './auth.js';
export { streamEventSchema, streamEventTypes, streamQuerySchema } from './stream.js';
export type { StreamEvent } from './stream.js';
export {
  MAX_CANNED_CHARS,
  MAX_NOTE_CHARS,
  assignBodySchema,
  assignmentSchema,
  bulkBodySchema,
  cannedReplyBodySchema,
  cannedReplyParamsSchema,
  cannedReplySchema,
  handBackBodySchema,
  inboxQuerySchema,
  inboxRowSchema,
  inboxSchema,
  inboxViews,
  noteBodySchema,
  noteSchema,
  personReplyBodySchema,
  priorityLabels,
} from './workspace.js';
export type {
  Assignment,
  CannedReply,
  InboxQuery,
  InboxRow,
  InboxView,
  Note,
  PriorityLabel,
} from './workspace.js';
