// @vitest-environment jsdom
// An approval of an account change the customer confirmed: the page says which change, on which order, and
// the exact statement the customer said yes to; the answers say what each one does to the change, and an
// edit sends only a new message, never a changed action (the API holds the desk to the confirmed change).
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApprovalDetail, ProposedAction } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { ApprovalView } from './ApprovalView.js';

const statement =
  'Cancel order ord_1009 (1 × Waxed Canvas Field Jacket), which is shipped, and refund $198.00 to the original payment method.';

/** As `frontdesk ask --customer cus_04 "Please cancel my order ord_1009"`, then "yes please", leaves it. */
const approval = (proposedAction: ProposedAction): ApprovalDetail => ({
  id: 'apr_e058c5e9b67cf4b3',
  kind: 'review',
  reason: 'The order has already shipped, so cancelling it needs an approver.',
  threadId: 'th_1',
  requestId: 'req_2',
  customerId: 'cus_04',
  allowedRoles: ['approver', 'admin'],
  createdAt: new Date().toISOString(),
  deadline: new Date(Date.now() + 86_400_000).toISOString(),
  overdue: false,
  ageSeconds: 30,
  escalationLevel: 0,
  status: 'pending',
  reasons: [
    'The order has already shipped, so cancelling it needs an approver.',
    `The customer confirmed: ${statement}`,
  ],
  proposedAction,
  proposedReply: `Hi Daniel,\n\nA member of our team has approved your request, and we're making the change you confirmed: ${statement}`,
  customer: { id: 'cus_04', name: 'Daniel Okafor', tier: 'standard' },
  orders: [
    { id: 'ord_1008', status: 'delivered', totalMinor: 4_500, currency: 'USD' },
    { id: 'ord_1009', status: 'shipped', totalMinor: 19_800, currency: 'USD' },
  ],
  messages: [
    {
      id: 'm1',
      role: 'customer',
      text: 'Please cancel my order ord_1009',
      createdAt: new Date().toISOString(),
    },
    { id: 'm3', role: 'customer', text: 'yes please', createdAt: new Date().toISOString() },
  ],
  sources: [],
  decisions: [],
});

const cancel: ProposedAction = {
  kind: 'cancel_order',
  id: 'cancel_order-ord_1009',
  orderId: 'ord_1009',
  reason: "at the customer's request",
  statement,
};

function open(detail: ApprovalDetail) {
  const desk = fakeDesk(
    {
      [`GET /v1/approvals/${detail.id}`]: { body: detail },
      [`POST /v1/approvals/${detail.id}/answer`]: { status: 202, body: { runStatus: 'running' } },
    },
    staff('approver'),
  );
  render(<ApprovalView client={desk.client} session={staff('approver')} approvalId={detail.id} />);
  return desk;
}

describe('approval of a confirmed account change', () => {
  it('shows the change, its order and the exact statement the customer confirmed', async () => {
    open(approval(cancel));
    const proposed = await screen.findByRole('region', { name: 'Proposed' });
    expect(within(proposed).getByText('Cancel the order')).toBeInTheDocument();
    const facts = proposed.querySelector('.account-change dl')!;
    expect(facts).toHaveTextContent('Orderord_1009');
    expect(facts).toHaveTextContent("Reasonat the customer's request");
    const confirmed = within(proposed)
      .getByText('The customer confirmed exactly this change:')
      .closest('figure')!;
    expect(within(confirmed).getByText(statement)).toBeInTheDocument();
    expect(
      within(proposed).getByRole('heading', { name: 'Message to the customer once approved' }),
    ).toBeVisible();
    // The order the change is about is picked out among the customer's orders.
    const order = screen.getByText('ord_1009', { selector: '.orders strong' }).closest('li')!;
    expect(order).toHaveClass('highlight');
    expect(order).toHaveTextContent('in this request');
  });

  it('says why the change itself cannot be edited, and edits only the message', async () => {
    const desk = open(approval(cancel));
    const answers = await screen.findByRole('group', { name: 'Answer this approval' });
    expect(answers).toHaveAccessibleDescription(/change itself can't be edited/);
    await userEvent.click(within(answers).getByRole('button', { name: 'Edit message' }));
    expect(screen.queryByLabelText(/Refund amount/)).not.toBeInTheDocument();
    const message = screen.getByLabelText(/Message the customer gets when the change is made/);
    await userEvent.clear(message);
    const send = screen.getByRole('button', { name: 'Approve with this message' });
    expect(send).toBeDisabled();
    await userEvent.type(message, 'Hi Daniel, approved: your jacket order is cancelled.');
    await userEvent.click(send);
    const sent = desk.requests.find((r) => r.method === 'POST')!;
    expect(sent.path).toBe('/v1/approvals/apr_e058c5e9b67cf4b3/answer');
    expect(sent.body).toEqual({
      decision: 'edit',
      reply: 'Hi Daniel, approved: your jacket order is cancelled.',
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Answered (edit)');
  });

  it('tells the approver a rejection reason goes to the customer and nothing changes', async () => {
    const desk = open(approval(cancel));
    await userEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    await userEvent.type(
      screen.getByLabelText(/Why it is not approved \(the customer is told; nothing is changed\)/),
      'the parcel is already with the courier; please return it when it arrives',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reject and tell the customer' }));
    expect(desk.requests.find((r) => r.method === 'POST')!.body).toEqual({
      decision: 'reject',
      feedback: 'the parcel is already with the courier; please return it when it arrives',
    });
  });

  it.each<[string, ProposedAction, RegExp[]]>([
    [
      'a new delivery address',
      {
        kind: 'change_address',
        id: 'change_address-ord_1010',
        orderId: 'ord_1010',
        address: { line1: '12 High St', city: 'Leeds', region: 'Leeds', postcode: 'LS1 4AB', country: 'GB' },
        statement: 'Change the delivery address of order ord_1010 to 12 High St, Leeds LS1 4AB, GB.',
      },
      [/Change the delivery address/, /New address12 High St, Leeds, Leeds LS1 4AB, GB/],
    ],
    [
      'a return with its lines',
      {
        kind: 'return_or_exchange',
        id: 'return_or_exchange-ord_1004',
        orderId: 'ord_1004',
        type: 'return',
        items: [{ sku: 'JKT-CANVAS-M', quantity: 1 }],
        reason: "at the customer's request",
        statement: 'Return 1 × Waxed Canvas Field Jacket from order ord_1004 for a refund of $198.00.',
      },
      [/Return items from the order/, /Items1 × JKT-CANVAS-M/],
    ],
    [
      'a goodwill credit with its amount',
      {
        kind: 'goodwill_credit',
        id: 'goodwill_credit-1',
        amountMinor: 2_500,
        currency: 'USD',
        reason: 'late delivery',
        statement: 'Add a credit of $25.00 to your account.',
      },
      [/Credit the customer’s account/, /Amount\$25\.00/],
    ],
  ])('shows %s and its statement', async (_name, action, shown) => {
    open(approval(action));
    const proposed = await screen.findByRole('region', { name: 'Proposed' });
    for (const text of shown) expect(proposed).toHaveTextContent(text);
    const confirmed = within(proposed).getByText('The customer confirmed exactly this change:');
    expect(confirmed.closest('figure')).toHaveTextContent((action as { statement: string }).statement);
  });
});
