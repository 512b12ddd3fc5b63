// What a specialist skill is: a small tool set with one job (orders, troubleshooting, recommendations,
// personalisation) that research runs and whose report solution's reply is synthesised from.
import type { ProductFact } from '../reasoning/port.js';
import type { ToolCaller, ToolContext, ToolRegistry } from '../tools/registry.js';

export interface SkillInput {
  tools: ToolRegistry;
  /** The request's identity; each skill adds its own name as the calling agent (its allow-list applies). */
  context: ToolContext & { customerId: string };
  intent: string;
  text: string;
  /** The customer's record when this turn read it already (triage does): a skill needing it asks no more. */
  customer?: { tier: string } | undefined;
  /**
   * The help-centre search research makes this turn (the customer's need, the intent's words as hints). A
   * skill that searches the help centre asks exactly this, so research and the skill share one search.
   */
  search?: { query: string; hints?: string[]; limit: number } | undefined;
}

export interface SkillReport {
  skill: string;
  /** One line for the decision trail. */
  summary: string;
  /** What the skill found, for the agents (never shown to the customer as is). */
  facts: string[];
  /** Sentences grounded in the customer's own records, ready to go into the reply. */
  replyLines: string[];
  /** A preferred way to address the customer, when their profile has one. */
  preferredName?: string | undefined;
  /** The catalogue products a product question matched, best first (set only by the catalogue search). */
  products?: ProductFact[] | undefined;
  /**
   * The reply lines answer the message on their own (an order looked up, a question about which item):
   * the reply is them, not a help article with them added.
   */
  answers?: boolean | undefined;
  /**
   * Why only a person can sort this out, when the skill found so in the customer's records (a refund they
   * say never came that is not on the order): research hands the request to a person.
   */
  needsPerson?: string | undefined;
  /** Said before the reply lines when they are the whole reply: "I'm sorry to hear that." */
  opening?: string | undefined;
  /** The help article whose steps troubleshooting follows (only when the reply cites it). */
  guide?: Guide | undefined;
  /** Tools that failed or timed out; the skill still reports what it could. */
  failures: string[];
}

/**
 * A help article's numbered steps, and those the customer was already given: the reply adds the next ones
 * (guidedLines) and delivery remembers the ones the sent reply shows.
 */
export interface Guide {
  article: string;
  title: string;
  steps: string[];
  tried: string[];
  /** The help-centre search ranked the article first too (the reply may answer from another it found). */
  searchedFirst: boolean;
}

export interface Skill {
  name: string;
  /** Whether this request is one the skill can help with. */
  handles(intent: string, text: string): boolean;
  run(input: SkillInput): Promise<SkillReport>;
}

export const asAgent = (input: SkillInput, agent: string): ToolCaller => ({ ...input.context, agent });

export const emptyReport = (skill: string, summary: string): SkillReport => ({
  skill,
  summary,
  facts: [],
  replyLines: [],
  failures: [],
});
