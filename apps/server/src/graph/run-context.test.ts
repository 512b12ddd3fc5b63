import type { Run } from '@langchain/core/tracers/base';
import { LangChainTracer } from '@langchain/core/tracers/tracer_langchain';
import { RunnableLambda } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { getContextVariable, setContextVariable } from '@langchain/core/context';
import {
  Annotation,
  Command,
  END,
  getConfig,
  interrupt,
  MemorySaver,
  START,
  StateGraph,
} from '@langchain/langgraph';
import { isRunTree } from 'langsmith/run_trees';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carryRunConfigWithoutRunTrees } from './run-context.js';

const State = Annotation.Root({
  answer: Annotation<string>,
  threadSeen: Annotation<string>,
  storedRunTree: Annotation<boolean>,
});

/** One node that reads its config back from where LangChain keeps it, then waits for a person's answer. */
function askingGraph() {
  return new StateGraph(State)
    .addNode('ask', () => {
      const threadSeen = String(getConfig().configurable?.thread_id);
      const storedRunTree = isRunTree(AsyncLocalStorageProviderSingleton.getInstance().getStore());
      const answer = interrupt<string, string>('which order?');
      return { answer, threadSeen, storedRunTree };
    })
    .addEdge(START, 'ask')
    .addEdge('ask', END)
    .compile({ checkpointer: new MemorySaver() });
}

/** LangChain's LangSmith tracer, sending nothing (there is no LangSmith here): a caller tracing explicitly. */
class ExplicitTracer extends LangChainTracer {
  override onRunCreate(_run: Run): Promise<void> {
    return Promise.resolve();
  }
  override onRunUpdate(_run: Run): Promise<void> {
    return Promise.resolve();
  }
}

describe('carrying a run config without RunTrees', () => {
  let restore: () => void;
  beforeEach(() => {
    restore = carryRunConfigWithoutRunTrees();
  });
  afterEach(() => restore());

  it('keeps getConfig and interrupt working in a node, with no RunTree stored', async () => {
    const graph = askingGraph();
    const config = { configurable: { thread_id: 'th-lean' } };
    await graph.invoke({}, config);
    expect((await graph.getState(config)).tasks[0]?.interrupts[0]?.value).toBe('which order?');
    const done = await graph.invoke(new Command({ resume: 'the blue one' }), config);
    expect(done).toMatchObject({ answer: 'the blue one', threadSeen: 'th-lean', storedRunTree: false });
  });

  it('leaves a config that traces explicitly to LangChain (a RunTree is stored)', async () => {
    const seen = await RunnableLambda.from(() =>
      isRunTree(AsyncLocalStorageProviderSingleton.getInstance().getStore()),
    ).invoke(undefined, { callbacks: [new ExplicitTracer()] });
    expect(seen).toBe(true);
  });

  it('passes context variables on to nested runnables', async () => {
    const inner = RunnableLambda.from(() => getContextVariable<string>('desk'));
    const outer = RunnableLambda.from(async () => {
      setContextVariable('desk', 'frontdesk');
      return inner.invoke(undefined);
    });
    expect(await outer.invoke(undefined)).toBe('frontdesk');
  });

  it('installs once, and restores LangChain’s own behaviour', async () => {
    const again = carryRunConfigWithoutRunTrees();
    again(); // a second install is a no-op, and so is its restore
    const stored = () =>
      RunnableLambda.from(() =>
        isRunTree(AsyncLocalStorageProviderSingleton.getInstance().getStore()),
      ).invoke(undefined);
    expect(await stored()).toBe(false);
    restore();
    expect(await stored()).toBe(true);
    restore = carryRunConfigWithoutRunTrees();
  });
});
