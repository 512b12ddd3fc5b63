// `frontdesk kb`: ingest files or folders into the knowledge base, search it, and review learnt drafts.
import type { Command } from 'commander';
import { DeskError } from '../errors.js';
import type { ArticleDraft, SearchMode } from '../knowledge/index.js';
import { markedText, snippetOf } from '../knowledge/snippet.js';
import { withDesk } from './context.js';
import { ingestDirect, ingestThroughDesk } from './kb-ingest.js';
import { emit, indent } from './output.js';

interface IngestOptions {
  area?: string;
  language?: string;
  visibility?: string;
  json?: boolean;
}

/** A search hit as the API answers it (and as a direct search is shaped to match). */
interface SearchHit {
  documentId: string;
  source: string;
  title: string;
  productArea: string;
  visibility: string;
  score: number;
  passages: Array<{ heading: string | null; text: string }>;
}

interface SearchOptions {
  limit: string;
  area?: string;
  language?: string;
  visibility: string;
  mode: string;
  json?: boolean;
}

const visibilityOf = (value: string | undefined, allowAll: boolean) => {
  const allowed = allowAll ? ['public', 'internal', 'all'] : ['public', 'internal'];
  if (value !== undefined && !allowed.includes(value)) {
    throw new DeskError('VALIDATION_FAILED', `--visibility must be one of ${allowed.join(', ')}`, {
      visibility: value,
    });
  }
  return value as 'public' | 'internal' | undefined;
};

