// @vitest-environment jsdom
// One conversation taken over: the customer by name, who holds it; a canned reply inserted, edited by the
// person and sent (the customer is told they are typing); canned replies edited for the team; an internal
// note; the hand-back with its summary. Someone who does not hold it can only claim it.
import '../testing/setup.js';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { api } from '@frontdesk/contracts';
import { fakeDesk, staff } from '../testing/responses.js';
import { Takeover } from './Takeover.js';

const base = '/v1/conversations/th_1';
const conversation: api.Conversation = {
  id: 'th_1',
  customerId: 'cus_04',
  customerName: 'Daniel Reyes',
  status: 'with_person',
  createdAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:05:00.000Z',
  messages: [
    { id: 'm1', role: 'customer', text: "I can't log in", createdAt: '2026-12-05T10:00:00.000Z' },
    {
      id: 'm2',
      role: 'human',
      text: 'Let me look.',
      createdAt: '2026-12-05T10:01:00.000Z',
      from: 'Sam from support',
    },
  ],
  requests: [],
};
const heldBy = (holder: string | null): api.Assignment => ({
  threadId: 'th_1',
  holder,
  displayName: holder ? `${holder[0]!.toUpperCase()}${holder.slice(1)} from support` : null,
  claimedAt: holder ? '2026-12-05T10:00:30.000Z' : null,
});
const canned: api.CannedReply = {
  id: 'can_1',
  title: 'Reset link',
  body: 'Here is your reset link.',
  updatedBy: 'kim',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

function deskHeldBy(holder: string | null) {
  return fakeDesk(
    {
      [`GET ${base}`]: { body: conversation },
      [`GET ${base}/assignment`]: { body: heldBy(holder) },
      [`GET ${base}/notes`]: {
        body: {
          notes: [
            {
              id: 'n1',
              threadId: 'th_1',
              author: 'kim',
              kind: 'note',
              text: 'VIP, be quick',
              createdAt: '2026-12-05T10:02:00.000Z',
            },
          ],
        },
      },
      'GET /v1/canned-replies': { body: { cannedReplies: [canned] } },
      [`POST ${base}/replies`]: { status: 201, body: {} },
      [`POST ${base}/typing`]: { status: 204 },
      [`POST ${base}/notes`]: { status: 201, body: {} },
      [`POST ${base}/hand-back`]: { body: { ...heldBy(null), inThreadState: true } },
      [`POST ${base}/claim`]: { body: heldBy('sam') },
      'PUT /v1/canned-replies/can_1': { body: canned },
    },
    staff('agent', 'sam'),
  );
}

const posted = (desk: ReturnType<typeof fakeDesk>, path: string) =>
  desk.requests.filter((r) => r.method !== 'GET' && r.path === path).map((r) => r.body);

describe('a conversation taken over', () => {
  it('replies with a canned reply the person edited, keeps a note, and hands back with a summary', async () => {
    const desk = deskHeldBy('sam');
    render(<Takeover client={desk.client} session={staff('agent', 'sam')} threadId="th_1" />);
    expect(
      await screen.findByRole('heading', { name: 'Conversation with Daniel Reyes' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Who holds it')).toHaveTextContent('Held by you');
    expect(screen.getByText('Sam from support')).toBeInTheDocument();

    const reply = screen.getByLabelText(/Your reply \(the customer sees it from Sam from support\)/);
    const picker = await screen.findByLabelText('Canned reply');
    // The canned replies load apart from the conversation: pick one once it is listed.
    await within(picker).findByRole('option', { name: canned.title });
    await userEvent.selectOptions(picker, 'can_1');
    await userEvent.click(screen.getByRole('button', { name: 'Insert' }));
    expect(reply).toHaveValue('Here is your reset link.');
    await userEvent.type(reply, ' It works for 24 hours.');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await expect
      .poll(() => posted(desk, `${base}/replies`))
      .toEqual([{ text: 'Here is your reset link. It works for 24 hours.' }]);
    // Typing told the customer that the person is typing.
    expect(posted(desk, `${base}/typing`).length).toBeGreaterThan(0);

    const notes = screen.getByRole('region', { name: 'Internal notes' });
    expect(within(notes).getByText(/VIP, be quick/)).toBeInTheDocument();
    fireEvent.change(within(notes).getByLabelText('Add a note'), { target: { value: 'Offered a call' } });
    await userEvent.click(within(notes).getByRole('button', { name: 'Add note' }));
    await expect.poll(() => posted(desk, `${base}/notes`)).toEqual([{ text: 'Offered a call' }]);

    fireEvent.change(screen.getByLabelText('Summary for the agents'), {
      target: { value: 'Account unlocked' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Hand back' }));
    await expect.poll(() => posted(desk, `${base}/hand-back`)).toEqual([{ summary: 'Account unlocked' }]);
  });

  it('edits a canned reply for the whole team', async () => {
    const desk = deskHeldBy('sam');
    render(<Takeover client={desk.client} session={staff('agent', 'sam')} threadId="th_1" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Manage canned replies' }));
    const editor = screen.getByLabelText('Canned replies');
    await within(editor).findByText('Reset link');
    await userEvent.click(within(editor).getByRole('button', { name: 'Edit' }));
    const text = within(editor).getByLabelText('Text');
    expect(text).toHaveValue('Here is your reset link.');
    fireEvent.change(text, { target: { value: 'Here is a new reset link.' } });
    await userEvent.click(within(editor).getByRole('button', { name: 'Save changes' }));
    await expect
      .poll(() => posted(desk, '/v1/canned-replies/can_1'))
      .toEqual([{ title: 'Reset link', body: 'Here is a new reset link.' }]);
  });

  it('offers only a claim to someone who does not hold it', async () => {
    const desk = deskHeldBy('kim');
    render(<Takeover client={desk.client} session={staff('agent', 'sam')} threadId="th_1" />);
    expect(await screen.findByLabelText('Who holds it')).toHaveTextContent('Held by kim');
    expect(screen.queryByRole('button', { name: 'Send reply' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Hand back' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Claim' }));
    await expect.poll(() => posted(desk, `${base}/claim`)).toEqual([{}]);
  });
});
