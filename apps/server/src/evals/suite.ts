// Runs a whole scenario suite: k trials, each on a fresh desk (so one trial's refunds cannot change the
// next's orders), every scenario in turn; then scores it and writes the JSON and HTML reports.
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchConfig } from '../config.js';
import { customers } from '../demo/data/catalog.js';
import { createLogger } from '../logger.js';
import { createRuntime } from '../runtime.js';
import { knownChecks } from './judge.js';
import { loadScenarioFolder } from './load.js';
import { customerFor } from './model-customer.js';
import { describeReport, outcomeOf, summarise, type SuiteReport } from './report.js';
import { renderHtml } from './html.js';
import { runScenario, type EvaluationTarget, type RunResult } from './run.js';
import type { LocatedScenario } from './scenario.js';

export interface SuiteOptions {
  /** Where the scenario files are. */
  folder: string;
  trials: number;
  /** Only scenarios of these categories (all when empty). */
  categories?: string[];
  /** Only scenarios whose id contains this. */
  filter?: string;
  onProgress?: (line: string) => void;
}

export interface OpenedTarget {
  target: EvaluationTarget;
  close(): Promise<void>;
}

/** The demo store's customers and every check a scenario may name: what scenario files are checked against. */
export const demoCatalogue = () => ({
  customers: new Set(customers.map((c) => c.id)),
  checks: knownChecks(),
});

export async function loadSuite(options: Pick<SuiteOptions, 'folder' | 'categories' | 'filter'>) {
  const all = await loadScenarioFolder(options.folder, demoCatalogue());
  return all.filter(
    (s) =>
      (!options.categories?.length || options.categories.includes(s.category)) &&
      (!options.filter || s.id.includes(options.filter)),
  );
}

/**
 * Fresh desks on the demo data. The first start (demo data, intent model, knowledge index) is slow, so it
 * is done once into a template directory, and each desk starts from a copy of it.
 */
export class ScratchDesks {
  private template: string | undefined;
  private readonly folders: string[] = [];

  async open(): Promise<OpenedTarget> {
    if (!this.template) {
      this.template = await this.folder();
      const runtime = await createRuntime(scratchConfig(this.template), { logger: createLogger('silent') });
      await runtime.close();
    }
    const dir = await this.folder();
    await cp(this.template, dir, { recursive: true });
    const config = scratchConfig(dir);
    const runtime = await createRuntime(config, { logger: createLogger('silent') });
    return {
      target: {
        desk: runtime.desk,
        tasks: runtime.tasks,
        stores: runtime.stores,
        tenantId: config.tenantId,
        refundLimitMajor: config.refundLimitMajor,
        // With a model configured, it plays the simulated customers too (the desk under test uses it as well).
        customer: customerFor(config.models),
      },
      close: async () => {
        await runtime.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.folders.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  private async folder(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'frontdesk-eval-'));
    this.folders.push(dir);
    return dir;
  }
}

export async function runSuite(
  scenarios: LocatedScenario[],
  options: Pick<SuiteOptions, 'trials' | 'onProgress'>,
  desks: { open(): Promise<OpenedTarget> } = new ScratchDesks(),
): Promise<SuiteReport> {
  const runs = new Map<string, RunResult[]>(scenarios.map((s) => [s.id, []]));
  try {
    for (let trial = 0; trial < options.trials; trial++) {
      const opened = await desks.open();
      try {
        for (const scenario of scenarios) {
          const result = await runScenario(opened.target, scenario, trial);
          runs.get(scenario.id)!.push(result);
          options.onProgress?.(`trial ${trial + 1} ${result.passed ? 'pass' : 'FAIL'} ${scenario.id}`);
        }
      } finally {
        await opened.close();
      }
    }
  } finally {
    if (desks instanceof ScratchDesks) await desks.dispose();
  }
  return summarise(
    scenarios.map((s) => outcomeOf(s, runs.get(s.id)!)),
    options.trials,
  );
}

/** Writes `evaluation.json` and `evaluation.html` under `folder`; returns their paths. */
export async function writeReports(
  report: SuiteReport,
  folder: string,
): Promise<{ json: string; html: string }> {
  await mkdir(folder, { recursive: true });
  const json = join(folder, 'evaluation.json');
  const html = join(folder, 'evaluation.html');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderHtml(report));
  return { json, html };
}

export { describeReport };
