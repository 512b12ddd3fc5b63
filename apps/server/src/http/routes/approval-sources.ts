// The knowledge-base articles one approval's proposal cites. Citations live in the graph's checkpoints,
// not in the approval row: the draft the person is asked about, and what research found on that turn
// (title, text, score), are read from the oldest checkpoint that carries the approval — later ones may
// hold a person's edit or the next turn.
import type { api } from '@frontdesk/contracts';
import { stateWhenApprovalOpened, type CheckpointReader } from '../../runs/index.js';
import type { ArticleRecord } from '../../store/index.js';

export type { CheckpointReader } from '../../runs/index.js';

const SNIPPET_CHARS = 280;

/** The article's opening as plain text: markdown marks go, headings run into their text, one line. */
export function snippetOf(body: string): string {
  const text = body
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gm, '$1 —')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= SNIPPET_CHARS) return text;
  const cut = text.slice(0, SNIPPET_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The cited articles in the order the draft cites them, then those of the change the approval is about.
 * An article research did not return that turn (a person's edit, a model citing from memory, the policy
 * cited when a change was stated) is looked up in the knowledge base, without a score.
 */
export async function citedSources(
  checkpoints: CheckpointReader,
  approval: { id: string; conversationId: string },
  lookUp: (articleId: string) => Promise<ArticleRecord | undefined>,
): Promise<api.ApprovalSource[]> {
  const state = await stateWhenApprovalOpened(checkpoints, approval.conversationId, approval.id);
  // A change the customer confirmed is approved on the turn of their yes, whose draft cites nothing: the
  // policy that allows it was cited by the reply that stated the change.
  const change = state?.pendingChange;
  const action = state?.approvalRequest?.proposedAction as { id?: unknown } | null | undefined;
  const changeCited = change && action?.id === change.actionId ? (change.citations ?? []) : [];
  const citations = [...new Set([...(state?.draft?.citations ?? []), ...changeCited])];
  const found = new Map((state?.findings?.articles ?? []).map((article) => [article.id, article]));
  return Promise.all(
    citations.map(async (articleId): Promise<api.ApprovalSource> => {
      const article = found.get(articleId);
      if (article) {
        // The search tool returns each article's category too; the reasoning port's type leaves it out.
        const section = (article as { category?: unknown }).category;
        return {
          articleId,
          title: article.title,
          snippet: snippetOf(article.body),
          score: article.score,
          ...(typeof section === 'string' && section ? { section } : {}),
        };
      }
      const stored = await lookUp(articleId);
      if (!stored) return { articleId, title: articleId };
      return {
        articleId,
        title: stored.title,
        snippet: snippetOf(stored.body),
        ...(stored.category ? { section: stored.category } : {}),
      };
    }),
  );
}
