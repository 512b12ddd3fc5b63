// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
// `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>")>`, and a
// `X-Slack-Request-Timestamp` within five minutes, so a captured request cannot be replayed later.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeskError } from '../../errors.js';

export const SLACK_TOLERANCE_SECONDS = 300;

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Throws SLACK_SIGNATURE_INVALID (with the reason) unless the request is Slack's and recent. */
export function verifySlackRequest(
  secret: string,
  request: { body: string; timestamp: string | undefined; signature: string | undefined },
  now: Date = new Date(),
): void {
  const { body, timestamp, signature } = request;
  if (!timestamp || !signature) {
    throw new DeskError('SLACK_SIGNATURE_INVALID', 'The Slack signature headers are missing', {
      reason: 'missing',
    });
  }
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now.getTime() / 1000 - seconds) > SLACK_TOLERANCE_SECONDS) {
    throw new DeskError(
      'SLACK_SIGNATURE_INVALID',
      'The Slack request timestamp is outside the five-minute window',
      {
        reason: 'stale',
      },
    );
  }
  const expected = slackSignature(secret, timestamp, body);
  if (
    signature.length !== expected.length ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    throw new DeskError('SLACK_SIGNATURE_INVALID', 'The Slack signature does not match', {
      reason: 'mismatch',
    });
  }
}
