// @vitest-environment jsdom
// Mail and webhooks: parked email with its reason, dead webhook deliveries re-sent by an administrator.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeDesk, staff } from '../testing/responses.js';
import { Channels } from './Channels.js';

const parked = {
  id: 'eml_1',
  direction: 'in',
  status: 'parked',
  reason: 'The email has no text to answer (only an attachment)',
  messageId: '<m1@example.com>',
  address: 'jo@example.com',
  subject: 'Invoice',
  threadId: null,
  sizeBytes: 5100,
  attempts: 0,
  lastError: null,
  createdAt: '2026-11-20T10:00:00.000Z',
};

const dead = {
  id: 'dlv_1',
  subscriptionId: 'whk_1',
  eventId: 'evt_1',
  topic: 'agent.actions',
  eventType: 'agent.decided',
  status: 'dead',
  attempts: 5,
  lastStatus: 503,
  lastError: 'Service Unavailable',
  createdAt: '2026-11-20T10:00:00.000Z',
  deliveredAt: null,
};

describe('mail and webhooks', () => {
  it('lists parked email with why, and re-sends a dead delivery', async () => {
    let deliveries = [dead];
    const desk = fakeDesk(
      {
        'GET /v1/channels/email/attention': { body: { emails: [parked] } },
        'GET /v1/webhooks/deliveries': () => ({ body: { deliveries } }),
        'POST /v1/webhooks/deliveries/dlv_1/resend': () => {
          deliveries = [];
          return { status: 202, body: { ...dead, status: 'pending', attempts: 0 } };
        },
      },
      staff('admin', 'root'),
    );
    render(<Channels client={desk.client} session={staff('admin', 'root')} />);
    const mail = await screen.findByRole('region', { name: 'Parked and failed email' });
    expect(within(mail).getByText(/only an attachment/)).toBeInTheDocument();
    expect(within(mail).getByText('From jo@example.com')).toBeInTheDocument();
    const letters = await screen.findByRole('region', { name: 'Dead webhook deliveries' });
    expect(within(letters).getByText(/HTTP 503 — Service Unavailable/)).toBeInTheDocument();
    await userEvent.click(within(letters).getByRole('button', { name: 'Send again' }));
    expect(await screen.findByText('No dead letters')).toBeInTheDocument();
    expect(desk.requests.some((r) => r.method === 'POST' && r.path.endsWith('/dlv_1/resend'))).toBe(true);
    expect(desk.requests.find((r) => r.path.startsWith('/v1/webhooks/deliveries?'))?.path).toContain(
      'status=dead',
    );
  });

  it('does not offer dead letters to an agent', async () => {
    const desk = fakeDesk({ 'GET /v1/channels/email/attention': { body: { emails: [] } } }, staff('agent'));
    render(<Channels client={desk.client} session={staff('agent')} />);
    expect(await screen.findByText('Nothing parked')).toBeInTheDocument();
    expect(screen.getByText(/Only administrators can see and re-send/)).toBeInTheDocument();
    expect(desk.requests.some((r) => r.path.startsWith('/v1/webhooks'))).toBe(false);
  });
});
