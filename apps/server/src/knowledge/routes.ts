// HTTP for the knowledge base, as one Fastify plugin: upload a document (raw body: Markdown, HTML, text or
// PDF), list and delete documents, hybrid search with filters, and the review queue of learnt drafts.
// Guards come from the API's auth plugin when it is registered (app.authorize / app.requireRole).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DeskError } from '../errors.js';
import type { KnowledgeBase } from './base.js';
import { MAX_DOCUMENT_BYTES } from './parse.js';
import { searchHintsSchema } from './hints.js';
import { MAX_QUERY_CHARS } from './search.js';
import { snippetOf } from './snippet.js';

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface KnowledgeRoutesOptions {
  knowledge: KnowledgeBase;
  tenantId: string;
  /** Who may search (customers too), and who may see and change documents and drafts (staff); open when absent. */
  guards?: { read?: Guard; write?: Guard };
  /** preHandler that honours `Idempotency-Key` on every POST, as the API's other POSTs do. */
  idempotent?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

const uploadQuery = z.object({
  name: z.string().min(1).max(300),
  source: z.string().min(1).max(500).optional(),
  area: z.string().min(1).max(100).optional(),
  language: z.string().min(2).max(10).optional(),
  visibility: z.enum(['public', 'internal']).optional(),
});

const searchBody = z.object({
  // A customer's whole message may be the question; past what search reads (MAX_QUERY_CHARS), a clear 400.
  query: z.string().trim().min(1).max(MAX_QUERY_CHARS),
  hints: searchHintsSchema.optional(),
  limit: z.number().int().min(1).max(50).default(5),
  mode: z.enum(['hybrid', 'text', 'vector']).default('hybrid'),
  productArea: z.string().min(1).optional(),
  language: z.string().min(2).optional(),
  visibility: z.enum(['public', 'internal', 'all']).default('public'),
});

const reviewBody = z.object({
  by: z.string().min(1).max(200),
  role: z.string().min(1).max(50).default('agent'),
  title: z.string().min(1).max(300).optional(),
  body: z.string().min(1).max(200_000).optional(),
  reason: z.string().max(2000).optional(),
});

const articleEdit = z.strictObject({
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(200_000),
  category: z.string().trim().min(1).max(100).optional(),
  visibility: z.enum(['public', 'internal']).optional(),
});

const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new DeskError('VALIDATION_FAILED', 'The request is not valid', {
      fields: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    });
  }
  return parsed.data;
};

const uploadTypes = [
  'application/pdf',
  'text/markdown',
  'text/x-markdown',
  'text/html',
  'text/plain',
  'application/octet-stream',
];

