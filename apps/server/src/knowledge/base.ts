// The knowledge base as the rest of the desk sees it: ingestion, hybrid search, the help-centre sync and
// the draft review queue over one store, one embedder and one task queue.
import type { TaskQueue } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { Database, Stores } from '../store/index.js';
import { HelpCentreArticles } from './articles.js';
import { ArticleDrafts } from './drafts.js';
import type { Embedder } from './embedder.js';
import { syncHelpCentre } from './help-centre.js';
import { KnowledgeIngestion } from './ingest.js';
import { KnowledgeSearch } from './search.js';
import { KnowledgeStore } from './store.js';

export interface KnowledgeBaseDeps {
  db: Database;
  stores: Pick<Stores, 'articles' | 'audit'>;
  embedder: Embedder;
  queue: TaskQueue;
  logger?: Logger;
  retry?: { attempts: number; backoffMs: number };
}

export class KnowledgeBase {
  readonly store: KnowledgeStore;
  readonly ingestion: KnowledgeIngestion;
  readonly search: KnowledgeSearch;
  readonly drafts: ArticleDrafts;
  readonly articles: HelpCentreArticles;

  constructor(private readonly deps: KnowledgeBaseDeps) {
    this.store = new KnowledgeStore(deps.db);
    this.ingestion = new KnowledgeIngestion({
      store: this.store,
      embedder: deps.embedder,
      queue: deps.queue,
      logger: deps.logger,
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    this.search = new KnowledgeSearch({ store: this.store, embedder: deps.embedder, logger: deps.logger });
    this.drafts = new ArticleDrafts({ db: deps.db, stores: deps.stores, ingestion: this.ingestion });
    this.articles = new HelpCentreArticles({ db: deps.db, stores: deps.stores, ingestion: this.ingestion });
  }

  get embedder(): Embedder {
    return this.deps.embedder;
  }

  /** Brings the help centre into the knowledge base and re-queues unfinished embedding (start-up). */
  async prepare(tenantId: string) {
    const recovered = await this.ingestion.recover(tenantId);
    const helpCentre = await syncHelpCentre(
      { db: this.deps.db, store: this.store, ingestion: this.ingestion },
      tenantId,
    );
    return { ...helpCentre, ...recovered, search: await this.search.capability() };
  }
}
