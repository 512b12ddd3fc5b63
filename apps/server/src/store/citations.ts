// Where a help-centre article was cited: the solution agent records the articles each draft cites in its
// decision's reasons ("cites a, b"), so the conversations that used an article are read from there.
import type { Database } from './database.js';
import { iso } from './rows.js';

export interface ArticleCitation {
  conversationId: string;
  requestId: string;
  customerId: string;
  customerName: string;
  citedAt: string;
}

const CITES = 'cites ';

/** Newest first, one row per request whose draft cited the article; an empty array when none did. */
export async function articleCitations(
  db: Database,
  tenantId: string,
  articleId: string,
  limit = 50,
): Promise<ArticleCitation[]> {
  const rows = await db.query<{
    conversation_id: string;
    request_id: string;
    customer_id: string | null;
    customer_name: string | null;
    cited_at: Date;
  }>(
    `SELECT d.conversation_id, d.request_id, c.customer_id, cu.name AS customer_name,
       max(d.created_at) AS cited_at
     FROM decisions d
     LEFT JOIN conversations c ON c.tenant_id = d.tenant_id AND c.id = d.conversation_id
     LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
     WHERE d.tenant_id = $1 AND d.agent = 'solution' AND jsonb_typeof(d.reasons) = 'array'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(d.reasons) r
                   WHERE left(r, ${CITES.length}) = '${CITES}'
                     AND $2 = ANY (string_to_array(substr(r, ${CITES.length + 1}), ', ')))
     GROUP BY d.conversation_id, d.request_id, c.customer_id, cu.name
     ORDER BY cited_at DESC
     LIMIT $3`,
    [tenantId, articleId, limit],
  );
  return rows.map((row) => ({
    conversationId: row.conversation_id,
    requestId: row.request_id,
    customerId: row.customer_id ?? '',
    customerName: row.customer_name ?? row.customer_id ?? '',
    citedAt: iso(row.cited_at)!,
  }));
}
