// Scale-out benchmark, on PostgreSQL with BullMQ on Redis, in one run: `frontdesk start` (one process), then
// one `serve` + one `worker`, then one `serve` + two `worker`s, on the same database. For each, end to end (a
// customer's message posted → its reply on a WebSocket to the API process):
// - one request at a time: p50/p95, and queue pick-up p50/p95 (a `graph.run` job added → a worker takes it,
//   both on Redis's clock, from the queue's event stream) — what the split costs, with nothing queued ahead;
// - under load (CLIENTS customers at once): requests per second and p50/p95 — what more workers buy.
// Goals (issue 10): two workers ≥ 1.6× one; the split costs ≤ 15 ms p50 over `start`.
import { createHash } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import WebSocket from 'ws';
import { createScratchPostgres, postgresSkipReason } from '../apps/server/src/testing/databases.js';
import {
  devToken,
  startDeskProcess,
  type DeskProcess,
  type DeskRole,
} from '../apps/server/src/testing/desk-processes.js';
import { deleteKeys, redisSkipReason, testRedisUrl } from '../apps/server/src/testing/redis.js';
import { availableParallelism } from 'node:os';
import { cpuSeconds, cpuSpent, type ProcessGroup } from './cpu.js';
import { percentile, round } from './stats.js';

const CLIENTS = 8;
const REQUESTS = 32;
const ONE_AT_A_TIME = 12;
const WARMUP = 4;
/** Customers whose replies go straight out (VIPs' replies wait for a person, which is not under test). */
const CUSTOMERS = ['cus_01', 'cus_02', 'cus_04', 'cus_05', 'cus_06', 'cus_08', 'cus_09', 'cus_10'];
const TEXTS = ['How do I reset my password? It says my link expired.', 'How long does shipping take?'];

interface Layout {
  name: string;
  processes: DeskRole[];
}
const layouts: Layout[] = [
  { name: 'start', processes: ['start'] },
  { name: 'serve+1worker', processes: ['serve', 'worker'] },
  { name: 'serve+2workers', processes: ['serve', 'worker', 'worker'] },
];

