// The shapes the web app reads from the API: the shared contracts where they exist (decisions and proposed
// actions among them), and the response shapes the routes return without a published schema (approvals in
// full, checkpoints, status).
import type { api } from '@frontdesk/contracts';

export type Role = api.Role;
export type Conversation = api.Conversation;
export type Analytics = api.Analytics;
export type StreamEvent = api.StreamEvent;
export type ApprovalAnswer = api.ApprovalAnswerBody;
export type ApprovalSource = api.ApprovalSource;
/** A refund or ticket the agents drafted, or an account change the customer confirmed. */
export type ProposedAction = api.ApprovalProposedAction;
export type ProposedAccountChange = api.ProposedAccountChange;
/** An agent step or a tool call an agent made (`kind`), as the timeline and an approval list them. */
export type Decision = api.Decision;
export type ToolCallOutcome = api.ToolCallOutcome;

export interface Session {
  token: string;
  role: Role;
  sub: string;
  expiresAt: string;
  /** The person's name where sign-in knew it (a demo user); pages fall back to `sub`. */
  name?: string;
}

export interface DemoUser {
  sub: string;
  role: Role;
  name: string;
}

export interface ConversationSummary {
  id: string;
  customerId: string;
  /** Older servers list ids only; pages fall back to the id. */
  customerName?: string;
  status: string;
  channel?: 'email' | 'web';
  /** The customer's first message. */
  subject?: string;
  /** The latest message and who wrote it. */
  preview?: string;
  previewRole?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApprovalSummary {
  id: string;
  kind: 'review' | 'decision';
  reason: string;
  /** The reason as a category, its amount taken out (older servers: absent, the reason is shown). */
  category?: string;
  /** The amount the reason named, e.g. "$749.00". */
  detail?: string | null;
  threadId: string;
  requestId: string;
  customerId: string;
  /** Older servers send the id only. */
  customerName?: string;
  allowedRoles: string[];
  createdAt: string;
  deadline: string;
  overdue: boolean;
  ageSeconds: number;
  escalationLevel: number;
}

export interface Order {
  id: string;
  status?: string;
  totalMinor?: number;
  currency?: string;
  placedAt?: string;
  items?: Array<{ name?: string; sku?: string; quantity?: number }>;
  [key: string]: unknown;
}

export interface ApprovalDetail extends ApprovalSummary {
  status: string;
  reasons: string[];
  proposedAction: ProposedAction | null;
  proposedReply: string | null;
  /** Why the approved action could not be performed, when it could not. */
  actionFailure?: string | null;
  customer: { id: string; name?: string; email?: string; tier?: string; [key: string]: unknown } | null;
  orders: Order[];
  messages: Array<{ id: string; role: string; text: string; createdAt: string }>;
  /** The knowledge-base articles the proposed reply cites. */
  sources: ApprovalSource[];
  decisions: Decision[];
}

export interface Checkpoint {
  checkpointId: string;
  parentCheckpointId?: string;
  step: number;
  source: string;
  createdAt?: string;
  next: string[];
  stage?: string;
  agent?: string;
  requestId?: string;
}

export interface DeskResult {
  threadId: string;
  requestId: string;
  status: string;
  reply?: string;
}

export interface ActivityEvent extends StreamEvent {
  topic?: string;
}

export interface StatusReport {
  status: 'ok' | 'degraded';
  tenant: string;
  backends: Array<{
    name: string;
    kind: string;
    status: 'ok' | 'down' | 'configured';
    ms?: number;
    detail?: string;
  }>;
  models: {
    localEngine: string;
    routes: Array<{ agent: string; chain: string[] }>;
    providers: Array<{ name: string; endpoint: string; keySet: boolean }>;
  };
}

export interface KnowledgeHit {
  id?: string;
  documentId?: string;
  title: string;
  score?: number;
  visibility?: string;
  productArea?: string;
  passages?: Array<{
    heading?: string;
    text: string;
    /** The passage cut at sentence or word boundaries; marks are [start, end) offsets of matched words. */
    snippet?: { text: string; marks: Array<[number, number]> };
  }>;
  body?: string;
}

export interface Draft {
  id: string;
  title: string;
  body: string;
  status: string;
  createdAt?: string;
  sourceConversationId?: string;
  [key: string]: unknown;
}

export interface Article {
  id: string;
  title: string;
  /** The help centre's section the article sits in. */
  category: string;
  body: string;
  visibility: 'public' | 'internal';
  updatedAt: string;
}

export interface ArticleCitation {
  conversationId: string;
  requestId: string;
  customerId: string;
  customerName: string;
  citedAt: string;
}

/** An inbound email parked for a person, or an outbound one that failed for good. */
export interface EmailNeedingAttention {
  id: string;
  direction: 'in' | 'out';
  status: string;
  reason: string | null;
  messageId: string;
  address: string;
  subject: string;
  threadId: string | null;
  sizeBytes: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  topic: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A background task that failed for good, with why. */
export interface TaskFailure {
  task: string;
  jobId: string;
  attemptsMade: number;
  error: string;
}
