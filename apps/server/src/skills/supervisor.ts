// The supervisor's delegation to specialist skills: pick the ones that fit the request, run them in
// parallel, and synthesise their grounded lines into the one reply solution drafted.
import { catalogueSearch } from './catalogue.js';
import { externalSources } from './external.js';
import { orderManagement } from './orders.js';
import { personalisation } from './personalisation.js';
import { productRecommendation } from './recommendation.js';
import { troubleshooting } from './troubleshooting.js';
import type { Skill, SkillInput, SkillReport } from './types.js';

export const specialistSkills: readonly Skill[] = [
  orderManagement,
  troubleshooting,
  catalogueSearch,
  productRecommendation,
  personalisation,
  externalSources,
];

export const chooseSkills = (
  intent: string,
  text: string,
  skills: readonly Skill[] = specialistSkills,
): Skill[] => skills.filter((skill) => skill.handles(intent, text));

/** Runs the skills side by side; one that fails is reported in its own report and never fails the rest. */
export async function runSkills(skills: readonly Skill[], input: SkillInput): Promise<SkillReport[]> {
  const settled = await Promise.allSettled(skills.map((skill) => skill.run(input)));
  return settled.map((outcome, index) =>
    outcome.status === 'fulfilled'
      ? outcome.value
      : {
          skill: skills[index]!.name,
          summary: 'failed',
          facts: [],
          replyLines: [],
          failures: [(outcome.reason as Error).message],
        },
  );
}

const closingPattern = /\n\n(If this doesn't solve it[^\n]*)$/;

/**
 * One reply from the draft and the skills' reports: their lines go before the closing sentence, and a
 * preferred name replaces the first name in the greeting. Returns the draft unchanged when nothing applies.
 */
export function synthesiseReply(reply: string, reports: readonly SkillReport[]): string {
  const lines = [...new Set(reports.flatMap((report) => report.replyLines))].filter(
    (line) => !reply.includes(line),
  );
  const preferred = reports.find((report) => report.preferredName)?.preferredName;
  let merged = preferred ? reply.replace(/^Hi [^,\n]+,/, `Hi ${preferred},`) : reply;
  if (lines.length === 0) return merged;
  const section = lines.join('\n');
  merged = closingPattern.test(merged)
    ? merged.replace(closingPattern, (_match, closing: string) => `\n\n${section}\n\n${closing}`)
    : `${merged}\n\n${section}`;
  return merged;
}
