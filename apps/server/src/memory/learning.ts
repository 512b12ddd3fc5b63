// Learning from resolutions (the seed's third workflow): when a person resolved a conversation after it was
// escalated, the exchange becomes a draft help article in the review queue. Nothing is published unreviewed.
import type { ArticleDraft, ArticleDrafts } from '../knowledge/drafts.js';
import type { Database } from '../store/index.js';
import type { Summary } from '../reasoning/port.js';

interface ResolutionRow {
  answer: { decision?: string; reply?: string; feedback?: string } | null;
}

/**
 * Proposes a draft when the conversation was escalated to a person who answered it (respond, or reject
 * with guidance) and the desk then delivered a reply. Returns the draft, or undefined when there is nothing
 * to learn. Idempotent: one draft per conversation.
 */
export async function learnFromResolution(
  deps: { db: Database; drafts: ArticleDrafts },
  input: { tenantId: string; customerId: string; conversationId: string; outcome: string; summary: Summary },
): Promise<ArticleDraft | undefined> {
  if (input.outcome !== 'delivered') return undefined;
  const [resolved] = await deps.db.query<ResolutionRow>(
    `SELECT answer FROM approvals
     WHERE tenant_id = $1 AND conversation_id = $2 AND kind = 'decision' AND status IN ('responded', 'rejected', 'edited')
     ORDER BY answered_at DESC NULLS LAST LIMIT 1`,
    [input.tenantId, input.conversationId],
  );
  if (!resolved) return undefined;
  const messages = await deps.db.query<{ role: string; text: string }>(
    `SELECT role, text FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at, id`,
    [input.tenantId, input.conversationId],
  );
  const questions = messages.filter((message) => message.role === 'customer').map((message) => message.text);
  const answer = messages.filter((message) => message.role !== 'customer').at(-1)?.text;
  const guidance = resolved.answer?.reply ?? resolved.answer?.feedback;
  if (questions.length === 0 || (!answer && !guidance)) return undefined;
  const title = draftTitle(questions[0]!);
  // The customer's name and greeting are dropped: the article is for everyone.
  const reply = (answer ?? guidance!).replace(/^(Hi|Hello|Dear)\s+[^,\n]+,\s*/i, '').trim();
  const body = [
    `# ${title}`,
    '',
    '## The problem',
    '',
    ...questions.map((question) => `> ${question.replace(/\n+/g, ' ')}`),
    '',
    '## What resolves it',
    '',
    reply,
    ...(guidance && !reply.includes(guidance) ? ['', '## Notes from the support team', '', guidance] : []),
  ].join('\n');
  return deps.drafts.propose(input.tenantId, {
    customerId: input.customerId,
    conversationId: input.conversationId,
    title,
    body,
    topics: input.summary.topics,
  });
}

function draftTitle(question: string): string {
  const first = (question.split(/(?<=[.?!])\s/)[0] ?? question).replace(/\s+/g, ' ').trim();
  const short = first.length > 90 ? `${first.slice(0, 87).replace(/\s+\S*$/, '')}…` : first;
  return short.charAt(0).toUpperCase() + short.slice(1);
}
