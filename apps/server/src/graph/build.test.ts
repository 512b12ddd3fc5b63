import { MemorySaver } from '@langchain/langgraph';
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
});