/** Posts one message on a new conversation and resolves with the milliseconds until its reply streams. */
async function oneRequest(
  url: string,
  token: string,
  text: string,
): Promise<{ ms: number; requestId: string }> {
  const t0 = performance.now();
  const response = await fetch(`${url}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ text }),
  });
  if (response.status !== 202) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  const { threadId, requestId } = (await response.json()) as { threadId: string; requestId: string };
  // The stream starts from the conversation's first event, so nothing is missed by connecting after the POST.
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(
      `${url.replace('http', 'ws')}/v1/conversations/${threadId}/ws?access_token=${token}`,
    );
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no reply on ${threadId} within 120 s`));
    }, 120_000);
    socket.on('message', (raw: Buffer) => {
      const event = JSON.parse(raw.toString()) as { type: string; requestId?: string };
      if (event.requestId !== requestId) return;
      if (event.type !== 'reply.sent' && event.type !== 'request.settled') return;
      clearTimeout(timer);
      socket.close();
      resolve({ ms: performance.now() - t0, requestId });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Watches the deployment's queue: when each `graph.run` job was added and first taken by a worker, as the
 * queue's own event stream stamps them (Redis's clock). Job ids are `run.<requestId>.<nonce>`.
 */
async function watchPickUps(queueName: string) {
  const events = new QueueEvents(queueName, { connection: { url: testRedisUrl }, prefix: 'frontdesk' });
  await events.waitUntilReady();
  const added = new Map<string, number>();
  const taken = new Map<string, number>();
  const stamp = (id: string) => Number(id.split('-')[0]);
  events.on('added', ({ jobId }, id) => void (jobId.startsWith('run.') && added.set(jobId, stamp(id))));
  events.on('active', ({ jobId }, id) => void (taken.has(jobId) || taken.set(jobId, stamp(id))));
  return {
    /** Pick-up milliseconds of the runs of these requests, sorted. */
    of: (requestIds: string[]) =>
      [...added]
        .filter(([jobId]) => requestIds.some((requestId) => jobId.startsWith(`run.${requestId}.`)))
        .flatMap(([jobId, at]) => (taken.has(jobId) ? [taken.get(jobId)! - at] : []))
        .sort((a, b) => a - b),
    close: () => events.close(),
  };
}

async function measure(layout: Layout, env: Record<string, string>, queueName: string) {
  const processes: DeskProcess[] = [];
  const pickUps = await watchPickUps(queueName);
  try {
    // One at a time: the first prepares the database; start-up is not what is measured.
    for (const role of layout.processes) processes.push(await startDeskProcess(role, env));
    const api = processes[0]!;
    const tokens = await Promise.all(CUSTOMERS.map((customer) => devToken(api.url!, 'customer', customer)));
    await Promise.all(tokens.slice(0, WARMUP).map((token, i) => oneRequest(api.url!, token, TEXTS[i % 2]!)));
    const alone: number[] = [];
    const aloneIds: string[] = [];
    for (let i = 0; i < ONE_AT_A_TIME; i++) {
      const { ms, requestId } = await oneRequest(api.url!, tokens[i % tokens.length]!, TEXTS[i % 2]!);
      alone.push(ms);
      aloneIds.push(requestId);
    }
    const latencies: number[] = [];
    const requestIds: string[] = [];
    let next = 0;
    // Where the cores go under load: each desk process, the servers it uses, and this load generator.
    const groups: Record<string, ProcessGroup> = {
      postgres: { names: ['postgres'] },
      redis: { names: ['redis-server'] },
      nats: { names: ['nats-server'] },
    };
    processes.forEach((each, i) => {
      const name =
        layout.processes.filter((role) => role === each.role).length > 1 ? `${each.role}${i}` : each.role;
      groups[name] = { pids: [each.child.pid!] };
    });
    const cpuBefore = {
      ...cpuSeconds(groups),
      bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (next < REQUESTS) {
          const i = next++;
          const { ms, requestId } = await oneRequest(
            api.url!,
            tokens[client % tokens.length]!,
            TEXTS[i % 2]!,
          );
          latencies.push(ms);
          requestIds.push(requestId);
        }
      }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const usage = process.cpuUsage();
    const spent = cpuSpent(cpuBefore, { ...cpuSeconds(groups), bench: (usage.user + usage.system) / 1e6 });
    const cpuMsPerRequest = Object.fromEntries(
      Object.entries(spent).map(([group, seconds]) => [group, round((1000 * seconds) / REQUESTS, 1)]),
    );
    const cpuTotal = Object.values(spent).reduce((sum, seconds) => sum + seconds, 0);
    const [pickUpAlone, pickUpLoaded] = [pickUps.of(aloneIds), pickUps.of(requestIds)];
    latencies.sort((a, b) => a - b);
    alone.sort((a, b) => a - b);
    return {
      aloneP50: round(percentile(alone, 50), 1),
      aloneP95: round(percentile(alone, 95), 1),
      pickUpP50: round(percentile(pickUpAlone, 50), 1),
      pickUpP95: round(percentile(pickUpAlone, 95), 1),
      rps: round(REQUESTS / wallSeconds, 2),
      loadedP50: round(percentile(latencies, 50), 1),
      loadedP95: round(percentile(latencies, 95), 1),
      loadedPickUpP50: round(percentile(pickUpLoaded, 50), 1),
      loadedPickUpP95: round(percentile(pickUpLoaded, 95), 1),
      cpuMsPerRequest,
      cpuMsPerRequestTotal: round((1000 * cpuTotal) / REQUESTS, 1),
      /** The most requests per second this machine's cores could give at that cost, were nothing else to wait on. */
      cpuCeilingRps: round((availableParallelism() * REQUESTS) / cpuTotal, 2),
      /** How busy the cores were while it ran (1 = every core all the time). */
      coresBusy: round(cpuTotal / wallSeconds / availableParallelism(), 2),
    };
  } finally {
    for (const each of processes.reverse()) await each.stop('SIGTERM');
    await pickUps.close();
  }
}

export async function scaleBench(): Promise<Record<string, unknown>> {
  const skipped = (await postgresSkipReason()) ?? (await redisSkipReason());
  if (skipped) return { skipped };
  const scratch = await createScratchPostgres();
  // The deployment's queue, named after its database as runtime.ts names it.
  const deployment = createHash('sha256').update(scratch.url).digest('hex').slice(0, 10);
  const env = {
    DATABASE_URL: scratch.url,
    REDIS_URL: testRedisUrl,
    FRONTDESK_DEV_LOGIN: 'true',
    FRONTDESK_RATE_LIMIT: '100000',
    FRONTDESK_RATE_LIMIT_IP: '100000',
  };
  const figures: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  try {
    for (const layout of layouts) {
      figures[layout.name] = await measure(layout, env, `tasks-${deployment}`);
      console.log(layout.name.padEnd(16), JSON.stringify(figures[layout.name]));
    }
  } finally {
    await scratch.drop();
    await deleteKeys(`frontdesk:tasks-${deployment}`);
    await deleteKeys(`frontdesk:${deployment}`);
  }
  const one = figures['serve+1worker']!;
  const two = figures['serve+2workers']!;
  const alone = figures.start!;
  const summary = {
    ...figures,
    twoWorkersOverOne: round(two.rps / one.rps, 2),
    splitCostP50Ms: round(one.aloneP50 - alone.aloneP50, 1),
    clients: CLIENTS,
    requests: REQUESTS,
  };
  console.log(
    `two workers / one: ${summary.twoWorkersOverOne}× (goal ≥ 1.6); split cost p50: ${summary.splitCostP50Ms} ms (goal ≤ 15)`,
  );
  // More workers only help while cores are idle: at this cost per request, the ceiling is what the cores allow.
  console.log(
    `CPU per request under load: ${one.cpuMsPerRequestTotal} ms with one worker (ceiling ${one.cpuCeilingRps} rps on ${availableParallelism()} cores, cores ${Math.round(one.coresBusy * 100)} % busy), ${two.cpuMsPerRequestTotal} ms with two (ceiling ${two.cpuCeilingRps} rps, ${Math.round(two.coresBusy * 100)} % busy)`,
  );
  return summary;
}
