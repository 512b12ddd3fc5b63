// The API client: problem documents become errors people can act on; an expired session signs out.
import { describe, expect, it } from 'vitest';
import { fakeDesk, staff } from '../testing/responses.js';
import { ApiClient, ApiError, describeError } from './client.js';

describe('api client', () => {
  it('sends the bearer token and an idempotency key, and turns a problem document into an ApiError', async () => {
    const desk = fakeDesk(
      {
        'POST /v1/approvals/a1/answer': {
          status: 409,
          body: { code: 'APPROVAL_ALREADY_ANSWERED', detail: 'Already answered' },
        },
      },
      staff('approver'),
    );
    const error = await desk.client
      .post('/v1/approvals/a1/answer', { decision: 'approve' }, 'key-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'APPROVAL_ALREADY_ANSWERED',
      message: 'Already answered',
    });
    expect(desk.requests[0]!.headers).toMatchObject({
      authorization: 'Bearer test-token',
      'idempotency-key': 'key-1',
    });
  });

  it('signs the person out when the API says the session is no longer valid', async () => {
    const desk = fakeDesk(
      { 'GET /v1/me': { status: 401, body: { code: 'UNAUTHENTICATED', detail: 'expired' } } },
      staff('agent'),
    );
    const error = await desk.client.get('/v1/me').catch((e: unknown) => e);
    expect(desk.unauthenticated()).toBe(1);
    expect(describeError(error)).toBe('Your session has expired. Please sign in again.');
  });

  it('says the desk is unreachable when the request never gets an answer', async () => {
    const client = new ApiClient(
      () => undefined,
      undefined,
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    const error = await client.get('/v1/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ unreachable: true });
    expect(describeError(error)).toMatch(/not answering/);
  });
});
