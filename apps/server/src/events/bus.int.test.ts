// Both event-bus adapters against the one contract: in-process always, JetStream on the NATS server this
// machine runs (its own random prefix, streams deleted afterwards).
import { beforeAll } from 'vitest';
import { createLogger } from '../logger.js';
import { eventBusConformance } from '../testing/event-bus-conformance.js';
import { deleteStreams, natsSkipReason, randomEventsPrefix, testNatsUrl } from '../testing/nats.js';
import { InProcessEventBus } from './in-process.js';
import { JetStreamEventBus } from './jetstream.js';

eventBusConformance('in-process', (options) => {
  const bus = new InProcessEventBus(options);
  return Promise.resolve({ bus, close: () => bus.close() });
});

let natsMissing: string | undefined;
beforeAll(async () => {
  natsMissing = await natsSkipReason();
});

eventBusConformance(
  'NATS JetStream',
  async (options) => {
    const prefix = randomEventsPrefix('bus');
    const bus = await JetStreamEventBus.open({
      servers: testNatsUrl,
      prefix,
      logger: createLogger('silent'),
      ...options,
    });
    return {
      bus,
      close: async () => {
        await bus.close();
        await deleteStreams(prefix);
      },
    };
  },
  () => natsMissing,
);
