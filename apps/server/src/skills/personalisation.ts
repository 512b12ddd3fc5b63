// Personalisation: the customer's profile and preferences (preferred name, language, channel, interests),
// so the reply addresses them the way they asked to be addressed.
import { asAgent, type Skill, type SkillInput, type SkillReport } from './types.js';

export const personalisation: Skill = {
  name: 'personalisation',
  handles: () => true,
  async run(input: SkillInput): Promise<SkillReport> {
    const context = asAgent(input, 'personalisation');
    const customerId = input.context.customerId;
    const [{ customer }, { preferences }] = (await Promise.all([
      input.customer
        ? { customer: input.customer }
        : input.tools.callTool('crm.get_customer', { customerId }, context),
      input.tools.callTool('crm.get_preferences', { customerId }, context),
    ])) as [
      { customer: { tier: string } | null },
      { preferences: { preferredName?: string; language?: string; contactChannel?: string } },
    ];
    const facts = [
      `tier: ${customer?.tier ?? 'unknown'}`,
      ...Object.entries(preferences).map(([key, value]) => `${key}: ${String(value)}`),
    ];
    return {
      skill: 'personalisation',
      summary: preferences.preferredName
        ? `prefers to be called ${preferences.preferredName}`
        : 'no preferences set',
      facts,
      replyLines: [],
      preferredName: preferences.preferredName,
      failures: [],
    };
  },
};
