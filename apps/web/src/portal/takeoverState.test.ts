// The chat when a person takes the conversation over: the customer sees them join, sees them typing, and
// their reply under their name; a replayed history shows each join once.
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../api/types.js';
import { chatReducer, emptyChat, type ChatState } from './chatState.js';

const event = (type: string, data: Record<string, unknown>, id?: string): StreamEvent => ({
  type,
  threadId: 'th_1',
  requestId: 'req_1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  data,
  ...(id ? { id } : {}),
});

const fold = (state: ChatState, events: StreamEvent[]) =>
  events.reduce((s, e) => chatReducer(s, { type: 'event', event: e }), state);

describe('chat with a person from support', () => {
  const joined = event('person.joined', { name: 'Ana', displayName: 'Ana from support' }, '7');

  it('shows the person joining once, their typing, then their reply under their name', () => {
    let state = fold(emptyChat, [joined, joined, event('person.typing', { name: 'Ana' })]);
    expect(state.messages).toEqual([
      { id: 'person.joined:7', role: 'notice', text: 'Ana from support joined the conversation' },
    ]);
    expect(state.activity).toBe('Ana from support is typing…');
    state = fold(state, [
      event(
        'reply.sent',
        { messageId: 'm1', text: 'Hi, Ana here.', role: 'human', from: 'Ana from support' },
        '8',
      ),
    ]);
    expect(state.messages.at(-1)).toMatchObject({
      role: 'human',
      text: 'Hi, Ana here.',
      from: 'Ana from support',
    });
    expect(state.activity).toBeUndefined();
  });

  it('says when the person hands the conversation back', () => {
    const state = fold(emptyChat, [joined, event('person.left', { displayName: 'Ana from support' }, '9')]);
    expect(state.messages.map((m) => m.text)).toEqual([
      'Ana from support joined the conversation',
      'Ana from support left the conversation',
    ]);
  });
});
