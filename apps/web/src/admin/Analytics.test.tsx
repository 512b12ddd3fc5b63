// @vitest-environment jsdom
// Analytics over a chosen range: the figures of the whole range, and one request per period for the series.
import '../testing/setup.js';
import { fireEvent, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Analytics as Report } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { Analytics } from './Analytics.js';

const report: Report = {
  range: { from: '', to: '' },
  volumes: { conversations: 3, requests: 4, byOutcome: { delivered: 3, awaiting_approval: 1 } },
  automatedResolutionRate: 0.75,
  handoff: { rate: 0.25, reasons: { 'refund over limit': 1 } },
  approvals: { answered: 1, pending: 0, waitSeconds: { count: 1, p50: 60, p95: 60, p99: 60, mean: 60 } },
  latencyMsByAgent: { triage: { count: 4, p50: 20, p95: 40, p99: 40 } },
  spend: { inputTokens: 0, outputTokens: 0, costUsd: 0, recorded: false },
  csat: { responses: 2, average: 4.5 },
};

describe('analytics', () => {
  it('shows the figures of the chosen dates, with one column per day', async () => {
    const desk = fakeDesk({ 'GET /v1/analytics': { body: report } }, staff('approver'));
    render(<Analytics client={desk.client} session={staff('approver')} />);
    expect(await screen.findByText('75%')).toBeInTheDocument();
    expect(screen.getByText('4.5 / 5')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Range'), 'custom');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-03' } });
    await screen.findByRole('img', { name: 'Requests per period' });
    const whole = desk.requests.filter((r) =>
      r.path.includes('from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-04'),
    );
    expect(whole.length).toBeGreaterThan(0);
    const days = desk.requests.filter((r) =>
      r.path.includes('from=2026-03-02T00%3A00%3A00.000Z&to=2026-03-03T'),
    );
    expect(days).toHaveLength(1);
  });

  it('groups hand-off reasons as categories, with the amounts as a detail', async () => {
    const grouped: Report = {
      ...report,
      handoff: {
        rate: 0.5,
        reasons: { 'A refund is over the limit.': 2, 'The customer asks for a person': 1 },
        amounts: { 'A refund is over the limit.': ['$749.00', '$612.50'] },
      },
    };
    const desk = fakeDesk({ 'GET /v1/analytics': { body: grouped } }, staff('approver'));
    render(<Analytics client={desk.client} session={staff('approver')} />);
    const amounts = await screen.findByRole('definition');
    expect(amounts.parentElement).toHaveTextContent('A refund is over the limit.$749.00$612.50');
    expect(screen.getByRole('table', { name: 'Handoff reasons' })).toHaveTextContent(
      'A refund is over the limit.2',
    );
  });
});
