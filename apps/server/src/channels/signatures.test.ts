import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackRequest } from './slack/signature.js';
import { signatureHeader, verifySignature } from './webhooks/signature.js';

describe('outbound webhook signatures', () => {
  const at = new Date('2026-12-05T03:00:00Z');

  it('verifies a signature made with the same secret over the same body', () => {
    const header = signatureHeader('whsec_a', '{"id":1}', at);
    expect(header).toMatch(/^t=1796439600,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_a', '{"id":1}', header, { now: at })).toBe(true);
  });

  it('refuses another secret, a changed body and an old timestamp', () => {
    const header = signatureHeader('whsec_a', '{"id":1}', at);
    expect(verifySignature('whsec_b', '{"id":1}', header, { now: at })).toBe(false);
    expect(verifySignature('whsec_a', '{"id":2}', header, { now: at })).toBe(false);
    expect(verifySignature('whsec_a', '{"id":1}', header, { now: new Date(at.getTime() + 301_000) })).toBe(
      false,
    );
    expect(verifySignature('whsec_a', '{"id":1}', 'garbage', { now: at })).toBe(false);
  });
});

describe('Slack request signatures', () => {
  const now = new Date('2026-12-05T03:00:00Z');
  const timestamp = String(now.getTime() / 1000);

  it("matches Slack's documented example", () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', '1531420618', body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('refuses a missing, wrong or stale signature with SLACK_SIGNATURE_INVALID', () => {
    const body = 'payload=%7B%7D';
    const good = { body, timestamp, signature: slackSignature('s3cret', timestamp, body) };
    expect(() => verifySlackRequest('s3cret', good, now)).not.toThrow();
    for (const request of [
      { ...good, signature: undefined },
      { ...good, signature: slackSignature('other', timestamp, body) },
      { ...good, body: 'payload=%7B%7D&x=1' },
    ]) {
      expect(() => verifySlackRequest('s3cret', request, now)).toThrow(
        expect.objectContaining({ code: 'SLACK_SIGNATURE_INVALID' }),
      );
    }
    const old = String(now.getTime() / 1000 - 600);
    expect(() =>
      verifySlackRequest(
        's3cret',
        { body, timestamp: old, signature: slackSignature('s3cret', old, body) },
        now,
      ),
    ).toThrow(expect.objectContaining({ details: { reason: 'stale' } }));
  });
});
