// The scenario evaluation's public surface: load a suite, run it, score it, report it.
export { parseScenarios, loadScenarioFolder } from './load.js';
export type { ScenarioCatalogue } from './load.js';
export { judge, knownChecks } from './judge.js';
export type { Verdict } from './judge.js';
export { runScenario } from './run.js';
export type { EvaluationTarget, RunResult } from './run.js';
export { describeReport, passHatK, summarise } from './report.js';
export type { Score, SuiteReport } from './report.js';
export { demoCatalogue, loadSuite, runSuite, ScratchDesks, writeReports } from './suite.js';
export type { OpenedTarget, SuiteOptions } from './suite.js';
export type { LocatedScenario, Scenario } from './scenario.js';
