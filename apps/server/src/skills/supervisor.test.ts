import { describe, expect, it } from 'vitest';
import { chooseSkills, synthesiseReply } from './supervisor.js';
import type { SkillReport } from './types.js';

const report = (skill: string, replyLines: string[], preferredName?: string): SkillReport => ({
  skill,
  summary: '',
  facts: [],
  replyLines,
  preferredName,
  failures: [],
});

const draft =
  "Hi Alice,\n\nHere's what to do.\n\nIf this doesn't solve it, just reply here and we'll take it further.";

describe('the supervisor delegating to specialist skills', () => {
  it('picks the order skill for order questions and troubleshooting for problems', () => {
    expect(chooseSkills('order_status', 'where is it').map((s) => s.name)).toContain('orders');
    expect(chooseSkills('sign_in_problem', "can't sign in").map((s) => s.name)).toContain('troubleshooting');
    expect(chooseSkills('password_reset', 'reset my password').map((s) => s.name)).toEqual([
      'personalisation',
      'external',
    ]);
  });

  it('suggests products when asked for gift ideas, never for a gift card or a gift bought', () => {
    const skills = (text: string) => chooseSkills('refund_request', text).map((s) => s.name);
    expect(skills('any gift ideas for my dad? also i need a refund')).toContain('recommendation');
    expect(skills('is it possible to get a refund on a gift card?')).not.toContain('recommendation');
    expect(skills('i bought the lamp as a gift, can i get a refund')).not.toContain('recommendation');
  });

  it('puts the skills’ lines before the closing sentence, once each', () => {
    const merged = synthesiseReply(draft, [
      report('orders', ['Order ord_1 has shipped.']),
      report('x', ['Order ord_1 has shipped.']),
    ]);
    expect(merged).toBe(
      "Hi Alice,\n\nHere's what to do.\n\nOrder ord_1 has shipped.\n\nIf this doesn't solve it, just reply here and we'll take it further.",
    );
  });

  it('greets the customer by their preferred name and leaves a draft alone when nothing applies', () => {
    expect(synthesiseReply(draft, [report('personalisation', [], 'Ally')])).toMatch(/^Hi Ally,\n/);
    expect(synthesiseReply(draft, [report('personalisation', [])])).toBe(draft);
  });
});
