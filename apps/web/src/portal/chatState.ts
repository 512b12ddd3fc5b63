// The chat as a pure reducer: the conversation loaded once, then every stream event folded in. Events may
// repeat (a reconnect, history replayed from the start), so each one is applied idempotently.
import type { Conversation, StreamEvent } from '../api/types.js';
import { progressPhrase } from './progress.js';

export interface ChatMessage {
  id: string;
  /** `notice`: a person joined or left the conversation (shown as a line between messages). */
  role: 'customer' | 'agent' | 'human' | 'notice';
  text: string;
  requestId?: string;
  /** A person's message: "Ana from support". */
  from?: string;
  /** Arrived on the stream after the page loaded: shown streaming in. */
  fresh?: boolean;
  /** Posted from this page and not yet confirmed by the desk. */
  pending?: boolean;
}

export interface ChatState {
  threadId?: string;
  messages: ChatMessage[];
  /** What the agents are doing right now, in the customer's words; absent when idle. */
  activity?: string;
  /** The conversation's outcome so far (delivered, awaiting_approval, …). */
  status?: string;
  /** Requests accepted and not yet settled. */
  open: string[];
}

export type ChatAction =
  | { type: 'loaded'; conversation: Conversation }
  | { type: 'posted'; localId: string; text: string }
  | { type: 'post-confirmed'; localId: string; threadId: string; requestId: string }
  | { type: 'post-failed'; localId: string }
  | { type: 'event'; event: StreamEvent }
  | { type: 'reset' };

export const emptyChat: ChatState = { messages: [], open: [] };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'reset':
      return emptyChat;
    case 'loaded': {
      const c = action.conversation;
      const open = c.requests.filter((r) => r.runStatus === 'running' || r.runStatus === 'queued');
      return {
        threadId: c.id,
        status: c.status,
        messages: c.messages.map(({ id, role, text, requestId, from }) => ({
          id,
          role,
          text,
          ...(requestId ? { requestId } : {}),
          ...(from ? { from } : {}),
        })),
        open: open.map((r) => r.id),
        ...(open.length > 0 ? { activity: 'Working on it…' } : {}),
        ...(c.pendingApproval ? { activity: 'A member of our team is reviewing this…' } : {}),
      };
    }
    case 'posted':
      return {
        ...state,
        messages: [
          ...state.messages,
          { id: action.localId, role: 'customer', text: action.text, pending: true },
        ],
        activity: 'Sending…',
      };
    case 'post-confirmed':
      return {
        ...state,
        threadId: action.threadId,
        messages: state.messages.map((m) =>
          m.id === action.localId ? { ...m, pending: false, requestId: action.requestId } : m,
        ),
      };
    case 'post-failed':
      return {
        ...state,
        messages: state.messages.filter((m) => m.id !== action.localId),
        activity: undefined,
      };
    case 'event':
      return applyEvent(state, action.event);
  }
}

function applyEvent(state: ChatState, event: StreamEvent): ChatState {
  const requestId = event.requestId;
  const data = event.data;
  switch (event.type) {
    case 'request.accepted': {
      const text = str(data.text) ?? '';
      const known = state.messages.some((m) => m.role === 'customer' && m.requestId === requestId);
      const open = requestId && !state.open.includes(requestId) ? [...state.open, requestId] : state.open;
      if (known) return { ...state, open };
      // The message this page posted, confirmed by the desk before the POST answered.
      const local = state.messages.find((m) => m.pending && !m.requestId && m.text === text);
      const messages = local
        ? state.messages.map((m) =>
            m === local ? { ...m, pending: false, ...(requestId ? { requestId } : {}) } : m,
          )
        : [
            ...state.messages,
            {
              id: `request:${requestId}`,
              role: 'customer' as const,
              text,
              ...(requestId ? { requestId } : {}),
            },
          ];
      return { ...state, messages, open, activity: state.activity ?? 'Reading your message…' };
    }
    case 'request.queued':
      return { ...state, activity: 'Your message is next in line…' };
    case 'node.started': {
      const node = str(data.node);
      return node ? { ...state, activity: progressPhrase(node) } : state;
    }
    case 'agent.decided': {
      // Durable, so a page that connected late (or reconnected) still shows where the request stands.
      const next = nextStep(str(data.agent), str(data.outcome));
      return next && requestId && state.open.includes(requestId)
        ? { ...state, activity: progressPhrase(next) }
        : state;
    }
    case 'approval.requested':
      return { ...state, status: 'awaiting_approval', activity: 'A member of our team is reviewing this…' };
    case 'approval.answered': {
      const decision = str(data.decision);
      const activity =
        decision === 'reject'
          ? 'Our team asked for changes — revising the reply…'
          : 'Approved — finishing up…';
      return { ...state, activity };
    }
    case 'reply.sent': {
      const id = str(data.messageId) ?? event.id ?? `reply:${requestId}`;
      if (state.messages.some((m) => m.id === id)) return state;
      const from = str(data.from);
      const message: ChatMessage = {
        id,
        role: data.role === 'human' ? 'human' : 'agent',
        text: str(data.text) ?? '',
        fresh: true,
        ...(requestId ? { requestId } : {}),
        ...(from ? { from } : {}),
      };
      const typing = state.activity?.endsWith('is typing…') === true;
      return { ...state, messages: [...state.messages, message], ...(typing ? { activity: undefined } : {}) };
    }
    case 'person.joined':
    case 'person.left': {
      // Durable events with ids: a replayed history shows each join and leave once.
      const id = `${event.type}:${event.id ?? event.occurredAt}`;
      if (state.messages.some((m) => m.id === id)) return state;
      const who = str(data.displayName) ?? 'A member of our team';
      const text =
        event.type === 'person.joined' ? `${who} joined the conversation` : `${who} left the conversation`;
      return { ...state, messages: [...state.messages, { id, role: 'notice', text }] };
    }
    case 'person.typing': {
      const name = str(data.name);
      return name ? { ...state, activity: `${name} from support is typing…` } : state;
    }
    case 'request.settled': {
      const status = str(data.status);
      const open = state.open.filter((id) => id !== requestId);
      const waiting = status === 'awaiting_approval';
      return {
        ...state,
        open,
        ...(status ? { status } : {}),
        activity: waiting
          ? 'A member of our team is reviewing this…'
          : open.length > 0
            ? state.activity
            : undefined,
      };
    }
    default:
      return state;
  }
}

/** The step that follows an agent's decision, for the status line (live node events say it sooner). */
function nextStep(agent: string | undefined, outcome: string | undefined): string | undefined {
  switch (agent) {
    case 'supervisor':
      return 'triage';
    case 'triage':
      return outcome?.startsWith('escalat') ? 'escalation' : 'research_customer';
    case 'research':
      return outcome === 'fan-out' ? 'research_customer' : 'solution';
    case 'solution':
      return 'quality';
    case 'quality':
      return outcome === 'needs-person' ? undefined : 'deliver';
    default:
      return undefined;
  }
}

/** A conversation is rateable once the desk has answered and nothing is in progress. */
export const canRate = (state: ChatState): boolean =>
  state.open.length === 0 &&
  state.activity === undefined &&
  state.messages.some((m) => m.role === 'agent' || m.role === 'human') &&
  state.status !== 'awaiting_approval';
