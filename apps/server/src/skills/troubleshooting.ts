// Troubleshooting: guided steps from the knowledge base that remember what the customer already tried, so a
// follow-up gets the next steps instead of the same ones again.
import { asAgent, emptyReport, type Skill, type SkillInput, type SkillReport } from './types.js';

const problemWords = /\b(not working|doesn'?t work|won'?t|can'?t|error|broken|keeps|stuck|fails?|problem)\b/i;

/** The numbered steps of an article, in order. */
export const stepsOf = (body: string): string[] =>
  body
    .split('\n')
    .map((line) => line.match(/^\s*\d+\.\s+(.*)$/)?.[1]?.trim())
    .filter((step): step is string => Boolean(step));

/** How many steps one answer gives; the rest wait for a follow-up. */
const STEPS_PER_ANSWER = 4;

export const troubleshooting: Skill = {
  name: 'troubleshooting',
  handles: (intent, text) =>
    intent === 'sign_in_problem' ||
    ((intent === 'product_question' || intent === 'other') && problemWords.test(text)),
  async run(input: SkillInput): Promise<SkillReport> {
    const context = asAgent(input, 'troubleshooting');
    // Research's own search when it is given (the customer's need without greeting or pasted instructions,
    // run once for both), else the message as said; the best article is the one followed.
    const { articles } = (await input.tools.callTool(
      'knowledge.search',
      input.search ?? { query: input.text, limit: 1 },
      context,
    )) as {
      articles: Array<{ id: string; title: string; body: string }>;
    };
    const article = articles[0];
    const steps = article ? stepsOf(article.body) : [];
    if (!article || steps.length === 0)
      return emptyReport('troubleshooting', 'no guided steps for this problem');
    const customerId = input.context.customerId;
    const { steps: tried } = (await input.tools.callTool(
      'crm.troubleshooting_history',
      { customerId, problem: article.id },
      context,
    )) as { steps: string[] };
    const next = steps.filter((step) => !tried.includes(step)).slice(0, STEPS_PER_ANSWER);
    if (next.length > 0) {
      await input.tools.callTool(
        'crm.record_troubleshooting',
        { customerId, problem: article.id, steps: next, conversationId: input.context.conversationId },
        context,
      );
    }
    const replyLines =
      tried.length === 0
        ? []
        : next.length === 0
          ? [
              `You've already tried every step in "${article.title}", so this needs a closer look from our team.`,
            ]
          : [
              `You've already tried: ${tried.join('; ')}. Next, from "${article.title}":`,
              ...next.map((step, index) => `${index + 1}. ${step}`),
            ];
    return {
      skill: 'troubleshooting',
      summary: `${tried.length} steps already tried, ${next.length} next from ${article.id}`,
      facts: [`problem ${article.id}`, ...tried.map((step) => `tried: ${step}`)],
      replyLines,
      failures: [],
    };
  },
};
