// Scores a suite the τ-bench way: pass^k is the chance that all k trials of a scenario pass, estimated
// from n trials as C(c, k) / C(n, k); pass^1 is the plain success rate. Figures per category and overall.
import type { RunResult } from './run.js';
import type { LocatedScenario } from './scenario.js';

export interface ScenarioOutcome {
  id: string;
  category: string;
  file: string;
  line: number;
  runs: Array<
    Pick<RunResult, 'trial' | 'passed' | 'failures' | 'crashed' | 'moneyMovedWrongly'> & {
      replies: string[];
    }
  >;
}

export interface Score {
  scenarios: number;
  pass1: number;
  passK: number;
}

export interface SuiteReport {
  trials: number;
  k: number;
  overall: Score;
  categories: Record<string, Score>;
  /** Runs (any trial, any scenario) in which money moved on an item the customer did not name or have. */
  moneyMovedWrongly: number;
  crashed: number;
  scenarios: ScenarioOutcome[];
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** The τ-bench pass^k of one scenario from its trials. */
export const passHatK = (passed: number, trials: number, k: number): number =>
  trials < k ? 0 : choose(passed, k) / choose(trials, k);

const round = (value: number) => Math.round(value * 1000) / 1000;

function score(outcomes: ScenarioOutcome[], k: number): Score {
  if (outcomes.length === 0) return { scenarios: 0, pass1: 0, passK: 0 };
  const per = outcomes.map((o) => {
    const passed = o.runs.filter((r) => r.passed).length;
    return { pass1: passHatK(passed, o.runs.length, 1), passK: passHatK(passed, o.runs.length, k) };
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    scenarios: outcomes.length,
    pass1: round(mean(per.map((p) => p.pass1))),
    passK: round(mean(per.map((p) => p.passK))),
  };
}

export function summarise(scenarios: ScenarioOutcome[], trials: number, k = trials): SuiteReport {
  const categories: Record<string, Score> = {};
  for (const category of [...new Set(scenarios.map((s) => s.category))].sort()) {
    categories[category] = score(
      scenarios.filter((s) => s.category === category),
      k,
    );
  }
  const runs = scenarios.flatMap((s) => s.runs);
  return {
    trials,
    k,
    overall: score(scenarios, k),
    categories,
    moneyMovedWrongly: runs.filter((r) => r.moneyMovedWrongly).length,
    crashed: runs.filter((r) => r.crashed !== undefined).length,
    scenarios,
  };
}

export function outcomeOf(scenario: LocatedScenario, runs: RunResult[]): ScenarioOutcome {
  return {
    id: scenario.id,
    category: scenario.category,
    file: scenario.file,
    line: scenario.line,
    runs: runs.map(({ trial, passed, failures, crashed, moneyMovedWrongly, transcript }) => ({
      trial,
      passed,
      failures,
      crashed,
      moneyMovedWrongly,
      replies: transcript?.steps.flatMap((s) => [`> ${s.text}`, ...s.replies]) ?? [],
    })),
  };
}

/** A table a person can read in plain text. */
export function describeReport(report: SuiteReport): string {
  const rows = Object.entries(report.categories).map(
    ([name, s]) =>
      `${name.padEnd(20)} ${String(s.scenarios).padStart(4)}  ${s.pass1.toFixed(3)}  ${s.passK.toFixed(3)}`,
  );
  const failing = report.scenarios
    .filter((s) => s.runs.some((r) => !r.passed))
    .map((s) => {
      const failed = s.runs.find((r) => !r.passed)!;
      return `  ${s.id} (${s.file}:${s.line}): ${failed.failures.join(' | ')}`;
    });
  return [
    `${'category'.padEnd(20)} ${'n'.padStart(4)}  pass^1  pass^${report.k}`,
    ...rows,
    `${'overall'.padEnd(20)} ${String(report.overall.scenarios).padStart(4)}  ${report.overall.pass1.toFixed(3)}  ${report.overall.passK.toFixed(3)}`,
    `money moved wrongly: ${report.moneyMovedWrongly} run(s); crashed: ${report.crashed} run(s)`,
    ...(failing.length > 0 ? ['failing:', ...failing] : []),
  ].join('\n');
}
