// Knowledge reads: search the help centre and read an article, through the article store. Customers see
// public articles only. Ingestion, hybrid search and the draft review queue belong to the knowledge plugin.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { api } from '@frontdesk/contracts';
import { DeskError } from '../../errors.js';
import { articleCitations } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import { principalOf } from '../plugins/auth.js';

export const knowledgeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = (app, { deps }) => {
  const { stores, config } = deps;
  const guard = app.authorize('knowledge:read');

  app.get(
    '/v1/knowledge/search',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Search the help centre',
        querystring: api.knowledgeSearchQuerySchema,
      },
      preValidation: guard,
    },
    async (request) => {
      const customer = principalOf(request).role === 'customer';
      const hits = await stores.articles.search(config.tenantId, request.query.q, request.query.limit * 2);
      return {
        results: hits.filter((hit) => !customer || hit.visibility === 'public').slice(0, request.query.limit),
      };
    },
  );

  app.get(
    '/v1/knowledge/articles',
    {
      schema: { tags: ['knowledge'], summary: 'Every help-centre article, by section (category) and title' },
      preValidation: guard,
    },
    async (request) => {
      const customer = principalOf(request).role === 'customer';
      return { articles: await stores.articles.list(config.tenantId, customer) };
    },
  );

  app.get(
    '/v1/knowledge/articles/:articleId/citations',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'The conversations whose drafted reply cited the article, newest first',
        params: api.articleParamsSchema,
      },
      preValidation: app.authorize('threads:history'),
    },
    async (request) => ({
      citations: await articleCitations(deps.db, config.tenantId, request.params.articleId),
    }),
  );

  app.get(
    '/v1/knowledge/articles/:articleId',
    {
      schema: { tags: ['knowledge'], summary: 'One help-centre article', params: api.articleParamsSchema },
      preValidation: guard,
    },
    async (request) => {
      const article = await stores.articles.get(config.tenantId, request.params.articleId);
      if (!article || (principalOf(request).role === 'customer' && article.visibility !== 'public')) {
        throw new DeskError('NOT_FOUND', `No article ${request.params.articleId}`);
      }
      return article;
    },
  );
  return Promise.resolve();
};
