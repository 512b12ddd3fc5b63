import { Command, MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { agentNames } from '../domain/index.js';
import { buildSupportGraph } from './build.js';
import type { GraphDeps } from './deps.js';

describe('support graph', () => {
  // Building wires nodes to their dependencies without calling them, so no port is needed here.
  const graph = buildSupportGraph({} as GraphDeps, new MemorySaver());

  it('has a node for every agent a decision can name', () => {
    expect(Object.keys(graph.nodes)).toEqual(expect.arrayContaining([...agentNames]));
  });

  it('runs the research fan-out branches as nodes of their own', () => {
    expect(Object.keys(graph.nodes)).toEqual(
      expect.arrayContaining([
        'research_knowledge',
        'research_customer',
        'research_history',
        'research_review',
      ]),
    );
  });

  it('starts the research sources from triage, and still runs the fan-out step for a thread checkpointed before it', async () => {
    // Triage routes a request to research's sources itself.
    const triage = graph.builder.branches.triage;
    expect(Object.values(triage ?? {}).flatMap((branch) => Object.values(branch.ends ?? {}))).toEqual(
      expect.arrayContaining([
        'research_knowledge',
        'research_customer',
        'research_history',
        'research_specialists',
      ]),
    );
    // Earlier releases ran the fan-out as a step after triage; a thread checkpointed between the two resumes at
    // it and goes on to the sources along its edges.
    const recorded: string[] = [];
    const deps = {
      now: () => new Date().toISOString(),
      journal: {
        recordDecision: (_run: unknown, decision: { outcome: string }) => recorded.push(decision.outcome),
      },
    } as unknown as GraphDeps;
    const resuming = buildSupportGraph(deps, new MemorySaver());
    const config = { configurable: { thread_id: 'th_before_research' } };
    const stream = await resuming.stream(new Command({ goto: 'research' }), {
      ...config,
      streamMode: 'updates',
      interruptBefore: [
        'research_knowledge',
        'research_customer',
        'research_history',
        'research_specialists',
      ],
    });
    for await (const chunk of stream) void chunk;
    expect(recorded).toEqual(['fan-out']);
    const state = await resuming.getState(config);
    expect([...state.next].sort()).toEqual([
      'research_customer',
      'research_history',
      'research_knowledge',
      'research_specialists',
    ]);
  });

  it('still runs the synthesis step for a thread an earlier release checkpointed before it, then goes on to quality', async () => {
    // Earlier releases ran the fold as a step after solution; a thread checkpointed between the two (a crash,
    // an upgrade) resumes at it. Here the thread is sent there directly, as such a checkpoint would.
    const config = { configurable: { thread_id: 'th_before_synthesis' } };
    const draft = {
      reply: 'Hi Ada,\n\nSee our delivery article.',
      citations: ['art_delivery'],
      confidence: 0.6,
      producedBy: 'local',
    };
    const orders = {
      skill: 'orders',
      summary: 'ord_1 is on its way',
      facts: [],
      replyLines: ['Your order ord_1 is on its way and arrives on Friday.'],
      answers: true,
      failures: [],
    };
    const ran: string[] = [];
    const stream = await graph.stream(
      new Command({
        goto: 'specialists_synthesis',
        update: {
          draft,
          findings: {
            turn: 1,
            customer: { id: 'cus_1', name: 'Ada Lovelace', email: 'ada@example.com', tier: 'standard' },
            orders: [
              {
                id: 'ord_1',
                status: 'shipped',
                totalMinor: 4200,
                refundedMinor: 0,
                currency: 'EUR',
                placedAt: '2026-11-30T10:00:00.000Z',
                items: ['Wool socks'],
              },
            ],
            specialists: [orders],
          },
        },
      }),
      { ...config, streamMode: 'updates', interruptAfter: ['specialists_synthesis'] },
    );
    for await (const chunk of stream)
      ran.push(...Object.keys(chunk).filter((key) => key !== '__interrupt__'));
    expect(ran).toEqual(['specialists_synthesis']);
    const state = await graph.getState(config);
    expect(state.next).toEqual(['quality']);
    // The orders skill answered on its own: the reply is its line, citing the order, not the article.
    expect(state.values.draft).toMatchObject({ citations: [], grounds: ['order:ord_1'], confidence: 0.85 });
    expect(state.values.draft?.reply).toContain('Your order ord_1 is on its way');
  });
});