export function registerKnowledge(program: Command): void {
  const kb = program.command('kb').description('The knowledge base: ingest, search, review learnt drafts');

  kb.command('ingest')
    .description('Ingest a Markdown, HTML, text or PDF file, or every such file under a folder')
    .argument('<path>', 'a file or a folder')
    .option('--area <area>', 'product area the documents belong to')
    .option('--language <code>', 'language code, e.g. en')
    .option('--visibility <visibility>', 'public (default) or internal')
    .option('--json', 'print one JSON document')
    .action(async (path: string, options: IngestOptions) => {
      const visibility = visibilityOf(options.visibility, false);
      const choices = { area: options.area, language: options.language, visibility };
      const outcome = await withDesk(
        (desk) => ingestThroughDesk(desk, path, choices),
        (runtime) => ingestDirect(runtime, path, choices),
      );
      const failed = outcome.documents.filter((doc) => doc.status === 'failed').length;
      if (failed > 0) process.exitCode = 1;
      emit(
        options,
        outcome,
        () =>
          [
            ...outcome.documents.map((doc) =>
              'documentId' in doc
                ? `${doc.status.padEnd(10)} ${doc.source}  "${doc.title}"  ${doc.chunks} chunks${doc.duplicateOf ? ` (same as ${doc.duplicateOf})` : ''}`
                : `failed     ${doc.source}  ${doc.error.code}: ${doc.error.detail}`,
            ),
            ...outcome.skipped.map((file) => `skipped    ${file}  (not Markdown, HTML, text or PDF)`),
          ].join('\n') || 'Nothing to ingest.',
      );
    });

  kb.command('search')
    .description('Search the knowledge base (hybrid full-text + vector, fused by reciprocal rank)')
    .argument('<query>', 'the question')
    .option('--limit <n>', 'how many documents', '5')
    .option('--area <area>', 'only this product area')
    .option('--language <code>', 'only this language')
    .option('--visibility <visibility>', 'public (default), internal or all', 'public')
    .option('--mode <mode>', 'hybrid (default), text or vector', 'hybrid')
    .option('--json', 'print one JSON document')
    .action(async (query: string, options: SearchOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
        throw new DeskError('VALIDATION_FAILED', '--limit must be a whole number from 1 to 50', {
          limit: options.limit,
        });
      }
      if (!['hybrid', 'text', 'vector'].includes(options.mode)) {
        throw new DeskError('VALIDATION_FAILED', '--mode must be hybrid, text or vector', {
          mode: options.mode,
        });
      }
      const visibility: 'public' | 'internal' | 'all' = visibilityOf(options.visibility, true) ?? 'all';
      const filters = {
        limit,
        mode: options.mode as SearchMode,
        visibility,
        ...(options.area ? { productArea: options.area } : {}),
        ...(options.language ? { language: options.language } : {}),
      };
      const found = await withDesk<{ mode: string; results: SearchHit[] }>(
        (desk) => desk.request('POST', '/v1/knowledge/search', { query, ...filters }),
        async (runtime) => {
          const search = runtime.knowledge.search;
          const hits = await search.searchDocuments(runtime.config.tenantId, query, filters);
          return {
            mode: (await search.capability()) === 'text' ? 'text' : options.mode,
            results: hits.map((hit) => ({
              ...hit,
              passages: hit.chunks.map((chunk) => ({ heading: chunk.heading, text: chunk.text })),
            })),
          };
        },
      );
      const result = {
        query,
        mode: found.mode,
        results: found.results.map((hit) => ({
          documentId: hit.documentId,
          source: hit.source,
          title: hit.title,
          productArea: hit.productArea,
          visibility: hit.visibility,
          score: Number(hit.score.toFixed(5)),
          passages: hit.passages.slice(0, 2).map((passage) => ({
            heading: passage.heading,
            text: passage.text,
            snippet: snippetOf(passage.text, query, 240),
          })),
        })),
      };
      emit(options, result, () =>
        result.results.length === 0
          ? 'Nothing matches.'
          : result.results
              .map(
                (hit, i) =>
                  `${i + 1}. ${hit.title}  (${hit.source}, ${hit.score})\n${indent(hit.passages[0] ? markedText(hit.passages[0].snippet) : '')}`,
              )
              .join('\n'),
      );
    });

  const drafts = kb.command('drafts').description('Help-article drafts learnt from resolved escalations');
  drafts
    .command('list')
    .description('List drafts waiting for review')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const list = await withDesk(
        async (desk) =>
          (await desk.request<{ drafts: ArticleDraft[] }>('GET', '/v1/knowledge/drafts')).drafts,
        (runtime) => runtime.knowledge.drafts.list(runtime.config.tenantId),
      );
      emit(options, { drafts: list }, () =>
        list.length === 0
          ? 'No drafts are waiting.'
          : list.map((d) => `${d.id}  "${d.title}"  from ${d.conversationId}`).join('\n'),
      );
    });
  for (const verdict of ['approve', 'reject'] as const) {
    drafts
      .command(verdict)
      .description(verdict === 'approve' ? 'Publish a draft into the help centre' : 'Reject a draft')
      .argument('<id>', 'the draft id')
      .requiredOption('--as <user>', 'who reviews')
      .option('--role <role>', 'their role', 'agent')
      .option('--json', 'print one JSON document')
      .action(async (id: string, options: { as: string; role: string; json?: boolean }) => {
        const reviewer = { actor: options.as, role: options.role };
        const draft = await withDesk(
          // The desk publishes an approved draft in its own time; the command does not wait for it there.
          (desk) =>
            desk.request<ArticleDraft>('POST', `/v1/knowledge/drafts/${encodeURIComponent(id)}/${verdict}`, {
              by: options.as,
              role: options.role,
            }),
          async (runtime) => {
            const tenantId = runtime.config.tenantId;
            const reviewed =
              verdict === 'approve'
                ? await runtime.knowledge.drafts.approve(tenantId, id, reviewer)
                : await runtime.knowledge.drafts.reject(tenantId, id, reviewer);
            await runtime.tasks.drain(120_000);
            return reviewed;
          },
          { sub: options.as, role: options.role },
        );
        emit(
          options,
          { draft },
          () => `${draft.id} ${draft.status}${draft.articleId ? ` as article ${draft.articleId}` : ''}`,
        );
      });
  }
}
