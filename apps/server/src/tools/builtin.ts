// In-process handlers for the tool catalogue, backed by Frontdesk's own store. Writes go through the
// action ledger, so each happens at most once per idempotency key.
import { createHash } from 'node:crypto';
import { DeskError } from '../errors.js';
import type { KnowledgeSearch } from '../knowledge/search.js';
import { articleIdOf } from '../knowledge/help-centre.js';
import { expandQuery } from '../domain/help-centre-words.js';
import type {
  ActionLedger,
  ArticleRepository,
  ConversationRepository,
  CustomerRepository,
  OrderRecord,
  TicketRepository,
} from '../store/index.js';
import type { ToolHandlers } from './registry.js';

export interface BuiltinToolStores {
  customers: CustomerRepository;
  articles: ArticleRepository;
  conversations: ConversationRepository;
  actions: ActionLedger;
  tickets: TicketRepository;
  /** Hybrid knowledge search; without it, full-text ranking over the articles table. */
  knowledge?: Pick<KnowledgeSearch, 'searchDocuments'>;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

const orderFact = (order: OrderRecord) => ({
  id: order.id,
  status: order.status,
  totalMinor: order.totalMinor,
  refundedMinor: order.refundedMinor,
  currency: order.currency,
  placedAt: order.placedAt,
  items: order.lines.map((line) =>
    line.quantity > 1 ? `${line.quantity} × ${line.name ?? line.sku}` : (line.name ?? line.sku),
  ),
});

export function builtinToolHandlers(stores: BuiltinToolStores): ToolHandlers {
  return {
    'knowledge.search': async ({ query, hints = [], limit }, { tenantId }) => ({
      articles: stores.knowledge
        ? (
            await stores.knowledge.searchDocuments(tenantId, query, { limit, hints, visibility: 'public' })
          ).map((hit) => ({
            id: articleIdOf(hit.source) ?? hit.documentId,
            title: hit.title,
            category: hit.productArea,
            body: hit.body,
            score: hit.score,
          }))
        : // Plain full-text ranking weighs every word alike: the hints join the question as they always did.
          (await stores.articles.search(tenantId, expandQuery([query, ...hints].join('\n')), limit)).map(
            (hit) => ({
              id: hit.id,
              title: hit.title,
              category: hit.category,
              body: hit.body,
              score: hit.rank,
            }),
          ),
    }),

    'crm.get_customer': async ({ customerId }, { tenantId }) => {
      const customer = await stores.customers.get(tenantId, customerId);
      return {
        customer: customer
          ? { id: customer.id, name: customer.name, email: customer.email, tier: customer.tier }
          : null,
      };
    },

    'orders.list': async ({ customerId }, { tenantId }) => ({
      orders: (await stores.customers.orders(tenantId, customerId)).map(orderFact),
    }),

    'conversations.search_past': async ({ customerId, query, excludeConversationId }, { tenantId }) => ({
      messages: (
        await stores.conversations.searchPast(tenantId, query, customerId, excludeConversationId)
      ).map((message) => message.text),
    }),

    // Money moves only through the action desk (tools/servers), on the customer's yes in the conversation or
    // an approver's answer; an in-process call has neither, so it is answered as the MCP route answers it.
    'orders.refund': (input) =>
      Promise.reject(
        new DeskError('TOOL_FAILED', 'The action came back needs_confirmation', { orderId: input.orderId }),
      ),

    'tickets.create': async (input, context) => {
      const { result, performed } = await stores.actions.perform(
        context.tenantId,
        {
          key: input.idempotencyKey,
          kind: 'ticket',
          conversationId: context.conversationId,
          requestId: context.requestId,
        },
        async (tx) => {
          const ticketId = `T-${shortHash(input.idempotencyKey).toUpperCase()}`;
          await stores.tickets.create(
            context.tenantId,
            {
              id: ticketId,
              conversationId: context.conversationId,
              customerId: input.customerId,
              subject: input.subject,
              body: input.body,
              priority: input.priority,
            },
            tx,
          );
          return { ticketId };
        },
      );
      return { ...result, performed };
    },
  };
}
