// The chat reducer: events fold in once, the customer's own message is confirmed in place, and the status
// line follows what the agents are doing.
import { describe, expect, it } from 'vitest';
import type { Conversation, StreamEvent } from '../api/types.js';
import { canRate, chatReducer, emptyChat, type ChatState } from './chatState.js';

const event = (
  type: string,
  data: Record<string, unknown> = {},
  id?: string,
  requestId = 'req_1',
): StreamEvent => ({
  type,
  threadId: 'th_1',
  requestId,
  occurredAt: new Date().toISOString(),
  data,
  ...(id ? { id } : {}),
});

const fold = (state: ChatState, events: StreamEvent[]) =>
  events.reduce((s, e) => chatReducer(s, { type: 'event', event: e }), state);

describe('chat state', () => {
  it("confirms the customer's posted message in place when the desk accepts it", () => {
    let state = chatReducer(emptyChat, { type: 'posted', localId: 'local:1', text: 'I need a refund' });
    state = fold(state, [event('request.accepted', { text: 'I need a refund' }, '1')]);
    expect(state.messages).toEqual([
      { id: 'local:1', role: 'customer', text: 'I need a refund', pending: false, requestId: 'req_1' },
    ]);
    expect(state.open).toEqual(['req_1']);
  });

  it('says what the agents are doing, in the customer’s words', () => {
    const state = fold(emptyChat, [
      event('request.accepted', { text: 'hi' }, '1'),
      event('node.started', { node: 'research_customer' }),
    ]);
    expect(state.activity).toBe('Looking up your order…');
  });

  it('follows the durable decisions too, so a page that connected late still shows the step', () => {
    const state = fold(emptyChat, [
      event('request.accepted', { text: 'refund' }, '1'),
      event('agent.decided', { agent: 'triage', outcome: 'refund_request' }, '2'),
    ]);
    expect(state.activity).toBe('Looking up your order…');
    const later = fold(state, [
      event('agent.decided', { agent: 'solution', outcome: 'propose:refund' }, '3'),
    ]);
    expect(later.activity).toBe('Double-checking the reply…');
  });

  it('adds a reply once even when the stream repeats it, and goes idle when the request settles', () => {
    const reply = event('reply.sent', { messageId: 'msg_1', text: 'Refunded.' }, '5');
    const state = fold(emptyChat, [
      event('request.accepted', { text: 'refund' }, '1'),
      reply,
      reply,
      event('request.settled', { status: 'delivered' }, '6'),
    ]);
    expect(state.messages.filter((m) => m.role === 'agent')).toHaveLength(1);
    expect(state.messages.at(-1)).toMatchObject({ text: 'Refunded.', fresh: true });
    expect(state.activity).toBeUndefined();
    expect(state.status).toBe('delivered');
    expect(canRate(state)).toBe(true);
  });

  it('waits for a person when the request settles awaiting approval, and resumes when answered', () => {
    let state = fold(emptyChat, [
      event('request.accepted', { text: 'refund' }, '1'),
      event('approval.requested', { reason: 'refund over limit' }, '2'),
      event('request.settled', { status: 'awaiting_approval' }, '3'),
    ]);
    expect(state.activity).toBe('A member of our team is reviewing this…');
    expect(canRate(state)).toBe(false);
    state = fold(state, [event('approval.answered', { decision: 'reject' }, '4')]);
    expect(state.activity).toMatch(/revising the reply/);
  });

  it('loads a conversation without repeating its messages when the stream replays them', () => {
    const conversation: Conversation = {
      id: 'th_1',
      customerId: 'cus_01',
      status: 'delivered',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      messages: [
        { id: 'm1', role: 'customer', text: 'hi', requestId: 'req_1', createdAt: '2026-01-01T00:00:00Z' },
        { id: 'msg_1', role: 'agent', text: 'hello', requestId: 'req_1', createdAt: '2026-01-01T00:00:00Z' },
      ],
      requests: [{ id: 'req_1', runStatus: 'done', outcome: 'delivered', createdAt: '2026-01-01T00:00:00Z' }],
    };
    let state = chatReducer(emptyChat, { type: 'loaded', conversation });
    state = fold(state, [
      event('request.accepted', { text: 'hi' }, '1'),
      event('reply.sent', { messageId: 'msg_1', text: 'hello' }, '2'),
      event('request.settled', { status: 'delivered' }, '3'),
    ]);
    expect(state.messages.map((m) => m.id)).toEqual(['m1', 'msg_1']);
    expect(state.activity).toBeUndefined();
  });
});
