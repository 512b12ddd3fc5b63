// External sources: the tools of configured MCP servers that are allow-listed for research and take a
// `query`, asked in parallel. A slow or failing server is reported, never fatal.
import { asAgent, type Skill, type SkillInput, type SkillReport } from './types.js';

const textOf = (result: Record<string, unknown>) =>
  typeof result.text === 'string' ? result.text : JSON.stringify(result);

export const externalSources: Skill = {
  name: 'external',
  handles: () => true,
  async run(input: SkillInput): Promise<SkillReport> {
    const context = asAgent(input, 'research');
    const tools = (await input.tools.listTools('research')).filter((tool) => {
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, unknown>;
      return tool.external && 'query' in properties;
    });
    const settled = await Promise.allSettled(
      tools.map(async (tool) => {
        const properties = (tool.inputSchema.properties ?? {}) as Record<string, unknown>;
        const args = {
          query: input.text,
          ...('customerId' in properties ? { customerId: input.context.customerId } : {}),
        };
        return { tool: tool.name, text: textOf(await input.tools.callTool(tool.name, args, context)) };
      }),
    );
    const facts: string[] = [];
    const failures: string[] = [];
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled')
        facts.push(`${outcome.value.tool}: ${outcome.value.text.slice(0, 2000)}`);
      else failures.push(`${tools[index]!.name}: ${(outcome.reason as Error).message}`);
    });
    return {
      skill: 'external',
      summary: `${facts.length} of ${tools.length} external sources answered`,
      facts,
      replyLines: [],
      failures,
    };
  },
};
