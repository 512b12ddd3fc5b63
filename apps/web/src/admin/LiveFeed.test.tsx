import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../api/types.js';
import { describeActivity } from './LiveFeed.js';

const event = (type: string, data: Record<string, unknown>): ActivityEvent => ({
  id: '1',
  type,
  threadId: 'th_1',
  requestId: 'req_1',
  occurredAt: '2026-11-22T07:00:00.000Z',
  data,
});

describe('describeActivity', () => {
  it('says which agent called which tool, how it ended and how long it took', () => {
    expect(
      describeActivity(
        event('agent.tool_called', {
          agent: 'research',
          tool: 'knowledge.search',
          outcome: 'ok',
          durationMs: 3.6,
        }),
      ),
    ).toBe('research called knowledge.search: ok in 4 ms');
    expect(
      describeActivity(
        event('agent.tool_called', { agent: 'triage', tool: 'crm.refund', outcome: 'refused' }),
      ),
    ).toBe('triage called crm.refund: refused');
  });

  it('describes a decision with its confidence', () => {
    expect(
      describeActivity(
        event('agent.decided', { agent: 'triage', outcome: 'refund_request', confidence: 0.92 }),
      ),
    ).toBe('Triage read it as refund request, 92% sure');
  });
});
