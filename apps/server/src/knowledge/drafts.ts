// The review queue of help-article drafts learnt from resolved escalations. A person approves (the draft is
// published into the help centre and the knowledge base) or rejects it; each draft is reviewed once.
import { DeskError } from '../errors.js';
import type { Database, Queryable, Stores } from '../store/index.js';
import type { KnowledgeIngestion } from './ingest.js';
import { parseDocument } from './parse.js';

export type DraftStatus = 'pending' | 'approved' | 'rejected';

export interface ArticleDraft {
  id: string;
  customerId: string;
  conversationId: string;
  title: string;
  body: string;
  topics: string[];
  status: DraftStatus;
  reviewedBy: string | undefined;
  reviewedAt: string | undefined;
  articleId: string | undefined;
  createdAt: string;
}

interface DraftRow {
  id: string;
  customer_id: string;
  conversation_id: string;
  title: string;
  body: string;
  topics: string[];
  status: DraftStatus;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  article_id: string | null;
  created_at: Date | string;
}

const toDraft = (row: DraftRow): ArticleDraft => ({
  id: row.id,
  customerId: row.customer_id,
  conversationId: row.conversation_id,
  title: row.title,
  body: row.body,
  topics: row.topics,
  status: row.status,
  reviewedBy: row.reviewed_by ?? undefined,
  reviewedAt: row.reviewed_at ? new Date(row.reviewed_at).toISOString() : undefined,
  articleId: row.article_id ?? undefined,
  createdAt: new Date(row.created_at).toISOString(),
});

export type NewDraft = Pick<ArticleDraft, 'customerId' | 'conversationId' | 'title' | 'body' | 'topics'>;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'article';

export class ArticleDrafts {
  constructor(
    private readonly deps: {
      db: Database;
      stores: Pick<Stores, 'articles' | 'audit'>;
      ingestion: KnowledgeIngestion;
    },
  ) {}

  /** Queues a draft for review; one per conversation (a second call returns the first). */
  async propose(tenantId: string, draft: NewDraft): Promise<ArticleDraft> {
    const id = `draft_${draft.conversationId}`;
    await this.deps.db.query(
      `INSERT INTO article_drafts (tenant_id, id, customer_id, conversation_id, title, body, topics, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') ON CONFLICT (tenant_id, conversation_id) DO NOTHING`,
      [tenantId, id, draft.customerId, draft.conversationId, draft.title, draft.body, draft.topics],
    );
    return (await this.get(tenantId, id))!;
  }

  async get(tenantId: string, id: string, q: Queryable = this.deps.db): Promise<ArticleDraft | undefined> {
    const [row] = await q.query<DraftRow>('SELECT * FROM article_drafts WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      id,
    ]);
    return row && toDraft(row);
  }

  async list(tenantId: string, status: DraftStatus | 'all' = 'pending'): Promise<ArticleDraft[]> {
    const rows = await this.deps.db.query<DraftRow>(
      `SELECT * FROM article_drafts WHERE tenant_id = $1 AND ($2 = 'all' OR status = $2) ORDER BY created_at, id`,
      [tenantId, status],
    );
    return rows.map(toDraft);
  }

  /**
   * Publishes the draft (optionally edited) as a help-centre article and ingests it into the knowledge base.
   * Throws DRAFT_NOT_FOUND, or DRAFT_ALREADY_REVIEWED when someone reviewed it first.
   */
  async approve(
    tenantId: string,
    id: string,
    reviewer: { actor: string; role: string },
    edits: { title?: string; body?: string; category?: string } = {},
  ): Promise<ArticleDraft> {
    const { db, stores, ingestion } = this.deps;
    const article = await db.transaction(async (tx) => {
      const draft = await this.claim(tx, tenantId, id);
      const title = edits.title ?? draft.title;
      const body = edits.body ?? draft.body;
      const articleId = `learnt-${slug(title)}-${draft.conversationId.slice(-6)}`;
      const category = edits.category ?? draft.topics[0] ?? 'general';
      await stores.articles.upsert(
        tenantId,
        { id: articleId, title, category, body, visibility: 'public' },
        tx,
      );
      await tx.query(
        `UPDATE article_drafts SET status = 'approved', reviewed_by = $3, reviewed_at = now(), article_id = $4,
           title = $5, body = $6 WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, reviewer.actor, articleId, title, body],
      );
      await stores.audit.record(
        tenantId,
        {
          actor: reviewer.actor,
          actorRole: reviewer.role,
          action: 'draft.approved',
          subjectType: 'article_draft',
          subjectId: id,
          details: { articleId },
        },
        tx,
      );
      return { id: articleId, title, body, category };
    });
    const parsed = await parseDocument(`${article.id}.md`, new TextEncoder().encode(article.body));
    await ingestion.ingestParsed(
      tenantId,
      `article:${article.id}`,
      { ...parsed, title: article.title },
      {
        productArea: article.category,
        visibility: 'public',
      },
    );
    return (await this.get(tenantId, id))!;
  }

  async reject(
    tenantId: string,
    id: string,
    reviewer: { actor: string; role: string },
    reason = '',
  ): Promise<ArticleDraft> {
    const { db, stores } = this.deps;
    await db.transaction(async (tx) => {
      await this.claim(tx, tenantId, id);
      await tx.query(
        `UPDATE article_drafts SET status = 'rejected', reviewed_by = $3, reviewed_at = now()
         WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, reviewer.actor],
      );
      await stores.audit.record(
        tenantId,
        {
          actor: reviewer.actor,
          actorRole: reviewer.role,
          action: 'draft.rejected',
          subjectType: 'article_draft',
          subjectId: id,
          details: { reason },
        },
        tx,
      );
    });
    return (await this.get(tenantId, id))!;
  }

  /** Deletes the customer's unpublished drafts (published articles no longer name them). */
  async forgetCustomer(tenantId: string, customerId: string, q: Queryable = this.deps.db): Promise<number> {
    const rows = await q.query(
      `DELETE FROM article_drafts WHERE tenant_id = $1 AND customer_id = $2 RETURNING id`,
      [tenantId, customerId],
    );
    return rows.length;
  }

  private async claim(tx: Queryable, tenantId: string, id: string): Promise<ArticleDraft> {
    const [row] = await tx.query<DraftRow>(
      'SELECT * FROM article_drafts WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    if (!row) throw new DeskError('DRAFT_NOT_FOUND', `No draft ${id}`, { draftId: id });
    if (row.status !== 'pending') {
      throw new DeskError('DRAFT_ALREADY_REVIEWED', `Draft ${id} was already ${row.status}`, {
        draftId: id,
        status: row.status,
      });
    }
    return toDraft(row);
  }
}
