// Troubleshooting: guided steps from the knowledge base that remember what the customer already tried, so a
// follow-up gets the next steps instead of the same ones again. The skill follows the article the reply
// answers from and only reads what was given; delivery remembers the steps the sent reply showed (see
// stepsShown), so "you've already tried" never names a step the customer was not given.
import { articleAnswering } from '../reasoning/local/drafting.js';
import { plain } from '../reasoning/local/text.js';
import { asAgent, emptyReport, type Guide, type Skill, type SkillInput, type SkillReport } from './types.js';

const problemWords = /\b(not working|doesn'?t work|won'?t|can'?t|error|broken|keeps|stuck|fails?|problem)\b/i;

/**
 * A title that names a problem ("Can't sign in to your account", "Espresso machine troubleshooting"): an
 * article to work through when something is wrong. The steps of any other article are a procedure to follow
 * on purpose (close your account, change your password): never handed out as checks to someone stuck, even
 * when the reply cites such an article for a problem.
 */
const problemTitle =
  /\b(can'?t|cannot|won'?t|didn'?t|don'?t|doesn'?t|isn'?t|not working|problems?|issues?|troubleshoot\w*|errors?|declined|fails?|failed|late|missing)\b/i;

export const namesAProblem = (title: string): boolean => problemTitle.test(title);

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
    // run once for both), else the message as said.
    const { articles } = (await input.tools.callTool(
      'knowledge.search',
      input.search ?? { query: input.text, limit: 1 },
      context,
    )) as {
      articles: Array<{ id: string; title: string; body: string; score: number }>;
    };
    // Of the articles found, the one the reply will quote (not merely the search's first): its steps are
    // the ones the customer is given, and so the ones remembered.
    const article = articleAnswering(articles, input.text);
    const steps = article && namesAProblem(article.title) ? stepsOf(article.body) : [];
    if (!article || steps.length === 0)
      return emptyReport('troubleshooting', 'no guided steps for this problem');
    const customerId = input.context.customerId;
    const { steps: given } = (await input.tools.callTool(
      'crm.troubleshooting_history',
      { customerId, problem: article.id },
      context,
    )) as { steps: string[] };
    // In the article's order; a step the article no longer has is not one of its steps tried.
    const tried = steps.filter((step) => given.includes(step));
    return {
      skill: 'troubleshooting',
      summary: `${tried.length} of ${steps.length} steps already tried, from ${article.id}`,
      facts: [`problem ${article.id}`, ...tried.map((step) => `tried: ${step}`)],
      // The lines depend on what the draft already quotes of the article: the solution step adds them
      // (guidedLines) once the draft is written.
      replyLines: [],
      guide: {
        article: article.id,
        title: article.title,
        steps,
        tried,
        searchedFirst: article === articles[0],
      },
      failures: [],
    };
  },
};

/** A step as "already tried" names it: its bold lead ("**Caps Lock.** …") or else its first sentence. */
export const stepName = (step: string): string => {
  const lead = /^\*\*([^*]+?)\.\*\*/.exec(step)?.[1];
  return (lead ?? plain(step).split(/(?<=\.)\s/)[0]!).replace(/\.$/, '').trim();
};

/** Whether the customer was already given every step of the guide: a person should look next. */
export const triedEveryStep = (guide: Guide): boolean =>
  guide.steps.every((step) => guide.tried.includes(step));

/** Text as the reply shows it: no markdown emphasis, single spaces. */
const shown = (text: string) => plain(text).replace(/\s+/g, ' ');

/**
 * The steps of a guide that a reply shows (the quoted section's, or the next steps the skill added), in the
 * article's order: what delivery remembers as given.
 */
export function stepsShown(reply: string, steps: readonly string[]): string[] {
  const text = shown(reply);
  return steps.filter((step) => text.includes(shown(step)));
}

/**
 * What the reply adds to a draft citing the guide's article. On first contact, the first steps, when the draft
 * quotes none of them and the search ranked the article first as well (two readings agree that this is the
 * customer's problem: steps added to a reply that chose the wrong article would only make it longer and more
 * wrong). Later, what was already tried and the next steps, or that every step was tried. Never a step the
 * draft quotes already.
 */
export function guidedLines(guide: Guide, draft: string): string[] {
  const quoted = stepsShown(draft, guide.steps);
  const next = guide.steps
    .filter((step) => !guide.tried.includes(step) && !quoted.includes(step))
    .slice(0, STEPS_PER_ANSWER);
  const numbered = next.map((step, index) => `${index + 1}. ${plain(step)}`);
  if (guide.tried.length === 0) {
    return !guide.searchedFirst || quoted.length > 0 || next.length === 0
      ? []
      : [`Try these steps first, from "${guide.title}":`, ...numbered];
  }
  if (next.length > 0) {
    return [
      `You've already tried: ${guide.tried.map(stepName).join('; ')}. Next, from "${guide.title}":`,
      ...numbered,
    ];
  }
  const untried = guide.steps.filter((step) => !guide.tried.includes(step));
  return untried.length > 0
    ? [`You've already tried: ${guide.tried.map(stepName).join('; ')}.`]
    : [`You've already tried every step in "${guide.title}", so this needs a closer look from our team.`];
}
