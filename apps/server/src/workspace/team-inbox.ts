// The team inbox: conversations by view (mine, unassigned, all, waiting on an approval), filtered and
// searched, each with its priority and urgency, language, hand-off reason as a category with the amount as a
// detail, and how long the customer has waited against the SLA target for its priority.
import type { api } from '@frontdesk/contracts';
import { handOffReason } from '../domain/hand-off-reason.js';
import { detectLanguage } from '../domain/language.js';
import { currencyFormat } from '../domain/money.js';
import { Priority } from '../domain/priority.js';
import type { InboxRow, Stores } from '../store/index.js';

export type SlaTargets = Readonly<Record<api.PriorityLabel, number>>;

/** Conversations with no priority yet (never triaged) are held to the `normal` target. */
const DEFAULT_PRIORITY: api.PriorityLabel = 'normal';

const formatAmount = (minor: number, currency: string) => {
  try {
    return currencyFormat(currency).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
};

/** One inbox row as the API shows it, at `now`. */
export function presentRow(row: InboxRow, sla: SlaTargets, now: number): api.InboxRow {
  const priority = row.priority === undefined ? null : Priority.of(row.priority).label;
  const target = sla[priority ?? DEFAULT_PRIORITY];
  const waitingSeconds = row.waitingSince
    ? Math.max(0, Math.round((now - Date.parse(row.waitingSince)) / 1000))
    : null;
  const reason = row.approval ? handOffReason(row.approval.reason) : undefined;
  const amount =
    row.approval?.amountMinor !== undefined && row.approval.currency
      ? formatAmount(row.approval.amountMinor, row.approval.currency)
      : reason?.amount;
  return {
    threadId: row.threadId,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    status: row.status,
    subject: row.subject,
    preview: row.preview,
    holder: row.holder ?? null,
    priority,
    urgency: row.priority ?? null,
    intent: row.intent ?? null,
    language: detectLanguage(row.lastCustomerText).code,
    channel: row.channel,
    handOff:
      row.approval && reason
        ? { approvalId: row.approval.id, category: reason.category, detail: amount ?? null }
        : null,
    waitingSince: row.waitingSince ?? null,
    waitingSeconds,
    slaTargetMinutes: target,
    slaBreached: waitingSeconds !== null && waitingSeconds > target * 60,
  };
}

export async function teamInbox(
  stores: Stores,
  tenantId: string,
  me: string,
  query: api.InboxQuery,
  sla: SlaTargets,
  now = Date.now(),
): Promise<api.InboxRow[]> {
  const derived =
    query.priority !== undefined || query.language !== undefined || query.slaBreached !== undefined;
  const rows = await stores.inbox.list(tenantId, {
    view: query.view,
    me,
    status: query.status,
    intent: query.intent,
    channel: query.channel,
    search: query.q?.trim() || undefined,
    // Filters on derived values are applied after the read, so read more to still fill the page.
    limit: derived ? Math.max(query.limit * 4, 200) : query.limit,
  });
  return rows
    .map((row) => presentRow(row, sla, now))
    .filter(
      (row) =>
        (query.priority === undefined || row.priority === query.priority) &&
        (query.language === undefined || row.language === query.language) &&
        (query.slaBreached === undefined || row.slaBreached === (query.slaBreached === 'true')),
    )
    .slice(0, query.limit);
}
