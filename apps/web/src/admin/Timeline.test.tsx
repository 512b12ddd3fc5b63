// @vitest-environment jsdom
// Conversations for support people: listed by subject, customer name, status and channel; a timeline that
// says what the agents decided in words, with the steps, tool calls and checkpoints behind a toggle.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { ConversationList, Timeline } from './Timeline.js';

const at = '2026-11-20T10:00:00.000Z';
const step = (id: string, agent: string, outcome: string, confidence = 1): Decision => ({
  id,
  requestId: 'req_1',
  conversationId: 'th_1',
  agent,
  kind: 'step',
  outcome,
  confidence,
  reasons: [],
  durationMs: 3,
  at,
});

describe('conversations for support people', () => {
  it('lists each conversation by what the customer wrote, their name, status and channel', async () => {
    const desk = fakeDesk(
      {
        'GET /v1/conversations': {
          body: {
            conversations: [
              {
                id: 'th_0123456789abcdef',
                customerId: 'cus_01',
                customerName: 'Alice Moreno',
                status: 'awaiting_approval',
                channel: 'email',
                subject: 'My espresso machine arrived damaged',
                preview: 'Yes please',
                previewRole: 'customer',
                createdAt: at,
                updatedAt: at,
              },
            ],
          },
        },
      },
      staff('agent'),
    );
    render(<ConversationList client={desk.client} session={staff('agent')} />);
    const link = await screen.findByRole('link', { name: 'My espresso machine arrived damaged' });
    expect(link).toHaveAttribute('href', '/admin/conversations/th_0123456789abcdef');
    const row = link.closest('tr')!;
    expect(within(row).getByText('Alice Moreno')).toBeInTheDocument();
    expect(within(row).getByText('Email')).toBeInTheDocument();
    expect(within(row).getByText('awaiting approval')).toBeInTheDocument();
    expect(within(row).getByText(/Customer: Yes please/)).toBeInTheDocument();
    expect(screen.queryByText(/th_0123/)).toBeNull();
    expect(screen.queryByText('cus_01')).toBeNull();
  });

  it("shows the agents' decisions in words, and the framework's steps only as technical details", async () => {
    const desk = fakeDesk(
      {
        'GET /v1/conversations/th_1': {
          body: {
            id: 'th_1',
            customerId: 'cus_01',
            status: 'delivered',
            createdAt: at,
            updatedAt: at,
            messages: [
              {
                id: 'm1',
                role: 'customer',
                text: 'How do I reset my password?',
                requestId: 'req_1',
                createdAt: at,
              },
              { id: 'm2', role: 'agent', text: 'Open Settings.', requestId: 'req_1', createdAt: at },
            ],
            requests: [{ id: 'req_1', runStatus: 'done', outcome: 'delivered', createdAt: at }],
          },
        },
        'GET /v1/customers/cus_01': { body: { id: 'cus_01', name: 'Alice Moreno' } },
        'GET /v1/threads/th_1/decisions': {
          body: {
            decisions: [
              step('d1', 'supervisor', 'route:triage'),
              step('d2', 'triage', 'account_help', 0.9),
              step('d3', '__start__', 'input'),
              step('d4', 'deliver', 'delivered'),
            ],
          },
        },
        'GET /v1/threads/th_1/history': {
          body: {
            checkpoints: [
              { checkpointId: 'cp1', step: -1, source: 'input', next: ['__start__'], createdAt: at },
            ],
          },
        },
      },
      staff('agent'),
    );
    render(<Timeline client={desk.client} session={staff('agent')} threadId="th_1" />);
    expect(
      await screen.findByRole('heading', { name: 'Conversation with Alice Moreno' }),
    ).toBeInTheDocument();
    const trail = screen.getByRole('list', { name: 'What the agents decided' });
    expect(
      within(trail)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace(/^\S+ /, '')),
    ).toEqual([
      'The supervisor passed the message to triage',
      'Triage read it as account help, 90% sure',
      'The reply was sent to the customer',
    ]);
    expect(screen.queryByText(/__start__/)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Checkpoints' })).toBeNull();

    const toggle = screen.getByRole('button', { name: 'Technical details' });
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('heading', { name: 'Checkpoints' })).toBeInTheDocument();
    expect(screen.getAllByText('__start__').length).toBeGreaterThan(0);
  });
});
