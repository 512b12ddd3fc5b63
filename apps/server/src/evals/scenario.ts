// What a scenario says: a demo customer, what they write (scripted, or a simulated customer with a goal and
// a persona), and what must be true afterwards: database effects, procedure and replies.
import { z } from 'zod';

/** One database effect a scenario expects, matched loosely: only the fields given are compared. */
const effectMatcher = z
  .object({
    order: z.string().optional(),
    /** In major units of the order's currency (589 for $589.00). */
    amount: z.number().nonnegative().optional(),
    /** Fragments of item names or SKUs that the effect must cover. */
    items: z.array(z.string()).optional(),
    kind: z.string().optional(),
    status: z.string().optional(),
  })
  .strict();

/** A count (exactly this many) or a list (exactly these, in any order). */
const effectExpectation = z.union([z.number().int().min(0), z.array(effectMatcher)]);

const personStep = z
  .object({
    person: z.enum(['approve', 'reject', 'respond']),
    text: z.string().optional(),
  })
  .strict();

/** The customer comes back later: their next message opens a new conversation (memory carries over). */
const newConversationStep = z.object({ newConversation: z.literal(true) }).strict();

const step = z.union([z.string().min(1), personStep, newConversationStep]);

const persona = z
  .object({
    /** Says yes when the desk asks to confirm an action. */
    agrees: z.boolean().default(true),
    /** What they answer when asked which item or order they mean. */
    names: z.string().optional(),
    /** What they answer when asked for an address. */
    address: z.string().optional(),
    /** What they say when asked to rephrase. */
    rephrase: z.string().optional(),
  })
  .strict();

const simulated = z
  .object({
    goal: z.string().min(1),
    opening: z.string().min(1),
    persona: persona.default({ agrees: true }),
    maxTurns: z.number().int().min(1).max(8).default(4),
  })
  .strict();

export const deskStatuses = [
  'delivered',
  'awaiting_approval',
  'escalated',
  'external',
  'failed',
  'queued',
] as const;

const expectation = z
  .object({
    /** Where the last message the customer wrote stands. */
    status: z.enum(deskStatuses).optional(),
    refunds: effectExpectation.optional(),
    returns: effectExpectation.optional(),
    changes: effectExpectation.optional(),
    tickets: effectExpectation.optional(),
    approvals: effectExpectation.optional(),
    /** Each must appear (case-insensitive; `/…/` is a regular expression) in at least one reply. */
    mention: z.array(z.string()).default([]),
    /** None may appear in any reply. */
    avoid: z.array(z.string()).default([]),
    /** Procedure checks beyond the ones every scenario runs. */
    checks: z.array(z.string()).default([]),
  })
  .strict();

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    customer: z.string().min(1),
    says: z.array(step).min(1).optional(),
    simulate: simulated.optional(),
    /**
     * The items the customer named. Money may move only on order lines these match (name, SKU or
     * category); an empty list means no money may move at all. Without it, only ownership is checked.
     */
    named: z.array(z.string()).optional(),
    expect: expectation.default({ mention: [], avoid: [], checks: [] }),
  })
  .strict()
  .refine((s) => (s.says === undefined) !== (s.simulate === undefined), {
    message: 'give either `says` (scripted messages) or `simulate` (a simulated customer), not both',
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof step>;
export type Persona = z.infer<typeof persona>;
export type EffectMatcher = z.infer<typeof effectMatcher>;
export type EffectExpectation = z.infer<typeof effectExpectation>;

/** A scenario with where it was written, so failures and errors can point at it. */
export interface LocatedScenario extends Scenario {
  file: string;
  line: number;
}
