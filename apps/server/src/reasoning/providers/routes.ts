// Which models each agent asks, in order, from one setting (FRONTDESK_MODELS). Parsed here so config.ts can
// reject a bad value at start-up, naming the variable; the local engine always ends every chain.

export type ProviderName = 'openai' | 'anthropic';

export interface ModelSpec {
  provider: ProviderName;
  model: string;
}

/** Agent name (or `*` for every other agent) → models to try in order. */
export type ModelRoutes = Readonly<Record<string, readonly ModelSpec[]>>;

export const specName = (spec: ModelSpec): string => `${spec.provider}:${spec.model}`;

/**
 * `triage=openai:gpt-4o-mini;solution=anthropic:claude-sonnet-4-5,openai:gpt-4o;*=openai:gpt-4o-mini`, or a
 * bare chain (`openai:gpt-4o-mini`) for every agent. Empty: no models, the local engine answers everything.
 * Throws an Error saying what is wrong.
 */
export function parseModelRoutes(value: string): ModelRoutes {
  const routes: Record<string, ModelSpec[]> = {};
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const agent = eq < 0 ? '*' : part.slice(0, eq).trim();
    const chain = eq < 0 ? part : part.slice(eq + 1);
    if (!/^(\*|[a-z_-]{1,30})$/.test(agent)) throw new Error(`"${agent}" is not an agent name`);
    routes[agent] = chain
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        const colon = item.indexOf(':');
        const provider = item.slice(0, colon);
        const model = item.slice(colon + 1);
        if (colon < 0 || (provider !== 'openai' && provider !== 'anthropic') || model === '') {
          throw new Error(`"${item}" is not provider:model (provider openai or anthropic)`);
        }
        return { provider, model };
      });
  }
  return routes;
}

/** The chain for an agent: its own, else the `*` default, else none. */
export const routeFor = (routes: ModelRoutes, agent: string): readonly ModelSpec[] =>
  routes[agent] ?? routes['*'] ?? [];

/** USD per million tokens, input and output. Unknown models cost 0 and say so in the usage record. */
export type PriceTable = Readonly<Record<string, { input: number; output: number }>>;

export const defaultPrices: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5': { input: 1.25, output: 10 },
  'claude-3-5-haiku-latest': { input: 0.8, output: 4 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4-0': { input: 3, output: 15 },
  'claude-opus-4-1': { input: 15, output: 75 },
};

/** `model=in/out,model=in/out` (USD per million tokens) on top of the defaults. */
export function parsePrices(value: string): PriceTable {
  const prices: Record<string, { input: number; output: number }> = { ...defaultPrices };
  for (const item of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([^=]+)=(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(item);
    if (!match) throw new Error(`"${item}" is not model=input/output (USD per million tokens)`);
    prices[match[1]!.trim()] = { input: Number(match[2]), output: Number(match[3]) };
  }
  return prices;
}

export const costOf = (
  prices: PriceTable,
  model: string,
  inputTokens: number,
  outputTokens: number,
): number => {
  const price = prices[model];
  return price ? (inputTokens * price.input + outputTokens * price.output) / 1_000_000 : 0;
};
