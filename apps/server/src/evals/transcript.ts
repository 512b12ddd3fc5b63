// What a scenario run leaves to judge: each step (who spoke, what the desk answered) with the database
// effects of the scenario's conversations after it, plus the facts about the demo customers the checks
// compare against.
import type { ConversationEffects, OrderRecord } from '../store/index.js';

export interface TranscriptStep {
  by: 'customer' | 'person';
  text: string;
  /** Where the desk says the message stands (`queued` while the thread waits for something). */
  status: string;
  /** What the desk (or a person through it) sent the customer after this step, in order. */
  replies: string[];
  /** The effects of the scenario's conversations (oldest first) once this step settled. */
  effects: ConversationEffects;
}

export interface CustomerFacts {
  id: string;
  name: string;
  orders: OrderRecord[];
}

/** Details of every other customer, which no reply may show. */
export interface OtherCustomers {
  names: string[];
  emails: string[];
  streets: string[];
}

export interface Transcript {
  customer: CustomerFacts;
  others: OtherCustomers;
  /** Refunds above this (major units) need a person's approval first. */
  refundLimitMajor: number;
  steps: TranscriptStep[];
}

export const noEffects = (): ConversationEffects => ({ actions: [], approvals: [] });

export const finalEffects = (transcript: Transcript): ConversationEffects =>
  transcript.steps.at(-1)?.effects ?? noEffects();

export const allReplies = (transcript: Transcript): string[] =>
  transcript.steps.flatMap((step) => step.replies);
