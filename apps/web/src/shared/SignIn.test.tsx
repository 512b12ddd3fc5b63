// @vitest-environment jsdom
// Sign-in: in development the demo users of the area are listed and one click signs in; without the
// development sign-in a token can be pasted.
import '../testing/setup.js';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeDesk } from '../testing/responses.js';
import { SignIn } from './SignIn.js';

const users = [
  { sub: 'sam', role: 'agent', name: 'Sam (support agent)' },
  { sub: 'ana', role: 'approver', name: 'Ana (approver)' },
  { sub: 'cus_01', role: 'customer', name: 'customer cus_01' },
];

describe('sign-in', () => {
  it("lists only the area's demo users and signs in as the one picked", async () => {
    const desk = fakeDesk({
      'GET /v1/auth/demo-users': { body: { users } },
      'POST /v1/auth/dev-token': ({ body }) => ({
        body: { token: 'tok', tokenType: 'Bearer', expiresAt: '2099-01-01T00:00:00Z', ...(body as object) },
      }),
    });
    const signedIn = vi.fn();
    render(
      <SignIn roles={['approver', 'agent']} title="Dashboard" onSignedIn={signedIn} client={desk.client} />,
    );
    const picker = await screen.findByLabelText('Demo user');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Sam (support agent) (sam)',
      'Ana (approver) (ana)',
    ]);
    await userEvent.selectOptions(picker, 'approver:ana');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signedIn).toHaveBeenCalledWith({
      token: 'tok',
      role: 'approver',
      sub: 'ana',
      expiresAt: '2099-01-01T00:00:00Z',
      name: 'Ana (approver)',
    });
  });

  it('offers to paste a token when development sign-in is off, and explains a session that expired', async () => {
    const desk = fakeDesk({});
    render(
      <SignIn
        roles={['customer']}
        title="Portal"
        notice="Your session has expired."
        onSignedIn={() => undefined}
        client={desk.client}
      />,
    );
    expect(await screen.findByLabelText('Access token')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Your session has expired.');
  });
});
