// Specialist skills the supervisor delegates to: orders, troubleshooting, recommendations, personalisation
// and configured external sources.
export { chooseSkills, runSkills, specialistSkills, synthesiseReply } from './supervisor.js';
export type { Guide, Skill, SkillInput, SkillReport } from './types.js';
export { asksWhichItem, goesOnAboutSameItem } from './order-money.js';
export { offerIn } from './order-offer.js';
export { guidedLines, stepName, stepsShown, triedEveryStep } from './troubleshooting.js';
