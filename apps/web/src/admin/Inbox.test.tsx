// @vitest-environment jsdom
// The team inbox as a person triages it: rows with the customer's name, a preview, priority and urgency,
// the wait against the SLA and the hand-off reason as a category with its amount; every filter and the
// search reach the API; the keyboard moves, lists its shortcuts on ? and claims; bulk close.
import '../testing/setup.js';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { api } from '@frontdesk/contracts';
import { fakeDesk, staff } from '../testing/responses.js';
import { Inbox } from './Inbox.js';

const row = (threadId: string, customerName: string, extra: Partial<api.InboxRow> = {}): api.InboxRow => ({
  threadId,
  customerId: `cus_${threadId}`,
  customerName,
  customerEmail: `${customerName.split(' ')[0]!.toLowerCase()}@example.com`,
  status: 'escalated',
  subject: 'My espresso machine arrived damaged',
  preview: 'Yes please',
  holder: null,
  priority: 'high',
  urgency: 7,
  intent: 'refund_request',
  language: 'en',
  channel: 'web',
  handOff: null,
  waitingSince: '2026-12-05T10:00:00.000Z',
  waitingSeconds: 5_400,
  slaTargetMinutes: 60,
  slaBreached: true,
  ...extra,
});

const rows = [
  row('th_1', 'Emma Lindqvist', {
    handOff: { approvalId: 'apr_1', category: 'A refund is over the limit.', detail: '$749.00' },
  }),
  row('th_2', 'Daniel Reyes', {
    priority: 'low',
    urgency: 2,
    slaBreached: false,
    waitingSeconds: 120,
    slaTargetMinutes: 1440,
  }),
];

const inboxQueries = (requests: Array<{ method: string; path: string }>) =>
  requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/inbox?')).map((r) => r.path);

afterEach(() => window.history.pushState(null, '', '/'));

describe('the team inbox', () => {
  it('shows each conversation as a person triages it', async () => {
    const desk = fakeDesk({ 'GET /v1/inbox': { body: { conversations: rows } } }, staff('agent', 'sam'));
    render(<Inbox client={desk.client} session={staff('agent', 'sam')} view="unassigned" />);
    const emma = (await screen.findByRole('link', { name: 'Emma Lindqvist' })).closest('tr')!;
    const cells = within(emma);
    expect(cells.getByText('emma@example.com')).toBeInTheDocument();
    expect(cells.getByText('Yes please')).toBeInTheDocument();
    expect(emma).toHaveTextContent('high (7/10)');
    expect(emma).toHaveTextContent('target 1 h — breached');
    expect(cells.getByText('A refund is over the limit.', { exact: false })).toBeInTheDocument();
    expect(cells.getByText('$749.00')).toBeInTheDocument();
    const daniel = (await screen.findByRole('link', { name: 'Daniel Reyes' })).closest('tr')!;
    expect(daniel).not.toHaveTextContent('breached');
    expect(inboxQueries(desk.requests)[0]).toContain('view=unassigned');
  });

  it('sends every filter and the search to the API', async () => {
    const desk = fakeDesk({ 'GET /v1/inbox': { body: { conversations: rows } } }, staff('agent', 'sam'));
    render(<Inbox client={desk.client} session={staff('agent', 'sam')} view="all" />);
    await screen.findByRole('link', { name: 'Emma Lindqvist' });
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'escalated');
    await userEvent.selectOptions(screen.getByLabelText('Priority'), 'urgent');
    await userEvent.selectOptions(screen.getByLabelText('Channel'), 'email');
    fireEvent.change(screen.getByLabelText('Intent'), { target: { value: 'refund_request' } });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'es' } });
    await userEvent.click(screen.getByLabelText('SLA breached'));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'emma@example.com' },
    });
    await expect
      .poll(() => inboxQueries(desk.requests).at(-1))
      .toBe(
        '/v1/inbox?view=all&limit=100&q=emma%40example.com&status=escalated&priority=urgent' +
          '&intent=refund_request&language=es&channel=email&slaBreached=true',
      );
  });

  it('moves with j/k, lists the shortcuts on ?, and claims the selected conversation with c', async () => {
    const desk = fakeDesk(
      {
        'GET /v1/inbox': { body: { conversations: rows } },
        'POST /v1/conversations/th_2/claim': { body: { threadId: 'th_2', holder: 'sam' } },
      },
      staff('agent', 'sam'),
    );
    render(<Inbox client={desk.client} session={staff('agent', 'sam')} view="unassigned" />);
    await screen.findByRole('link', { name: 'Emma Lindqvist' });
    const selected = () => screen.getAllByRole('row').find((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected()).toHaveTextContent('Emma Lindqvist');
    await userEvent.keyboard('j');
    expect(selected()).toHaveTextContent('Daniel Reyes');
    await userEvent.keyboard('k');
    expect(selected()).toHaveTextContent('Emma Lindqvist');

    await userEvent.keyboard('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const key of ['j', 'k', 'c', 'r', 'a', 'e', '?']) {
      expect(within(help).getByText(key, { selector: 'kbd' })).toBeInTheDocument();
    }
    await userEvent.keyboard('?');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();

    // A key typed into a field is text, not a shortcut.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'j');
    expect(selected()).toHaveTextContent('Emma Lindqvist');
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    screen.getByRole('searchbox', { name: 'Search' }).blur();

    await userEvent.keyboard('j');
    await userEvent.keyboard('c');
    await expect
      .poll(() => desk.requests.some((r) => r.method === 'POST' && r.path.endsWith('/th_2/claim')))
      .toBe(true);
    await expect.poll(() => window.location.pathname).toBe('/admin/workspace/th_2');
  });

  it('opens the approval of the selected hand-off with a (approve) and e (edit)', async () => {
    const desk = fakeDesk({ 'GET /v1/inbox': { body: { conversations: rows } } }, staff('approver'));
    render(<Inbox client={desk.client} session={staff('approver')} view="all" />);
    await screen.findByRole('link', { name: 'Emma Lindqvist' });
    await userEvent.keyboard('a');
    expect(`${window.location.pathname}${window.location.hash}`).toBe('/admin/approvals/apr_1#approve');
    await userEvent.keyboard('e');
    expect(`${window.location.pathname}${window.location.hash}`).toBe('/admin/approvals/apr_1#edit');
  });

  it('closes the picked conversations in bulk', async () => {
    const desk = fakeDesk(
      {
        'GET /v1/inbox': { body: { conversations: rows } },
        'POST /v1/inbox/bulk': {
          body: {
            results: [
              { threadId: 'th_1', ok: true },
              { threadId: 'th_2', ok: true },
            ],
          },
        },
      },
      staff('approver'),
    );
    render(<Inbox client={desk.client} session={staff('approver')} view="all" />);
    await userEvent.click(await screen.findByLabelText('Pick Emma Lindqvist'));
    await userEvent.click(screen.getByLabelText('Pick Daniel Reyes'));
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(await screen.findByText('Closed: 2')).toBeInTheDocument();
    const bulk = desk.requests.find((r) => r.path === '/v1/inbox/bulk');
    expect(bulk?.body).toEqual({ threadIds: ['th_1', 'th_2'], action: 'close' });
  });
});
