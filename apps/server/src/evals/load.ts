// Reads scenario files (YAML, each a list of scenarios) and checks them, naming the file and line of
// anything wrong: a file that does not parse, an unknown customer, an unknown check, a misspelt field.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { DeskError } from '../errors.js';
import { scenarioSchema, type LocatedScenario } from './scenario.js';

export interface ScenarioCatalogue {
  /** Customer ids a scenario may name. */
  customers: ReadonlySet<string>;
  /** Procedure checks a scenario may ask for by name. */
  checks: ReadonlySet<string>;
}

const invalid = (file: string, line: number, message: string) =>
  new DeskError('SCENARIO_INVALID', `${file}:${line}: ${message}`, { file, line });

/** The line (1-based) of the node at `path`, or of its nearest parent that exists. */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Parses one file's text. Throws SCENARIO_INVALID naming `file` and the line at fault. */
export function parseScenarios(file: string, text: string, catalogue: ScenarioCatalogue): LocatedScenario[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? counter.linePos(error.pos[0]).line;
    throw invalid(file, line, `does not parse: ${error.message.split('\n')[0]}`);
  }
  if (!isSeq(doc.contents)) throw invalid(file, 1, 'must be a list of scenarios');
  const scenarios: LocatedScenario[] = [];
  doc.contents.items.forEach((item, index) => {
    const at = (path: (string | number)[]) => lineOf(doc, counter, [index, ...path]);
    if (!isMap(item)) throw invalid(file, at([]), 'each scenario must be a mapping');
    const parsed = scenarioSchema.safeParse(item.toJSON());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const where = path.length > 0 ? ` (${path.join('.')})` : '';
      throw invalid(file, at(path), `${issue.message}${where}`);
    }
    const scenario = parsed.data;
    if (!catalogue.customers.has(scenario.customer))
      throw invalid(file, at(['customer']), `unknown customer ${scenario.customer}`);
    scenario.expect.checks.forEach((check, i) => {
      if (!catalogue.checks.has(check))
        throw invalid(
          file,
          at(['expect', 'checks', i]),
          `unknown check "${check}" (known: ${[...catalogue.checks].join(', ')})`,
        );
    });
    scenarios.push({ ...scenario, file, line: at([]) });
  });
  return scenarios;
}

/** Every `*.yaml` / `*.yml` under `folder`, in name order; ids must be unique across the suite. */
export async function loadScenarioFolder(
  folder: string,
  catalogue: ScenarioCatalogue,
): Promise<LocatedScenario[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const scenarios: LocatedScenario[] = [];
  const seen = new Map<string, string>();
  for (const path of files) {
    const file = relative(process.cwd(), path) || path;
    for (const scenario of parseScenarios(file, await readFile(path, 'utf8'), catalogue)) {
      const earlier = seen.get(scenario.id);
      if (earlier)
        throw invalid(file, scenario.line, `duplicate scenario id ${scenario.id} (also ${earlier})`);
      seen.set(scenario.id, `${file}:${scenario.line}`);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}
