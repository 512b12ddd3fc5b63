// The HTML report: the figures per category, then every scenario with its failures and the conversation of
// its first failing trial, readable without a server.
import type { SuiteReport } from './report.js';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export function renderHtml(report: SuiteReport, title = 'Frontdesk scenario evaluation'): string {
  const categories = Object.entries(report.categories)
    .map(
      ([name, s]) =>
        `<tr><td>${escape(name)}</td><td>${s.scenarios}</td><td>${s.pass1.toFixed(3)}</td><td>${s.passK.toFixed(3)}</td></tr>`,
    )
    .join('\n');
  const scenarios = report.scenarios
    .map((s) => {
      const passed = s.runs.filter((r) => r.passed).length;
      const failed = s.runs.find((r) => !r.passed);
      const details = failed
        ? `<details><summary>${escape(failed.failures.join(' | '))}</summary><pre>${escape(failed.replies.join('\n\n'))}</pre></details>`
        : '';
      return `<tr class="${failed ? 'fail' : 'pass'}"><td>${escape(s.id)}</td><td>${escape(s.category)}</td><td>${escape(`${s.file}:${s.line}`)}</td><td>${passed}/${s.runs.length}</td><td>${details}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top;text-align:left}.fail td:first-child{color:#a00}.pass td:first-child{color:#070}pre{white-space:pre-wrap;max-width:60rem}</style>
</head><body>
<h1>${escape(title)}</h1>
<p>${report.overall.scenarios} scenarios × ${report.trials} trials. pass^1 <strong>${report.overall.pass1.toFixed(3)}</strong>, pass^${report.k} <strong>${report.overall.passK.toFixed(3)}</strong>. Money moved wrongly in <strong>${report.moneyMovedWrongly}</strong> run(s); ${report.crashed} run(s) crashed.</p>
<table><thead><tr><th>category</th><th>scenarios</th><th>pass^1</th><th>pass^${report.k}</th></tr></thead><tbody>
${categories}
</tbody></table>
<h2>Scenarios</h2>
<table><thead><tr><th>id</th><th>category</th><th>where</th><th>passed</th><th>failures</th></tr></thead><tbody>
${scenarios}
</tbody></table>
</body></html>
`;
}
