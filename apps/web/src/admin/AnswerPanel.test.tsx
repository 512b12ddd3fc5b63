// @vitest-environment jsdom
// The answer panel: only the roles an approval names see the buttons; a rejection needs feedback and sends it.
import '../testing/setup.js';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ApprovalDetail } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { AnswerPanel } from './AnswerPanel.js';

const approval: ApprovalDetail = {
  id: 'apr_1',
  kind: 'review',
  reason: 'Refund above $500',
  threadId: 'th_1',
  requestId: 'req_1',
  customerId: 'cus_01',
  allowedRoles: ['approver', 'admin'],
  createdAt: new Date().toISOString(),
  deadline: new Date(Date.now() + 3_600_000).toISOString(),
  overdue: false,
  ageSeconds: 60,
  escalationLevel: 0,
  status: 'pending',
  reasons: ['amount 749.00 over the 500 limit'],
  proposedAction: {
    kind: 'refund',
    id: 'act_1',
    orderId: 'ord_1',
    amountMinor: 74_900,
    currency: 'USD',
    reason: 'damaged',
  },
  proposedReply: 'We have refunded $749.00.',
  customer: { id: 'cus_01' },
  orders: [],
  messages: [],
  sources: [],
  decisions: [],
};

describe('answer panel', () => {
  it('shows no answer buttons to a role the approval does not name', () => {
    const desk = fakeDesk({}, staff('agent', 'sam'));
    render(
      <AnswerPanel client={desk.client} approval={approval} role="agent" onAnswered={() => undefined} />,
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.getByText(/Only approver or admin may answer this/)).toBeInTheDocument();
  });

  it('sends a rejection with the feedback typed, and only once feedback is given', async () => {
    const desk = fakeDesk(
      { 'POST /v1/approvals/apr_1/answer': { status: 202, body: { runStatus: 'running' } } },
      staff('approver'),
    );
    const answered = vi.fn();
    render(<AnswerPanel client={desk.client} approval={approval} role="approver" onAnswered={answered} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    const send = screen.getByRole('button', { name: 'Send feedback' });
    expect(send).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Feedback for the agents/), 'Offer store credit instead');
    await userEvent.click(send);
    expect(desk.requests.at(-1)).toMatchObject({
      method: 'POST',
      body: { decision: 'reject', feedback: 'Offer store credit instead' },
    });
    expect(answered).toHaveBeenCalledWith('reject');
  });

  it('edits the refund amount in major units and sends the changed action', async () => {
    const desk = fakeDesk(
      { 'POST /v1/approvals/apr_1/answer': { status: 202, body: {} } },
      staff('approver'),
    );
    render(
      <AnswerPanel client={desk.client} approval={approval} role="approver" onAnswered={() => undefined} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const amount = screen.getByLabelText(/Refund amount/);
    await userEvent.clear(amount);
    await userEvent.type(amount, '500');
    await userEvent.click(screen.getByRole('button', { name: 'Save and approve' }));
    expect(desk.requests.at(-1)!.body).toMatchObject({
      decision: 'edit',
      reply: 'We have refunded $749.00.',
      action: { kind: 'refund', orderId: 'ord_1', amountMinor: 50_000 },
    });
  });

  it('shows the API’s refusal instead of pretending the answer went through', async () => {
    const desk = fakeDesk(
      {
        'POST /v1/approvals/apr_1/answer': {
          status: 409,
          body: { code: 'APPROVAL_ALREADY_ANSWERED', detail: 'Someone answered first' },
        },
      },
      staff('approver'),
    );
    const answered = vi.fn();
    render(<AnswerPanel client={desk.client} approval={approval} role="approver" onAnswered={answered} />);
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Someone answered first');
    expect(answered).not.toHaveBeenCalled();
  });

  it('opens ready to answer from the inbox shortcuts: Approve focused for a, the edit form for e', async () => {
    const desk = fakeDesk(
      { 'POST /v1/approvals/apr_1/answer': { status: 202, body: { runStatus: 'running' } } },
      staff('approver'),
    );
    const answered = vi.fn();
    window.history.pushState(null, '', '/admin/approvals/apr_1#approve');
    const first = render(
      <AnswerPanel client={desk.client} approval={approval} role="approver" onAnswered={answered} />,
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => answered.mock.calls).toEqual([['approve']]);
    first.unmount();

    window.history.pushState(null, '', '/admin/approvals/apr_1#edit');
    render(<AnswerPanel client={desk.client} approval={approval} role="approver" onAnswered={answered} />);
    expect(screen.getByRole('form', { name: 'edit form' })).toBeInTheDocument();
    expect(screen.getByLabelText('Edited reply (optional)')).toHaveValue('We have refunded $749.00.');
    expect(screen.getByRole('button', { name: 'Approve' })).not.toHaveFocus();
    window.history.pushState(null, '', '/');
  });
});
