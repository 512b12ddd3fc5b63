// @vitest-environment jsdom
// The "waiting on approval" view: each approval by the customer's name with their latest message and the
// conversation's priority, its reason as a category with the amount as a detail (the whole reason on hover),
// linking to the approval.
import '../testing/setup.js';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApprovalSummary } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { ApprovalQueue } from './ApprovalQueue.js';

const approval = (id: string, amount: string, customerName: string): ApprovalSummary => ({
  id,
  kind: 'review',
  reason: `A refund of ${amount} is over the $500.00 limit.`,
  category: 'A refund is over the limit.',
  detail: amount,
  threadId: `th_${id}`,
  requestId: `req_${id}`,
  customerId: `cus_${id}`,
  customerName,
  allowedRoles: ['approver', 'admin'],
  createdAt: new Date().toISOString(),
  deadline: new Date(Date.now() + 3_600_000).toISOString(),
  overdue: false,
  ageSeconds: 90,
  escalationLevel: 0,
});

describe('the approval queue', () => {
  it('lists approvals by customer name, latest message, priority and reason category, the amount as a detail', async () => {
    const approvals = [approval('1', '$749.00', 'Emma Lindqvist'), approval('2', '$612.50', 'Daniel Reyes')];
    const desk = fakeDesk(
      {
        'GET /v1/approvals': { body: { approvals } },
        // Only the first approval's conversation is known to the inbox here.
        'GET /v1/inbox': {
          body: {
            conversations: [{ threadId: 'th_1', priority: 'high', urgency: 7, preview: 'Yes please' }],
          },
        },
      },
      staff('approver'),
    );
    render(<ApprovalQueue client={desk.client} session={staff('approver')} />);
    const links = await screen.findAllByRole('link', { name: 'A refund is over the limit.' });
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/admin/approvals/1', '/admin/approvals/2']);
    const first = links[0]!.closest('tr')!;
    expect(first).toHaveTextContent('$749.00');
    expect(first).toHaveTextContent('Emma Lindqvist');
    expect(first).not.toHaveTextContent('cus_1');
    expect(first).toHaveTextContent('Yes please');
    expect(first).toHaveTextContent('high (7/10)');
    expect(links[1]!.closest('tr')).not.toHaveTextContent('(7/10)');
    expect(desk.requests.some((r) => r.path.startsWith('/v1/inbox?view=approvals'))).toBe(true);
    expect(links[0]!.closest('td')).toHaveAttribute(
      'title',
      'A refund of $749.00 is over the $500.00 limit.',
    );
  });
});
