// Graph benchmark: latency and sequential throughput of one support request through the desk (local engine) on
// the embedded database and on PostgreSQL, against bare LangGraph.js chains of as many no-op nodes; where a
// request's time goes, phase by phase; and requests per second with 1, 4 and 16 requests in flight.
import { randomUUID } from 'node:crypto';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver, CheckpointTuple } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';
import { runtimeTargets, startTestRuntime } from '../apps/server/src/testing/runtime.js';
import type { TestRuntimeTarget } from '../apps/server/src/testing/runtime.js';
import type { Runtime } from '../apps/server/src/runtime.js';
import { PhaseTotals } from '../apps/server/src/observability/phases.js';
import { cpuSeconds, cpuSpent } from './cpu.js';
import { percentile, sample } from './stats.js';

// A server answers at its steady state: compiled code, prepared statements and the database's kept plans. It
// takes a few hundred requests to get there; measured after twenty, a desk request cost about a third more
// CPU than after three hundred.
const WARMUP_REQUESTS = 300;
const MEASURED_REQUESTS = 200;
// The bare graph costs milliseconds, so it gets more runs for stable percentiles at little cost.
const BARE_WARMUP_RUNS = 100;
const BARE_MEASURED_RUNS = 1_000;
const PUT_REPLAY_THREADS = 20;
const IN_FLIGHT = [1, 4, 16];
const CONCURRENT_REQUESTS = 64;

// Requests the local engine answers without a person (for standard-tier customers: VIP drafts go to review),
// however often the same customers ask them. A problem such as "I can't log in" is not one of them: the desk
// remembers the troubleshooting steps it gave, and a customer who was given every one goes to a person.
const TEXTS = ['How do I reset my password?', 'How do Pine Points work?', 'How long does delivery take?'];
const CUSTOMERS = Array.from({ length: 20 }, (_, i) => `cus_${String(i + 1).padStart(2, '0')}`);

interface Timing {
  n: number;
  p50: number;
  p95: number;
  rps: number;
  /**
   * CPU per call in ms: this process (the desk, and PGlite when embedded) and the PostgreSQL server's
   * processes (nothing for the embedded database). Far steadier than wall time on a shared machine.
   */
  cpuMs?: { process: number; server: number };
}

/** The processes whose CPU time a call costs: this one, and any PostgreSQL server's on this machine. */
const CPU_GROUPS = { process: { pids: [process.pid] }, server: { names: ['postgres'] } };

/** Runs `once` sequentially, returning per-call percentiles, calls per second of wall time and CPU per call. */
async function measure(runs: number, once: (i: number) => Promise<unknown>): Promise<Timing> {
  const meter = new Meter();
  await meter.block(0, runs, once);
  return meter.timing();
}

/** One kind of call's timings, summed over the blocks of calls it was measured in. */
class Meter {
  private readonly samples: number[] = [];
  private wallMs = 0;
  private readonly cpu = { process: 0, server: 0 };

  /** Runs `once` for calls `from` … `from + count - 1`, one after another, and adds them to the figures. */
  async block(from: number, count: number, once: (i: number) => Promise<unknown>): Promise<void> {
    const before = cpuSeconds(CPU_GROUPS);
    const { sorted, perSecond } = await sample(count, (i) => once(from + i));
    const spent = cpuSpent(before, cpuSeconds(CPU_GROUPS));
    this.samples.push(...sorted);
    this.wallMs += (1000 * count) / perSecond;
    this.cpu.process += spent.process!;
    this.cpu.server += spent.server!;
  }

  timing(): Timing {
    const runs = this.samples.length;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return {
      n: runs,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      rps: (1000 * runs) / this.wallMs,
      cpuMs: { process: (1000 * this.cpu.process) / runs, server: (1000 * this.cpu.server) / runs },
    };
  }
}

/** Calls of each kind per block when two kinds are measured in turn. */
const ALTERNATION_BLOCK = 25;

/**
 * Measures two kinds of call `runs` times each, in alternating blocks. This machine's speed drifts by a
 * quarter between minutes; measured one after the other, a ratio of the two said as much about the moment
 * each ran in as about the code. In turns, a slow minute weighs on both alike.
 */