export const knowledgeBaseRoutes: FastifyPluginAsync<KnowledgeRoutesOptions> = (app, options) => {
  const { knowledge, tenantId } = options;
  const open: Guard = () => Promise.resolve();
  const read = options.guards?.read ?? open;
  const write = options.guards?.write ?? open;
  const idempotent = options.idempotent ?? open;

  // Documents arrive as their own bytes; this scope reads them whole, up to the ingestion limit.
  app.removeContentTypeParser(['text/plain']);
  app.addContentTypeParser(
    uploadTypes,
    { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/v1/knowledge/documents',
    {
      bodyLimit: MAX_DOCUMENT_BYTES,
      preHandler: idempotent,
      onRequest: [
        write,
        // Refuse an oversized upload from its header, before a byte of it is read.
        (request: FastifyRequest) => {
          const length = Number(request.headers['content-length'] ?? 0);
          if (length > MAX_DOCUMENT_BYTES) {
            return Promise.reject(
              new DeskError(
                'DOCUMENT_TOO_LARGE',
                `The upload is ${length} bytes; the limit is ${MAX_DOCUMENT_BYTES}`,
                {
                  bytes: length,
                  limit: MAX_DOCUMENT_BYTES,
                },
              ),
            );
          }
          return Promise.resolve();
        },
      ],
    },
    async (request, reply) => {
      const query = parse(uploadQuery, request.query);
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        throw new DeskError(
          'DOCUMENT_UNSUPPORTED_TYPE',
          `Send the document's bytes with a Content-Type of ${uploadTypes.join(', ')}`,
          {
            contentType: request.headers['content-type'] ?? null,
          },
        );
      }
      const mediaType = request.headers['content-type'];
      const result = await knowledge.ingestion.ingestBytes(
        tenantId,
        query.source ?? `upload:${query.name}`,
        query.name,
        body,
        {
          ...(mediaType && !mediaType.startsWith('application/octet-stream') ? { mediaType } : {}),
          ...(query.area ? { productArea: query.area } : {}),
          ...(query.language ? { language: query.language } : {}),
          ...(query.visibility ? { visibility: query.visibility } : {}),
        },
      );
      return reply.status(result.status === 'queued' ? 202 : 200).send(result);
    },
  );

  app.get('/v1/knowledge/documents', { onRequest: write }, async (request) => {
    const { limit, offset } = parse(
      z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      request.query,
    );
    return { documents: await knowledge.store.list(tenantId, limit, offset) };
  });

  app.get('/v1/knowledge/documents/:documentId', { onRequest: write }, async (request) => {
    const { documentId } = parse(z.object({ documentId: z.string().min(1) }), request.params);
    const document = await knowledge.store.get(tenantId, documentId);
    if (!document) throw new DeskError('DOCUMENT_NOT_FOUND', `No document ${documentId}`, { documentId });
    return document;
  });

  app.delete('/v1/knowledge/documents/:documentId', { onRequest: write }, async (request, reply) => {
    const { documentId } = parse(z.object({ documentId: z.string().min(1) }), request.params);
    if (!(await knowledge.store.remove(tenantId, documentId))) {
      throw new DeskError('DOCUMENT_NOT_FOUND', `No document ${documentId}`, { documentId });
    }
    return reply.status(204).send();
  });

  // POST because filters and long questions fit a body better than a query string.
  app.post('/v1/knowledge/search', { onRequest: read, preHandler: idempotent }, async (request) => {
    const input = parse(searchBody, request.body);
    const customer = request.principal?.role === 'customer';
    const hits = await knowledge.search.searchDocuments(tenantId, input.query, {
      limit: input.limit,
      mode: input.mode,
      // Customers only ever see public documents, whatever they ask for.
      visibility: customer ? 'public' : input.visibility,
      ...(input.productArea ? { productArea: input.productArea } : {}),
      ...(input.language ? { language: input.language } : {}),
      ...(input.hints ? { hints: input.hints } : {}),
    });
    return {
      mode: (await knowledge.search.capability()) === 'text' ? 'text' : input.mode,
      results: hits.map((hit) => ({
        documentId: hit.documentId,
        source: hit.source,
        title: hit.title,
        productArea: hit.productArea,
        visibility: hit.visibility,
        score: hit.score,
        passages: hit.chunks.slice(0, 3).map((chunk) => ({
          heading: chunk.heading,
          text: chunk.text,
          snippet: snippetOf(chunk.text, input.query),
        })),
      })),
    };
  });

  // PUT: the whole article is sent, and sending it twice leaves it as once.
  app.put('/v1/knowledge/articles/:articleId', { onRequest: write }, async (request) => {
    const { articleId } = parse(z.object({ articleId: z.string().min(1).max(200) }), request.params);
    const edit = parse(articleEdit, request.body);
    return knowledge.articles.publish(tenantId, articleId, edit, {
      actor: request.principal?.subject ?? 'dashboard',
      role: request.principal?.role ?? 'agent',
    });
  });

  app.get('/v1/knowledge/drafts', { onRequest: write }, async (request) => {
    const { status } = parse(
      z.object({ status: z.enum(['pending', 'approved', 'rejected', 'all']).default('pending') }),
      request.query,
    );
    return { drafts: await knowledge.drafts.list(tenantId, status) };
  });

  app.post(
    '/v1/knowledge/drafts/:draftId/approve',
    { onRequest: write, preHandler: idempotent },
    async (request) => {
      const { draftId } = parse(z.object({ draftId: z.string().min(1) }), request.params);
      const input = parse(reviewBody, request.body);
      const by = request.principal?.subject ?? input.by;
      return knowledge.drafts.approve(
        tenantId,
        draftId,
        { actor: by, role: request.principal?.role ?? input.role },
        {
          ...(input.title ? { title: input.title } : {}),
          ...(input.body ? { body: input.body } : {}),
        },
      );
    },
  );

  app.post(
    '/v1/knowledge/drafts/:draftId/reject',
    { onRequest: write, preHandler: idempotent },
    async (request) => {
      const { draftId } = parse(z.object({ draftId: z.string().min(1) }), request.params);
      const input = parse(reviewBody, request.body);
      const by = request.principal?.subject ?? input.by;
      return knowledge.drafts.reject(
        tenantId,
        draftId,
        { actor: by, role: request.principal?.role ?? input.role },
        input.reason,
      );
    },
  );
  return Promise.resolve();
};
