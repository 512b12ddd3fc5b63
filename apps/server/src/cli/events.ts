// `frontdesk events replay`: a topic's stored events from a sequence or a time on — from JetStream when NATS
// is configured, from the outbox otherwise — for rebuilding a projection or looking at what happened.
import { api, eventTopics, type EventTopic } from '@frontdesk/contracts';
import type { Command } from 'commander';
import type { ReplayFrom } from '../events/bus.js';
import { DeskError } from '../errors.js';
import type { ReplayedEvent, ReplayPage } from '../operations/index.js';
import { withDesk } from './context.js';
import type { DeskClient } from './desk-client.js';
import { emit } from './output.js';

interface ReplayOptions {
  topic: string;
  since?: string;
  from?: string;
  tenant?: string;
  json?: boolean;
}

const invalid = (field: string, message: string) =>
  new DeskError('VALIDATION_FAILED', `--${field} ${message}`, { fields: [{ field, message }] });

/** `--since` takes an ISO time or a span back from now (`90s`, `15m`, `2h`, `7d`). */
export function parseSince(text: string, now = Date.now()): Date {
  const span = /^(\d+)(s|m|h|d)$/.exec(text);
  if (span) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(span[1]) * unit);
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw invalid('since', 'must be an ISO time or a span such as 15m, 2h or 7d');
  return new Date(at);
}

function replayFrom(options: ReplayOptions): ReplayFrom {
  if (options.since !== undefined && options.from !== undefined) {
    throw invalid('from', 'and --since cannot be used together');
  }
  if (options.from !== undefined) {
    if (!/^\d+$/.test(options.from) || Number(options.from) < 1)
      throw invalid('from', 'must be a sequence ≥ 1');
    return { sequence: Number(options.from) };
  }
  return options.since !== undefined ? { since: parseSince(options.since) } : { sequence: 1 };
}

/** Through a running desk: page after page of its replay route until the topic has no more. */
async function replayThroughDesk(
  desk: DeskClient,
  topic: EventTopic,
  from: ReplayFrom,
  tenant: string | undefined,
): Promise<ReplayedEvent[]> {
  const replayed: ReplayedEvent[] = [];
  let start: ReplayFrom | undefined = from;
  while (start) {
    const query = new URLSearchParams({ topic, limit: String(api.MAX_REPLAY_PAGE) });
    if ('since' in start) query.set('since', start.since.toISOString());
    else query.set('from', String(start.sequence));
    if (tenant) query.set('tenant', tenant);
    const page = await desk.request<ReplayPage>('GET', `/v1/events/replay?${query.toString()}`);
    replayed.push(...page.events);
    start = page.nextFrom === undefined ? undefined : { sequence: page.nextFrom };
  }
  return replayed;
}

export function registerEvents(program: Command): void {
  const events = program.command('events').description('The event log (five topics)');
  events
    .command('replay')
    .description("Print a topic's stored events, oldest first, from a sequence or a time on")
    .requiredOption('--topic <topic>', `one of ${eventTopics.join(', ')}`)
    .option('--since <time>', 'an ISO time, or a span back from now such as 15m, 2h or 7d')
    .option('--from <sequence>', 'the first sequence to print')
    .option('--tenant <id>', "only this tenant's events")
    .option('--json', 'print one JSON document')
    .action(async (options: ReplayOptions) => {
      if (!(eventTopics as readonly string[]).includes(options.topic)) {
        throw invalid('topic', `must be one of ${eventTopics.join(', ')}`);
      }
      const from = replayFrom(options);
      const topic = options.topic as EventTopic;
      const replayed = await withDesk(
        (desk) => replayThroughDesk(desk, topic, from, options.tenant),
        async (runtime) => {
          const { deskOperations } = await import('../operations/index.js');
          const page = await deskOperations(runtime).replayEvents(topic, from, { tenantId: options.tenant });
          return page.events;
        },
      );
      emit(options, { topic: options.topic, events: replayed }, () =>
        replayed.length === 0
          ? `No events on ${options.topic} from there.`
          : replayed
              .map(
                ({ sequence, event }) =>
                  `${String(sequence).padStart(6)}  ${event.occurredAt}  ${event.type.padEnd(22)} ` +
                  `tenant ${event.tenantId}  request ${event.requestId}`,
              )
              .join('\n'),
      );
    });
}
