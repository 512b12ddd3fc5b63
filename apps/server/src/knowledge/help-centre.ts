// Keeps the knowledge base in step with the help-centre articles table (the demo store, published drafts):
// each article is one document with source 'article:<id>'; unchanged articles cost one hash comparison.
import type { Database } from '../store/index.js';
import type { KnowledgeIngestion } from './ingest.js';
import { parseDocument } from './parse.js';
import type { KnowledgeStore } from './store.js';

export const articleSource = (articleId: string) => `article:${articleId}`;
export const articleIdOf = (source: string) => (source.startsWith('article:') ? source.slice(8) : undefined);

export async function syncHelpCentre(
  deps: { db: Database; store: KnowledgeStore; ingestion: KnowledgeIngestion },
  tenantId: string,
): Promise<{ published: number; unchanged: number; removed: number }> {
  const articles = await deps.db.query<{
    id: string;
    title: string;
    category: string;
    body: string;
    visibility: 'public' | 'internal';
  }>('SELECT id, title, category, body, visibility FROM articles WHERE tenant_id = $1 ORDER BY id', [
    tenantId,
  ]);
  let published = 0;
  let unchanged = 0;
  for (const article of articles) {
    const parsed = await parseDocument(`${article.id}.md`, new TextEncoder().encode(article.body));
    const result = await deps.ingestion.ingestParsed(
      tenantId,
      articleSource(article.id),
      { ...parsed, title: article.title },
      { productArea: article.category, visibility: article.visibility, wait: true },
    );
    if (result.status === 'unchanged') unchanged++;
    else published++;
  }
  const kept = new Set(articles.map((article) => articleSource(article.id)));
  const stale = await deps.db.query<{ id: string; source: string }>(
    `SELECT id, source FROM knowledge_documents WHERE tenant_id = $1 AND source LIKE 'article:%'`,
    [tenantId],
  );
  let removed = 0;
  for (const doc of stale.filter((row) => !kept.has(row.source))) {
    if (await deps.store.remove(tenantId, doc.id)) removed++;
  }
  return { published, unchanged, removed };
}
