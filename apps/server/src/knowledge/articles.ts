// Editing a help-centre article from the dashboard: the article table is the help centre's record, so an
// edit is written there (audited, in one transaction) and then published into the knowledge base at once,
// so the next search and the next draft already read the new text.
import { DeskError } from '../errors.js';
import type { ArticleRecord, Database, Stores } from '../store/index.js';
import { articleSource } from './help-centre.js';
import type { KnowledgeIngestion } from './ingest.js';
import { parseDocument } from './parse.js';

export interface ArticleEdit {
  title: string;
  body: string;
  category?: string | undefined;
  visibility?: 'public' | 'internal' | undefined;
}

export class HelpCentreArticles {
  constructor(
    private readonly deps: {
      db: Database;
      stores: Pick<Stores, 'articles' | 'audit'>;
      ingestion: KnowledgeIngestion;
    },
  ) {}

  /**
   * Saves and publishes an edit of an existing article. Throws NOT_FOUND for an unknown article; saving
   * the same text again changes nothing and is not audited twice.
   */
  async publish(
    tenantId: string,
    articleId: string,
    edit: ArticleEdit,
    editor: { actor: string; role: string },
  ): Promise<ArticleRecord & { changed: boolean }> {
    const { db, stores, ingestion } = this.deps;
    // Read before the transaction: the embedded database has one connection, which the transaction holds.
    const current = await stores.articles.get(tenantId, articleId);
    if (!current) throw new DeskError('NOT_FOUND', `No article ${articleId}`, { articleId });
    const article = await db.transaction(async (tx) => {
      const next = {
        id: articleId,
        title: edit.title,
        body: edit.body,
        category: edit.category ?? current.category,
        visibility: edit.visibility ?? current.visibility,
      };
      const changed = await stores.articles.upsert(tenantId, next, tx);
      if (changed) {
        await stores.audit.record(
          tenantId,
          {
            actor: editor.actor,
            actorRole: editor.role,
            action: 'article.published',
            subjectType: 'article',
            subjectId: articleId,
            details: { title: next.title },
          },
          tx,
        );
      }
      return { ...next, changed };
    });
    const parsed = await parseDocument(`${articleId}.md`, new TextEncoder().encode(article.body));
    await ingestion.ingestParsed(
      tenantId,
      articleSource(articleId),
      { ...parsed, title: article.title },
      { productArea: article.category, visibility: article.visibility, wait: true },
    );
    const saved = await stores.articles.get(tenantId, articleId);
    return { ...saved!, changed: article.changed };
  }
}
