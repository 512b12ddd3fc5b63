// The memory manager: gives research its context from three tiers — the current conversation's recent
// messages (graph state), session memory (this customer's recent interactions elsewhere) and long-term
// memory (summaries of finished conversations) — chosen by recency, relevance or both, within a token budget.
import type { Embedder } from '../knowledge/embedder.js';
import { cosine } from '../knowledge/embedder.js';
import { estimateTokens } from '../knowledge/text.js';
import type { LongTermMemory } from './long-term.js';
import type { Interaction, SessionMemory } from './session.js';

export type MemoryStrategy = 'recent' | 'relevant' | 'hybrid';
export type MemoryTier = 'conversation' | 'session' | 'long-term';

export interface ContextRequest {
  tenantId: string;
  customerId: string;
  conversationId: string;
  query: string;
  /** The current conversation, oldest first, as the graph state holds it. */
  recentMessages?: Array<{ role: string; text: string }>;
  strategy?: MemoryStrategy;
  /** Upper bound on the context's size in (estimated) tokens. */
  tokenBudget?: number;
}

export interface ContextItem {
  tier: MemoryTier;
  text: string;
  relevance: number;
  /** 0 for the newest item of its tier, growing with age. */
  age: number;
  tokens: number;
}

export interface MemoryContext {
  strategy: MemoryStrategy;
  items: ContextItem[];
  tokens: number;
  tokenBudget: number;
  /** Candidates left out because the budget was spent. */
  dropped: number;
}

export interface MemoryManagerOptions {
  defaultStrategy?: MemoryStrategy;
  defaultTokenBudget?: number;
  /** How many recent interactions session memory keeps per customer, and for how long. */
  keepInteractions?: number;
  interactionTtlMs?: number;
}

export class MemoryManager {
  private readonly options: Required<MemoryManagerOptions>;

  constructor(
    private readonly deps: { session: SessionMemory; longTerm: LongTermMemory; embedder: Embedder },
    options: MemoryManagerOptions = {},
  ) {
    this.options = {
      defaultStrategy: options.defaultStrategy ?? 'hybrid',
      defaultTokenBudget: options.defaultTokenBudget ?? 800,
      keepInteractions: options.keepInteractions ?? 20,
      interactionTtlMs: options.interactionTtlMs ?? 24 * 3600_000,
    };
  }

  get session(): SessionMemory {
    return this.deps.session;
  }

  get longTerm(): LongTermMemory {
    return this.deps.longTerm;
  }

  /** Notes one turn in the customer's session memory (recent interactions across conversations). */
  recordInteraction(tenantId: string, customerId: string, interaction: Interaction): Promise<void> {
    return this.deps.session.recordInteraction(tenantId, customerId, interaction, {
      keep: this.options.keepInteractions,
      ttlMs: this.options.interactionTtlMs,
    });
  }

  async context(request: ContextRequest): Promise<MemoryContext> {
    const strategy = request.strategy ?? this.options.defaultStrategy;
    const tokenBudget = request.tokenBudget ?? this.options.defaultTokenBudget;
    const { session, longTerm, embedder } = this.deps;
    const [interactions, memories] = await Promise.all([
      session.recentInteractions(request.tenantId, request.customerId, this.options.keepInteractions),
      strategy === 'recent'
        ? longTerm.recent(request.tenantId, request.customerId, {
            limit: 10,
            excludeConversationId: request.conversationId,
          })
        : longTerm.recall(request.tenantId, request.customerId, request.query, {
            limit: 10,
            excludeConversationId: request.conversationId,
          }),
    ]);
    const candidates: Array<Omit<ContextItem, 'relevance' | 'tokens'>> = [
      ...(request.recentMessages ?? [])
        .slice()
        .reverse()
        .map((message, age) => ({
          tier: 'conversation' as const,
          text: `${message.role}: ${message.text}`,
          age,
        })),
      ...interactions
        .filter((interaction) => interaction.conversationId !== request.conversationId)
        .map((interaction, age) => ({
          tier: 'session' as const,
          text: `${interaction.role}: ${interaction.text}`,
          age,
        })),
      ...memories.map((memory, age) => ({
        tier: 'long-term' as const,
        text: memory.resolution ? `${memory.summary} Resolution: ${memory.resolution}` : memory.summary,
        age,
      })),
    ];
    const relevance =
      strategy === 'recent' || candidates.length === 0
        ? candidates.map(() => 0)
        : await similarities(
            embedder,
            request.query,
            candidates.map((candidate) => candidate.text),
          );
    const scored = candidates.map((candidate, i) => ({
      ...candidate,
      relevance: relevance[i]!,
      tokens: estimateTokens(candidate.text),
    }));
    const order = rankBy(strategy, scored);
    const items: ContextItem[] = [];
    let tokens = 0;
    for (const item of order) {
      if (tokens + item.tokens > tokenBudget) continue;
      items.push(item);
      tokens += item.tokens;
    }
    return { strategy, items, tokens, tokenBudget, dropped: order.length - items.length };
  }
}

async function similarities(embedder: Embedder, query: string, texts: string[]): Promise<number[]> {
  const [queryVector, ...vectors] = await embedder.embed([query, ...texts]);
  return vectors.map((vector) => cosine(queryVector!, vector));
}

/** recent: newest first, the current conversation before other tiers; relevant: most similar first; hybrid: both, fused by rank. */
function rankBy(strategy: MemoryStrategy, items: ContextItem[]): ContextItem[] {
  const tierOrder: Record<MemoryTier, number> = { conversation: 0, session: 1, 'long-term': 2 };
  const byRecency = items.slice().sort((a, b) => a.age - b.age || tierOrder[a.tier] - tierOrder[b.tier]);
  if (strategy === 'recent') return byRecency;
  const byRelevance = items.slice().sort((a, b) => b.relevance - a.relevance);
  if (strategy === 'relevant') return byRelevance;
  const score = new Map<ContextItem, number>();
  byRecency.forEach((item, rank) => score.set(item, 1 / (60 + rank)));
  byRelevance.forEach((item, rank) => score.set(item, score.get(item)! + 1 / (60 + rank)));
  return items.slice().sort((a, b) => score.get(b)! - score.get(a)!);
}
