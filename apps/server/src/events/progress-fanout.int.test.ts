// The three live-progress fan-outs against one contract: in-process always; core NATS and Redis pub/sub on
// the servers this machine runs, each pair on its own random subject or channel.
import { beforeAll } from 'vitest';
import { createLogger } from '../logger.js';
import { natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { progressFanoutConformance } from '../testing/progress-fanout-conformance.js';
import { randomPrefix, redisSkipReason, testRedisUrl } from '../testing/redis.js';
import { InProcessProgressFanout } from './progress-fanout.js';
import { NatsProgressFanout } from './progress-nats.js';
import { RedisProgressFanout } from './progress-redis.js';

const logger = createLogger('silent');
let natsMissing: string | undefined;
let redisMissing: string | undefined;
beforeAll(async () => {
  natsMissing = await natsSkipReason();
  redisMissing = await redisSkipReason();
});

progressFanoutConformance('in-process', () => {
  const fanout = new InProcessProgressFanout<{ threadId: string; n: number }>();
  return Promise.resolve({ publisher: fanout, receiver: fanout, close: () => fanout.close() });
});

progressFanoutConformance(
  'core NATS',
  async () => {
    const subject = `${randomEventsPrefix('progress')}.progress.demo`;
    const publisher = await NatsProgressFanout.open<{ threadId: string; n: number }>({
      servers: testNatsUrl,
      subject,
      logger,
    });
    const receiver = await NatsProgressFanout.open<{ threadId: string; n: number }>({
      servers: testNatsUrl,
      subject,
      logger,
    });
    return {
      publisher,
      receiver,
      close: async () => void (await Promise.all([publisher.close(), receiver.close()])),
    };
  },
  () => natsMissing,
);

progressFanoutConformance(
  'Redis pub/sub',
  () => {
    const channel = `${randomPrefix('progress')}:progress:demo`;
    const publisher = new RedisProgressFanout<{ threadId: string; n: number }>({
      url: testRedisUrl,
      channel,
      logger,
    });
    const receiver = new RedisProgressFanout<{ threadId: string; n: number }>({
      url: testRedisUrl,
      channel,
      logger,
    });
    return Promise.resolve({
      publisher,
      receiver,
      close: async () => void (await Promise.all([publisher.close(), receiver.close()])),
    });
  },
  () => redisMissing,
);