async function alternate(
  runs: number,
  first: (i: number) => Promise<unknown>,
  second: (i: number) => Promise<unknown>,
): Promise<[Timing, Timing]> {
  const meters = [new Meter(), new Meter()] as const;
  for (let from = 0; from < runs; from += ALTERNATION_BLOCK) {
    const count = Math.min(ALTERNATION_BLOCK, runs - from);
    await meters[0].block(from, count, first);
    await meters[1].block(from, count, second);
  }
  return [meters[0].timing(), meters[1].timing()];
}

/** Both CPU figures of a call, summed. */
const cpuOf = (t: Timing) => (t.cpuMs ? t.cpuMs.process + t.cpuMs.server : NaN);

/** A chain START → n0 → … → n(k-1) → END of nodes that do nothing, compiled with or without a saver. */
function bareGraph(nodes: number, checkpointer?: BaseCheckpointSaver) {
  const State = Annotation.Root({ step: Annotation<number> });
  // The builder's node-name types only widen through chained calls, so the chain is typed loosely here.
  const builder = new StateGraph(State) as unknown as StateGraph<typeof State.spec, unknown, unknown, string>;
  for (let i = 0; i < nodes; i++) builder.addNode(`n${i}`, () => ({}));
  builder.addEdge(START, 'n0');
  for (let i = 1; i < nodes; i++) builder.addEdge(`n${i - 1}`, `n${i}`);
  builder.addEdge(`n${nodes - 1}`, END);
  return builder.compile(checkpointer ? { checkpointer } : {});
}

/** One run of a bare chain on a new thread (as each desk request gets one), after its warm-up runs. */
async function bareRunner(nodes: number, checkpointer?: BaseCheckpointSaver) {
  const graph = bareGraph(nodes, checkpointer);
  const run = () => graph.invoke({ step: 0 }, { configurable: { thread_id: `bench_bare_${randomUUID()}` } });
  const warmup = checkpointer ? WARMUP_REQUESTS : BARE_WARMUP_RUNS;
  for (let i = 0; i < warmup; i++) await run();
  return run;
}

async function measureBare(nodes: number): Promise<Timing> {
  return measure(BARE_MEASURED_RUNS, await bareRunner(nodes));
}

/**
 * Checkpoint write cost, measured by replaying real checkpoints in a separate put loop: each checkpoint of
 * some delivered threads is put again, in order, on a new thread with the channel versions it introduced, on
 * a fresh `PostgresSaver` over the runtime's pool. Timing puts during the runs instead would mix in waiting
 * for the pool (the embedded pool has one connection, shared with the nodes' queries) and the
 * fire-and-forget scheduling of LangGraph's async durability, so this isolates what a put itself costs.
 */
async function measurePuts(pool: pg.Pool, threadIds: string[]): Promise<Timing> {
  const saver = new PostgresSaver(pool);
  const threads: CheckpointTuple[][] = [];
  for (const threadId of threadIds) {
    const tuples: CheckpointTuple[] = [];
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
    threads.push(tuples.reverse());
  }
  const puts = threads.flatMap((tuples) => {
    const replayThread = `bench_put_${randomUUID()}`;
    return tuples.map((tuple, i) => {
      const parent = i > 0 ? tuples[i - 1]!.checkpoint : undefined;
      const { channel_versions: versions } = tuple.checkpoint;
      const newVersions = Object.fromEntries(
        Object.entries(versions).filter(
          ([channel, version]) => parent?.channel_versions[channel] !== version,
        ),
      );
      const config = {
        configurable: { thread_id: replayThread, checkpoint_ns: '', checkpoint_id: parent?.id },
      };
      return () => saver.put(config, tuple.checkpoint, tuple.metadata!, newVersions);
    });
  });
  // The first thread's puts warm up the statements and the connection; the rest are timed.
  const warm = threads[0]?.length ?? 0;
  for (const put of puts.slice(0, warm)) await put();
  const timed = puts.slice(warm);
  return measure(timed.length, (i) => timed[i]!());
}

/** Node executions (the research fan-out counts three) and checkpoint rows one delivered request left. */
async function threadShape(pool: pg.Pool, threadId: string) {
  const { rows } = await pool.query<{ nodes: string; checkpoints: string; writes: string }>(
    `SELECT
       (SELECT count(DISTINCT w.task_id) FROM checkpoint_writes w
          JOIN checkpoints c USING (thread_id, checkpoint_ns, checkpoint_id)
          WHERE w.thread_id = $1 AND c.metadata->>'source' = 'loop') AS nodes,
       (SELECT count(*) FROM checkpoints WHERE thread_id = $1) AS checkpoints,
       (SELECT count(*) FROM checkpoint_writes WHERE thread_id = $1) AS writes`,
    [threadId],
  );
  const row = rows[0]!;
  return { nodes: Number(row.nodes), checkpoints: Number(row.checkpoints), writes: Number(row.writes) };
}

