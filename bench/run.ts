// `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Each prints its own table and ends
// with one line `BENCH NAME {json}`. Figures are for reading, never pass/fail.
const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  graph: async () => (await import('./graph.js')).graphBench(),
  triage: async () => (await import('./triage.js')).triageBench(),
  retrieval: async () => (await import('./retrieval.js')).retrievalBench(),
  search: async () => (await import('./search.js')).searchBench(),
  session: async () => (await import('./session.js')).sessionBench(),
  api: async () => (await import('./api.js')).apiBench(),
  mcp: async () => (await import('./mcp.js')).mcpBench(),
  cli: async () => (await import('./cli.js')).cliBench(),
  scale: async () => (await import('./scale.js')).scaleBench(),
  scenarios: async () => (await import('./scenarios.js')).scenariosBench(),
  'help-centre': async () => (await import('./help-centre.js')).helpCentreBench(),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
  const figures = await benchmarks[name]!();
  console.log(`BENCH ${name} ${JSON.stringify(figures)}`);
}
