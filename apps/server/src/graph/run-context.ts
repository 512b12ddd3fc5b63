// How a runnable's config travels to the code it calls. LangChain core keeps it in an AsyncLocalStorage, and
// LangGraph reads it back there (interrupt(), getConfig(), a node's writer). Core stores it on a LangSmith
// RunTree, which it builds for every runnable invocation even when nothing traces: a time-ordered id from
// fresh random bytes, a dotted order, environment reads. A desk request invokes about 80 such runnables
// (each node, its writers, its routes), and those RunTrees were 9% of a request's CPU time in this process.
//
// With LangSmith tracing off (the desk traces with OpenTelemetry), a plain carrier holding the same fields
// does that job. A config whose callbacks include a LangSmith tracer still gets its RunTree, so a caller
// that traces explicitly is traced as before. One difference, in an API nothing here calls: core's
// setContextVariable copies a RunTree but not a carrier, so inside the runnable that sets a variable the
// config is no longer found (nested runnables see both).
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';

/** Where core keeps a runnable's config on the stored value (`lc:child_config`). */
const CHILD_CONFIG = Symbol.for('lc:child_config');
/** Where core keeps context variables (setContextVariable), inherited by every nested runnable. */
const CONTEXT_VARIABLES = Symbol.for('lc:context_variables');
/** The name of LangChain's LangSmith tracer among a config's callback handlers. */
const LANGSMITH_TRACER = 'langchain_tracer';

type Provider = typeof AsyncLocalStorageProviderSingleton;

interface Carrier {
  /** Read by core's callback set-up as the ambient run's tracing switch: off, as the RunTree it replaces. */
  tracingEnabled: false;
  extra?: { [CHILD_CONFIG]: unknown };
  [CONTEXT_VARIABLES]?: unknown;
}

let installed = false;

function tracedExplicitly(config: unknown): boolean {
  const callbacks = (config as { callbacks?: unknown } | undefined)?.callbacks;
  const handlers: unknown = Array.isArray(callbacks)
    ? callbacks
    : (callbacks as { handlers?: unknown } | undefined)?.handlers;
  return (
    Array.isArray(handlers) &&
    handlers.some((handler) => (handler as { name?: unknown } | undefined)?.name === LANGSMITH_TRACER)
  );
}

/**
 * Runnables in this process carry their config without building a LangSmith RunTree. Call it only with
 * LangSmith tracing off (config.ts: `langsmithTracing`); calling it again does nothing. Returns a function
 * that puts core's own behaviour back (for tests).
 */
export function carryRunConfigWithoutRunTrees(): () => void {
  if (installed) return () => {};
  installed = true;
  const provider = AsyncLocalStorageProviderSingleton;
  const core = provider.runWithConfig.bind(provider);
  const lean = function <T>(
    this: Provider,
    config: unknown,
    callback: () => T,
    avoidCreatingRootRunTree?: boolean,
  ): T {
    if (tracedExplicitly(config)) return core(config, callback, avoidCreatingRootRunTree);
    const storage = this.getInstance();
    const previous = storage.getStore() as Carrier | undefined;
    // As core: no stored config where it was asked not to create one (iterating a stream), but the context
    // variables of the runnable around it stay visible.
    let carrier: Carrier | undefined = avoidCreatingRootRunTree
      ? undefined
      : { tracingEnabled: false, extra: { [CHILD_CONFIG]: config } };
    if (previous?.[CONTEXT_VARIABLES] !== undefined) {
      carrier ??= { tracingEnabled: false };
      carrier[CONTEXT_VARIABLES] = previous[CONTEXT_VARIABLES];
    }
    return storage.run(carrier, callback);
  };
  // An own property over the class's method: deleting it puts core's back.
  provider.runWithConfig = lean;
  return () => {
    Reflect.deleteProperty(provider, 'runWithConfig');
    installed = false;
  };
}