interface PhaseRow {
  phase: string;
  /** Milliseconds per request (summed over calls, so parallel branches can add up to more than the wall). */
  ms: number;
  callsPerRequest: number;
}

interface ConcurrentTiming extends Timing {
  inFlight: number;
}

interface DeskFigures {
  desk: Timing;
  phases: PhaseRow[];
  concurrent: ConcurrentTiming[];
  bareCheckpointed: Timing;
  puts: Timing;
  nodes: number;
  agentSteps: number;
  checkpoints: number;
  writes: number;
  notDelivered: number;
}

/**
 * The recorded phases per request, plus two derived rows: the graph engine (a run's wall time less its agent
 * steps: LangGraph's own work, and waiting for checkpoints where a step could not overlap them) and intake
 * and waiting (the request's wall time less its graph run). Checkpoints are written while the next step runs
 * (asynchronous durability) and a task's writes wait to go with the next checkpoint, so the checkpoint phase
 * sums overlapping calls, including that wait: it is the checkpoints' cost, not their share of the wall time.
 */
function phaseRows(totals: PhaseTotals, requests: number, deskMs: number): PhaseRow[] {
  const recorded = totals.snapshot();
  const ms = (phase: string) => recorded.find((row) => row.phase === phase)?.ms ?? 0;
  const rows: PhaseRow[] = recorded.map(({ phase, ms: total, calls }) => ({
    phase,
    ms: total / requests,
    callsPerRequest: calls / requests,
  }));
  rows.push(
    {
      phase: 'graph engine and checkpoint waits (graph run - agent steps)',
      ms: (ms('graph run') - ms('agent steps')) / requests,
      callsPerRequest: 0,
    },
    {
      phase: 'intake and waiting (request - graph run)',
      ms: deskMs - ms('graph run') / requests,
      callsPerRequest: 0,
    },
  );
  return rows;
}

/**
 * `total` requests with `inFlight` of them running at once (each its own customer's new conversation). Each is
 * submitted and awaited through the desk's progress reports, as the API's streams do: many callers polling
 * the request row would crowd the embedded database's single connection and measure their polling instead.
 */
