// Conversations: start one, post a customer's message, read one with its messages and status, list them.
import { z } from 'zod';
import { customerIdSchema, limitQuery, threadIdSchema } from './common.js';

/** The longest message the API accepts in a body; the desk's own limit may be lower. */
export const MAX_MESSAGE_CHARS = 20_000;

export const messageTextSchema = z.string().min(1).max(MAX_MESSAGE_CHARS);

export const startConversationBodySchema = z.strictObject({
  /** Required for staff; a customer always writes as themselves. */
  customerId: customerIdSchema.optional(),
  text: messageTextSchema,
});
export type StartConversationBody = z.infer<typeof startConversationBodySchema>;

export const postMessageBodySchema = z.strictObject({ text: messageTextSchema });
export type PostMessageBody = z.infer<typeof postMessageBodySchema>;

export const messageAcceptedSchema = z.object({
  threadId: threadIdSchema,
  requestId: z.string(),
  /** `running`: started now in the background; `queued`: waits behind the thread's open request. */
  runStatus: z.enum(['running', 'queued']),
  queuedBehind: z.string().optional(),
  links: z.object({ self: z.string(), events: z.string(), websocket: z.string() }),
});
export type MessageAccepted = z.infer<typeof messageAcceptedSchema>;

export const messageSchema = z.object({
  id: z.string(),
  role: z.enum(['customer', 'agent', 'human']),
  text: z.string(),
  requestId: z.string().optional(),
  createdAt: z.string(),
  /** A person's message: how the customer sees them ("Ana from support"). */
  from: z.string().optional(),
});

export const conversationSummarySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const conversationSchema = conversationSummarySchema.extend({
  /** The customer's name, so the team reads who wrote rather than an id. */
  customerName: z.string().optional(),
  messages: z.array(messageSchema),
  requests: z.array(
    z.object({
      id: z.string(),
      runStatus: z.string(),
      outcome: z.string().optional(),
      createdAt: z.string(),
    }),
  ),
  pendingApproval: z.object({ id: z.string(), kind: z.string(), reason: z.string() }).optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const listConversationsQuerySchema = z.strictObject({
  customerId: customerIdSchema.optional(),
  limit: limitQuery,
});

export const csatBodySchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2_000).optional(),
});
