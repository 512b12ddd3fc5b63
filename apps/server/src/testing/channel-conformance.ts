// Test support: the channel port's conformance suite (channels/port.ts), one function run against every
// customer channel adapter: what `deliver` answers for a conversation it does not carry and for one it does,
// that a reply delivered again (the event bus delivers at least once) is sent once, and start/close.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, OutboundReply } from '../channels/port.js';

export interface ChannelUnderTest {
  readonly channel: Channel;
  /** A new conversation this channel carries (a customer wrote in through it). */
  carriedConversation(): Promise<{ tenantId: string; conversationId: string; customerId?: string }>;
  /** The texts the outside world received on a conversation so far. */
  sent(conversationId: string): Promise<string[]>;
  /** Waits until whatever the channel queued has been sent (or has failed for good). */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

const replyOn = (
  where: { tenantId: string; conversationId: string; customerId?: string },
  text: string,
): OutboundReply => {
  const requestId = `req_${randomUUID()}`;
  return {
    tenantId: where.tenantId,
    conversationId: where.conversationId,
    requestId,
    customerId: where.customerId,
    messageId: `${requestId}:reply`,
    text,
  };
};

export function channelConformance(name: string, open: () => Promise<ChannelUnderTest>): void {
  describe(`channel port: ${name}`, () => {
    let under: ChannelUnderTest;
    beforeAll(async () => {
      under = await open();
      await under.channel.start();
      // A whole runtime starts behind most adapters; on a busy machine that takes a while.
    }, 300_000);
    afterAll(async () => under?.dispose());

    it('has a name', () => {
      expect(under.channel.name).toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it('answers not-mine for a conversation it does not carry, and sends nothing on it', async () => {
      const elsewhere = { tenantId: 'demo', conversationId: `th_${randomUUID()}` };
      expect(await under.channel.deliver(replyOn(elsewhere, 'Not for this channel.'))).toBe('not-mine');
      await under.settle();
      expect(await under.sent(elsewhere.conversationId)).toEqual([]);
    });

    it('sends a reply on a conversation it carries once, however often it is delivered', async () => {
      const carried = await under.carriedConversation();
      const reply = replyOn(carried, `Your refund is on its way. (${randomUUID()})`);
      expect(await under.channel.deliver(reply)).toBe('queued');
      expect(await under.channel.deliver(reply)).toBe('queued');
      await under.settle();
      expect(await under.channel.deliver(reply)).toBe('queued');
      await under.settle();
      const sent = await under.sent(carried.conversationId);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain(reply.text);
    });

    it('sends each different reply on the conversation', async () => {
      const carried = await under.carriedConversation();
      const first = replyOn(carried, 'First answer.');
      const second = replyOn(carried, 'Second answer.');
      await under.channel.deliver(first);
      await under.channel.deliver(second);
      await under.settle();
      const sent = await under.sent(carried.conversationId);
      expect(sent).toHaveLength(2);
      expect(sent.join('\n')).toContain('Second answer.');
    });

    it('closes, and closing again changes nothing', async () => {
      await under.channel.close();
      await expect(under.channel.close()).resolves.toBeUndefined();
    });
  });
}
