// What a customer's message asks, as a search question: the greeting, the thanks, the sign-off and what
// follows it (name, title, phone, "Sent from my phone", disclaimers) say nothing about the need and, in a
// long message, outweigh it. The triaged intent names the words the help centre files the need under; search
// weighs them as it weighs synonyms, below the customer's own words (they are the desk's guess, not the ask).
import type { Intent } from '../reasoning/port.js';

// Whom a greeting greets ("there", "Sam", "support team", "Juniper & Pine"): a few words on its line, none of
// which starts the message itself. "hey i can't log in to my account, it won't let me in" greets no one: the
// old rule took everything up to the first comma for a name and searched for "it won't let me in".
const addressee = String.raw`(?:[ \t]+(?!(?:i|i'm|im|i've|ive|my|me|we|our|it|its|it's|can|cant|can't|so|just|please|need)\b)[\w'&.-]+){1,4}`;
const greeting = new RegExp(
  String.raw`^\s*(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings|hiya|bonjour|hallo|hola)\b(?:${addressee})?[ \t]*(?:[,!.:]+|$)|to whom it may concern[,:]?)\s*`,
  'i',
);

// A line that opens the sign-off: everything from it on is signature.
const signOff =
  /^\s*(?:(?:best|kind|warm|many)?\s*(?:regards|wishes)|best|cheers|thanks?(?:\s+(?:a lot|so much|again|you))?(?:\s+in advance)?(?:\s+for[^\n]{0,40})?|thank you(?:\s+for[^\n]{0,40})?|sincerely|yours(?:\s+(?:truly|sincerely|faithfully))?|all the best|take care|--+|sent from my\b.*)[,.!\s]*$/i;

/** Words the help centre files each need under (its articles' own vocabulary). */
const intentWords: Partial<Record<Intent, readonly string[]>> = {
  refund_request: ['refund'],
  damaged_item: ['damaged', 'item'],
  order_status: ['order status', 'tracking'],
  cancel_order: ['cancel', 'order'],
  change_address: ['change', 'shipping address'],
  return_or_exchange: ['return', 'exchange'],
  billing: ['charge', 'payment'],
  shipping_info: ['shipping', 'delivery'],
  password_reset: ['reset', 'password'],
  sign_in_problem: ['sign in'],
  account: ['account'],
};

/** The message without its greeting and signature (the message itself when that would leave nothing). */
export function withoutPleasantries(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((line, i) => i > 0 && signOff.test(line));
  const body = (end > 0 ? lines.slice(0, end) : lines).join('\n').replace(greeting, '').trim();
  return body || text.trim();
}

/** The search question for a customer's message: its need, in the customer's words only. */
export const customerNeed = (text: string): string => withoutPleasantries(text);

/**
 * The words the help centre files a triaged need under, for search to weigh as synonyms (the knowledge.search
 * tool's `hints`); none for an intent without such words.
 */
export const intentHints = (intent?: Intent): readonly string[] => (intent && intentWords[intent]) || [];
