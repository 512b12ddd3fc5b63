// The live feed folds each step's tool calls into the step's row.
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../api/types.js';
import { groupActivity } from './feed-groups.js';

let n = 0;
const event = (type: string, data: Record<string, unknown>, requestId = 'req_1'): ActivityEvent => ({
  id: `e${++n}`,
  type,
  threadId: 'th_1',
  requestId,
  occurredAt: '2026-11-22T07:00:00.000Z',
  data,
});

describe('live feed groups', () => {
  it('puts the calls a step made in the row of its decision, and a running step in a row of its own', () => {
    const search = event('agent.tool_called', { agent: 'research', tool: 'knowledge.search', outcome: 'ok' });
    const orders = event('agent.tool_called', { agent: 'research', tool: 'orders.list', outcome: 'ok' });
    const found = event('agent.decided', { agent: 'research', outcome: 'found' });
    const reply = event('reply.sent', { text: 'Hello' });
    const other = event(
      'agent.tool_called',
      { agent: 'research', tool: 'knowledge.search', outcome: 'ok' },
      'req_2',
    );
    // Newest first, as the feed keeps events.
    const groups = groupActivity([other, reply, found, orders, search]);
    expect(groups.map((g) => [g.event.id, g.toolCalls.map((c) => c.id), g.working])).toEqual([
      [other.id, [other.id], true],
      [reply.id, [], false],
      [found.id, [search.id, orders.id], false],
    ]);
  });

  it("leaves another agent's call for that agent's step, and gives a skill's call to the step it ran in", () => {
    const triageCall = event('agent.tool_called', {
      agent: 'triage',
      tool: 'crm.get_customer',
      outcome: 'ok',
    });
    const skillCall = event('agent.tool_called', {
      agent: 'orders_skill',
      tool: 'crm.get_order',
      outcome: 'ok',
    });
    const researched = event('agent.decided', { agent: 'research', outcome: 'found' });
    const triaged = event('agent.decided', { agent: 'triage', outcome: 'refund_request' });
    const groups = groupActivity([triaged, researched, skillCall, triageCall]);
    expect(groups.map((g) => [g.event.id, g.toolCalls.map((c) => c.id)])).toEqual([
      [triaged.id, [triageCall.id]],
      [researched.id, [skillCall.id]],
    ]);
  });

  it('keeps one row per event when no tool was called', () => {
    const events = [
      event('approval.requested', { reason: 'refund' }),
      event('request.accepted', { text: 'hi' }),
    ];
    expect(groupActivity(events).map((g) => g.event)).toEqual(events);
  });
});
