// Scenario benchmark: the built-in scenario suite (evals/) on the local engine, three trials each on fresh
// embedded desks; prints pass^1 and pass^3 per category and writes the JSON and HTML reports to artifacts/.
import { describeReport, loadSuite, runSuite, writeReports } from '../apps/server/src/evals/index.js';

const TRIALS = 3;

export async function scenariosBench(): Promise<Record<string, number>> {
  const scenarios = await loadSuite({ folder: 'evals' });
  const started = performance.now();
  const report = await runSuite(scenarios, { trials: TRIALS });
  const seconds = (performance.now() - started) / 1000;
  console.log(describeReport(report));
  const paths = await writeReports(report, 'artifacts');
  console.log(`reports: ${paths.json}, ${paths.html}`);
  const figures: Record<string, number> = {
    scenarios: report.overall.scenarios,
    trials: TRIALS,
    pass1: report.overall.pass1,
    pass3: report.overall.passK,
    money_moved_wrongly: report.moneyMovedWrongly,
    crashed: report.crashed,
    seconds: Math.round(seconds),
  };
  for (const [category, score] of Object.entries(report.categories)) {
    figures[`${category}_pass1`] = score.pass1;
    figures[`${category}_pass3`] = score.passK;
  }
  return figures;
}