async function measureConcurrent(
  runtime: Runtime,
  customers: string[],
  inFlight: number,
  total: number,
): Promise<ConcurrentTiming> {
  const waiting = new Map<string, () => void>();
  const stop = runtime.desk.onProgress((progress) => {
    if (progress.type === 'run.settled' || progress.type === 'run.failed')
      waiting.get(progress.requestId)?.();
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      let settle = () => {};
      const settled = new Promise<void>((resolve) => (settle = resolve));
      const { request } = await runtime.desk.submit({
        customerId: customers[i % customers.length]!,
        text: TEXTS[i % TEXTS.length]!,
      });
      waiting.set(request.id, settle);
      // A run that settled before its listener was set is found by asking once.
      if (
        !['queued', 'running'].includes(
          (await runtime.stores.requests.get(runtime.config.tenantId, request.id))!.runStatus,
        )
      )
        settle();
      await settled;
      waiting.delete(request.id);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  stop();
  latencies.sort((a, b) => a - b);
  return {
    inFlight,
    n: total,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    rps: total / seconds,
  };
}

async function measureDesk(
  runtime: Runtime,
  totals: PhaseTotals,
  nodesHint: number | undefined,
): Promise<DeskFigures> {
  // Warm-up: every customer once; only those whose requests deliver without a person are measured.
  const delivering: string[] = [];
  let deliveredThread = '';
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    const customerId = CUSTOMERS[i % CUSTOMERS.length]!;
    const result = await runtime.desk.ask({ customerId, text: TEXTS[i % TEXTS.length]! });
    if (result.status !== 'delivered') continue;
    deliveredThread = result.threadId;
    if (!delivering.includes(customerId)) delivering.push(customerId);
  }
  if (delivering.length === 0) throw new Error('No warm-up request was delivered without a person');

  const threadIds: string[] = [];
  let agentSteps = 0;
  let notDelivered = 0;
  const ask = async (i: number) => {
    const result = await runtime.desk.ask({
      customerId: delivering[i % delivering.length]!,
      // Every customer meets every text as the rounds go by.
      text: TEXTS[Math.floor(i / delivering.length) % TEXTS.length]!,
    });
    threadIds.push(result.threadId);
    agentSteps = result.decisions.length;
    if (result.status !== 'delivered') notDelivered++;
  };
  // The chain as long as a request's node executions, with the stock saver on the same database, in turns
  // with the desk's requests (see `alternate`). Its warm-up runs go first.
  const nodes = nodesHint ?? (await threadShape(runtime.db.pool, deliveredThread)).nodes;
  const bareRun = await bareRunner(nodes, new PostgresSaver(runtime.db.pool));
  totals.reset();
  const [desk, bareCheckpointed] = await alternate(MEASURED_REQUESTS, ask, bareRun);
  const deskMs = 1000 / desk.rps;
  const phases = phaseRows(totals, MEASURED_REQUESTS, deskMs);
  // The warm-up ran one request at a time, on one or two of the pool's connections; the others would meet
  // their statements for the first time in the measurement (on PostgreSQL, planning each of them on each).
  await measureConcurrent(runtime, delivering, Math.max(...IN_FLIGHT), WARMUP_REQUESTS);
  const concurrent: ConcurrentTiming[] = [];
  for (const inFlight of IN_FLIGHT)
    concurrent.push(await measureConcurrent(runtime, delivering, inFlight, CONCURRENT_REQUESTS));
  const shape = await threadShape(runtime.db.pool, threadIds.at(-1)!);
  const puts = await measurePuts(runtime.db.pool, threadIds.slice(-(PUT_REPLAY_THREADS + 1)));
  return { desk, phases, concurrent, bareCheckpointed, puts, agentSteps, notDelivered, ...shape };
}

async function onTarget(target: TestRuntimeTarget, nodesHint: number | undefined): Promise<DeskFigures> {
  const totals = new PhaseTotals();
  // The process runs as many requests at once as the concurrent mode puts in flight (one at a time, the
  // in-flight figures would measure the queue, not the desk).
  const t = await startTestRuntime(target, {}, { phases: totals, concurrency: Math.max(...IN_FLIGHT) });
  try {
    return await measureDesk(t.runtime, totals, nodesHint);
  } finally {
    await t.dispose();
  }
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function graphBench(): Promise<Record<string, number | string>> {
  const [embeddedTarget, postgresTarget] = await runtimeTargets();
  const embedded = await onTarget(embeddedTarget!, undefined);
  // The bare chain is as long as the node executions of one delivered request (fan-out branches included).
  const nodes = embedded.nodes;
  const bare = await measureBare(nodes);
  const postgres = postgresTarget!.skipReason ? undefined : await onTarget(postgresTarget!, nodes);
  if (!postgres) console.log(`PostgreSQL half skipped: ${postgresTarget!.skipReason}`);

  const figures: Record<string, number | string> = {
    nodes_per_request: nodes,
    agent_steps_per_request: embedded.agentSteps,
    checkpoints_per_request: embedded.checkpoints,
    checkpoint_write_rows_per_request: embedded.writes,
    bare_p50_ms: round(bare.p50, 3),
    bare_p95_ms: round(bare.p95, 3),
    bare_rps: round(bare.rps, 1),
  };
  const rows: [string, Timing, string][] = [[`bare ${nodes}-node chain, no checkpointer`, bare, '1.0']];
  for (const [name, result] of [
    ['embedded', embedded],
    ['postgres', postgres],
  ] as const) {
    if (!result) {
      figures[`${name}_skipped`] = postgresTarget!.skipReason ?? 'skipped';
      continue;
    }
    const { desk, bareCheckpointed: cp, puts, concurrent } = result;
    for (const c of concurrent) {
      Object.assign(figures, {
        [`${name}_in_flight_${c.inFlight}_rps`]: round(c.rps, 1),
        [`${name}_in_flight_${c.inFlight}_p50_ms`]: round(c.p50),
      });
    }
    for (const row of result.phases)
      figures[`${name}_phase_${row.phase.split(' (')[0]!.replaceAll(' ', '_')}_ms`] = round(row.ms, 2);
    Object.assign(figures, {
      [`${name}_requests`]: desk.n,
      [`${name}_not_delivered`]: result.notDelivered,
      [`${name}_p50_ms`]: round(desk.p50),
      [`${name}_p95_ms`]: round(desk.p95),
      [`${name}_rps`]: round(desk.rps, 1),
      [`${name}_ratio_p50_vs_bare`]: round(desk.p50 / bare.p50, 1),
      [`${name}_ratio_p95_vs_bare`]: round(desk.p95 / bare.p95, 1),
      [`${name}_ratio_rps_vs_bare`]: round(desk.rps / bare.rps, 4),
      [`${name}_ratio_p50_vs_bare_checkpointed`]: round(desk.p50 / cp.p50, 2),
      [`${name}_ratio_p95_vs_bare_checkpointed`]: round(desk.p95 / cp.p95, 2),
      [`${name}_cpu_ms_per_request`]: round(cpuOf(desk)),
      [`${name}_cpu_ms_per_request_in_database_server`]: round(desk.cpuMs!.server),
      [`bare_checkpointed_${name}_cpu_ms`]: round(cpuOf(cp)),
      [`${name}_ratio_cpu_vs_bare_checkpointed`]: round(cpuOf(desk) / cpuOf(cp), 2),
      [`bare_checkpointed_${name}_p50_ms`]: round(cp.p50),
      [`bare_checkpointed_${name}_p95_ms`]: round(cp.p95),
      [`bare_checkpointed_${name}_rps`]: round(cp.rps, 1),
      [`checkpoint_put_${name}_p50_ms`]: round(puts.p50, 3),
      [`checkpoint_put_${name}_p95_ms`]: round(puts.p95, 3),
      [`checkpoint_put_${name}_count`]: puts.n,
    });
    rows.push(
      [`desk.ask on ${name}`, desk, (desk.p50 / bare.p50).toFixed(1)],
      [`bare ${nodes}-node chain + PostgresSaver on ${name}`, cp, (cp.p50 / bare.p50).toFixed(1)],
      [`PostgresSaver.put replay on ${name}`, puts, '-'],
    );
  }

  const width = Math.max(...rows.map(([label]) => label.length));
  const cell = (value: string, size: number) => value.padStart(size);
  console.log(
    `${'what'.padEnd(width)} ${cell('n', 5)} ${cell('p50 ms', 9)} ${cell('p95 ms', 9)} ${cell('per s', 8)} ${cell('p50/bare', 9)} ${cell('CPU ms (server)', 16)}`,
  );
  for (const [label, timing, ratio] of rows) {
    console.log(
      `${label.padEnd(width)} ${cell(String(timing.n), 5)} ${cell(timing.p50.toFixed(2), 9)} ${cell(timing.p95.toFixed(2), 9)} ${cell(timing.rps.toFixed(1), 8)} ${cell(ratio, 9)} ${cell(timing.cpuMs ? `${cpuOf(timing).toFixed(1)} (${timing.cpuMs.server.toFixed(1)})` : '-', 16)}`,
    );
  }
  for (const [name, result] of [
    ['embedded', embedded],
    ['postgres', postgres],
  ] as const) {
    if (!result) continue;
    console.log(
      `\nwhere one desk.ask goes on ${name} (ms per request, summed; phases nest: SQL is inside others)`,
    );
    const phaseWidth = Math.max(...result.phases.map((row) => row.phase.length));
    console.log(
      `${'phase'.padEnd(phaseWidth)} ${cell('ms/req', 8)} ${cell('calls/req', 10)} ${cell('% of req', 9)}`,
    );
    for (const row of result.phases) {
      console.log(
        `${row.phase.padEnd(phaseWidth)} ${cell(row.ms.toFixed(2), 8)} ${cell(row.callsPerRequest.toFixed(1), 10)} ${cell(((100 * row.ms) / (1000 / result.desk.rps)).toFixed(1), 9)}`,
      );
    }
    console.log(
      `requests in flight on ${name}: ${cell('in flight', 9)} ${cell('n', 5)} ${cell('p50 ms', 9)} ${cell('per s', 8)}`,
    );
    for (const c of result.concurrent)
      console.log(
        `${' '.repeat(`requests in flight on ${name}: `.length)}${cell(String(c.inFlight), 9)} ${cell(String(c.n), 5)} ${cell(c.p50.toFixed(2), 9)} ${cell(c.rps.toFixed(1), 8)}`,
      );
  }
  console.log(
    `per delivered request: ${nodes} node executions, ${embedded.agentSteps} agent decisions, ` +
      `${embedded.checkpoints} checkpoints, ${embedded.writes} checkpoint_writes rows`,
  );
  return figures;
}
