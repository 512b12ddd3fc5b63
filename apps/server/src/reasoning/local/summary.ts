// Extractive conversation summaries for long-term memory: what the customer asked, how it ended, and the
// topics (intents and help articles) it touched. No model needed; nothing is invented.
import type { Summary, SummariseInput } from '../port.js';
import { matchIntent } from './signals.js';
import { sentences } from './text.js';

const firstSentence = (text: string) => (sentences(text)[0] ?? text).slice(0, 240);

export function summariseConversation(input: SummariseInput): Summary {
  const asked = input.messages.filter((message) => message.role === 'customer');
  const answered = input.messages.filter((message) => message.role !== 'customer');
  const topics = [
    ...new Set(
      asked.map((message) => matchIntent(message.text)?.intent).filter((intent) => intent !== undefined),
    ),
  ];
  const lastAnswer = answered.at(-1);
  const summary = [
    `${input.customer.name} asked: ${asked.map((message) => `"${firstSentence(message.text)}"`).join(', then ') || '(nothing)'}.`,
    `Outcome: ${input.outcome}.`,
  ].join(' ');
  return {
    summary,
    topics,
    ...(lastAnswer ? { resolution: firstSentence(lastAnswer.text.replace(/^Hi [^,\n]+,\s*/, '')) } : {}),
  };
}
