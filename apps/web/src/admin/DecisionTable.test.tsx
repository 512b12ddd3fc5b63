// @vitest-environment jsdom
// The decision trail: every tool call sits under the step it was made in, its arguments folded away until
// asked for, and a call that did not succeed is flagged on its row and in its step's summary.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../api/types.js';
import { agentTrail } from './agent-steps.js';
import { DecisionTable } from './DecisionTable.js';

let clock = Date.parse('2026-05-01T10:00:00Z');
const base = (agent: string) => {
  clock += 10;
  return {
    id: `d${clock}`,
    requestId: 'req_1',
    conversationId: 'th_1',
    agent,
    confidence: 1,
    durationMs: 12.345,
    at: new Date(clock).toISOString(),
  };
};
const step = (agent: string, outcome: string, reasons: string[] = []): Decision => ({
  ...base(agent),
  kind: 'step',
  outcome,
  confidence: 0.9,
  reasons,
});
const call = (
  agent: string,
  tool: string,
  outcome: string,
  args: unknown,
  extra: { resultBytes?: number; error?: string } = {},
): Decision => ({
  ...base(agent),
  kind: 'tool_call',
  outcome,
  reasons: [`${tool} …`],
  toolCall: { tool, arguments: args, resultBytes: extra.resultBytes ?? 0, ...extra },
});

// The shape a real cancellation request leaves: calls are recorded as they end, the step when it decides;
// the orders skill records no step of its own.
const trail: Decision[] = [
  step('supervisor', 'route:triage'),
  call('triage', 'crm.get_customer', 'ok', { customerId: 'cus_04' }, { resultBytes: 103 }),
  step('triage', 'cancel_order', ['intent cancel_order (orders)']),
  step('research', 'fan-out'),
  call('research', 'knowledge.search', 'ok', { query: 'cancel order' }, { resultBytes: 5268 }),
  call('orders', 'crm.get_order', 'timeout', { orderId: 'ord_1009' }, { error: 'TOOL_TIMEOUT: no answer' }),
  step('research', 'found', ['3 articles, 2 orders']),
  call(
    'solution',
    'crm.cancel_order',
    'refused',
    { orderId: 'ord_1009', customerId: 'cus_04', confirmationToken: '***' },
    { error: 'ACTION_NOT_ALLOWED: the order has shipped' },
  ),
  step('solution', 'propose:cancel_order'),
  call('deliver', 'crm.cancel_order', 'ok', { orderId: 'ord_1009' }, { resultBytes: 473 }),
];

describe('agent trail', () => {
  it('puts each call under the first step recorded after it, its own agent’s when there is one', () => {
    const { steps, unfinished } = agentTrail(trail);
    const calls = Object.fromEntries(
      steps.map(({ step, toolCalls }) => [
        `${step.agent} ${step.outcome}`,
        toolCalls.map((c) => `${c.agent}:${c.toolCall?.tool}`),
      ]),
    );
    expect(calls).toEqual({
      'supervisor route:triage': [],
      'triage cancel_order': ['triage:crm.get_customer'],
      'research fan-out': [],
      'research found': ['research:knowledge.search', 'orders:crm.get_order'],
      'solution propose:cancel_order': ['solution:crm.cancel_order'],
    });
    // The deliver step has not been recorded yet (it waits for a person).
    expect(unfinished.map((c) => c.toolCall?.tool)).toEqual(['crm.cancel_order']);
  });

  it('never files a call under a step of another request', () => {
    const other = { ...step('triage', 'cancel_order'), requestId: 'req_2' };
    const early = call('triage', 'crm.get_customer', 'ok', {});
    expect(agentTrail([early, other]).unfinished).toEqual([early]);
  });
});

describe('decision table', () => {
  it('shows each tool call in its step’s group with its tool, outcome, answer size and time', () => {
    render(<DecisionTable decisions={trail} />);
    const groups = screen.getAllByRole('rowgroup').slice(1); // the first is the header
    const triage = groups.find((g) => within(g).queryByRole('cell', { name: 'triage' }))!;
    const rows = within(triage).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('1 tool call below');
    expect(rows[1]).toHaveTextContent('Tool call crm.get_customer');
    expect(rows[1]).toHaveTextContent('ok');
    expect(rows[1]).toHaveTextContent('Answer: 103 bytes');
    expect(rows[1]).toHaveTextContent('12.3 ms');
    expect(rows[1]).toHaveTextContent('not applicable');
  });

  it('flags calls that timed out or were refused, with their error, on the row and in the step', () => {
    render(<DecisionTable decisions={trail} />);
    const research = screen.getByRole('cell', { name: /3 articles, 2 orders/ }).closest('tbody')!;
    expect(within(research).getByText(/1 did not succeed/)).toHaveClass('danger');
    const timedOut = within(research).getByText('crm.get_order').closest('tr')!;
    expect(timedOut).toHaveClass('flagged');
    expect(within(timedOut).getByText('timeout')).toHaveClass('pill', 'danger');
    expect(timedOut).toHaveTextContent('TOOL_TIMEOUT: no answer');
    // A skill's call is shown under the step it ran in, with who made it.
    expect(timedOut).toHaveTextContent('by orders');
    const searched = within(research).getByText('knowledge.search').closest('tr')!;
    expect(searched).not.toHaveClass('flagged');
    expect(searched).toHaveTextContent('5.3 kB');

    const refused = screen.getByText('ACTION_NOT_ALLOWED: the order has shipped').closest('tr')!;
    expect(within(refused).getByText('refused')).toHaveClass('danger');
  });

  // A native <details>: the browser opens it from the keyboard too (the end-to-end suite checks that).
  it('keeps the masked arguments folded until a person opens them', async () => {
    render(<DecisionTable decisions={trail} />);
    const refused = screen.getByText('ACTION_NOT_ALLOWED: the order has shipped').closest('tr')!;
    const args = within(refused).getByText(/"confirmationToken": "\*\*\*"/);
    expect(args).not.toBeVisible();
    await userEvent.click(within(refused).getByText('Arguments'));
    expect(args).toBeVisible();
    expect(args).toHaveTextContent('"orderId": "ord_1009"');
  });

  it('lists calls whose step is not recorded yet on their own, so none is lost', () => {
    render(<DecisionTable decisions={trail} />);
    const pending = screen.getByRole('rowheader', { name: /step that has not finished/ }).closest('tbody')!;
    expect(within(pending).getAllByRole('row')).toHaveLength(2);
    expect(within(pending).getByText('crm.cancel_order').closest('tr')).toHaveTextContent('by deliver');
  });
});
