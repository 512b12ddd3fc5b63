import { describe, expect, it } from 'vitest';
import type { DeskResult } from '../runs/index.js';
import { describeResult } from './format.js';

const at = '2026-11-22T07:00:00.000Z';
const result: DeskResult = {
  threadId: 'th_1',
  requestId: 'req_1',
  status: 'delivered',
  reply: 'Here is how to reset your password.',
  decisions: [
    {
      id: 'd1',
      agent: 'triage',
      outcome: 'account_access',
      confidence: 0.91,
      reasons: ['intent'],
      durationMs: 2,
      at,
    },
  ],
  toolCalls: [
    {
      id: 'd2',
      agent: 'research',
      tool: 'knowledge.search',
      arguments: { query: 'reset password' },
      resultBytes: 812,
      outcome: 'ok',
      durationMs: 3.25,
      at,
    },
    {
      id: 'd3',
      agent: 'triage',
      tool: 'crm.refund',
      arguments: {},
      resultBytes: 0,
      outcome: 'refused',
      error: 'TOOL_FORBIDDEN: Agent triage may not call crm.refund',
      durationMs: 0.4,
      at,
    },
  ],
};

describe('describeResult', () => {
  it('lists the tool calls after the decisions, with outcome, size, duration and any error', () => {
    const text = describeResult(result);
    const lines = text.split('\n');
    expect(lines.indexOf('Tool calls:')).toBeGreaterThan(lines.indexOf('Decisions:'));
    expect(text).toMatch(/research\s+knowledge\.search\s+ok\s+812 bytes, 3\.3 ms/);
    expect(text).toMatch(/triage\s+crm\.refund\s+refused\s+0 bytes, 0\.4 ms {2}TOOL_FORBIDDEN/);
  });

  it('leaves the tool-call section out when no tool was called', () => {
    expect(describeResult({ ...result, toolCalls: [] })).not.toContain('Tool calls:');
  });
});
