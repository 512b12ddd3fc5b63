// Help-centre benchmark: which article the desk answers from, on customer questions of the demo help centre
// (bench/help-centre-questions.tsv: one set tuned on, one measured then looked at, one only measured). For
// each question: the article the reply quotes (the whole desk: triage's hints, search, the drafter's choice),
// and search's first three documents for the question alone. A question the desk answers from the customer's
// orders instead (an item they do not have, say) counts as a miss for the desk.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readArticleFolder } from '../apps/server/src/demo/articles.js';
import { runtimeTargets, startTestRuntime } from '../apps/server/src/testing/runtime.js';
import { round } from './stats.js';

const QUESTIONS = join(import.meta.dirname, 'help-centre-questions.tsv');
const ARTICLES = join(import.meta.dirname, '../apps/server/src/demo/data/articles');
const CUSTOMERS = Array.from({ length: 20 }, (_, i) => `cus_${String(i + 1).padStart(2, '0')}`);

interface Question {
  half: string;
  articleId: string;
  text: string;
}

async function loadQuestions(): Promise<Question[]> {
  return (await readFile(QUESTIONS, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [half, articleId, text] = line.split('\t');
      if (!half || !articleId || !text) throw new Error(`help-centre-questions.tsv: malformed line: ${line}`);
      return { half, articleId, text };
    });
}

export async function helpCentreBench(): Promise<Record<string, number>> {
  const questions = await loadQuestions();
  const idOfTitle = new Map((await readArticleFolder(ARTICLES)).map((a) => [a.title, a.id]));
  const [embedded] = await runtimeTargets();
  const t = await startTestRuntime(embedded!);
  const figures: Record<string, number> = {};
  try {
    await t.runtime.knowledgeSynced;
    const tenantId = t.runtime.config.tenantId;
    const tally = new Map<string, { n: number; desk: number; search1: number; search3: number }>();
    const misses: string[] = [];
    for (const [i, question] of questions.entries()) {
      const result = await t.runtime.desk.ask({
        customerId: CUSTOMERS[i % CUSTOMERS.length]!,
        text: question.text,
      });
      const reply = result.reply ?? result.approval?.proposedReply ?? '';
      const title = /From our help article "([^"]+)"/.exec(reply)?.[1];
      const quoted = title ? (idOfTitle.get(title) ?? title) : `(${result.status}, no article)`;
      const found = (
        await t.runtime.knowledge.search.searchDocuments(tenantId, question.text, { limit: 3 })
      ).map((hit) => hit.source.replace(/^article:/, ''));
      const row = tally.get(question.half) ?? { n: 0, desk: 0, search1: 0, search3: 0 };
      row.n++;
      if (quoted === question.articleId) row.desk++;
      else misses.push(`  ${question.half}: "${question.text}" wants ${question.articleId}, got ${quoted}`);
      if (found[0] === question.articleId) row.search1++;
      if (found.includes(question.articleId)) row.search3++;
      tally.set(question.half, row);
    }
    console.log('half        n  desk@1  search@1  search@3');
    for (const [half, row] of tally) {
      const share = (count: number) => round(count / row.n, 3);
      console.log(
        `${half.padEnd(9)} ${String(row.n).padStart(3)}  ${share(row.desk).toFixed(3)}  ${share(row.search1).toFixed(3).padStart(8)}  ${share(row.search3).toFixed(3).padStart(8)}`,
      );
      const key = half.replace('-', '_');
      Object.assign(figures, {
        [`${key}_questions`]: row.n,
        [`${key}_desk_at_1`]: share(row.desk),
        [`${key}_search_at_1`]: share(row.search1),
        [`${key}_search_at_3`]: share(row.search3),
      });
    }
    console.log(`answered from another article or none:\n${misses.join('\n')}`);
  } finally {
    await t.dispose();
  }
  return figures;
}
