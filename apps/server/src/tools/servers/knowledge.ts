// The knowledge-base MCP server: search the help centre (through the same handler the graph uses, so it
// gets hybrid search when the knowledge issue lands), fetch one article, list the categories.
import { z } from 'zod';
import { DeskError } from '../../errors.js';
import { searchHintsSchema } from '../../knowledge/hints.js';
import { defineTool, type DeskTool } from '../mcp/define.js';
import type { ServerDeps } from './deps.js';

const everyone = ['customer', 'agent', 'approver', 'admin'] as const;

const articleHit = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  body: z.string(),
  score: z.number(),
});

export function knowledgeTools(deps: ServerDeps): DeskTool[] {
  return [
    defineTool({
      name: 'search',
      title: 'Search the help centre',
      description: 'Find the help-centre articles that best answer a question, best first.',
      access: 'read',
      roles: everyone,
      input: {
        query: z.string().min(1).max(2000).describe('the question, in the customer’s words'),
        hints: searchHintsSchema
          .optional()
          .describe('words the help centre may file the need under, weighed below the question’s own'),
        limit: z.number().int().min(1).max(20).default(3).describe('how many articles at most'),
      },
      output: { articles: z.array(articleHit) },
      handler: (input, context) =>
        deps.handlers['knowledge.search'](input, {
          tenantId: context.tenantId,
          requestId: context.requestId ?? 'mcp',
          conversationId: context.conversationId ?? 'mcp',
        }),
    }),
    defineTool({
      name: 'get_article',
      title: 'Get an article',
      description: 'Get one help-centre article by id, with its full text.',
      access: 'read',
      roles: everyone,
      input: { articleId: z.string().min(1).max(200) },
      output: {
        article: z.object({
          id: z.string(),
          title: z.string(),
          category: z.string(),
          body: z.string(),
          updatedAt: z.string(),
        }),
      },
      handler: async ({ articleId }, context) => {
        const article = await deps.stores.articles.get(context.tenantId, articleId);
        // Internal articles are for the team: a customer is told there is no such article.
        if (!article || (article.visibility === 'internal' && context.caller.kind === 'customer')) {
          throw new DeskError('NOT_FOUND', `No article ${articleId}`, { articleId });
        }
        const { id, title, category, body, updatedAt } = article;
        return { article: { id, title, category, body, updatedAt } };
      },
    }),
    defineTool({
      name: 'list_categories',
      title: 'List article categories',
      description: 'List the help-centre categories with how many articles each holds.',
      access: 'read',
      roles: everyone,
      input: {},
      output: { categories: z.array(z.object({ name: z.string(), articles: z.number().int() })) },
      handler: async (_input, context) => {
        const rows = await deps.db.query<{ category: string; n: string }>(
          `SELECT category, count(*) AS n FROM articles
           WHERE tenant_id = $1 AND ($2 OR visibility = 'public') GROUP BY category ORDER BY category`,
          [context.tenantId, context.caller.kind !== 'customer'],
        );
        return { categories: rows.map((row) => ({ name: row.category, articles: Number(row.n) })) };
      },
    }),
  ];
}
