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
  approvalAnswerBodySchema,
  approvalAnsweredSchema,
  approvalFiltersSchema,
  approvalSourceSchema,
} from './approvals.js';
export type { ApprovalAnswerBody, ApprovalFilters, ApprovalSource } from './approvals.js';
export { forkBodySchema, replayBodySchema } from './threads.js';
export { knowledgeSearchQuerySchema } from './knowledge.js';
export { analyticsQuerySchema, analyticsSchema } from './analytics.js';
export type { Analytics } from './analytics.js';
export {
  apiKeyParamsSchema,
  createApiKeyBodySchema,
  devTokenBodySchema,
  settingsBodySchema,
  tokenSchema,
} from './auth.js';
export { streamEventSchema, streamEventTypes, streamQuerySchema } from './stream.js';
export type { StreamEvent } from './stream.js';
